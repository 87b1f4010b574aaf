"""An offline translation memory: a message without a translation gets the best existing
translation of the same or a similar source message from the language's catalogs.

A suggestion is never trusted: it is marked fuzzy (the build leaves fuzzy entries out
until a translator clears the flag), carries ``#| msgid`` (the source it translated) and
a translator comment saying where it came from and how similar the sources are, and it
must pass the untrusted-catalog checks against its new msgid (a msgstr moved to another
message may not bring in a link, role or directive that message lacks), or it is not
suggested. A translator's entry (a non-empty msgstr) is never touched.

Similarity is the ratio over the msgids, 2 x common characters (longest common
subsequence) / total length, as difflib's ratio but computed by rapidfuzz (``fuzz.ratio``),
which searches a language's ~5000 messages in milliseconds where difflib takes seconds.
The threshold, 0.7, is measured on the shipped curriculum (tests/test_translator_tools.py
and docs/translating.md): a sentence with a word, a number or a punctuation mark changed
scores 0.8-0.99, a short heading with one word of three changed about 0.7; the best match
of an unrelated message of the curriculum scores below 0.7 in most cases, so lower
thresholds mostly add suggestions a translator would have to undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from samizdat.core.config import Config
from samizdat.core.errors import relpath
from samizdat.i18n.catalogs import Catalog, catalog_files, load_po

THRESHOLD = 0.7
ORIGIN = "suggested by the translation memory from "  # the translator comment's start


@dataclass(frozen=True)
class Candidate:
    msgid: str
    msgstr: str
    where: str  # the catalog it comes from, relative to the project


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    similarity: float

    def comment(self) -> str:
        return f"{ORIGIN}{self.candidate.where} (similarity {self.similarity:.0%})"


class TranslationMemory:
    """Reviewed translations (translated, not fuzzy; obsolete ones too) of one language."""

    def __init__(self, root: Path, lang: str) -> None:
        self.root = root
        self.lang = lang
        self.by_msgid: dict[str, Candidate] = {}
        self._keys: list[str] | None = None

    @classmethod
    def for_language(cls, cfg: Config, lang: str) -> "TranslationMemory":
        mem = cls(cfg.root, lang)
        problems: list = []
        for _lang, _doc, path in catalog_files(cfg, problems, (lang,)):
            po = load_po(path, cfg.root, problems)
            if po is not None:
                mem.add(po, path)
        return mem

    def add(self, po: polib.POFile, path: Path) -> None:
        where = relpath(path, self.root)
        for e in po:
            if e.msgid and e.msgstr and "fuzzy" not in e.flags and not e.msgid_plural:
                # the first catalog (in path order) wins: suggestions don't depend on dict order
                self.by_msgid.setdefault(e.msgid, Candidate(e.msgid, e.msgstr, where))
        self._keys = None

    def best(self, msgid: str) -> Suggestion | None:
        """The most similar source with a reviewed translation, at least THRESHOLD;
        ties go to the shorter source, then the alphabetically first (stable)."""
        exact = self.by_msgid.get(msgid)
        if exact is not None:
            return Suggestion(exact, 1.0)
        if self._keys is None:
            self._keys = sorted(self.by_msgid)
        found = process.extract(msgid, self._keys, scorer=fuzz.ratio, score_cutoff=THRESHOLD * 100, limit=8)
        if not found:
            return None
        key, score, _ = min(found, key=lambda f: (-f[1], len(f[0]), f[0]))
        return Suggestion(self.by_msgid[key], score / 100)

    def fill(self, po: polib.POFile, path: Path) -> list[polib.POEntry]:
        """Suggest a translation for every active entry that has none; return the
        entries filled."""
        from samizdat.i18n.qa import injection_problems

        filled = []
        for e in po:
            if e.obsolete or e.msgstr or e.msgid_plural or not e.msgid:
                continue
            s = self.best(e.msgid)
            if s is None:
                continue
            trial = polib.POFile()
            trial.append(polib.POEntry(msgid=e.msgid, msgstr=s.candidate.msgstr))
            if injection_problems(Catalog(self.lang, "", path, trial), self.root):
                continue  # the translation would bring in what this message lacks
            e.msgstr = s.candidate.msgstr
            if "fuzzy" not in e.flags:
                e.flags.insert(0, "fuzzy")
            if s.candidate.msgid != e.msgid:
                e.previous_msgid = s.candidate.msgid
            e.tcomment = "\n".join(x for x in (e.tcomment, s.comment()) if x)
            filled.append(e)
        return filled


def suggest(cfg: Config, languages: tuple[str, ...] = ()) -> list[tuple[Path, int]]:
    """``samizdat i18n suggest``: fill untranslated messages of every catalog from the
    language's memory; return (catalog, suggestions) for each catalog changed."""
    from samizdat.core.pofile import save

    out = []
    for lang in languages or cfg.languages:
        mem = TranslationMemory.for_language(cfg, lang)
        problems: list = []
        for _lang, _doc, path in catalog_files(cfg, problems, (lang,)):
            po = load_po(path, cfg.root, problems)
            if po is None:
                continue
            filled = mem.fill(po, path)
            if filled and save(po, path):
                out.append((path, len(filled)))
    return out
