"""One EPUB 3 of the whole curriculum per language (learner audience).

The title comes from the translated home page; the zip is written again with fixed entry
times and order (``reproducible.repack_zip``) so an edition gives the same bytes anywhere.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx.builders.epub3 import Epub3Builder

from ..reproducible import repack_zip
from .outdated import CleanImagesMixin, DoctreeAwareOutdated
from ..sphinx_ext import labels


class ReaderEpubBuilder(CleanImagesMixin, DoctreeAwareOutdated, Epub3Builder):
    name = "epub"  # Sphinx drops the ?v= query from asset links only for a builder named "epub"
    samizdat_audience = "learner"

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

    def build_epub(self) -> None:
        super().build_epub()
        repack_zip(Path(self.outdir) / self.config.epub_basename.__add__(".epub"), first="mimetype")
