"""The reading builder of ``check`` and ``plan``: Sphinx reads (or finds up to date) every
document and writes nothing. Sphinx's ``dummy`` builder resolves every doctree on every
run (about 1.3 s a language for nothing); this one resolves only the documents read in
this run, which is where a broken cross-reference shows. A document with a problem is
never kept in the environment (``sphinx_run`` forgets it), so it is read, and its
problem reported, again next time."""

from __future__ import annotations

from sphinx.builders.dummy import DummyBuilder


class ReadBuilder(DummyBuilder):
    name = "samizdat-read"

    def get_outdated_docs(self) -> list[str]:
        return []
