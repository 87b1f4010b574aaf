"""The termbase: agreed translations of key terms, per language, as TBX
(``locales/<lang>/glossary.tbx``), which Weblate and translate-toolkit read.

A target term marked, as TBX does, with
``<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>`` (or
``supersededTerm-admn-sts``) is a rendering *not* to use: ``i18n check`` reports the
entries that still use it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_TO_USE = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts")


@dataclass
class Term:
    """One source term and its renderings in one target language."""

    source: str
    agreed: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    entry: str = ""  # the entry's first source term: variants of one term share it


def _not_to_use(tig: ET.Element) -> bool:
    return any(n.get("type") == "administrativeStatus" and (n.text or "").strip() in NOT_TO_USE for n in tig.iter("termNote"))


def read_termbase(path: Path, source: str, target: str) -> dict[str, Term]:
    """Source term -> its agreed (and deprecated) renderings in ``target``."""
    if not path.is_file():
        return {}
    terms: dict[str, Term] = {}
    root = ET.parse(path).getroot()
    for entry in root.iter("termEntry"):
        agreed: dict[str, list[str]] = {}
        deprecated: dict[str, list[str]] = {}
        for lang_set in entry.iter("langSet"):
            lang = lang_set.get(XML_LANG, "")
            for tig in lang_set.iter("tig"):
                words = [t.text.strip() for t in tig.iter("term") if t.text and t.text.strip()]
                (deprecated if _not_to_use(tig) else agreed).setdefault(lang, []).extend(words)
        sources = agreed.get(source, [])
        for src in sources:
            if agreed.get(target) or deprecated.get(target):
                terms[src] = Term(src, list(agreed.get(target, [])), list(deprecated.get(target, [])), sources[0])
    return terms


def read_tbx(path: Path, source: str, target: str) -> dict[str, list[str]]:
    """Source term -> agreed target terms (deprecated renderings left out)."""
    return {src: t.agreed for src, t in read_termbase(path, source, target).items() if t.agreed}


def termbase_path(locales: Path, lang: str) -> Path:
    return locales / lang / "glossary.tbx"
