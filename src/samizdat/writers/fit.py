"""Does a slide's text fit its text box? Measured with the real fonts' metrics.

PowerPoint applies a text box's autofit only after the text is edited, and pandoc's PPTX
sets none (jgm/pandoc#10618), so text that does not fit runs off the slide; reveal.js
does not shrink text either. So the fit is decided here, before anything is written:

- reveal.js: the deck's theme sets PT Sans at a fixed size on a 960 x 700 slide (scaled
  as a whole to the screen); a slide's body must fit below its heading at that size;
- PPTX: body text is Arial, which LibreOffice replaces by the metric-compatible
  Liberation Sans; both are measured with Arimo (the same metrics, an OFL font from a
  Python package). The PPTX writer gives each slide the largest size of the design's
  ladder that fits (PowerPoint shows that size as it opens the file); below the design's
  smallest size, a block does not fit.

A block is a list of lines (bullet items or paragraphs); each wraps at word boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class TextBox:
    """A slide's body area and how text is set in it (lengths in the medium's unit:
    CSS px for reveal.js, points for PPTX)."""

    width: float
    height: float
    font: str              # a registered reportlab font name
    leading: float = 1.3   # line height, times the size
    item_gap: float = 0.6  # space between items, times the size
    indent: float = 1.2    # a bullet's indent, times the size


# reveal.js: 960 x 700, margins 4 %, the h2 (1.4 em at 1.15 line height, 0.5 em margin,
# border and padding) and one meta line above the body, at the theme's 38 px
REVEAL = TextBox(width=960 * 0.92 - 40, height=700 * 0.92 - 38 * (1.4 * 1.15 + 0.65 + 0.3) - 38 * 1.3 - 20,
                 font="PTSans", leading=1.3, item_gap=0.6)
REVEAL_SIZE = 38
# PPTX, 16:9 at 10 x 5.625 in (pandoc's reference): the body placeholder is 648 x 267.3 pt,
# 633.6 x 260 pt inside its insets; paragraphs 20 % of a line apart, bullets indented 27 pt;
# one meta line (an activity's minutes) kept free at the smallest size
PPTX_SIZES = (24, 22, 20, 18)  # the ladder, largest first; 18 pt (24 pt on a 13.3 in slide) is the smallest
PPTX = TextBox(width=633.6, height=260.0 - 18 * 1.17, font="Arimo", leading=1.17, item_gap=0.24, indent=1.35)


@lru_cache(maxsize=1)
def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from samizdat.writers.pdf.fonts import register_fonts

    register_fonts()
    import fontpkg_arimo

    pdfmetrics.registerFont(TTFont("Arimo", str(Path(fontpkg_arimo.__file__).parent / "files" / "Arimo[wght].ttf")))


def line_count(text: str, width: float, font: str, size: float) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register()
    space = stringWidth(" ", font, size)
    lines, used = 1, 0.0
    for word in text.split():
        w = stringWidth(word, font, size)
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used = used + space + w if used else w
        while used > width:  # a word longer than the line breaks where it must
            lines, used = lines + 1, used - width
    return lines


def height(items: list[str], box: TextBox, size: float, bullets: bool = True) -> float:
    indent = box.indent * size if bullets else 0
    lines = sum(line_count(t, box.width - indent, box.font, size) for t in items)
    return lines * box.leading * size + len(items) * box.item_gap * size


def fits(items: list[str], box: TextBox, size: float, bullets: bool = True) -> bool:
    return height(items, box, size, bullets) <= box.height


def pptx_size(items: list[str], bullets: bool = True) -> int | None:
    """The largest size of the ladder at which ``items`` fit the PPTX body; None: none."""
    return next((s for s in PPTX_SIZES if fits(items, PPTX, s, bullets)), None)


def problem(items: list[str], bullets: bool = True) -> str | None:
    """Why ``items`` cannot be one slide, or None when they fit in both media."""
    too_tall = []
    if not fits(items, REVEAL, REVEAL_SIZE, bullets):
        over = height(items, REVEAL, REVEAL_SIZE, bullets) / REVEAL.height
        too_tall.append(f"reveal.js ({over:.0%} of the slide's text area)")
    if pptx_size(items, bullets) is None:
        over = height(items, PPTX, PPTX_SIZES[-1], bullets) / PPTX.height
        too_tall.append(f"PPTX even at {PPTX_SIZES[-1]} pt ({over:.0%})")
    if not too_tall:
        return None
    return "this slide's text does not fit " + " or ".join(too_tall) + ": shorten it or split the section"
