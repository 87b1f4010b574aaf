"""Zines per theme and language (learner audience): every module of the theme on A5
pages (for Letter, the same pages scaled to half-letter) with a cover, contents and a
back cover with the colophon,
padded to a multiple of four with note pages before the back cover, then imposed two-up
on landscape A4 (or Letter) in saddle-stitch order. Low-ink by default."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, TableStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from ..impose import impose, padding
from ..sphinx_ext import labels
from ..colophon import colophon_lines
from ..writers.pdf.document import frame_width
from ..writers.pdf.fonts import make_canvas_class
from ..writers.pdf.story import doctree_to_story
from ..writers.pdf.styles import Page, PrintDesign, load_print_design
from .module_builder import ModuleBuilder



class ZineDoc(BaseDocTemplate):
    """Cover (no folio), then numbered pages; level-1 headings feed the contents."""

    def __init__(self, filename, page: Page, design: PrintDesign, **kw):
        top, right, bottom, left = page.margins
        w, h = page.size
        super().__init__(filename, pagesize=page.size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom, **kw)
        frame = Frame(left, bottom, w - left - right, h - top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        meta = design.paragraph["header"]

        def folio(canvas, doc):
            canvas.saveState()
            canvas.setFont(meta.fontName, meta.fontSize)
            canvas.drawCentredString(w / 2, bottom - 22, str(doc.page))
            canvas.restoreState()

        self.addPageTemplates([PageTemplate(id="cover", frames=[frame]), PageTemplate(id="page", frames=[frame], onPage=folio)])

    def afterFlowable(self, flowable):
        if getattr(flowable, "_samizdat_heading", None) == 1:
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


class ZinesBuilder(ModuleBuilder):
    name = "samizdat-zines"
    samizdat_audience = "learner"
    design_dirs = ("handouts",)

    def init(self) -> None:
        super().init()
        design = load_print_design(self.samizdat_config.handouts_dir, self.samizdat_config.root)
        self.design = design.low_ink() if design.zine_profile == "low-ink" else design
        self.dirty: set[str] = set()

    def targets(self, docname: str) -> list[Path]:
        theme = docname.split("/")[0]
        return [Path(self.outdir) / f"{theme}-{s}.pdf" for s in ("a4", "letter", "a5")]

    def write_module(self, docname: str, doctree) -> None:
        self.dirty.add(docname.split("/")[0])

    def finish_outputs(self) -> None:
        for theme in sorted(self.dirty):
            self.write_theme(theme)

    # --- one theme -------------------------------------------------------
    def write_theme(self, folder: str) -> None:
        theme = next(t for t in self.curriculum.themes if t.folder == folder)
        out = Path(self.outdir)
        lang = self.config.language
        theme_title = self.env.titles[theme.docname].astext() if theme.docname in self.env.titles else folder
        title = self.env.titles["index"].astext() if "index" in self.env.titles else self.samizdat_config.title
        doctrees = [(self.env.get_and_resolve_doctree(m.docname, self), Path(self.srcdir)) for m in theme.modules]
        # one layout on A5; the Letter zine places the same pages on half-letter (scaled to
        # 94 %), which halves the work and keeps both editions page for page identical
        page = self.design.pages["a5"]
        reading = self.reading_order(doctrees, page, theme_title, title, lang)
        (out / f"{folder}-a5.pdf").write_bytes(reading)
        for sheet in ("a4", "letter"):
            impose(out / f"{folder}-a5.pdf", out / f"{folder}-{sheet}.pdf", self.design.pages[sheet].size,
                   self.design.zine_marks, f"{theme_title} — {title}")

    def reading_order(self, doctrees: list, page: Page, theme_title: str, title: str, lang: str) -> bytes:
        p = self.design.paragraph
        width = frame_width(page)
        story: list = [
            Spacer(1, 40 * mm), Paragraph(theme_title, p["cover_title"]), Paragraph(title, p["cover_sub"]),
            Spacer(1, 6 * mm), Paragraph(labels._("Edition %(edition)s, %(date)s") % {"edition": self.samizdat_config.edition, "date": self.samizdat_config.date.isoformat()}, p["cover_sub"]),
            NextPageTemplate("page"), PageBreak(),
        ]
        toc = TableOfContents()
        toc.levelStyles = [p["body"]]
        toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), p["body"].fontName), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        story += [Paragraph(labels._("Contents"), p["h2"]), toc]
        for dt, image_dir in doctrees:
            flow, _ = doctree_to_story(dt.deepcopy(), self.design, width, image_dir, image_cache=self.image_cache)
            story += [PageBreak(), *flow]
        main = BytesIO()
        doc = ZineDoc(main, page, self.design, title=f"{theme_title} — {title}", author="", subject="", creator="", producer="", lang=lang)
        doc.multiBuild(story, canvasmaker=make_canvas_class())
        back = self.single_page(page, self.colophon_story(width), title)
        lines = [HRFlowable(width="100%", thickness=0.4, color=colors.black, spaceBefore=17, spaceAfter=0) for _ in range(20)]
        notes = self.single_page(page, [Paragraph(labels._("Notes"), p["h2"]), *lines], title)
        reader = PdfReader(BytesIO(main.getvalue()))
        writer = PdfWriter()
        for pg in reader.pages:
            writer.add_page(pg)
        total = len(reader.pages) + 1
        for _ in range(padding(total)):
            writer.add_page(PdfReader(BytesIO(notes)).pages[0])
        writer.add_page(PdfReader(BytesIO(back)).pages[0])
        writer.add_metadata({"/Title": f"{theme_title} — {title}", "/Producer": "", "/Creator": "", "/Lang": lang})
        out = BytesIO()
        writer._ID = None
        writer.write(out)
        return out.getvalue()

    def colophon_story(self, width: float) -> list:
        p = self.design.paragraph
        cfg = self.samizdat_config
        title = self.env.titles["index"].astext() if "index" in self.env.titles else cfg.title
        lines = [
            labels._("Print at actual size (100 %), on both sides, flipping on the short edge, on an ordinary office printer. Fold the stack in half and staple twice on the fold."),
            *colophon_lines(cfg, title),
        ]
        return [Spacer(1, 60 * mm)] + [Paragraph(line, p["meta"]) for line in lines if line]

    def single_page(self, page: Page, story: list, title: str) -> bytes:
        buf = BytesIO()
        doc = ZineDoc(buf, page, self.design, title=title, author="", subject="", creator="", producer="")
        doc.build([NextPageTemplate("cover"), *story], canvasmaker=make_canvas_class())
        return buf.getvalue()
