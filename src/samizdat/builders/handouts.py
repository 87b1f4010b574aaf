"""Handouts per module (learner audience): A4 and Letter PDFs through reportlab, and
editable DOCX and ODT through the Pandoc writer."""

from __future__ import annotations

import json
from pathlib import Path

from samizdat.core.reproducible import read_zip, write_zip
from samizdat.sphinx_ext import labels
from samizdat.writers.deck import finalize_office
from samizdat.writers.pandoc_batch import PandocJob
from samizdat.sphinx_ext.colophon import colophon_lines, site_title
from samizdat.writers.pandoc import doctree_to_ast, meta_string, text_inlines
from samizdat.writers.pdf.document import Running, build_pdf, frame_width
from samizdat.writers.pdf.story import doctree_to_story
from samizdat.writers.impose import reframe
from samizdat.writers.pdf.styles import Page, load_print_design
from samizdat.builders.module_builder import ModuleBuilder


def page_label(page: int, pages: int) -> str:
    return labels._("Page %(page)d of %(pages)d") % {"page": page, "pages": pages}


class HandoutsBuilder(ModuleBuilder):
    name = "samizdat-handouts"
    samizdat_audience = "learner"
    suffixes = ("-a4.pdf", "-letter.pdf", ".docx", ".odt")
    design_dirs = ("handouts",)

    def init(self) -> None:
        super().init()
        self.design = load_print_design(self.samizdat_config.handouts_dir, self.samizdat_config.root)

    def module_title(self, doctree) -> str:
        from docutils import nodes

        t = next(iter(doctree.findall(nodes.title)), None)
        return t.astext() if t is not None else ""

    def write_module(self, docname: str, doctree) -> None:
        out = Path(self.outdir)
        title = self.module_title(doctree)
        lang = self.config.language
        running = Running(site_title(self.env.titles, self.samizdat_config), title, page_label)
        image_dir = Path(self.srcdir)
        (out / docname).parent.mkdir(parents=True, exist_ok=True)
        a4, letter = self.design.pages["a4"], self.design.pages["letter"]
        shift = same_text_block(a4, letter)
        for size in ("a4",) if shift else ("a4", "letter"):
            page = self.design.pages[size]
            story, _ = doctree_to_story(doctree.deepcopy(), self.design, frame_width(page), image_dir, image_cache=self.image_cache)
            story += colophon_story(self.design, colophon_lines(self.samizdat_config, running.left))
            build_pdf(out / f"{docname}-{size}.pdf", story, self.design, page, running, title, lang)
        if shift:  # one layout: the A4 pages, moved onto Letter (page for page the same)
            reframe((out / f"{docname}-a4.pdf").read_bytes(), out / f"{docname}-letter.pdf", letter.size, *shift)
        ast = doctree_to_ast(doctree, image_cache=self.image_cache, image_root=image_dir)
        ast["meta"] = {"title": meta_string(title), "lang": meta_string(lang)}
        ast["blocks"].append({"t": "HorizontalRule"})
        ast["blocks"] += [{"t": "Para", "c": text_inlines(line)} for line in colophon_lines(self.samizdat_config, running.left)]
        text = json.dumps(ast, ensure_ascii=False)
        self.pandoc.submit(PandocJob(docname, "docx", out / f"{docname}.docx", then=lambda p: finalize_office(p, title)), text)
        self.pandoc.submit(PandocJob(docname, "odt", out / f"{docname}.odt", standalone=True, then=lambda p: finalize_odt(p, title)), text)


def same_text_block(a: Page, b: Page) -> tuple[float, float] | None:
    """If pages ``a`` and ``b`` have text blocks of the same size (and their running
    footer, centred on the page, sits at the same place in the block), the (dx, dy) that
    moves ``a``'s block onto ``b``'s; else None. Then one layout serves both."""
    ta, ra, ba, la = a.margins
    tb, rb, bb, lb = b.margins
    wa, ha = a.size[0] - la - ra, a.size[1] - ta - ba
    wb, hb = b.size[0] - lb - rb, b.size[1] - tb - bb
    if abs(wa - wb) > 0.25 or abs(ha - hb) > 0.25 or abs((la - ra) - (lb - rb)) > 0.25:  # points
        return None
    return lb - la, bb - ba


def colophon_story(design, lines: list[str]) -> list:
    """The colophon at the end of a printed document, small and kept together."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, KeepTogether

    from samizdat.writers.pdf.paragraph import Paragraph

    return [KeepTogether([HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceBefore=10, spaceAfter=4),
                          *[Paragraph(escape(line), design.paragraph["header"]) for line in lines]])]


def finalize_odt(path: Path, title: str) -> None:
    """No generator, dates or names in meta.xml; fixed zip times, mimetype first."""
    from xml.sax.saxutils import escape

    entries = read_zip(path)
    if "meta.xml" in entries:
        entries["meta.xml"] = (
            '<?xml version="1.0" encoding="utf-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>'
            f"<dc:title>{escape(title)}</dc:title></office:meta></office:document-meta>"
        ).encode("utf-8")
    write_zip(path, entries, first="mimetype")
