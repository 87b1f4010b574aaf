"""The one-sheet mini-zine of a module: eight small pages on one side of an A4 or Letter
sheet, cut once along the middle and folded into a pocket booklet.

The sheet is landscape, four panels wide and two high. In the standard fold-and-cut
order the bottom row holds pages 6, 7, 8 (back) and 1 (cover), the top row pages 5, 4,
3, 2, upside down. Pages 2 to 7 carry one flowing text: what the module is for, the key
points of each section (its ``{slide}`` blocks, collected as ``ModuleContent.key_points``)
and where to get help; it is measured to fit at the largest size from ``SIZES`` (down
to 7 pt, the smallest legible size on paper this small), or the module is refused.

One layout serves both papers: the text box is the same on A4 and Letter (the smaller
panel of the two, less the printer's margin), centred in each paper's panels."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, HRFlowable, KeepTogether, Spacer

from samizdat.core.model import ModuleContent
from samizdat.writers.pdf.fonts import font_name, make_canvas_class, register_fonts
from samizdat.writers.pdf.paragraph import Paragraph

#: reading page -> (column from the left, row from the bottom, upside down)
PANELS: dict[int, tuple[int, int, bool]] = {
    1: (3, 0, False), 2: (3, 1, True), 3: (2, 1, True), 4: (1, 1, True),
    5: (0, 1, True), 6: (0, 0, False), 7: (1, 0, False), 8: (2, 0, False),
}
SHEETS = {"a4": A4, "letter": letter}
SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)  # body sizes tried, largest first; 7 pt is the floor
MIN_SIZE = SIZES[-1]
PADDING = 6 * mm  # from every panel edge: printers can't print the outer 4-5 mm
FOLIO_ROOM = 9.0  # points under the text for the page number


def _panel(sheet: str) -> tuple[float, float]:
    w, h = max(SHEETS[sheet]), min(SHEETS[sheet])
    return w / 4, h / 2


#: the text box of every page, on both papers: the smaller panel less the padding
BOX_W = min(_panel(s)[0] for s in SHEETS) - 2 * PADDING
BOX_H = min(_panel(s)[1] for s in SHEETS) - 2 * PADDING


@dataclass(frozen=True)
class Words:
    """The translated words around the module's own text (labels, the colophon)."""

    site_title: str
    theme_title: str
    module_title: str
    for_heading: str        # "What this is for"
    help_heading: str       # "Where to get help"
    help_text: str
    back_lines: tuple[str, ...]  # edition; "not legal advice"; the colophon and how to print
    cut: str                # "cut"
    language: str


class DoesNotFit(Exception):
    """The module's text needs more than six pages at the smallest size."""

    def __init__(self, overflow: float) -> None:
        super().__init__(f"{overflow:.0%} of the space")
        self.needed = overflow


def _styles(size: float) -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("mz-body", fontName=font_name("sans"), fontSize=size, leading=round(size * 1.22, 2),
                          spaceAfter=size * 0.25, textColor="#000000")
    return {
        "body": body,
        "bullet": ParagraphStyle("mz-bullet", parent=body, leftIndent=_bullet_width(size),
                                 firstLineIndent=-_bullet_width(size), spaceAfter=size * 0.2),
        "h": ParagraphStyle("mz-h", parent=body, fontName=font_name("sans", bold=True), fontSize=size + 1,
                            leading=round((size + 1) * 1.2, 2), spaceBefore=size * 0.6, spaceAfter=size * 0.25,
                            keepWithNext=True),
    }


