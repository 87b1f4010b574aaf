"""Zines per theme and language (learner audience): every module of the theme on A5
pages (for Letter, the same pages scaled to half-letter) with a cover, contents and a
back cover with the colophon,
padded to a multiple of four with note pages before the back cover, then imposed two-up
on landscape A4 (or Letter) in saddle-stitch order. Low-ink by default."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, TableStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from samizdat.writers.impose import impose, padding
from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.colophon import colophon_lines, site_title
from samizdat.writers.pdf.document import frame_width
from samizdat.writers.pdf.fonts import make_canvas_class
from samizdat.writers.pdf.paragraph import Paragraph
from samizdat.writers.pdf.story import doctree_to_story
from samizdat.writers.pdf.styles import Page, PrintDesign, load_print_design
from samizdat.builders.module_builder import ModuleBuilder



class ZineDoc(BaseDocTemplate):
    """Cover (no folio), then numbered pages starting at ``first_folio``; level-1
    headings are recorded with their page numbers for the contents."""

    def __init__(self, filename, page: Page, design: PrintDesign, first_folio: int = 1, first_template: str = "cover", **kw):
        top, right, bottom, left = page.margins
        w, h = page.size
        super().__init__(filename, pagesize=page.size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom, **kw)
        frame = Frame(left, bottom, w - left - right, h - top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        meta = design.paragraph["header"]
        self.offset = first_folio - 1
        self.entries: list[tuple[int, str, int, None]] = []

        def folio(canvas, doc):
            canvas.saveState()
            canvas.setFont(meta.fontName, meta.fontSize)
            canvas.drawCentredString(w / 2, bottom - 22, str(doc.page + doc.offset))
            canvas.restoreState()

        templates = [PageTemplate(id="cover", frames=[frame]), PageTemplate(id="page", frames=[frame], onPage=folio)]
        self.addPageTemplates(sorted(templates, key=lambda t: t.id != first_template))

    def afterFlowable(self, flowable):
        if getattr(flowable, "_samizdat_heading", None) == 1:
            self.entries.append((0, flowable.getPlainText(), self.page + self.offset, None))


class ZinesBuilder(ModuleBuilder):
    name = "samizdat-zines"
    samizdat_audience = "learner"
    design_dirs = ("handouts",)

    def init(self) -> None:
        super().init()
        design = load_print_design(self.samizdat_config.handouts_dir, self.samizdat_config.root)
        self.design = design.low_ink() if design.zine_profile == "low-ink" else design
        self.dirty: set[str] = set()  # themes
        self.dirty_modules: set[str] = set()
        self._back_and_notes: tuple[bytes, bytes] | None = None

    def targets(self, docname: str) -> list[Path]:
        theme = docname.split("/")[0]
        return [Path(self.outdir) / f"{theme}-{s}.pdf" for s in ("a4", "letter", "a5")]

    def write_module(self, docname: str, doctree) -> None:
        self.dirty.add(docname.split("/")[0])
        self.dirty_modules.add(docname)

    def finish_outputs(self) -> None:
        for theme in sorted(self.dirty):
            self.write_theme(theme)

    # --- one theme -------------------------------------------------------
    def write_theme(self, folder: str) -> None:
        theme = next(t for t in self.curriculum.themes if t.folder == folder)
        out = Path(self.outdir)
        theme_title = self.env.titles[theme.docname].astext() if theme.docname in self.env.titles else folder
        title = site_title(self.env.titles, self.samizdat_config)
        # one layout on A5; the Letter zine places the same pages on half-letter (scaled to
        # 94 %), which halves the work and keeps both editions page for page identical
        reading, pages = self.reading_order([m.docname for m in theme.modules], self.design.pages["a5"], theme_title, title)
        (out / f"{folder}-a5.pdf").write_bytes(reading)
        for sheet in ("a4", "letter"):  # imposed from the pages already open, not from the file
            impose(pages, out / f"{folder}-{sheet}.pdf", self.design.pages[sheet].size,
                   self.design.zine_marks, f"{theme_title} — {title}", id_source=reading)

    def reading_order(self, docnames: list[str], page: Page, theme_title: str, title: str) -> tuple[bytes, list]:
        """The zine in reading order (the PDF, and its pages as pypdf pages): cover and
        contents, the modules, note pages, back cover.

        Each module is laid out on its own (it starts on a new page anyway) and kept in
        ``.zine-pages/`` with the folio it started at: after an edit, only the edited
        module is laid out again, and the ones after it only if its page count changed.
        The contents are laid out apart, first with placeholder page numbers to know how
        many pages they take, so reportlab's two-pass ``multiBuild`` is not needed."""
        width = frame_width(page)
        flows: dict[str, list] = {}

        def flow(docname: str) -> list:
            if docname not in flows:
                dt = self.env.get_and_resolve_doctree(docname, self)
                flows[docname] = doctree_to_story(dt, self.design, width, Path(self.srcdir), image_cache=self.image_cache)[0]
            return flows[docname]

        cached = {d: (None if d in self.dirty_modules else self.cached_module(d)) for d in docnames}
        headings = [h for d in docnames for h in (cached[d]["headings"] if cached[d] else heading_texts(flow(d)))]
        first = cached[docnames[0]] if docnames else None
        if first is not None:  # the contents took this many pages last time: most likely still
            guess = first["first_folio"] - 1
        else:
            guess = len(self.front_matter(page, theme_title, title, [(0, h, 999, None) for h in headings]))
        for _attempt in range(3):
            folio = guess + 1
            parts = []
            for d in docnames:
                part = cached[d]
                if part is None or part["first_folio"] != folio:
                    part = cached[d] = self.lay_out_module(d, flow(d), page, folio, f"{theme_title} — {title}")
                parts.append(part)
                folio += part["pages"]
            entries = [tuple(e) for part in parts for e in part["entries"]]
            front = self.front_matter(page, theme_title, title, entries)
            if len(front) == guess:
                break
            guess = len(front)  # real page numbers changed the contents' length: lay out again
        back, notes = self.back_and_notes(page, width, title)
        pages = list(front)
        for d in docnames:
            pages += PdfReader(self.module_pdf(d)).pages
        notes_page = PdfReader(BytesIO(notes)).pages[0]
        pages += [notes_page] * padding(len(pages) + 1) + [PdfReader(BytesIO(back)).pages[0]]
        writer = PdfWriter()
        for pg in pages:
            writer.add_page(pg)
        writer.add_metadata({"/Title": f"{theme_title} — {title}", "/Producer": "", "/Creator": "", "/Lang": self.config.language})
        out = BytesIO()
        writer._ID = None
        writer.write(out)
        return out.getvalue(), pages

    def module_pdf(self, docname: str) -> Path:
        return Path(self.outdir) / ".zine-pages" / f"{docname}.pdf"

    def cached_module(self, docname: str) -> dict | None:
        """What ``lay_out_module`` recorded for ``docname``, if its pages are still there."""
        pdf = self.module_pdf(docname)
        try:
            record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if pdf.is_file() else None

    def lay_out_module(self, docname: str, flow: list, page: Page, first_folio: int, title: str) -> dict:
        """One module's zine pages, numbered from ``first_folio``; kept for the next build."""
        buf = BytesIO()
        doc = ZineDoc(buf, page, self.design, first_folio=first_folio, first_template="page", title=title,
                      author="", subject="", creator="", producer="", lang=self.config.language)
        doc.build(list(flow) or [Spacer(1, 1)], canvasmaker=make_canvas_class())
        record = {"first_folio": first_folio, "pages": doc.page, "entries": doc.entries, "headings": heading_texts(flow)}
        pdf = self.module_pdf(docname)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(buf.getvalue())
        pdf.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return record

    def front_matter(self, page: Page, theme_title: str, title: str, entries: list) -> list:
        """Cover and contents pages (pypdf pages) for the given contents entries."""
        p = self.design.paragraph
        toc = TableOfContents()
        toc.levelStyles = [p["body"]]
        toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), p["body"].fontName), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        toc._lastEntries = list(entries)
        story: list = [
            Spacer(1, 40 * mm), Paragraph(theme_title, p["cover_title"]), Paragraph(title, p["cover_sub"]),
            Spacer(1, 6 * mm), Paragraph(labels._("Edition %(edition)s, %(date)s") % {"edition": self.samizdat_config.edition, "date": self.samizdat_config.date.isoformat()}, p["cover_sub"]),
            NextPageTemplate("page"), PageBreak(), Paragraph(labels._("Contents"), p["h2"]),
        ]
        if entries:
            story.append(toc)
        buf = BytesIO()
        ZineDoc(buf, page, self.design, title=title, author="", subject="", creator="", producer="").build(story, canvasmaker=make_canvas_class())
        return list(PdfReader(BytesIO(buf.getvalue())).pages)

    def back_and_notes(self, page: Page, width: float, title: str) -> tuple[bytes, bytes]:
        """The back cover (colophon) and a note page: the same for every theme."""
        if self._back_and_notes is None:
            p = self.design.paragraph
            lines = [HRFlowable(width="100%", thickness=0.4, color=colors.black, spaceBefore=17, spaceAfter=0) for _ in range(20)]
            self._back_and_notes = (self.single_page(page, self.colophon_story(width), title),
                                    self.single_page(page, [Paragraph(labels._("Notes"), p["h2"]), *lines], title))
        return self._back_and_notes

    def colophon_story(self, width: float) -> list:
        p = self.design.paragraph
        cfg = self.samizdat_config
        title = site_title(self.env.titles, cfg)
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


def heading_texts(flow: list) -> list[str]:
    """The level-1 headings of a story: what the contents list."""
    return [f.getPlainText() for f in flow if getattr(f, "_samizdat_heading", None) == 1]
