"""One EPUB 3 of the whole curriculum per language (learner audience).

The title comes from the translated home page; the zip is written again with fixed entry
times and order (``reproducible.write_zip``) so an edition gives the same bytes anywhere.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx.builders.epub3 import Epub3Builder

from samizdat.core.reproducible import write_zip
from samizdat.builders.outdated import CleanImagesMixin, DoctreeAwareOutdated, TemplateCacheMixin
from samizdat.sphinx_ext import labels


class ReaderEpubBuilder(TemplateCacheMixin, CleanImagesMixin, DoctreeAwareOutdated, Epub3Builder):
    name = "epub"  # Sphinx drops the ?v= query from asset links only for a builder named "epub"
    samizdat_audience = "learner"

    @property
    def html_tag(self) -> str:  # type: ignore[override]
        """Every document says its language (Sphinx's EPUB tag has none)."""
        lang = html.escape(self.config.language or "en")
        return f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">'

    def _title(self) -> str:
        title = self.env.titles.get(self.config.root_doc)
        return html.escape(title.astext() if title is not None else self.config.epub_title)

    def content_metadata(self):
        metadata = super().content_metadata()
        metadata["title"] = self._title()
        return metadata

    def toc_metadata(self, level, navpoints):
        metadata = super().toc_metadata(level, navpoints)
        metadata["title"] = self._title()
        return metadata

    def navigation_doc_metadata(self, navlist):
        metadata = super().navigation_doc_metadata(navlist)
        metadata["toc_locale"] = html.escape(labels._("Contents"))
        return metadata

    def build_content(self) -> None:
        """content.opf, plus accessibility metadata (EPUB Accessibility 1.1). No
        conformance is claimed: nobody has audited the book against WCAG."""
        super().build_content()
        opf = Path(self.outdir) / "content.opf"
        text = opf.read_text(encoding="utf-8")
        summary = html.escape(labels._("Text with headings, a navigable table of contents and alternative text for images; no audio, video or flashing content."))
        meta = "".join([
            '    <meta property="schema:accessMode">textual</meta>\n',
            '    <meta property="schema:accessModeSufficient">textual</meta>\n',
            '    <meta property="schema:accessibilityFeature">structuralNavigation</meta>\n',
            '    <meta property="schema:accessibilityFeature">tableOfContents</meta>\n',
            '    <meta property="schema:accessibilityFeature">alternativeText</meta>\n',
            '    <meta property="schema:accessibilityFeature">readingOrder</meta>\n',
            '    <meta property="schema:accessibilityHazard">none</meta>\n',
            f'    <meta property="schema:accessibilitySummary">{summary}</meta>\n',
        ])
        if "schema:accessMode" not in text:
            text = text.replace("  </metadata>", meta + "  </metadata>", 1)
            opf.write_text(text, encoding="utf-8")

    def build_epub(self) -> None:
        """Sphinx's list of files, written once as a reproducible zip (fixed times, sorted,
        ``mimetype`` first and stored), rather than zipped and then repacked."""
        out = Path(self.outdir)
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        write_zip(out / f"{self.config.epub_basename}.epub", {n: (out / n).read_bytes() for n in names}, first="mimetype")
