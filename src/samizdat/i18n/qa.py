"""Checks that a translation keeps what its source had.

These compare inline Markdown fragments (one message each, never whole documents):
roles, link targets, URLs, inline code and numbers must survive translation, and a
msgstr must not bring in raw HTML, a script, a remote image or a dangerous link.
"""

from __future__ import annotations

import re
from collections import Counter

import polib

from ..errors import Problem, relpath
from .catalogs import Catalog

ROLE_RE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
CODE_RE = re.compile(r"(?<!\})`([^`]+)`")
LINK_TARGET_RE = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
URL_RE = re.compile(r"(?:https?|ftp|mailto):[^\s)>\]]+", re.I)
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[ \u00a0\u202f.,/-]?\d+)*")
HTML_RE = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|<!--")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*([^)\s]+)")
BAD_LINK_RE = re.compile(r"\]\(\s*(?:javascript|data|file|vbscript):|<\s*(?:javascript|data|file):", re.I)


def _line(entry: polib.POEntry) -> int:
    return entry.linenum or 0


def injection_problems(cat: Catalog, root) -> list[Problem]:
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr:
            continue
        s, src = e.msgstr, e.msgid
        if HTML_RE.search(s) and not HTML_RE.search(src):
            out.append(Problem(rel, _line(e), "translation adds raw HTML or a script; write plain text (Markdown) like the source"))
        for uri in IMAGE_RE.findall(s):
            if "://" in uri or uri.lower().startswith(("data:", "//")):
                out.append(Problem(rel, _line(e), f"translation adds a remote image ({uri[:50]}): a reader's device would fetch it; remove it"))
        if BAD_LINK_RE.search(s):
            out.append(Problem(rel, _line(e), "translation adds a javascript:, data: or file: link; keep the source's links"))
    return out


def consistency_problems(cat: Catalog, root) -> list[Problem]:
    """Translations that lose or change what the source had (fuzzy entries are skipped)."""
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr or "fuzzy" in e.flags:
            continue
        src, tr = e.msgid, e.msgstr
        line = _line(e)
        if Counter(ROLE_RE.findall(src)) != Counter(ROLE_RE.findall(tr)):
            out.append(Problem(rel, line, "roles differ from the source (e.g. {verified}`...`): keep each role and its target unchanged"))
        if Counter(LINK_TARGET_RE.findall(src)) != Counter(LINK_TARGET_RE.findall(tr)):
            out.append(Problem(rel, line, "link targets differ from the source: keep every (url) exactly; translate only the link text"))
        elif set(URL_RE.findall(src)) != set(URL_RE.findall(tr)):
            out.append(Problem(rel, line, "a URL differs from the source: keep URLs exactly as they are"))
        code_src = Counter(c for c in CODE_RE.findall(ROLE_RE.sub("", src)))
        code_tr = Counter(c for c in CODE_RE.findall(ROLE_RE.sub("", tr)))
        if code_src != code_tr:
            out.append(Problem(rel, line, "inline code differs from the source: keep text between backticks unchanged"))
        # compare digits only: "80,000", "80 000" and "80 000" are the same number
        nums_src = {re.sub(r"\D", "", n): n for n in NUMBER_RE.findall(URL_RE.sub("", src))}
        digits_tr = re.sub(r"\D", "", URL_RE.sub("", tr))
        tr_nums = {re.sub(r"\D", "", n) for n in NUMBER_RE.findall(URL_RE.sub("", tr))}
        missing = sorted(shown for key, shown in nums_src.items() if key not in tr_nums and key not in digits_tr)
        if missing:
            out.append(Problem(rel, line, f"number(s) {', '.join(missing)} from the source are missing in the translation"))
    return out


def termbase_warnings(cat: Catalog, root, terms: dict[str, list[str]]) -> list[Problem]:
    """Warn when a msgstr translates a termbase source term without an agreed translation."""
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr or "fuzzy" in e.flags:
            continue
        low_src, low_tr = e.msgid.lower(), e.msgstr.lower()
        for term, agreed in terms.items():
            if re.search(rf"\b{re.escape(term.lower())}\b", low_src) and not any(_has_term(a, low_tr) for a in agreed):
                out.append(Problem(rel, _line(e), f"termbase: '{term}' should be translated as '{' / '.join(agreed)}'", severity="warning"))
    return out


def _has_term(agreed: str, text: str) -> bool:
    """Whether ``text`` uses ``agreed``, allowing for inflection: every word's stem
    (all but its last three letters, at least three) appears."""
    stems = [w[: max(3, len(w) - 3)] for w in agreed.lower().split() if len(w) > 2]
    return all(s in text for s in stems)