def _bullet_width(size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth("•\u00a0", font_name("sans"), size)


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph; with ``bullet``, the bullet starts the first line and the following
    lines hang at the text's indent (one text object: reportlab's separate bullet text
    cost more than the rest of the line)."""
    if bullet is None:
        return Paragraph(escape(text), style)
    return Paragraph(escape(f"{bullet}\u00a0{text}"), style)


def inner_story(content: ModuleContent, words: Words, size: float) -> list[list[Flowable]]:
    """Pages 2 to 7 as one flow at body ``size``, in groups that stay on one page
    (a heading with its first point; the help block); a group of one may split."""
    st = _styles(size)
    groups: list[list[Flowable]] = []

    def section(heading: str, points: tuple[str, ...]) -> None:
        items = [_p(point, st["bullet"], "•") for point in points]
        head = [_p(heading, st["h"])] if heading else []
        groups.append(head + items[:1])
        groups.extend([item] for item in items[1:])

    if content.objectives:
        section(words.for_heading, content.objectives)
    for kp in content.key_points:
        section(kp.title, kp.points)
    rules = [HRFlowable(width="100%", thickness=0.5, color="#000000", spaceBefore=size * 1.7, spaceAfter=0) for _ in range(3)]
    groups.append([_p(words.help_heading, st["h"]), _p(words.help_text, st["body"]), *rules])
    return groups


def fit(content: ModuleContent, words: Words, hint: float | None = None) -> tuple[float, list[list[Flowable]]]:
    """The largest size in ``SIZES`` at which pages 2-7 hold the whole flow, and the
    flowables of each page; ``DoesNotFit`` (with how much room the 7 pt text needs)
    otherwise. A binary search (at most three layouts); ``hint``, the size found when
    Sphinx read the module, is trusted when it still fits (one layout)."""
    if hint in SIZES:
        pages = paginate(inner_story(content, words, hint), 6)
        if pages is not None:
            return hint, pages
    lo, hi, best = 0, len(SIZES) - 1, None  # SIZES[lo] is the largest untried
    while lo <= hi:
        mid = (lo + hi) // 2
        pages = paginate(inner_story(content, words, SIZES[mid]), 6)
        if pages is not None:
            best, hi = (SIZES[mid], pages), mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return best
    groups = inner_story(content, words, MIN_SIZE)
    total = sum(f.wrap(BOX_W, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for g in groups for f in g)
    raise DoesNotFit(total / (6 * TEXT_H))


TEXT_H = BOX_H - FOLIO_ROOM
_FUZZ = 1e-6


def paginate(groups: list[list[Flowable]], pages: int) -> list[list[Flowable]] | None:
    """Fill ``pages`` text boxes with ``groups`` as a reportlab Frame would (no space
    before the first flowable of a page); None when the flow needs more pages. A group
    that does not fit moves to the next page; on an empty page its flowables go one by
    one, and a paragraph too long for the room left splits."""
    out: list[list[Flowable]] = []
    queue = [list(g) for g in groups]
    for _ in range(pages):
        room, placed = TEXT_H, []
        while queue:
            group = queue[0]
            need = _group_height(group, room, not placed)
            if need is not None:
                room -= need
                placed += group
                queue.pop(0)
                continue
            if len(group) > 1 and not placed:  # a group taller than a whole page: one by one
                queue[0:1] = [[f] for f in group]
                continue
            if len(group) == 1:  # a paragraph splits between lines
                before = group[0].getSpaceBefore() if placed else 0
                parts = group[0].split(BOX_W, room - before)
                if len(parts) == 2:
                    placed.append(parts[0])
                    queue[0] = [parts[1]]
            if not placed:
                return None  # not even a line fits on an empty page
            break
        out.append(placed)
        if not queue:
            return out + [[] for _ in range(pages - len(out))]
    return None


def _group_height(group: list[Flowable], room: float, at_top: bool) -> float | None:
    """The height ``group`` takes (spaces included), or None if it does not fit in ``room``."""
    used = 0.0
    for i, f in enumerate(group):
        before = 0 if (at_top and i == 0) else f.getSpaceBefore()
        h = f.wrap(BOX_W, room - used - before)[1]
        if used + before + h > room + _FUZZ:
            return None
        used += before + h + f.getSpaceAfter()
    return used


def write(content: ModuleContent, words: Words, laid_out: tuple[float, list[list[Flowable]]] | None = None) -> dict[str, bytes]:
    """The mini-zine on each sheet of ``SHEETS``: one-page PDFs by sheet name.

    Each page's content is drawn once, as a form, and placed on both papers' sheets
    (one document, one font subset), then the sheets are written as separate files."""
    size, pages = laid_out or fit(content, words)
    buf = BytesIO()
    first = max(SHEETS["a4"]), min(SHEETS["a4"])
    canvas = make_canvas_class()(buf, pagesize=first, invariant=1, pageCompression=1)
    hook = content.key_points[0].points[0] if content.key_points and content.key_points[0].points else ""
    for page in PANELS:
        canvas.beginForm(f"p{page}", lowerx=0, lowery=0, upperx=BOX_W, uppery=BOX_H)
        if page == 1:
            _cover(canvas, words, hook)
        elif page == 8:
            _back(canvas, words)
        else:
            _draw_flow(canvas, pages[page - 2])
            canvas.setFont(font_name("sans"), MIN_SIZE)
            canvas.drawCentredString(BOX_W / 2, 0, str(page))
        canvas.endForm()
    for sheet in SHEETS:
        sheet_w, sheet_h = max(SHEETS[sheet]), min(SHEETS[sheet])
        canvas.setPageSize((sheet_w, sheet_h))
        pw, ph = sheet_w / 4, sheet_h / 2
        _guides(canvas, sheet_w, sheet_h, words.cut)
        for page, (col, row, flipped) in PANELS.items():
            canvas.saveState()
            if flipped:  # turned about the panel's centre
                canvas.translate(col * pw + pw, row * ph + ph)
                canvas.rotate(180)
            else:
                canvas.translate(col * pw, row * ph)
            canvas.translate((pw - BOX_W) / 2, (ph - BOX_H) / 2)
            canvas.doForm(f"p{page}")
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    reader = PdfReader(BytesIO(buf.getvalue()))
    out: dict[str, bytes] = {}
    for i, sheet in enumerate(SHEETS):
        writer = PdfWriter()
        writer.add_page(reader.pages[i])
        writer.add_metadata({"/Title": f"{words.module_title} — {words.site_title}", "/Producer": "", "/Creator": ""})
        writer._root_object[NameObject("/Lang")] = TextStringObject(words.language)
        data = BytesIO()
        digest = hashlib.md5(buf.getvalue() + sheet.encode()).digest()
        writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
        writer.write(data)
        out[sheet] = data.getvalue()
    return out


def _draw_flow(canvas, flowables: list[Flowable]) -> None:
    """Draw one page's flowables from the top of its text box, as ``paginate`` measured."""
    y = BOX_H
    for i, f in enumerate(flowables):
        if i:
            y -= f.getSpaceBefore()
        _, h = f.wrap(BOX_W, y - FOLIO_ROOM)
        y -= h
        f.drawOn(canvas, 0, y)
        y -= f.getSpaceAfter()


