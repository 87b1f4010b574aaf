"""The glossary: one page (curriculum/glossary.md, Sphinx's translatable ``glossary``),
translated through its own catalog in every language, linked from the home page and
reachable from the modules with ``{term}``."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from conftest import ROOT, samizdat
from samizdat.core.config import load_config
from samizdat.i18n.sync import docnames

GLOSSARY_MD = """# Glossary

Plain explanations.

```{glossary}
temporary protection
   An EU status for people displaced from Ukraine.

ТЦК (TCC)
   A territorial recruitment and social support centre.
```
"""

UK = {
    "Glossary": "Глосарій",
    "Plain explanations.": "Прості пояснення.",
    "temporary protection": "тимчасовий захист",
    "An EU status for people displaced from Ukraine.": "Статус у ЄС для людей, переміщених з України.",
    "ТЦК (TCC)": "ТЦК",
    "A territorial recruitment and social support centre.": "Територіальний центр комплектування та соціальної підтримки.",
}


def glossary_terms(text: str) -> list[str]:
    """The headwords of every ```{glossary} block: unindented, non-empty lines."""
    terms = []
    for block in re.findall(r"^```\{glossary\}[^\n]*\n(.*?)^```", text, re.M | re.S):
        terms += [line.strip() for line in block.splitlines() if line.strip() and not line[0].isspace() and not line.startswith(":")]
    return terms


def test_glossary_is_synced_translated_and_built(mini: Path):
    (mini / "curriculum/glossary.md").write_text(GLOSSARY_MD, encoding="utf-8")
    first = mini / "curriculum/alpha/first.md"
    first.write_text(first.read_text(encoding="utf-8").replace(
        "## Second section\n", "## Second section\n\nWho has {term}`temporary protection`?\n"), encoding="utf-8")
    res = samizdat(mini, "i18n", "sync")
    assert res.code == 0, res.text
    path = mini / "locales/uk/LC_MESSAGES/glossary.po"
    po = polib.pofile(str(path))
    by_id = {e.msgid: e for e in po}
    assert set(UK) <= set(by_id), sorted(by_id)
    # a term's location is its own line in glossary.md, not a line inside the directive
    assert by_id["ТЦК (TCC)"].occurrences == [("curriculum/glossary.md", "9")]
    for e in po:
        e.msgstr = UK[e.msgid]
    po.save(str(path))
    # a module's glossary link: the text is translated, the target (the headword) kept
    module_po = polib.pofile(str(mini / "locales/uk/LC_MESSAGES/alpha/first.po"))
    module_po.find("Who has {term}`temporary protection`?").msgstr = "Хто має {term}`тимчасовий захист <temporary protection>`?"
    module_po.save(str(mini / "locales/uk/LC_MESSAGES/alpha/first.po"))
    res = samizdat(mini, "i18n", "check")
    assert res.code == 0, res.text
    res = samizdat(mini, "build", "--lang", "uk")
    assert res.code == 0, res.text
    html = mini / "build/uk/html"
    page = (html / "glossary.html").read_text(encoding="utf-8")
    assert "тимчасовий захист" in page and "Територіальний центр комплектування" in page
    assert "sz-fallback" not in page  # nothing left in English
    assert 'href="glossary.html"' in (html / "index.html").read_text(encoding="utf-8")
    module = (html / "alpha/first.html").read_text(encoding="utf-8")
    link = re.search(r'<a [^>]*href="\.\./glossary\.html#term-temporary-protection"[^>]*>(.*?)</a>', module, re.S)
    assert link, "the {term} role links into the glossary"
    assert "тимчасовий захист" in link.group(1)


def test_shipped_glossary_in_every_language():
    cfg = load_config(ROOT)
    source = (cfg.curriculum_dir / "glossary.md").read_text(encoding="utf-8")
    terms = glossary_terms(source)
    assert len(terms) >= 30
    assert len({t.lower() for t in terms}) == len(terms), "duplicate headwords"
    for needed in ("ТЦК (TCC)", "ВЛК (VLK)", "відстрочка (deferment)", "бронювання (reservation)", "розшук (wanted list)",
                   "dočasná ochrana", "zvláštní dlouhodobý pobyt", "matrika", "Zimmerwald", "hash"):
        assert needed in terms, needed
    assert "glossary" in docnames(cfg)
    for lang in cfg.languages:
        po = polib.pofile(str(cfg.locales_dir / lang / "LC_MESSAGES" / "glossary.po"))
        active = [e for e in po if not e.obsolete]
        assert not po.fuzzy_entries() and not po.untranslated_entries(), lang
        translated = {e.msgid: e.msgstr for e in active}
        missing = [t for t in terms if not translated.get(t)]
        assert not missing, (lang, missing)
        assert translated["Glossary"] != "Glossary", lang
