"""A docutils NodeVisitor that turns a translated, audience-filtered doctree into a
reportlab story (a list of flowables). Inline markup becomes reportlab's paragraph
markup; boxes (objectives, activities, key points, facilitator notes) become tables
that split across pages row by row; tables repeat their header row."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docutils import nodes
from reportlab.lib import colors
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, ListFlowable, ListItem, Spacer, Table, TableStyle, XPreformatted

from samizdat.writers.pdf.paragraph import Paragraph

from samizdat.writers.base import StrictTranslator
from samizdat.writers.pdf.styles import PrintDesign

BOX_FOR = {"sz-keypoints": "keypoints", "sz-activity": "activity", "sz-facilitator": "facilitator"}


class Box(Table):
    """A titled box whose rows split across pages."""


class StoryTranslator(StrictTranslator):
    writer_name = "PDF"

    def __init__(self, document: nodes.document, design: PrintDesign, width: float, image_dir: Path | None = None, image_cache=None):
        super().__init__(document)
        self.image_cache = image_cache
        self.design = design
        self.width = width
        self.image_dir = image_dir
        self.frames: list[list[Flowable]] = [[]]
        self.inline: list[list[str]] | None = None
        self.list_depth = 0
        self.headings: list[tuple[int, str]] = []

    # --- helpers -------------------------------------------------------
    @property
    def story(self) -> list[Flowable]:
        return self.frames[0]

    def add(self, flowable: Flowable) -> None:
        self.frames[-1].append(flowable)

    def style(self, name: str):
        return self.design.paragraph[name]

    def start_inline(self) -> None:
        self.inline = [[]]

    def text(self, markup: str) -> None:
        if self.inline is not None:
            self.inline[-1].append(markup)

    def end_inline(self) -> str:
        parts = self.inline[0] if self.inline else []
        self.inline = None
        return "".join(parts).strip()

    def para(self, markup: str, style: str) -> Paragraph:
        return Paragraph(markup, self.style(style))

    # --- structure -----------------------------------------------------
    def visit_title(self, node):
        self.start_inline()

    def depart_title(self, node):
        level = min(3, max(1, self.section_level))
        markup = self.end_inline()
        self.headings.append((level, markup))
        p = self.para(markup, f"h{level}")
        p._samizdat_heading = level  # type: ignore[attr-defined]
        self.add(p)

    def visit_paragraph(self, node):
        self.start_inline()

    def depart_paragraph(self, node):
        classes = node.get("classes", [])
        style = "meta" if ("sz-module-meta" in classes or "sz-activity-meta" in classes) else ("table" if isinstance(node.parent, nodes.entry) else "body")
        if isinstance(node.parent, nodes.block_quote):
            style = "quote"
        self.add(self.para(self.end_inline(), style))

    def visit_rubric(self, node):
        self.start_inline()

    def depart_rubric(self, node):
        self.add(self.para(self.end_inline(), "label"))

    def visit_container(self, node):
        self.frames.append([])
        if "sz-box" in node.get("classes", []):
            self.width -= 18  # content inside a box is narrower by its padding

    def depart_container(self, node):
        content = self.frames.pop()
        classes = node.get("classes", [])
        if "sz-box" in classes:
            self.width += 18
        if "sz-box" not in classes:
            for f in content:
                self.add(f)
            return
        kind = next((BOX_FOR[c] for c in classes if c in BOX_FOR), "box")
        # a box inside a box (a facilitator note in an activity) is not nested in a cell,
        # which could not split across pages: the outer box pauses around it
        segment: list[Flowable] = []
        for f in content:
            if isinstance(f, Box):
                if segment:
                    self.add(self.box(segment, kind))
                    segment = []
                f.hAlign = "CENTER"
                self.add(f)
            else:
                segment.append(f)
        if segment:
            self.add(self.box(segment, kind))

    def box(self, content: list[Flowable], kind: str) -> Table:
        spec = self.design.boxes.get(kind) or self.design.boxes["box"]
        rows = [[f] for f in self._splittable(content, self.width - 16)] or [[Spacer(1, 1)]]
        box = Box(rows, colWidths=[self.width], splitByRow=1, hAlign="LEFT")  # self.width: the width around the box
        cmds = [
            ("FONTNAME", (0, 0), (-1, -1), self.style("body").fontName),  # else cells name Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]
        if spec.background is not None:
            cmds.append(("BACKGROUND", (0, 0), (-1, -1), spec.background))
        if spec.border is not None:
            dash = (3, 2) if spec.dashed else None
            cmds.append(("BOX", (0, 0), (-1, -1), spec.border_width, spec.border, None, dash))
        if len(rows) > 1:
            cmds.append(("NOSPLIT", (0, 0), (0, 1)))  # never a box's label alone at the foot of a page
        box.setStyle(TableStyle(cmds))
        box.spaceBefore, box.spaceAfter = 4, 8
        box._samizdat_box = kind  # type: ignore[attr-defined]
        return box

    ROW_MAX = 180  # points: a box row never taller than this, so boxes split across any page

    def _splittable(self, content: list[Flowable], width: float) -> list[Flowable]:
        """Rows of a box can't split across pages: cut long paragraphs into pieces and
        lists into one list per item (numbering kept), so every row is short."""
        out: list[Flowable] = []
        for f in content:
            if isinstance(f, ListFlowable) and len(f._flowables) > 1:
                start = f._start if isinstance(f._start, int) else None
                for i, item in enumerate(f._flowables):
                    kw = dict(bulletType=f._bulletType, leftIndent=f._leftIndent if hasattr(f, "_leftIndent") else 14,
                              bulletFontName=self.style("body").fontName, bulletFontSize=self.style("body").fontSize, spaceAfter=2)
                    kw["start"] = (start or 1) + i if f._bulletType == "1" else "•"
                    out.extend(self._splittable([ListFlowable([item], **kw)], width))
            elif isinstance(f, Paragraph):
                piece = f
                while True:
                    _, h = piece.wrap(width, 10_000)
                    if h <= self.ROW_MAX:
                        out.append(piece)
                        break
                    parts = piece.split(width, self.ROW_MAX)
                    if len(parts) < 2:
                        out.append(piece)
                        break
                    out.append(parts[0])
                    piece = parts[1]
            else:
                out.append(f)
        return out

    def visit_facilitator(self, node):
        raise NotImplementedError("facilitator reached the PDF writer: the audience transform did not run")

    def visit_slide_break(self, node):
        raise nodes.SkipNode

    def visit_compound(self, node):
        if "toctree-wrapper" in node.get("classes", []):
            raise nodes.SkipNode

    def depart_compound(self, node): pass

    visit_footnote = visit_footnote_reference = StrictTranslator.skip

    def visit_transition(self, node):
        self.add(HRFlowable(width="100%", thickness=0.7, color=colors.black, spaceBefore=4, spaceAfter=6))
        raise nodes.SkipNode

    # --- lists, tables, blocks -----------------------------------------
    def _list(self, node, bullet_type: str, start: int = 1):
        items = []
        for child in node.children:
            self.frames.append([])
            for grandchild in child.children:
                grandchild.walkabout(self)
            items.append(ListItem(self.frames.pop() or [Spacer(1, 1)]))
        bullet = "bullet" if bullet_type == "bullet" else "1"
        kwargs = dict(bulletType=bullet, start="•" if bullet == "bullet" else start, leftIndent=14, bulletFontName=self.style("body").fontName,
                      bulletFontSize=self.style("body").fontSize, spaceAfter=4)
        self.add(ListFlowable(items, **kwargs))
        raise nodes.SkipNode

    def visit_bullet_list(self, node):
        self._list(node, "bullet")

    def visit_enumerated_list(self, node):
        self._list(node, "1", node.get("start", 1))

    def visit_definition_list(self, node): pass
    def depart_definition_list(self, node): pass
    def visit_definition_list_item(self, node): pass
    def depart_definition_list_item(self, node): pass

    def visit_term(self, node):
        self.start_inline()

    def depart_term(self, node):
        self.add(self.para(f"<b>{self.end_inline()}</b>", "body"))

    def visit_definition(self, node):
        self.frames.append([])

    def depart_definition(self, node):
        content = self.frames.pop()
        from reportlab.platypus import Indenter

        self.add(Indenter(left=14))
        for f in content:
            self.add(f)
        self.add(Indenter(left=-14))

    def visit_block_quote(self, node): pass
    def depart_block_quote(self, node): pass

    def visit_attribution(self, node):
        self.start_inline()

    def depart_attribution(self, node):
        self.add(self.para("— " + self.end_inline(), "quote"))

    def visit_literal_block(self, node):
        self.add(XPreformatted(escape(node.astext()), self.style("code")))
        raise nodes.SkipNode

    def visit_table(self, node):
        self._rows: list[list] = []
        self._head_rows = 0

    def depart_table(self, node):
        ncols = max((len(r) for r in self._rows), default=1)
        rows = [r + [""] * (ncols - len(r)) for r in self._rows]
        table = Table(rows, colWidths=[self.width / ncols] * ncols, repeatRows=self._head_rows, hAlign="LEFT", splitByRow=1)
        cmds = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), self.style("body").fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        if self._head_rows:
            cmds.append(("LINEBELOW", (0, self._head_rows - 1), (-1, self._head_rows - 1), 1.5, colors.black))
        table.setStyle(TableStyle(cmds))
        self.add(table)
        self.add(Spacer(1, 6))

    def visit_tgroup(self, node): pass
    def depart_tgroup(self, node): pass

    def visit_colspec(self, node):
        raise nodes.SkipNode

    def visit_thead(self, node):
        self._in_head = True

    def depart_thead(self, node):
        self._in_head = False

    def visit_tbody(self, node):
        self._in_head = False

    def depart_tbody(self, node): pass

    def visit_row(self, node):
        self._rows.append([])
        if getattr(self, "_in_head", False):
            self._head_rows += 1

    def depart_row(self, node): pass

    def visit_entry(self, node):
        self.frames.append([])

    def depart_entry(self, node):
        content = self.frames.pop()
        if getattr(self, "_in_head", False):
            content = [Paragraph(f"<b>{p.text}</b>", p.style) if isinstance(p, Paragraph) else p for p in content]
        self._rows[-1].append(content)

    def visit_image(self, node):
        uri = node.get("uri", "")
        path = (self.image_dir / uri) if self.image_dir else Path(uri)
        if self.image_cache is not None:
            path = self.image_cache.clean(path)
        img = Image(str(path))
        scale = min(1.0, self.width / img.drawWidth)
        img.drawWidth *= scale
        img.drawHeight *= scale
        self.add(img)
        raise nodes.SkipNode

    def visit_admonition(self, node):
        self.frames.append([])

    def depart_admonition(self, node):
        content = self.frames.pop()
        self.add(self.box(content, "box"))

    visit_note = visit_warning = visit_tip = visit_important = visit_caution = visit_attention = visit_hint = visit_danger = visit_error = visit_seealso = visit_admonition
    depart_note = depart_warning = depart_tip = depart_important = depart_caution = depart_attention = depart_hint = depart_danger = depart_error = depart_seealso = depart_admonition

    def visit_figure(self, node): pass
    def depart_figure(self, node): pass

    def visit_caption(self, node):
        self.start_inline()

    def depart_caption(self, node):
        self.add(self.para(f"<i>{self.end_inline()}</i>", "meta"))

    # --- inlines -------------------------------------------------------
    def visit_Text(self, node):
        self.text(escape(node.astext()).replace("\n", " "))

    def depart_Text(self, node): pass

    def visit_emphasis(self, node): self.text("<i>")
    def depart_emphasis(self, node): self.text("</i>")
    def visit_strong(self, node): self.text("<b>")
    def depart_strong(self, node): self.text("</b>")
    def visit_title_reference(self, node): self.text("<i>")
    def depart_title_reference(self, node): self.text("</i>")
    def visit_subscript(self, node): self.text("<sub>")
    def depart_subscript(self, node): self.text("</sub>")
    def visit_superscript(self, node): self.text("<super>")
    def depart_superscript(self, node): self.text("</super>")

    def visit_literal(self, node):
        code = self.style("code")
        self.text(f'<font face="{code.fontName}" size="{code.fontSize}">{escape(node.astext())}</font>')
        raise nodes.SkipNode

    def visit_reference(self, node):
        url = node.get("refuri", "")
        self._link = url if url.startswith(("http://", "https://", "mailto:")) else ""
        if self._link:
            self.text(f'<a href="{escape(self._link, {chr(34): "&quot;"})}" color="#8a1c1c"><u>')

    def depart_reference(self, node):
        if self._link:
            self.text("</u></a>")
            shown = self._link.removeprefix("mailto:")
            if shown.rstrip("/") not in node.astext():
                meta = self.style("meta")
                self.text(f' <font size="{meta.fontSize - 1}">({escape(shown)})</font>')

    def visit_inline(self, node):
        if "sz-fallback" in node.get("classes", []):
            meta = self.style("meta")
            self.text(f'<font name="{meta.fontName}" size="{meta.fontSize - 1.5}">[{escape(node.astext())}]</font> ')
            raise nodes.SkipNode

    def depart_inline(self, node): pass

    # an unresolved cross-reference (a {term} before resolving): its text, no link
    def visit_pending_xref(self, node): pass
    def depart_pending_xref(self, node): pass

    def visit_verified(self, node):
        self.text(f" ({escape(node.astext())})")
        raise nodes.SkipNode


def doctree_to_story(doctree: nodes.document, design: PrintDesign, width: float, image_dir: Path | None = None, image_cache=None) -> tuple[list[Flowable], list[tuple[int, str]]]:
    visitor = StoryTranslator(doctree, design, width, image_dir, image_cache)
    doctree.walkabout(visitor)
    return visitor.story, visitor.headings


def story_text(story: list[Flowable], indent: int = 0) -> str:
    """The story as text, one flowable a line: what golden tests compare."""
    lines: list[str] = []
    pad = "  " * indent
    for f in story:
        name = type(f).__name__
        if isinstance(f, KeepTogether):
            lines.append(story_text(f._content, indent))
        elif isinstance(f, Paragraph):
            lines.append(f"{pad}Paragraph[{f.style.name}] {f.text}")
        elif isinstance(f, Box):
            lines.append(f"{pad}Box[{getattr(f, '_samizdat_box', '')}]")
            for row in f._cellvalues:
                lines.append(story_text(row[0] if isinstance(row[0], list) else [row[0]], indent + 1))
        elif isinstance(f, ListFlowable):
            lines.append(f"{pad}List[{f._bulletType}]")
            for item in f._flowables:
                lines.append(story_text(item._flowables if isinstance(item, ListItem) else [item], indent + 1))
        elif isinstance(f, Table):
            lines.append(f"{pad}Table[{len(f._cellvalues)}x{len(f._cellvalues[0]) if f._cellvalues else 0}, header rows {f.repeatRows}]")
            for row in f._cellvalues:
                cells = [" ".join(p.text for p in c if isinstance(p, Paragraph)) if isinstance(c, list) else str(c) for c in row]
                lines.append(f"{pad}  | " + " | ".join(cells))
        elif name in ("Spacer", "Indenter"):
            continue
        else:
            lines.append(f"{pad}{name}")
    return "\n".join(x for x in lines if x)
