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


# reveal.js: a 960 x 700 slide (scaled as a whole to the screen), the theme's type at 38 px
# (deck.css); the geometry below was measured in Chromium: a heading line is 61.2 px (1.4 em
# bold at 1.15) and the heading block adds 38.6 px (padding, border, margin); an activity's
# minutes line takes 59 px; a list line 49.4 px (1.3), list items 11.4 px apart (0.3 em)
REVEAL_SIZE = 38
REVEAL_SLIDE = 700 - 10  # less a safety margin for rounding
REVEAL_TITLE_WIDTH = 960 - 20
REVEAL = TextBox(width=960 - 38 - 40 - 20, height=REVEAL_SLIDE, font="PTSans", leading=1.3, item_gap=0.3, indent=0)


def reveal_room(title: str, meta: bool) -> float:
    """Height left for a slide's body under its heading (and an activity's minutes line)."""
    lines = line_count(title, REVEAL_TITLE_WIDTH, "PTSansB", REVEAL_SIZE * 1.4) if title else 1
    return REVEAL_SLIDE - (lines * REVEAL_SIZE * 1.4 * 1.15 + 38.6) - (59 if meta else 0)


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
    gaps = len(items) if box is PPTX else max(0, len(items) - 1)  # PPTX: space before each paragraph
    return lines * box.leading * size + gaps * box.item_gap * size


def fits(items: list[str], box: TextBox, size: float, bullets: bool = True) -> bool:
    return height(items, box, size, bullets) <= box.height


PPTX_TITLE_SLIDE_SIZES = (24, 22, 20, 18, 16, 14, 12)  # the title slide's objectives may be smaller


def pptx_size(items: list[str], bullets: bool = True, sizes: tuple[int, ...] = PPTX_SIZES) -> int | None:
    """The largest size of ``sizes`` at which ``items`` fit the PPTX body; None: none."""
    return next((s for s in sizes if fits(items, PPTX, s, bullets)), None)


def problem(items: list[str], bullets: bool = True, title: str = "", meta: bool = False) -> str | None:
    """Why ``items`` cannot be one slide under ``title`` (and an activity's minutes line,
    with ``meta``), or None when they fit in both media."""
    too_tall = []
    room = reveal_room(title, meta)
    if height(items, REVEAL, REVEAL_SIZE, bullets) > room:
        over = height(items, REVEAL, REVEAL_SIZE, bullets) / room
        too_tall.append(f"reveal.js ({over:.0%} of the slide's text area)")
    if pptx_size(items, bullets) is None:
        over = height(items, PPTX, PPTX_SIZES[-1], bullets) / PPTX.height
        too_tall.append(f"PPTX even at {PPTX_SIZES[-1]} pt ({over:.0%})")
    if not too_tall:
        return None
    return "this slide's text does not fit " + " or ".join(too_tall) + ": shorten it or split the section"


# PPTX titles: the title placeholder is 633.6 pt wide inside its insets and centred on a
# 67.5 pt box 16.2 pt from the top; centred text may grow 14 pt past the box above and
# below and still stay on the slide and above the body (from 94.5 pt)
PPTX_TITLE_SIZES = (40, 36, 32, 28, 24)


def pptx_title_size(title: str) -> int:
    """The largest title size whose wrapped lines stay on the slide and above the body."""
    for size in PPTX_TITLE_SIZES:
        if line_count(title, 633.6, "Arimo", size) * size * 1.17 <= 67.5 - 7.2 + 28:
            return size
    return PPTX_TITLE_SIZES[-1]
