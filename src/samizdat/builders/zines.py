"""Zines per theme and language (learner audience): every module of the theme on A5
pages (for Letter, the same pages scaled to half-letter) with a cover, contents and a
back cover with the colophon,
padded to a multiple of four with note pages before the back cover, then imposed two-up
on landscape A4 (or Letter) in saddle-stitch order. Low-ink by default."""

from __future__ import annotations

import json
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, TableStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from samizdat.core.errors import ContentError, Problem
from samizdat.core.model import ModuleContent
from samizdat.writers import minizine, print_test
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
        """The files a module's content goes into. Not the print tests: they belong to no
        module and are rewritten only when their bytes change, so their age says nothing
        about a module (as a target, an unchanged print test made every module stale
        after any full re-read, and every later edit laid out every zine again)."""
        theme = docname.split("/")[0]
        return [Path(self.outdir) / f"{theme}-{s}.pdf" for s in ("a4", "letter", "a5")] + self.mini_targets(docname)

    def print_test_targets(self) -> list[Path]:
        return [Path(self.outdir) / f"print-test-{sheet}.pdf" for sheet in ("a4", "letter")]

    def mini_targets(self, docname: str) -> list[Path]:
        return [Path(self.outdir) / f"{docname}-mini-{sheet}.pdf" for sheet in minizine.SHEETS]

    def write_module(self, docname: str, doctree) -> None:
        self.dirty.add(docname.split("/")[0])
        self.dirty_modules.add(docname)
        self.write_mini(docname)

    # --- one module's mini-zine -------------------------------------------
    def write_mini(self, docname: str) -> None:
        """The module's one-sheet mini-zine, A4 and Letter from one layout; a module whose
        text can't fit at 7 pt is refused at its title's line."""
        content = getattr(self.env, "samizdat_docs", {}).get(docname) or ModuleContent()
        words = mini_words(self.env, self.samizdat_config, docname, self.config.language)
        try:
            laid_out = minizine.fit(content, words, hint=content.mini_zine_size or None)
        except minizine.DoesNotFit as exc:
            module = self.curriculum.module_by_docname(docname)
            raise ContentError([Problem(docname, module.body_line if module else 1, mini_problem(exc, self.config.language))]) from None
        sheets = minizine.write(content, words, laid_out)
        for sheet, path in zip(minizine.SHEETS, self.mini_targets(docname)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sheets[sheet])

    def finish_outputs(self) -> None:
        for theme in sorted(self.dirty):
            self.write_theme(theme)
        if self.dirty or not all(t.is_file() for t in self.print_test_targets()):
            self.write_print_tests()

    def write_print_tests(self) -> None:
        """``print-test-<paper>.pdf``: the sheet to print before the zines (written when
        its bytes change, so a rebuild leaves it untouched)."""
        words = print_test.TestWords(
            front_title=labels._("Print test: front"),
            front_text=(labels._("Print this two-page file on both sides, at actual size (100 %), flipping on the short edge: the way you will print the zines."),
                        labels._("Then turn the sheet over like the page of a book.")),
            back_title=labels._("Print test: back"),
            back_text=(labels._("Does this arrow point the same way as the arrow on the front? Then your printer flips on the short edge: print the zines with the same settings."),
                       labels._("Does it point the other way? Choose flipping on the short edge (short-edge binding) and print this sheet again.")),
            scale_text=labels._("The frame is 10 mm from the edge of the paper. If the gap is clearly larger, the printer is scaling the page: choose actual size (100 %)."),
            title=labels._("Print test") + " — " + site_title(self.env.titles, self.samizdat_config),
            language=self.config.language,
        )
        for sheet, path in zip(("a4", "letter"), self.print_test_targets()):
            data = print_test.write(self.design.pages[sheet].size, words)
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)

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


def check_minizine_fit(app, doctree) -> None:
    """Refuse, while Sphinx reads it, a module whose mini-zine can't fit at the smallest
    size, in any language: ``check`` and every build report it before anything is
    written. The size found is kept with the module's content for the zines builder."""
    from sphinx.util import logging

    cur = getattr(app, "samizdat_curriculum", None)
    module = cur.module_by_docname(app.env.docname) if cur else None
    content = getattr(app.env, "samizdat_docs", {}).get(app.env.docname)
    if module is None or content is None:
        return
    words = mini_words(app.env, app.samizdat_config, app.env.docname, app.config.language, titles=False)
    try:
        size, _pages = minizine.fit(content, words)
    except minizine.DoesNotFit as exc:
        logging.getLogger(__name__).error(mini_problem(exc, app.config.language), location=(app.env.docname, module.body_line),
                                          type="samizdat", subtype="minizine-fit")
        return
    app.env.samizdat_docs[app.env.docname] = replace(content, mini_zine_size=size)  # the builder starts there


def mini_words(env, cfg, docname: str, language: str, titles: bool = True) -> minizine.Words:
    """The translated words of a module's mini-zine besides its own text (without the
    titles while Sphinx is still reading: they don't take part in the fit)."""
    titles = env.titles if titles else {}
    theme_doc = docname.split("/")[0] + "/index"
    title = site_title(titles, cfg) if titles else cfg.title
    return minizine.Words(
        site_title=title,
        theme_title=titles[theme_doc].astext() if theme_doc in titles else "",
        module_title=titles[docname].astext() if docname in titles else docname,
        for_heading=labels._("What this is for"),
        help_heading=labels._("Where to get help"),
        help_text=labels._("Before you act on anything here, talk to a refugee-support organisation or a lawyer where you live. Write down who they are and how to reach them:"),
        back_lines=(labels._("Edition %(edition)s, %(date)s") % {"edition": cfg.edition, "date": cfg.date.isoformat()},
                    *caveat_first(colophon_lines(cfg, title)),
                    labels._("Print on one side at actual size (100 %), cut along the dashed line in the middle and fold: the printers' guide shows how.")),
        cut=labels._("cut"),
        language=language,
    )


def caveat_first(lines: list[str]) -> list[str]:
    """The colophon with "general information, not legal advice" first: the back of a
    mini-zine says it before anything else."""
    caveat = labels._("General information, not legal advice: check the current rules with a lawyer or a refugee-support organisation.")
    return [caveat] + [line for line in lines if line != caveat]


def mini_problem(exc: minizine.DoesNotFit, language: str) -> str:
    return (f"the {language} mini-zine does not fit on its sheet even at {minizine.MIN_SIZE:g} pt "
            f"(its text needs {exc.needed:.0%} of the room): shorten this module's {{slide}} blocks or objectives")


def heading_texts(flow: list) -> list[str]:
    """The level-1 headings of a story: what the contents list."""
    return [f.getPlainText() for f in flow if getattr(f, "_samizdat_heading", None) == 1]
