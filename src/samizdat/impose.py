"""Zine imposition: pages in reading order -> two-up sheets in saddle-stitch order.

``saddle_stitch`` is a pure function on page counts (unit-tested at 4, 8, 12, 16 pages
and at counts that need padding); ``impose`` places pypdf pages on landscape sheets."""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject, NameObject, StreamObject


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


def impose(reading_order: Path | list[PageObject], output: Path, sheet_size: tuple[float, float], marks: bool,
           title: str = "", id_source: bytes | None = None) -> int:
    """Place the pages of ``reading_order`` (a PDF, or its pages already open) two-up on
    landscape sheets; return the number of printed sides. Optional fold marks outside
    the printable content. The document id is derived from ``id_source`` (default: the
    reading-order file's bytes).

    Each page becomes a Form XObject drawn with one ``cm``/``Do``: its content stream is
    copied, never parsed (pypdf's ``merge_transformed_page`` parses and rewrites every
    operator, which was most of the zine's time)."""
    pages = list(reading_order) if isinstance(reading_order, list) else list(PdfReader(reading_order).pages)
    order = saddle_stitch(len(pages))
    sheet_w, sheet_h = max(sheet_size), min(sheet_size)
    writer = PdfWriter()
    forms = [_as_form(page, writer) for page in pages]
    mark_ops = _fold_marks(sheet_w, sheet_h) if marks else b""
    for left, right in order:
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        ops, xobjects = [], DictionaryObject()
        for slot, index in ((0, left), (1, right)):
            page = pages[index]
            box = page.mediabox
            pw, ph = float(box.width), float(box.height)
            scale = min((sheet_w / 2) / pw, sheet_h / ph)
            dx = slot * sheet_w / 2 + (sheet_w / 2 - pw * scale) / 2 - float(box.left) * scale
            dy = (sheet_h - ph * scale) / 2 - float(box.bottom) * scale
            name = f"/P{slot}"
            xobjects[NameObject(name)] = forms[index]
            ops.append(f"q {_num(scale)} 0 0 {_num(scale)} {_num(dx)} {_num(dy)} cm {name} Do Q".encode())
        content = DecodedStreamObject()
        content.set_data(b"\n".join(ops) + b"\n" + mark_ops)
        sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        writer.add_page(sheet)
    writer.add_metadata({"/Title": title, "/Producer": "", "/Creator": ""})
    _fixed_id(writer, id_source if id_source is not None else Path(reading_order).read_bytes())
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as f:
        writer.write(f)
    return len(order)


def reframe(source: bytes, output: Path, size: tuple[float, float], dx: float, dy: float) -> None:
    """The pages of ``source`` on pages of ``size``, each moved by (``dx``, ``dy``) points,
    not scaled: a handout laid out once for A4 goes onto Letter when both text blocks are
    the same size. Title, language and the other document properties are kept."""
    from io import BytesIO

    reader = PdfReader(BytesIO(source))
    writer = PdfWriter()
    w, h = size
    for page in reader.pages:
        sheet = PageObject.create_blank_page(width=w, height=h)
        content = DecodedStreamObject()
        content.set_data(f"q 1 0 0 1 {_num(dx)} {_num(dy)} cm /P0 Do Q\n".encode())
        sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject({NameObject("/P0"): _as_form(page, writer)})})
        writer.add_page(sheet)
    info = reader.metadata or {}
    writer.add_metadata({**{k: v for k, v in info.items()}, "/Producer": "", "/Creator": ""})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang.clone(writer)
    _fixed_id(writer, source)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as f:
        writer.write(f)


def _num(x: float) -> str:
    """A PDF number: fixed precision, so the output does not depend on float printing."""
    text = f"{x:.5f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """The page as a Form XObject in ``writer``: its content bytes (still compressed,
    when the page has one content stream), resources and box."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject) and not isinstance(contents, DecodedStreamObject):
        form = StreamObject()
        form._data = contents._data  # the encoded bytes, kept with their filters
        for key in ("/Filter", "/DecodeParms"):
            if key in contents:
                form[NameObject(key)] = contents[key].clone(writer)
    else:
        if contents is None:
            data = b""
        elif isinstance(contents, ArrayObject):
            data = b"\n".join(part.get_object().get_data() for part in contents)
        else:
            data = contents.get_data()
        plain = DecodedStreamObject()
        plain.set_data(data)
        form = plain.flate_encode()
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(v)) for v in page.mediabox]),
    })
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    return writer._add_object(form)


def _fixed_id(writer: PdfWriter, source: bytes) -> None:
    """A document id derived from the content, not from the clock."""
    import hashlib

    from pypdf.generic import ByteStringObject

    digest = hashlib.md5(source).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])


def _fold_marks(w: float, h: float) -> bytes:
    """Fold marks: short dashed lines at the middle of the sheet, in its margins."""
    x = _num(w / 2)
    return (f"q 0.4 w [2 2] 0 d {x} {_num(h - 14)} m {x} {_num(h - 2)} l S "
            f"{x} 2 m {x} 14 l S Q\n").encode()
