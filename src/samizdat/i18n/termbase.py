"""The termbase: agreed translations of key terms, per language, as TBX
(``locales/<lang>/glossary.tbx``), which Weblate and translate-toolkit read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tbx(path: Path, source: str, target: str) -> dict[str, list[str]]:
    """Source term -> agreed target terms."""
    if not path.is_file():
        return {}
    terms: dict[str, list[str]] = {}
    root = ET.parse(path).getroot()
    for entry in root.iter("termEntry"):
        by_lang: dict[str, list[str]] = {}
        for lang_set in entry.iter("langSet"):
            lang = lang_set.get(XML_LANG, "")
            by_lang.setdefault(lang, []).extend(t.text.strip() for t in lang_set.iter("term") if t.text)
        for src in by_lang.get(source, []):
            if by_lang.get(target):
                terms[src] = by_lang[target]
    return terms


def termbase_path(locales: Path, lang: str) -> Path:
    return locales / lang / "glossary.tbx"
