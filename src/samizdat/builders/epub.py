"""One EPUB 3 of the whole curriculum per language (learner audience).

The title comes from the translated home page; the zip is written again with fixed entry
times and order (``reproducible.write_zip``) so an edition gives the same bytes anywhere.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.builders.epub3 import Epub3Builder

from samizdat.core.reproducible import write_zip
from samizdat.builders.outdated import CleanImagesMixin, DoctreeAwareOutdated, TemplateCacheMixin
from samizdat.sphinx_ext import labels


# EPUB Accessibility 1.1 conformance, claimed only when the book has none of the faults
# Ace by DAISY reported on it (tests/test_ace.py runs Ace on every language's EPUB in CI)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# code wraps instead of scrolling: a scrollable <pre> is a region a keyboard can't reach
# (Ace, axe: scrollable-region-focusable), and reading systems reflow text anyway
CODE_CSS = b"""
/* samizdat: code blocks wrap rather than scroll (keyboard users can't scroll a pre) */
pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
"""
# the empty corner cell of a table with a header row and a stub column is no header
EMPTY_TH_RE = re.compile(r"<th((?:\s+[\w:-]+=\"[^\"]*\")*)>\s*(?:<p>\s*</p>)?\s*</th>")
IMG_WITHOUT_ALT_RE = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>")


def accessible_xhtml(name: str, text: str) -> str:
    """A page of the book with the faults Ace finds in Sphinx's EPUB output fixed: an
    empty ``<th>`` becomes a ``<td>``; the navigation document's ``epub:type="toc"``
    gets its ARIA role (``doc-toc``)."""
    text = EMPTY_TH_RE.sub(r"<td\1></td>", text)
    if name == "nav.xhtml":
        text = text.replace('<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">')
    return text


def accessibility_blockers(pages: dict[str, str]) -> list[str]:
    """What would make a conformance claim false, as far as the build can tell: an image
    without alt text, an empty table header, a navigation list without its role."""
    out = []
    for name, text in pages.items():
        if IMG_WITHOUT_ALT_RE.search(text):
            out.append(f"{name}: an image without alt text")
        if EMPTY_TH_RE.search(text):
            out.append(f"{name}: an empty table header")
        if name == "nav.xhtml" and 'epub:type="toc"' in text and 'role="doc-toc"' not in text:
            out.append(f"{name}: the table of contents has no doc-toc role")
    return out


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
        """content.opf, plus accessibility metadata (EPUB Accessibility 1.1). The
        conformance claim is added by ``build_epub`` once the pages are known to be free
        of the faults the build can see."""
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
        ``mimetype`` first and stored), rather than zipped and then repacked. Pages are
        fixed for accessibility on the way (``accessible_xhtml``); the OPF claims EPUB
        Accessibility 1.1 with WCAG 2.1 AA only when no blocker is left."""
        out = Path(self.outdir)
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        files = {n: (out / n).read_bytes() for n in names}
        pages = {n: accessible_xhtml(n, files[n].decode("utf-8")) for n in names if n.endswith(".xhtml")}
        files.update({n: t.encode("utf-8") for n, t in pages.items()})
        if "_static/epub.css" in files:
            files["_static/epub.css"] += CODE_CSS
        blockers = accessibility_blockers(pages)
        if not blockers:
            opf = files["content.opf"].decode("utf-8")
            claim = f'    <meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>\n'
            if "dcterms:conformsTo" not in opf:
                files["content.opf"] = opf.replace("  </metadata>", claim + "  </metadata>", 1).encode("utf-8")
        else:
            from sphinx.util import logging

            logging.getLogger(__name__).info("EPUB: no accessibility conformance claimed (%s)", "; ".join(blockers[:3]))
        write_zip(out / f"{self.config.epub_basename}.epub", files, first="mimetype")
