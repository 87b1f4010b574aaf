"""Fonts for print, from Python packages: PT Serif and PT Sans (fontpkg), IBM Plex Mono
(fontpkg). TrueType outlines, so reportlab embeds them subset; all cover uk, ru and cs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILIES = {"serif": "PTSerif", "sans": "PTSans", "mono": "PlexMono"}


def _files() -> dict[str, dict[str, Path]]:
    import fontpkg_ibm_plex_mono
    import fontpkg_pt_sans
    import fontpkg_pt_serif

    sans = Path(fontpkg_pt_sans.__file__).parent / "files"
    serif = Path(fontpkg_pt_serif.__file__).parent / "files"
    mono = Path(fontpkg_ibm_plex_mono.__file__).parent / "files"
    return {
        "PTSerif": {"": serif / "PT_Serif-Web-Regular.ttf", "B": serif / "PT_Serif-Web-Bold.ttf", "I": serif / "PT_Serif-Web-Italic.ttf", "BI": serif / "PT_Serif-Web-BoldItalic.ttf"},
        "PTSans": {"": sans / "PT_Sans-Web-Regular.ttf", "B": sans / "PT_Sans-Web-Bold.ttf", "I": sans / "PT_Sans-Web-Italic.ttf", "BI": sans / "PT_Sans-Web-BoldItalic.ttf"},
        "PlexMono": {"": mono / "IBMPlexMono-Regular.ttf", "B": mono / "IBMPlexMono-Bold.ttf", "I": mono / "IBMPlexMono-Italic.ttf", "BI": mono / "IBMPlexMono-BoldItalic.ttf"},
    }


@lru_cache(maxsize=1)
def register_fonts() -> dict[str, str]:
    """Register the families once per process; return role -> family name."""
    for family, variants in _files().items():
        for suffix, path in variants.items():
            pdfmetrics.registerFont(TTFont(family + suffix, str(path)))
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, family + "B")
        addMapping(family, 0, 1, family + "I")
        addMapping(family, 1, 1, family + "BI")
    from reportlab import rl_config

    rl_config.canvas_basefontname = "PTSans"  # else every page names Helvetica, unembedded
    return dict(FAMILIES)


def font_name(role: str, bold: bool = False, italic: bool = False) -> str:
    family = FAMILIES[role]
    return family + ("B" if bold else "") + ("I" if italic else "")


def covers(text: str) -> bool:
    """Whether every letter of ``text`` has a glyph in the body fonts (for new languages)."""
    register_fonts()
    face = pdfmetrics.getFont("PTSerif").face
    cmap = face.charToGlyph
    return all(ord(ch) in cmap for ch in text if ch.isalpha())


def make_canvas_class(base=None):
    """A canvas whose initial font is ours: reportlab otherwise names Helvetica (not
    embedded) on every page, even when no text uses it."""
    from reportlab.pdfgen.canvas import Canvas

    base = base or Canvas

    class EmbeddedFontCanvas(base):
        def __init__(self, *args, **kwargs):
            register_fonts()
            kwargs.setdefault("initialFontName", "PTSans")
            super().__init__(*args, **kwargs)

    return EmbeddedFontCanvas
