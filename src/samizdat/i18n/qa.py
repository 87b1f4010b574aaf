"""Checks that a translation keeps what its source had.

These compare inline Markdown fragments (one message each, never whole documents):
roles, link targets, URLs, inline code and numbers must survive translation, and a
msgstr must not bring in raw HTML, a script, a remote image or a dangerous link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter

import polib

from samizdat.core.errors import Problem, relpath
from samizdat.i18n.catalogs import Catalog
from samizdat.i18n.untrusted import module_msgstr_problems

ROLE_RE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
CODE_RE = re.compile(r"(?<!\})`([^`]+)`")
LINK_TARGET_RE = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
URL_RE = re.compile(r"(?:https?|ftp|mailto):[^\s)>\]]+", re.I)
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[ \u00a0\u202f.,/-]?\d+)*")
HTML_RE = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|<!--")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*([^)\s]+)")


TERM_ROLES = ("term", "std:term")
ROLE_PARTS_RE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`")
EXPLICIT_TARGET_RE = re.compile(r"<([^<>]+)>\s*$")


def _role_key(role: str) -> str:
    """What of a role must survive translation: all of it, except for ``{term}``, whose
    text is translated and whose target (a glossary headword) is kept:
    ``{term}`temporary protection``` -> ``{term}`тимчасового захисту <temporary protection>```."""
    m = ROLE_PARTS_RE.match(role)
    if m is None or m.group("name") not in TERM_ROLES:
        return role
    content = m.group("content")
    explicit = EXPLICIT_TARGET_RE.search(content)
    target = explicit.group(1) if explicit else content
    return "{term}" + " ".join(target.split()).lower()


def _without_term_roles(text: str) -> str:
    """Text without ``{term}`` roles, whose ``<target>`` is a glossary headword, not HTML."""
    return ROLE_PARTS_RE.sub(lambda m: " " if m.group("name") in TERM_ROLES else m.group(0), text)


def _line(entry: polib.POEntry) -> int:
    return entry.linenum or 0


def injection_problems(cat: Catalog, root) -> list[Problem]:
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr:
            continue
        s, src = e.msgstr, e.msgid
        if HTML_RE.search(_without_term_roles(s)) and not HTML_RE.search(_without_term_roles(src)):
            out.append(Problem(rel, _line(e), "translation adds raw HTML or a script; write plain text (Markdown) like the source"))
        for uri in IMAGE_RE.findall(s):
            if "://" in uri or uri.lower().startswith(("data:", "//")):
                out.append(Problem(rel, _line(e), f"translation adds a remote image ({uri[:50]}): a reader's device would fetch it; remove it"))
    # directives, roles outside the module format, links the source lacks (javascript:,
    # data:, file:, local paths): the same rules the parser enforces, at the catalog's line
    return out + module_msgstr_problems(cat.po, cat.path, root)


def consistency_problems(cat: Catalog, root) -> list[Problem]:
    """Translations that lose or change what the source had (fuzzy entries are skipped)."""
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr or "fuzzy" in e.flags:
            continue
        src, tr = e.msgid, e.msgstr
        line = _line(e)
        if Counter(map(_role_key, ROLE_RE.findall(src))) != Counter(map(_role_key, ROLE_RE.findall(tr))):
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


# a number with English thousands separators: "3,427", "80,000", "1,200,000" (not "1,5" or "2,50")
EN_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|[.,]\d)")


def _without_markup(text: str) -> str:
    """Text without roles, inline code and URLs: numbers there are not prose."""
    return URL_RE.sub(" ", CODE_RE.sub(" ", ROLE_RE.sub(" ", text)))


def _number_re(digits_groups: list[str], sep: str) -> re.Pattern:
    return re.compile(r"(?<![\d.,])" + re.escape(sep).join(digits_groups) + r"(?![\d]|[.,]\d)")


def number_format_problems(cat: Catalog, root) -> list[Problem]:
    """A number the source writes with English thousands separators ("3,427") must be
    written the way the catalog's language groups thousands. Where the comma is the
    decimal mark (uk, ru, cs, ...), "3,427" in a translation reads as three point four:
    an error. Grouping with an ordinary space ("3 427") can break across lines: a
    warning. A no-break space (U+00A0) or a narrow no-break space (U+202F) is right."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal, get_group_symbol

    try:
        locale = Locale.parse(cat.lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return []
    if get_group_symbol(locale) == ",":
        return []  # the language groups thousands with a comma, as English does
    rel = relpath(cat.path, root)
    out = []
    for e in cat.po:
        if e.obsolete or not e.msgstr or "fuzzy" in e.flags:
            continue
        src, tr = _without_markup(e.msgid), _without_markup(e.msgstr)
        for number in dict.fromkeys(EN_THOUSANDS_RE.findall(src)):
            groups = number.split(",")
            value = int("".join(groups))
            expected = format_decimal(value, locale=locale, group_separator=True)
            nbsp = "\u00a0" in expected or "\u202f" in expected
            shown = expected.replace("\u00a0", " ").replace("\u202f", " ") + (" (groups joined by a no-break space, U+00A0)" if nbsp else "")
            if _number_re(groups, ",").search(tr):
                out.append(Problem(rel, _line(e), f"number {number} is written with the English thousands separator; in {cat.lang} a comma is the decimal mark: write {shown}"))
            elif _number_re(groups, " ").search(tr) and " " not in expected:
                out.append(Problem(rel, _line(e), f"number {' '.join(groups)} is grouped with an ordinary space, which can break across lines: write {shown}", severity="warning"))
    return out


@lru_cache(maxsize=None)
def _term_re(term: str) -> re.Pattern:
    """Where a termbase source term is used. Lookarounds, not \\b: a term may end in a
    full stop ("Sb.") or start with a symbol. A term written with a capital ("Official
    Journal", "Debrief" the label, "TCC") is a name or a label and matches only so
    written; a lower-case term ("asylum") matches in any case."""
    flags = 0 if term[:1].isupper() else re.I
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags)


