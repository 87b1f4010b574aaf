"""Every catalog is untrusted: what a msgstr may not bring in, checked before Sphinx
reads any catalog, so a refusal points at the catalog's ``path:line``.

Module catalogs hold inline Markdown, parsed again by the build; the parser refuses the
same things (``sphinx_ext/allowlist.py``), but only a check on the catalog can say which
entry of which catalog did it. Label catalogs (``sphinx.po``, ``samizdat.po``) hold plain
text that Sphinx's templates insert into pages without escaping: they may carry no
markup beyond what their msgid has.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib

from samizdat.core.config import Config
from samizdat.core.errors import Problem, relpath
from samizdat.sphinx_ext.allowlist import ROLES

FENCE_RE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{?[\w:.-]*\}?", re.M)
ROLE_NAME_RE = re.compile(r"\{([\w:.+-]+)\}`")
# inline link targets, autolinks and reference definitions
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)|<([a-zA-Z][\w+.-]*:[^>\s]*)>|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SAFE_TARGET_RE = re.compile(r"^(?:https?://|mailto:|#)", re.I)
TAG_RE = re.compile(r"<[^<>]*>")
LABEL_CATALOGS = ("sphinx.po", "samizdat.po")


def _targets(text: str) -> Counter:
    return Counter(next(g for g in m.groups() if g is not None) for m in LINK_RE.finditer(text))


def _translations(po: polib.POFile):
    """(entry, msgstr) for every translated form of every live entry (plurals too)."""
    for e in po:
        if not e.obsolete:
            for s in [e.msgstr, *e.msgstr_plural.values()]:
                if s:
                    yield e, s


def module_msgstr_problems(po: polib.POFile, path: Path, root: Path) -> list[Problem]:
    """Directives, roles and local links that a translation adds to its source."""
    rel = relpath(path, root)
    out: list[Problem] = []
    for e, s in _translations(po):
        line = e.linenum or 0
        if Counter(FENCE_RE.findall(s)) - Counter(FENCE_RE.findall(e.msgid)):
            out.append(Problem(rel, line, "translation adds a directive or code fence; translate the text only, like the source"))
        for name in ROLE_NAME_RE.findall(s):
            if name.lower() not in ROLES:
                out.append(Problem(rel, line, f"translation uses the role {{{name}}}, which is not part of the module format; keep the source's roles"))
        added = _targets(s) - _targets(e.msgid)
        for target in added:
            if not SAFE_TARGET_RE.match(target):
                out.append(Problem(rel, line, f"translation adds a link to {target[:50]!r}: only the source's links, or web (http, https) and mailto: links, may appear"))
    return out


def label_catalog_paths(cfg: Config, languages: tuple[str, ...] = ()) -> list[Path]:
    """The project's label catalogs (``locales/<lang>/LC_MESSAGES/sphinx.po`` and ``samizdat.po``)."""
    out = []
    for lang in languages or cfg.languages:
        for name in LABEL_CATALOGS:
            p = cfg.locales_dir / lang / "LC_MESSAGES" / name
            if p.is_file():
                out.append(p)
    return out


def label_msgstr_problems(po: polib.POFile, path: Path, root: Path) -> list[Problem]:
    """Label msgstrs are plain text: no tag, quote or angle bracket that their msgid lacks."""
    rel = relpath(path, root)
    out: list[Problem] = []
    reported: set[int] = set()
    for e, s in _translations(po):
        if id(e) in reported:
            continue
        allowed = Counter(TAG_RE.findall(e.msgid + (e.msgid_plural or "")))
        tags = Counter(TAG_RE.findall(s))
        rest = TAG_RE.sub("", s)
        plain = TAG_RE.sub("", e.msgid + (e.msgid_plural or ""))
        if tags - allowed or any(rest.count(c) > plain.count(c) for c in '<>"`') or "javascript:" in s.lower():
            out.append(Problem(rel, e.linenum or 0, "a label must be plain text: no HTML, quotes (use « » or „ “), angle brackets or backticks beyond its msgid's"))
            reported.add(id(e))
    return out
