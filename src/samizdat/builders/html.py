"""The reader site (learner) and the facilitator site: Sphinx's HTML builder, with an audience."""

from __future__ import annotations

from sphinx.builders.html import StandaloneHTMLBuilder


class ReaderHTMLBuilder(StandaloneHTMLBuilder):
    name = "samizdat-html"
    samizdat_audience = "learner"
    samizdat_site_depth = 1
    samizdat_site_path = "html"


class FacilitatorHTMLBuilder(StandaloneHTMLBuilder):
    """Everything, facilitator notes visibly marked. Never linked from the reader site."""

    name = "samizdat-facilitator-html"
    samizdat_audience = "facilitator"
    samizdat_site_depth = 2
    samizdat_site_path = "facilitator/html"
