"""Zine imposition: pages in reading order -> two-up sheets in saddle-stitch order.

``saddle_stitch`` is a pure function on page counts (unit-tested at 4, 8, 12, 16 pages
and at counts that need padding); ``creep`` likewise for the shift of each sheet;
``impose`` places pypdf pages on landscape sheets, with a print shop's marks if asked."""

from __future__ import annotations

from dataclasses import dataclass
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


MM = 72 / 25.4
MARK_ROOM = 10 * MM  # around the trimmed sheet, for crop marks: the printed sheet is larger (SRA4, for instance)


@dataclass(frozen=True)
class SheetMarks:
    """What the imposed sheets carry besides the pages (``handouts/styles.yaml``, ``zine:``)."""

    fold: bool = True            # short dashed fold marks at the middle of the sheet
    paper_mm: float = 0.0        # paper thickness for creep; 0 turns creep off
    crop: bool = False           # crop marks: the sheet grows by MARK_ROOM + bleed on each side
    bleed_mm: float = 0.0        # printed area beyond the trim (with crop marks)


def creep(sheets: int, paper_mm: float) -> list[float]:
    """How far (mm) each sheet's pages move toward the fold, outermost sheet first.

    Folded together, every sheet wraps around the ones inside it: an inner sheet's pages
    stick out at the open edge by the thickness of the sheets around it, and lose that
    much margin when the booklet is trimmed. Shifting sheet ``i`` (0 = outermost) by
    ``i * paper_mm`` toward the fold puts every page's text the same distance from the
    finished edge; the innermost moves ``(sheets - 1) * paper_mm``."""
    return [i * paper_mm for i in range(sheets)]


def impose(pages: list[PageObject], output: Path, sheet_size: tuple[float, float], marks: SheetMarks, title: str,
           id_source: bytes) -> int:
    """Place ``pages`` (in reading order) two-up on landscape sheets; return the number of
    printed sides. Fold marks, creep and crop marks as ``marks`` says. The document id
    is derived from ``id_source`` (the reading-order PDF's bytes).

    Each page becomes a Form XObject drawn with one ``cm``/``Do``: its content stream is
    copied, never parsed (pypdf's ``merge_transformed_page`` parses and rewrites every
    operator, which was most of the zine's time)."""
    order = saddle_stitch(len(pages))
    trim_w, trim_h = max(sheet_size), min(sheet_size)
    edge = (MARK_ROOM + marks.bleed_mm * MM) if marks.crop else 0.0  # trim box's offset on the printed sheet
    sheet_w, sheet_h = trim_w + 2 * edge, trim_h + 2 * edge
    shifts = creep(len(order) // 2, marks.paper_mm)
    writer = PdfWriter()
    forms = [_as_form(page, writer) for page in pages]
    mark_ops = (_fold_marks(trim_w, trim_h, edge) if marks.fold else b"") + (_crop_marks(trim_w, trim_h, edge, marks.bleed_mm * MM) if marks.crop else b"")
    for side, (left, right) in enumerate(order):
        shift = shifts[side // 2] * MM
        placed = []
        for slot, index in ((0, left), (1, right)):
            box = pages[index].mediabox
            pw, ph = float(box.width), float(box.height)
            scale = min((trim_w / 2) / pw, trim_h / ph)
            toward_fold = shift if slot == 0 else -shift
            dx = edge + slot * trim_w / 2 + (trim_w / 2 - pw * scale) / 2 - float(box.left) * scale + toward_fold
            dy = edge + (trim_h - ph * scale) / 2 - float(box.bottom) * scale
            placed.append((forms[index], scale, dx, dy))
        page = _sheet(writer, sheet_w, sheet_h, placed, mark_ops)
        if marks.crop:
            bleed = marks.bleed_mm * MM
            page[NameObject("/TrimBox")] = ArrayObject([FloatObject(round(v, 3)) for v in (edge, edge, edge + trim_w, edge + trim_h)])
            page[NameObject("/BleedBox")] = ArrayObject([FloatObject(round(v, 3)) for v in (edge - bleed, edge - bleed, edge + trim_w + bleed, edge + trim_h + bleed)])
        writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Producer": "", "/Creator": ""})
    _write(writer, output, id_source)
    return len(order)


def reframe(source: bytes, output: Path, size: tuple[float, float], dx: float, dy: float) -> None:
    """The pages of ``source`` on pages of ``size``, each moved by (``dx``, ``dy``) points,
    not scaled: a handout laid out once for A4 goes onto Letter when both text blocks are
    the same size. Title, language and the other document properties are kept."""
    from io import BytesIO

    reader = PdfReader(BytesIO(source))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(_sheet(writer, size[0], size[1], [(_as_form(page, writer), 1, dx, dy)]))
    writer.add_metadata({**dict(reader.metadata or {}), "/Producer": "", "/Creator": ""})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang.clone(writer)
    _write(writer, output, source)


def _sheet(writer: PdfWriter, w: float, h: float, placed: list[tuple[IndirectObject, float, float, float]],
           extra_ops: bytes = b"") -> PageObject:
    """A ``w`` x ``h`` page drawing each (form, scale, dx, dy), then ``extra_ops``."""
    sheet = PageObject.create_blank_page(width=w, height=h)
    xobjects = DictionaryObject()
    ops = []
    for n, (form, scale, dx, dy) in enumerate(placed):
        xobjects[NameObject(f"/P{n}")] = form
        ops.append(f"q {_num(scale)} 0 0 {_num(scale)} {_num(dx)} {_num(dy)} cm /P{n} Do Q".encode())
    content = DecodedStreamObject()
    content.set_data(b"\n".join(ops) + b"\n" + extra_ops)
    sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    return sheet


def _write(writer: PdfWriter, output: Path, id_source: bytes) -> None:
    """Write with a document id derived from the content, not from the clock."""
    import hashlib

    from pypdf.generic import ByteStringObject

    digest = hashlib.md5(id_source).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
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


def _fold_marks(w: float, h: float, edge: float = 0.0) -> bytes:
    """Fold marks: short dashed lines at the middle of the trimmed sheet, in its margins
    (outside the trim when the sheet has crop marks)."""
    x = _num(edge + w / 2)
    if edge:
        top, bottom = (edge + h + 3 * MM, edge + h + edge - 2 * MM), (2 * MM, edge - 3 * MM)
    else:
        top, bottom = (h - 14, h - 2), (2, 14)
    return (f"q 0.4 w [2 2] 0 d {x} {_num(top[0])} m {x} {_num(top[1])} l S "
            f"{x} {_num(bottom[0])} m {x} {_num(bottom[1])} l S Q\n").encode()


def _crop_marks(w: float, h: float, edge: float, bleed: float) -> bytes:
    """Crop marks at the four corners of the trim, starting outside the bleed."""
    gap, length = bleed + 2 * MM, 6 * MM
    ops = ["q 0.25 w"]
    for x in (edge, edge + w):
        for y in (edge, edge + h):
            sx = -1 if x == edge else 1
            sy = -1 if y == edge else 1
            ops.append(f"{_num(x + sx * gap)} {_num(y)} m {_num(x + sx * (gap + length))} {_num(y)} l S")
            ops.append(f"{_num(x)} {_num(y + sy * gap)} m {_num(x)} {_num(y + sy * (gap + length))} l S")
    ops.append("Q\n")
    return " ".join(ops).encode()
