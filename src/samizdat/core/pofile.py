"""Writing catalogs one way everywhere: the canonical GNU gettext form.

A catalog saved here is byte-identical to what ``msgcat`` (and ``msgmerge --update`` with
its template) writes, so a translation platform or an editor that runs the gettext tools
commits only the translators' changes. The form (documented in docs/translating.md):

- strings wrapped as GNU gettext wraps them at 79 columns: at Unicode line-break
  opportunities (UAX #14: after spaces, after hyphens and slashes, around dashes), never
  before a closing punctuation mark or inside ``\\"``; a string that needs more than one
  line, or holds a newline before its end, starts with an empty ``""`` line; each ``\\n``
  ends a line;
- per entry: translator comments (``#``), extracted comments (``#.``), references
  (``#:``), flags (``#,`` fuzzy first), previous msgid (``#|``), then msgctxt, msgid,
  msgstr; obsolete entries (``#~``) last, and only those with a translation;
- a minimal header with no personal data (translators may add their own), fields in
  a fixed order, plural forms per language.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
from babel import Locale

WIDTH = 79  # GNU gettext's default page width
WRAP = WIDTH - 1  # polib's notion of the same width (kept for callers that read with polib)

# The header fields, in the order GNU's msginit writes them; fields a catalog has beyond
# these (a translator's own) follow in their order.
HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)

# Plural-Forms as GNU gettext's msginit writes them for the languages samizdat ships, so
# the header does not change with the installed babel's version; others come from babel.
PLURAL_FORMS = {
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def plural_forms(lang: str) -> str:
    """The gettext Plural-Forms header for ``lang`` (uk and ru have three forms)."""
    if lang in PLURAL_FORMS:
        return PLURAL_FORMS[lang]
    from babel.messages.plurals import get_plural

    p = get_plural(Locale.parse(lang))
    return f"nplurals={p.num_plurals}; plural={p.plural_expr};"


def new_pofile(lang: str | None) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    po.header = "Translators: edit msgstr only; add your name below only if you want it public."
    po.metadata = {
        "Project-Id-Version": "samizdat",
        "PO-Revision-Date": "2026-11-25 00:00+0000",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        po.metadata["Language"] = lang
        po.metadata["Plural-Forms"] = plural_forms(lang)
    return po


def save(po: polib.POFile, path: Path) -> bool:
    """Write ``po`` in the canonical form only if its text changed; return whether it did."""
    text = render(po)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(path)
    return True


# --- rendering -------------------------------------------------------------------------

def render(po: polib.POFile) -> str:
    """The catalog as GNU gettext's msgcat writes it."""
    out: list[str] = []
    for line in (po.header or "").split("\n") if po.header else []:
        out.append(f"# {line}" if line else "#")
    if po.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out += _field("msgid", "")
    out += _field("msgstr", header_text(po.metadata))
    for e in po:
        if not e.obsolete:
            out.append("")
            out += _entry(e, "")
    for e in po:
        if e.obsolete and (e.msgstr or any(e.msgstr_plural.values())):
            out.append("")
            out += _entry(e, "#~ ")
    return "\n".join(out) + "\n"


def header_text(metadata: dict[str, str]) -> str:
    keys = [k for k in HEADER_ORDER if k in metadata] + [k for k in metadata if k not in HEADER_ORDER]
    return "".join(f"{k}: {metadata[k]}\n" for k in keys)


