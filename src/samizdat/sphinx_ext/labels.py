"""samizdat's own labels ("Objectives", "20 minutes", "Page 1 of 3"), translated through
a gettext catalog of their own (domain ``samizdat``), with plural forms.

The catalogs live in the package (``samizdat/locales/<lang>/LC_MESSAGES/samizdat.po``);
``compile_labels`` writes the ``.mo`` into the build cache, never next to the ``.po``.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale as sphinx_locale

DOMAIN = "samizdat"
PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"


def label_catalog(language: str, project_locales: Path | None = None) -> Path:
    """The project's own ``locales/<lang>/LC_MESSAGES/samizdat.po`` if it has one (a
    collective may reword labels), else the package's."""
    if project_locales is not None:
        own = project_locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if own.is_file():
            return own
    return PACKAGE_LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_labels(language: str, cache: Path, project_locales: Path | None = None) -> Path:
    """Compile the label catalog for ``language`` into ``cache``; return the locale dir."""
    out_dir = cache / "labels"
    src = label_catalog(language, project_locales)
    mo = out_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not src.is_file():
        mo.unlink(missing_ok=True)
        return out_dir
    data = src.read_bytes()
    stamp = mo.with_suffix(".po")  # the source it was compiled from, to compare bytes
    if not mo.is_file() or not stamp.is_file() or stamp.read_bytes() != data:
        mo.parent.mkdir(parents=True, exist_ok=True)
        with src.open("rb") as f:
            catalog = read_po(f, locale=language)
        tmp = mo.with_suffix(".tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        tmp.replace(mo)
        stamp.write_bytes(data)
    from samizdat.sphinx_ext.ui_catalogs import compile_ui

    ui = PACKAGE_LOCALES / language / "LC_MESSAGES" / "sphinx.po"
    if ui.is_file():
        compile_ui(ui, out_dir, language)  # a few KB: always, so a change of format takes effect
    return out_dir


def _translator():
    return sphinx_locale.translators[("general", DOMAIN)]


def _(message: str) -> str:
    """Translate a label now (call after the Sphinx app has set up its language)."""
    return _translator().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a label with a number: ``ngettext('%d minute', '%d minutes', n) % n``."""
    return _translator().ngettext(singular, plural, n)


def minutes(n: int) -> str:
    return ngettext("%d minute", "%d minutes", n) % n


# Vocabulary of activity formats: the key authors write, the label readers see.
FORMATS = {
    "input": "Input",
    "plenary": "Plenary",
    "small-groups": "Small groups",
    "pairs": "Pairs",
    "individual": "Individual work",
    "discussion": "Discussion",
    "role-play": "Role play",
    "break": "Break",
}

def format_label(key: str) -> str:
    """The translated name of an activity format ('' for an unknown key)."""
    return _(FORMATS[key]) if key in FORMATS else ""


# Labels for facilitator note kinds.
NOTE_KINDS = {
    "note": "Facilitator note",
    "materials": "Materials and preparation",
    "preparation": "Preparation",
    "safety": "Safety and care",
    "timing": "Timing tips",
    "debrief": "Debrief",
    "prompts": "Prompts for the facilitator",
}


def _mark_for_extraction() -> None:  # pragma: no cover - read by the label extractor only
    """Strings used through variables, listed so extraction finds them."""
    _("Objectives"), _("Key points"), _("Discussion questions"), _("Sources"), _("Summary"), _("What to say")
    ngettext("%d source: the full list is in the handout and the speaker notes", "%d sources: the full list is in the handout and the speaker notes", 1)
    _("Input"), _("Plenary"), _("Small groups"), _("Pairs"), _("Individual work"), _("Discussion"), _("Role play"), _("Break")
    _("Facilitator note"), _("Materials and preparation"), _("Preparation"), _("Safety and care"), _("Timing tips"), _("Debrief"), _("Prompts for the facilitator")