def _cover(canvas, words: Words, hook: str) -> None:
    """Page 1: the curriculum and theme above, the module's title and one line under it,
    the edition at the foot."""
    styles = _styles(8)
    kicker = ParagraphStyle("mz-kicker", parent=styles["body"], fontSize=7.5, leading=9.5)
    blocks: list[Flowable] = [_p(words.site_title, kicker), _p(words.theme_title, kicker), Spacer(1, 14 * mm)]
    for title_size in (17, 15, 13, 11):
        title = ParagraphStyle("mz-title", parent=styles["h"], fontSize=title_size, leading=title_size * 1.15, spaceAfter=6)
        para = _p(words.module_title, title)
        if para.wrap(BOX_W, BOX_H)[1] <= 4 * title_size * 1.15:
            break
    blocks.append(para)
    if hook:
        blocks.append(_p(hook, ParagraphStyle("mz-hook", parent=styles["body"], fontSize=9, leading=11.5)))
    _draw_flow(canvas, blocks)
    canvas.setLineWidth(1.2)
    canvas.line(0, 14 * mm, BOX_W, 14 * mm)
    foot = ParagraphStyle("mz-foot", parent=kicker)
    _draw_at_foot(canvas, [_p(words.back_lines[0], foot)], 9 * mm)


def _back(canvas, words: Words) -> None:
    """Page 8: "not legal advice" at the top, the colophon and how to print at the foot."""
    caveat, *colophon = words.back_lines[1:]
    body = ParagraphStyle("mz-back", parent=_styles(MIN_SIZE)["body"], fontSize=7.5, leading=9.5, spaceAfter=4)
    _draw_flow(canvas, [_p(caveat, ParagraphStyle("mz-caveat", parent=_styles(8.5)["h"], spaceBefore=0))])
    _draw_at_foot(canvas, [_p(line, body) for line in colophon], 0)


def _draw_at_foot(canvas, flowables: list[Flowable], bottom: float) -> None:
    """Draw ``flowables`` so that the last one ends at ``bottom``."""
    heights = [f.wrap(BOX_W, BOX_H)[1] for f in flowables]
    y = bottom + sum(heights) + sum(f.getSpaceAfter() for f in flowables[:-1])
    for f, h in zip(flowables, heights):
        y -= h
        f.drawOn(canvas, 0, y)
        y -= f.getSpaceAfter()


def _guides(canvas, w: float, h: float, cut: str) -> None:
    """Fold lines (dotted) between all panels, the cut (dashed, labelled) across the
    middle two panels: thin and black, so a photocopier keeps them."""
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setDash(1, 2)
    for x in (w / 4, w / 2, 3 * w / 4):
        canvas.line(x, 0, x, h)
    canvas.line(0, h / 2, w / 4, h / 2)
    canvas.line(3 * w / 4, h / 2, w, h / 2)
    canvas.setLineWidth(0.8)
    canvas.setDash(4, 2)
    canvas.line(w / 4, h / 2, 3 * w / 4, h / 2)
    canvas.setFont(font_name("sans"), MIN_SIZE)
    label = f"{cut}  ✂" if False else cut
    canvas.drawCentredString(w / 2 - w / 8, h / 2 - 9, label)
    canvas.drawCentredString(w / 2 + w / 8, h / 2 - 9, label)
    canvas.restoreState()
