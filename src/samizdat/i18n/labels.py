"""Extract samizdat's own labels (the ``samizdat`` gettext domain) from its Python
sources, and keep the package's label catalogs in sync with them."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def extract_labels() -> Catalog:
    catalog = Catalog(project="samizdat", domain="samizdat", charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if "i18n/labels.py" in filename:
            continue
        catalog.add(message, None, [(f"samizdat/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog
