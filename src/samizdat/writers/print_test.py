"""The print test: one sheet, printed on both sides with the zines' settings, that tells
a printer whether the duplex unit flips on the short edge and whether it scales.

Both sides carry a large arrow pointing up. Turned over like the page of a book, a
sheet printed with short-edge flipping shows the back's arrow pointing the same way as
the front's; with long-edge flipping it points down. A frame drawn a known distance
from the paper's edge shows scaling ("fit to page" makes the gap larger)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Frame

from samizdat.writers.pdf.fonts import font_name, make_canvas_class, register_fonts
from samizdat.writers.pdf.paragraph import Paragraph

FRAME_GAP = 10 * mm  # the frame's distance from the paper's edge


@dataclass(frozen=True)
class TestWords:
    front_title: str
    front_text: tuple[str, ...]
    back_title: str
    back_text: tuple[str, ...]
    scale_text: str
    title: str
    language: str


def write(size: tuple[float, float], words: TestWords) -> bytes:
    """A two-page PDF on a landscape ``size`` sheet: front, then back."""
    register_fonts()
    w, h = max(size), min(size)
    buf = BytesIO()
    canvas = make_canvas_class()(buf, pagesize=(w, h), invariant=1, pageCompression=1)
    canvas.setTitle(words.title)
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setCreator("")
    canvas.setProducer("")
    for back, (title, text) in enumerate(((words.front_title, words.front_text), (words.back_title, words.back_text))):
        _side(canvas, w, h, title, (*text, words.scale_text), bool(back))
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _side(canvas, w: float, h: float, title: str, text: tuple[str, ...], back: bool) -> None:
    """One side: the arrow on the right half of the front and on the left half of the
    back, so that held against the light the two arrows lie on each other."""
    canvas.setLineWidth(0.6)
    canvas.rect(FRAME_GAP, FRAME_GAP, w - 2 * FRAME_GAP, h - 2 * FRAME_GAP)
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.line(w / 2, FRAME_GAP, w / 2, h - FRAME_GAP)  # where a zine sheet folds
    canvas.restoreState()
    _arrow(canvas, w / 4 if back else 3 * w / 4, h / 2, h * 0.55)
    body = ParagraphStyle("pt-body", fontName=font_name("sans"), fontSize=12, leading=16, spaceAfter=8)
    head = ParagraphStyle("pt-head", parent=body, fontName=font_name("sans", bold=True), fontSize=22, leading=27, spaceAfter=12)
    story = [Paragraph(escape(title), head)] + [Paragraph(escape(t), body) for t in text]
    inset = FRAME_GAP + 12 * mm
    x = w / 2 + 10 * mm if back else inset
    Frame(x, inset, w / 2 - inset - 10 * mm, h - 2 * inset, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0).addFromList(story, canvas)


def _arrow(canvas, x: float, y: float, length: float) -> None:
    """A solid arrow pointing up, centred on (x, y): a shaft and a head."""
    shaft, head_w, head_h = length * 0.12, length * 0.42, length * 0.3
    bottom, top = y - length / 2, y + length / 2
    path = canvas.beginPath()
    path.moveTo(x - shaft / 2, bottom)
    path.lineTo(x + shaft / 2, bottom)
    path.lineTo(x + shaft / 2, top - head_h)
    path.lineTo(x + head_w / 2, top - head_h)
    path.lineTo(x, top)
    path.lineTo(x - head_w / 2, top - head_h)
    path.lineTo(x - shaft / 2, top - head_h)
    path.close()
    canvas.saveState()
    canvas.setLineWidth(3)
    canvas.setLineJoin(1)
    canvas.drawPath(path, stroke=1, fill=0)  # an outline: low ink, and still plain on a photocopy
    canvas.restoreState()
