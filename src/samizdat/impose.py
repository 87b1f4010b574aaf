"""Zine imposition: pages in reading order -> two-up sheets in saddle-stitch order.

``saddle_stitch`` is a pure function on page counts (unit-tested at 4, 8, 12, 16 pages
and at counts that need padding); ``impose`` places pypdf pages on landscape sheets."""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def padding(pages: int) -> int:
    """How many pages make ``pages`` a multiple of four (a saddle-stitched booklet)."""
    return (-pages) % 4


def saddle_stitch(pages: int) -> list[tuple[int, int]]:
    """For a booklet of ``pages`` (a multiple of 4), the (left, right) page indices
    (0-based) of each printed side, in printing order: sheet 1 front, sheet 1 back, ...

    Folded and stapled in the middle, the sheets read 1, 2, ..., n.
    """
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        front = (pages - 1 - 2 * sheet, 2 * sheet)
        back = (2 * sheet + 1, pages - 2 - 2 * sheet)
        sides += [front, back]
    return sides


def impose(reading_order: Path, output: Path, sheet_size: tuple[float, float], marks: bool, title: str = "") -> int:
    """Place the pages of ``reading_order`` two-up on landscape sheets; return the number
    of printed sides. Optional fold and cut marks outside the printable content."""
    reader = PdfReader(reading_order)
    pages = list(reader.pages)
    order = saddle_stitch(len(pages))
    sheet_w, sheet_h = max(sheet_size), min(sheet_size)
    writer = PdfWriter()
    mark_page = _marks_page(sheet_w, sheet_h) if marks else None
    for left, right in order:
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for slot, index in ((0, left), (1, right)):
            page = pages[index]
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            scale = min((sheet_w / 2) / pw, sheet_h / ph)
            dx = slot * sheet_w / 2 + (sheet_w / 2 - pw * scale) / 2
            dy = (sheet_h - ph * scale) / 2
            sheet.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))
        if mark_page is not None:
            sheet.merge_page(mark_page)
        writer.add_page(sheet)
    writer.add_metadata({"/Title": title, "/Producer": "", "/Creator": ""})
    _fixed_id(writer, reading_order)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as f:
        writer.write(f)
    return len(order)


def _fixed_id(writer: PdfWriter, source: Path) -> None:
    """A document id derived from the content, not from the clock."""
    import hashlib

    from pypdf.generic import ArrayObject, ByteStringObject

    digest = hashlib.md5(source.read_bytes()).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])


def _marks_page(w: float, h: float) -> PageObject:
    """Fold marks (dashed, at the middle) and short cut marks in the sheet's margin."""
    from io import BytesIO

    from .writers.pdf.fonts import make_canvas_class

    buf = BytesIO()
    c = make_canvas_class()(buf, pagesize=(w, h), invariant=1)
    c.setLineWidth(0.4)
    c.setDash(2, 2)
    c.line(w / 2, h - 14, w / 2, h - 2)
    c.line(w / 2, 2, w / 2, 14)
    c.setDash()
    c.showPage()
    c.save()
    return PdfReader(BytesIO(buf.getvalue())).pages[0]