def _source_terms(msgid: str, terms) -> list[str]:
    """The termbase source terms in ``msgid``; a term inside a longer one found at the
    same place ("asylum" in "asylum application") gives way to the longer one."""
    spans = []
    low = msgid.lower()
    for term in sorted(terms, key=len, reverse=True):
        if term.lower() not in low:  # most terms are in no message: skip the regex
            continue
        for m in _term_re(term).finditer(msgid):
            if not any(a <= m.start() and m.end() <= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), term))
    return list(dict.fromkeys(t for _, _, t in spans))


LABEL_SPLIT_RE = re.compile(r"[.)]\s+")


def _label(text: str) -> str | None:
    """The label a facilitator-note line starts with ("Debrief" in "(3 min) Debrief: ask
    ..."): the words before the first colon, after any "(3 min)" or short sentence."""
    head, colon, _rest = text.partition(":")
    if not colon or len(head) > 80:
        return None
    label = LABEL_SPLIT_RE.split(head)[-1].strip().strip("*").strip()
    return label if 0 < len(label) <= 40 else None


def _as_terms(terms) -> dict:
    from samizdat.i18n.termbase import Term

    return {src: (t if isinstance(t, Term) else Term(src, list(t))) for src, t in terms.items()}


def termbase_problems(cats: list[Catalog], root, termbases: dict[str, dict]) -> list[Problem]:
    """Termbase warnings across all the catalogs of each language.

    For each termbase source term in a msgid, the msgstr's rendering is: a rendering the
    termbase marks as not to use, if the msgstr has one; else the label the entry starts
    with when the source starts with the term as a label ("Debrief: ..."); else an agreed
    rendering. Reported (as warnings, like every termbase finding):

    - a rendering not to use, or a label that is not an agreed rendering: the term is
      rendered with different words in different catalogs of the language, so the
      warning names the rendering the other entries use and how often;
    - no agreed rendering at all: "should be translated as".
    """
    found: dict[tuple[str, str], list[tuple[Catalog, polib.POEntry, str, str, str]]] = {}
    plain: list[Problem] = []
    for cat in cats:
        terms = _as_terms(termbases.get(cat.lang, {}))
        if not terms:
            continue
        rel = relpath(cat.path, root)
        for e in cat.po:
            if e.obsolete or not e.msgstr or "fuzzy" in e.flags:
                continue
            low_tr = e.msgstr.lower()
            src_label, tr_label = _label(e.msgid), _label(e.msgstr)
            for src in _source_terms(e.msgid, terms):
                term = terms[src]
                bad = next((d for d in term.deprecated if _phrase_re(d).search(e.msgstr)), None)
                if bad is not None:
                    kind, shown = "not-to-use", bad
                elif src_label is not None and src_label.lower() == src.lower() and tr_label is not None:
                    agreed = next((a for a in term.agreed if re.match(rf"{re.escape(a.lower())}(?!\w)", tr_label.lower())), None)
                    kind, shown = ("agreed", agreed) if agreed else ("other", tr_label.split(",")[0].strip())
                else:
                    agreed = next((a for a in term.agreed if _has_term(a, low_tr)), None)
                    kind, shown = ("agreed", agreed) if agreed else ("missing", "")
                if kind == "missing":
                    if term.agreed:
                        plain.append(Problem(rel, _line(e), f"termbase: '{src}' should be translated as '{' / '.join(term.agreed)}'", severity="warning"))
                    continue
                found.setdefault((cat.lang, term.entry or src), []).append((cat, e, kind, shown, src))
    out = plain
    for (lang, entry), uses in sorted(found.items(), key=lambda kv: kv[0]):
        counts: dict[str, int] = {}
        for _cat, _e, _kind, shown, _src in uses:
            counts[shown] = counts.get(shown, 0) + 1
        summary = ", ".join(f"'{r}' {n}x" for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        agreed = _as_terms(termbases[lang])[entry].agreed if entry in termbases[lang] else []
        others = [(c, x) for c, x, k, _r, _s in uses if k == "agreed"]
        for cat, e, kind, shown, src in uses:
            if kind == "agreed":
                continue
            where = ""
            if others:
                ncat = len({c.path for c, _ in others if c.path != cat.path})
                where = f", while {len(others)} entr{'y' if len(others) == 1 else 'ies'}" + (f" in {ncat} other catalog(s)" if ncat else " in this catalog") + " use an agreed one"
            why = "a rendering the termbase marks as not to use" if kind == "not-to-use" else "not an agreed rendering"
            use = f"use '{' / '.join(agreed)}'" if agreed else "choose one rendering"
            out.append(Problem(relpath(cat.path, root), _line(e),
                               f"termbase: '{src}' is rendered '{shown}' here, {why}{where}: {use} ({lang} renderings: {summary})", severity="warning"))
    return out


def termbase_warnings(cat: Catalog, root, terms: dict) -> list[Problem]:
    """Warn when a msgstr translates a termbase source term without an agreed translation
    (one catalog; ``termbase_problems`` compares all the catalogs of a language)."""
    return termbase_problems([cat], root, {cat.lang: terms})


ENDINGS = set("аеєиіїоуюяыэьйaeiouyáéíóúýěů")


@lru_cache(maxsize=None)
def _phrase_re(phrase: str) -> re.Pattern:
    """A rendering not to use, found as the words in a row, each inflected: a word loses
    up to two final vowels (or ь, й) and may take any ending ("заява на притулок"
    finds "заяву на притулок" but not "заяву про надання притулку")."""
    parts = []
    for word in phrase.lower().split():
        stem = word
        for _ in range(2):
            if len(stem) > 3 and stem[-1] in ENDINGS:
                stem = stem[:-1]
        parts.append(re.escape(stem) + (r"\w*" if stem[-1:].isalnum() else ""))
    return re.compile(r"(?<!\w)" + r"\s+".join(parts), re.I)


def _has_term(agreed: str, text: str) -> bool:
    """Whether ``text`` uses ``agreed``, allowing for inflection: every word's stem
    (all but its last three letters, at least three) appears."""
    stems = [w[: max(3, len(w) - 3)] for w in agreed.lower().split() if len(w) > 2]
    return all(s in text for s in stems)
