"""Writing catalogs one way everywhere: stable order and wrapping, a minimal header
with no personal data (translators may add their own), plural forms per language."""

from __future__ import annotations

from pathlib import Path

import polib
from babel import Locale

WRAP = 78


def plural_forms(lang: str) -> str:
    """The gettext Plural-Forms header for ``lang`` (uk and ru have three forms)."""
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
    """Write ``po`` only if its text changed; return whether it did."""
    po.wrapwidth = WRAP
    text = str(po) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_suffix(".po.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