def _entry(e: polib.POEntry, prefix: str) -> list[str]:
    out: list[str] = []
    for line in e.tcomment.split("\n") if e.tcomment else []:
        out.append(f"# {line}" if line else "#")
    if not prefix:
        for line in e.comment.split("\n") if e.comment else []:
            out.append(f"#. {line}" if line else "#.")
        out += _references(e.occurrences)
    flags = sorted(set(e.flags), key=lambda f: (f != "fuzzy", e.flags.index(f)))
    if prefix:
        flags = [f for f in flags if f == "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags))
    if not prefix:
        if e.previous_msgctxt:
            out += _field("msgctxt", e.previous_msgctxt, "#| ")
        if e.previous_msgid:
            out += _field("msgid", e.previous_msgid, "#| ")
        if e.previous_msgid_plural:
            out += _field("msgid_plural", e.previous_msgid_plural, "#| ")
    if e.msgctxt is not None:
        out += _field("msgctxt", e.msgctxt, prefix)
    out += _field("msgid", e.msgid, prefix)
    if e.msgid_plural:
        out += _field("msgid_plural", e.msgid_plural, prefix)
        for i in sorted(e.msgstr_plural):
            out += _field(f"msgstr[{i}]", e.msgstr_plural[i], prefix)
    else:
        out += _field("msgstr", e.msgstr, prefix)
    return out


def _references(occurrences) -> list[str]:
    """``#:`` lines, several references to a line up to the page width."""
    out: list[str] = []
    line = "#:"
    for path, lineno in occurrences:
        ref = f"{path}:{lineno}" if lineno else path
        if len(line) > 2 and len(line) + 1 + len(ref) > WIDTH:
            out.append(line)
            line = "#:"
        line += " " + ref
    if len(line) > 2:
        out.append(line)
    return out


# UAX #14 line-break classes of the characters that matter in prose catalogs; anything
# not listed is an ordinary letter (AL), numbers are NU, wide characters ID.
_CLASS = {
    " ": "SP", "\t": "BA", "(": "OP", "[": "OP", "{": "OP", "„": "OP", "‚": "OP",
    ")": "CP", "]": "CP", "}": "CL", "!": "EX", "?": "EX", ",": "IS", ".": "IS",
    ":": "IS", ";": "IS", "/": "SY", "-": "HY", "–": "BA", "‐": "BA", "|": "BA",
    "\u2009": "BA", "\u2002": "BA", "\u2003": "BA", "—": "B2", "…": "IN", "‥": "IN",
    '"': "QU", "'": "QU", "«": "QU", "»": "QU", "“": "QU", "”": "QU", "‘": "QU",
    "’": "QU", "‹": "QU", "›": "QU", "%": "PO", "°": "PO", "‰": "PO", "$": "PR",
    "+": "PR", "\\": "PR", "€": "PR", "£": "PR", "№": "PR", "−": "PR", "±": "PR",
    "\u00a0": "GL", "\u202f": "GL", "\u2011": "GL", "\u2060": "WJ", "\u200b": "ZW",
}
_NO_BREAK_BEFORE = {"CL", "CP", "EX", "IS", "SY"}  # LB13, even after spaces


def _cls(ch: str) -> str:
    c = _CLASS.get(ch)
    if c:
        return c
    if ch.isdigit():
        return "NU"
    if unicodedata.combining(ch):
        return "CM"
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return "ID"
    return "AL"


def _pair_breaks(a: str, b: str, spaces: bool) -> bool:
    """May a line break before a character of class ``b`` that follows ``a`` (the last
    non-space class), with or without spaces between? UAX #14 rules LB11 to LB31."""
    if b in ("SP", "CM", "WJ") or a == "WJ":
        return False
    if a == "ZW":
        return True
    if b in _NO_BREAK_BEFORE or a == "OP":
        return False
    if (a == "QU" and b == "OP") or (a in ("CL", "CP") and b == "NS") or (a == b == "B2"):
        return False
    if spaces:
        return True
    if a == "GL" or b == "GL" or a == "QU" or b == "QU":
        return False
    if b in ("BA", "HY", "NS") or a == "BB":
        return False
    if b == "IN" and a in ("AL", "EX", "ID", "IN", "NU"):
        return False
    alpha = ("AL",)
    if (a in alpha and b == "NU") or (a == "NU" and b in alpha):
        return False
    if (a in ("PR", "PO") and b in alpha) or (a in alpha and b in ("PR", "PO")):
        return False
    if (a in ("CL", "CP", "NU") and b in ("PO", "PR")) or (a in ("PO", "PR") and b == "OP"):
        return False
    if a in ("PO", "PR", "HY", "IS", "NU", "SY") and b == "NU":
        return False
    if a in alpha and b in alpha:
        return False
    if (a in ("AL", "NU") and b == "OP") or (a == "CP" and b in ("AL", "NU")):
        return False
    return True


def _escape(s: str) -> tuple[list[str], list[bool]]:
    """The string's characters as written in a PO file, and for each whether a line
    break before it is forbidden whatever its class (the second half of an escape)."""
    chars: list[str] = []
    locked: list[bool] = []
    for ch in s:
        esc = {"\n": "n", "\t": "t", "\r": "r", "\a": "a", "\b": "b", "\f": "f", "\v": "v", "\\": "\\", '"': '"'}.get(ch)
        if esc is not None:
            chars += ["\\", esc]
            locked += [False, True]
        else:
            chars.append(ch)
            locked.append(False)
    return chars, locked


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _breaks(chars: list[str], locked: list[bool], width: int, startcol: int) -> list[int]:
    """Where to break (indexes into ``chars``): greedy, as libunistring's
    ``ulc_width_linebreaks`` does, each line at most ``width`` columns."""
    opportunities = [False] * len(chars)
    last = None
    spaces = False
    for i, ch in enumerate(chars):
        c = _cls(ch)
        if i > 0 and last is not None and not locked[i]:
            opportunities[i] = _pair_breaks(last, c, spaces)
        if c == "SP":
            spaces = True
        elif c != "CM":
            last, spaces = c, False
    breaks: list[int] = []
    column = startcol
    piece = 0
    last_possible = None
    for i, ch in enumerate(chars):
        if opportunities[i]:
            if last_possible is not None and column + piece > width:
                breaks.append(last_possible)
                column = 0
            last_possible = i
            column += piece
            piece = 0
        piece += _width(ch)
    if last_possible is not None and column + piece > width:
        breaks.append(last_possible)
    return breaks


def _field(name: str, value: str, prefix: str = "") -> list[str]:
    """``name "value"`` wrapped as GNU gettext's ``wrap()`` in write-po.c does."""
    portions: list[str] = []
    rest = value
    while True:
        cut = rest.find("\n")
        if cut == -1 or cut == len(rest) - 1:
            portions.append(rest)
            break
        portions.append(rest[: cut + 1])
        rest = rest[cut + 1:]
    out: list[str] = []
    width = WIDTH - 1 - (len(prefix) + 1)
    first = True
    for n, portion in enumerate(portions):
        chars, locked = _escape(portion)
        if portion.endswith("\n") and len(chars) >= 2:
            locked[-2] = True  # never break just before the final \n
        more = n < len(portions) - 1
        if first:
            startcol = len(prefix) + len(name) + 1 + 1 - (len(prefix) + 1)
            breaks = _breaks(chars, locked, width, startcol)
            if chars and (more or startcol > width or breaks):
                out.append(f'{prefix}{name} ""')
                first = False
        if not first:
            breaks = _breaks(chars, locked, width, 0)
        lines, start = [], 0
        for b in breaks + [len(chars)]:
            lines.append("".join(chars[start:b]))
            start = b
        for k, text in enumerate(lines):
            if first and k == 0:
                out.append(f'{prefix}{name} "{text}"')
                first = False
            else:
                out.append(f'{prefix}"{text}"')
    return out
