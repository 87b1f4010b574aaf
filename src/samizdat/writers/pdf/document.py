"""PDF documents from stories: page templates with a header (curriculum and module
titles) and a footer ("Page x of y" in the page's language), document language and
title set, reproducible bytes (reportlab's invariant mode)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from samizdat.writers.pdf.fonts import make_canvas_class
from samizdat.writers.pdf.styles import Page, PrintDesign

rl_config.invariant = 1  # fixed dates and document ids: the same story gives the same bytes
rl_config.useA85 = 0  # binary streams: ASCII85 made every PDF a quarter larger and slower to write and read


@dataclass(frozen=True)
class Running:
    """What the header and footer say."""

    left: str
    right: str
    page_label: Callable[[int, int], str]  # (page, pages) -> "Page 2 of 5"


def numbered_canvas(running: Running, design: PrintDesign, page: Page):
    """A canvas that knows the page count when it draws the footers."""
    header = design.paragraph["header"]

    class NumberedCanvas(make_canvas_class()):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._draw_running(total)
                super().showPage()
            super().save()

        def _draw_running(self, total: int) -> None:
            w, h = page.size
            top, right, bottom, left = page.margins
            self.saveState()
            self.setFont(header.fontName, header.fontSize)
            self.setFillColor(header.textColor)
            if self._pageNumber > 1 or running.left:
                self.drawString(left, h - top + 14, running.left[:90])
                self.drawRightString(w - right, h - top + 14, running.right[:70])
            self.drawCentredString(w / 2, bottom - 24, running.page_label(self._pageNumber, total))
            self.restoreState()

    return NumberedCanvas


def build_pdf(path: Path, story: list, design: PrintDesign, page: Page, running: Running, title: str, lang: str, subject: str = "") -> None:
    """Write ``story`` to ``path`` on ``page``, with running header and footer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    top, right, bottom, left = page.margins
    w, h = page.size
    doc = BaseDocTemplate(
        str(path), pagesize=page.size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=title, author="", subject=subject, creator="", producer="", keywords="", lang=lang,
        pageCompression=1,
    )
    frame = Frame(left, bottom, w - left - right, h - top - bottom, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(running, design, page))


def frame_width(page: Page) -> float:
    return page.size[0] - page.margins[1] - page.margins[3]
