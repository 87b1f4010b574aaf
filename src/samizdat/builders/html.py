"""The reader site (learner) and the facilitator site: Sphinx's HTML builder, with an audience."""

from __future__ import annotations

from sphinx.builders.html import StandaloneHTMLBuilder

from samizdat.builders.outdated import CleanImagesMixin, DoctreeAwareOutdated, TemplateCacheMixin


class PrunedIndexMixin:
    """Sphinx prunes changed documents from the search index but keeps terms left with
    no document: drop them, so an incremental build writes the same index as a clean one."""

    def dump_search_index(self) -> None:
        indexer = getattr(self, "indexer", None)
        if indexer is not None:
            for mapping in (indexer._mapping, indexer._title_mapping):
                for term in [t for t, docs in mapping.items() if not docs]:
                    del mapping[term]
        super().dump_search_index()  # type: ignore[misc]


class ReaderHTMLBuilder(TemplateCacheMixin, CleanImagesMixin, PrunedIndexMixin, DoctreeAwareOutdated, StandaloneHTMLBuilder):
    name = "samizdat-html"
    samizdat_audience = "learner"
    samizdat_site_depth = 1
    samizdat_site_path = "html"


class FacilitatorHTMLBuilder(TemplateCacheMixin, CleanImagesMixin, PrunedIndexMixin, DoctreeAwareOutdated, StandaloneHTMLBuilder):
    """Everything, facilitator notes visibly marked. Never linked from the reader site."""

    name = "samizdat-facilitator-html"
    samizdat_audience = "facilitator"
    samizdat_site_depth = 2
    samizdat_site_path = "facilitator/html"
