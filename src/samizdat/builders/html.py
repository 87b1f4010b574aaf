"""The reader site (learner) and the facilitator site: Sphinx's HTML builder, with an audience."""

from __future__ import annotations

import json
from pathlib import Path

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


class NavigationOutdated:
    """A page shows other pages' titles (its theme's contents, the previous and next
    module): rewrite it when one of those titles changes, not only when its own source
    does (a translated module title shows in its neighbours at once). The titles each page
    was written with are kept in ``.samizdat-nav.json`` in the output folder (never staged)."""

    def _nav_file(self) -> Path:
        return Path(self.outdir) / ".samizdat-nav.json"  # type: ignore[attr-defined]

    def _nav_signatures(self) -> dict[str, list[str]]:
        from samizdat.sphinx_ext.html import navigation_docs

        env, cur = self.env, self.app.samizdat_curriculum  # type: ignore[attr-defined]
        root = self.config.root_doc  # type: ignore[attr-defined]
        return {doc: [env.titles[d].astext() if d in env.titles else d for d in navigation_docs(cur, doc, root)]
                for doc in sorted(env.found_docs)}

    def nav_outdated(self) -> list[str]:
        try:
            written = json.loads(self._nav_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            written = {}
        return [doc for doc, sig in self._nav_signatures().items() if written.get(doc, sig) != sig]

    def get_outdated_docs(self):  # type: ignore[override]
        seen = set()
        for docname in super().get_outdated_docs():  # type: ignore[misc]
            seen.add(docname)
            yield docname
        yield from (d for d in self.nav_outdated() if d not in seen)

    def finish(self) -> None:
        super().finish()  # type: ignore[misc]
        self._nav_file().write_text(json.dumps(self._nav_signatures(), ensure_ascii=False, sort_keys=True), encoding="utf-8")


def nav_changed(app, env) -> list[str]:
    """``env-get-updated``: after reading, the pages whose neighbours' titles changed (the
    first builder of a run decides what to write before it reads)."""
    builder = app.builder
    return builder.nav_outdated() if isinstance(builder, NavigationOutdated) else []


#: Sphinx's basic theme copies these; samizdat's pages never load them: published, they
#: would be files no link reaches. Every language's stemmer (``*-stemmer.js``, Snowball's
#: base included) is inlined in language_data.js, which is what the search page loads.
UNUSED_STATIC = ("basic.css", "file.png", "minus.png", "plus.png")


class UnusedStaticRemoved:
    def copy_static_files(self) -> None:
        super().copy_static_files()  # type: ignore[misc]
        static = Path(self.outdir) / "_static"  # type: ignore[attr-defined]
        for name in UNUSED_STATIC:
            (static / name).unlink(missing_ok=True)
        for stemmer in static.glob("*-stemmer.js"):
            stemmer.unlink()


class ReaderHTMLBuilder(UnusedStaticRemoved, NavigationOutdated, TemplateCacheMixin, CleanImagesMixin, PrunedIndexMixin, DoctreeAwareOutdated, StandaloneHTMLBuilder):
    name = "samizdat-html"
    samizdat_audience = "learner"
    samizdat_site_depth = 1
    samizdat_site_path = "html"


class FacilitatorHTMLBuilder(UnusedStaticRemoved, NavigationOutdated, TemplateCacheMixin, CleanImagesMixin, PrunedIndexMixin, DoctreeAwareOutdated, StandaloneHTMLBuilder):
    """Everything, facilitator notes visibly marked. Never linked from the reader site."""

    name = "samizdat-facilitator-html"
    samizdat_audience = "facilitator"
    samizdat_site_depth = 2
    samizdat_site_path = "facilitator/html"
