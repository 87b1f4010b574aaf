"""Handouts per module (learner audience): A4 and Letter PDFs through reportlab, and
editable DOCX and ODT through the Pandoc writer."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..reproducible import repack_zip
from ..sphinx_ext import labels
from ..writers.deck import finalize_office
from ..writers.pandoc_batch import PandocJob
from ..colophon import colophon_lines
from ..writers.pandoc import doctree_to_ast, meta_string, text_inlines
from ..writers.pdf.document import Running, build_pdf, frame_width
from ..writers.pdf.story import doctree_to_story, story_text
from ..writers.pdf.styles import load_print_design
from .module_builder import ModuleBuilder


def page_label(page: int, pages: int) -> str:
    return labels._("Page %(page)d of %(pages)d") % {"page": page, "pages": pages}


def site_title(env, cfg) -> str:
    t = env.titles.get("index")
    return t.astext() if t is not None else cfg.title


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
        running = Running(site_title(self.env, self.samizdat_config), title, page_label)
        image_dir = Path(self.srcdir)
        (out / docname).parent.mkdir(parents=True, exist_ok=True)
        for size in ("a4", "letter"):
            page = self.design.pages[size]
            story, _ = doctree_to_story(doctree.deepcopy(), self.design, frame_width(page), image_dir, image_cache=self.image_cache)
            story += colophon_story(self.design, colophon_lines(self.samizdat_config, running.left))
            if size == "a4":  # the story as text, for golden tests and reviews
                (out / f"{docname}.story.txt").write_text(story_text(story) + "\n", encoding="utf-8")
            build_pdf(out / f"{docname}-{size}.pdf", story, self.design, page, running, title, lang)
        ast = doctree_to_ast(doctree, image_cache=self.image_cache, image_root=image_dir)
        ast["meta"] = {"title": meta_string(title), "lang": meta_string(lang)}
        ast["blocks"].append({"t": "HorizontalRule"})
        ast["blocks"] += [{"t": "Para", "c": text_inlines(line)} for line in colophon_lines(self.samizdat_config, running.left)]
        text = json.dumps(ast, ensure_ascii=False)
        self.pandoc.submit(PandocJob(docname, ast, "docx", out / f"{docname}.docx", then=lambda p: finalize_office(p, title)), text)
        self.pandoc.submit(PandocJob(docname, ast, "odt", out / f"{docname}.odt", standalone=True, then=lambda p: finalize_odt(p, title)), text)


def colophon_story(design, lines: list[str]) -> list:
    """The colophon at the end of a printed document, small and kept together."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph
    from reportlab.lib import colors

    return [KeepTogether([HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceBefore=10, spaceAfter=4),
                          *[Paragraph(escape(line), design.paragraph["header"]) for line in lines]])]


def finalize_odt(path: Path, title: str) -> None:
    """No generator, dates or names in meta.xml; fixed zip times, mimetype first."""
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    if "meta.xml" in entries:
        entries["meta.xml"] = (
            '<?xml version="1.0" encoding="utf-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>'
            f"<dc:title>{escape(title)}</dc:title></office:meta></office:document-meta>"
        ).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    repack_zip(path, first="mimetype")
