"""Two measured speed-ups for translated builds (ARCHITECTURE §7).

Sphinx parses every translated message again with MyST. For each of the ~6,000 messages
of a language, myst-parser 5 built fresh docutils default settings (``make_document``,
evaluated eagerly even when a document is passed in) and a fresh markdown-it parser. Both
are the same for every message, so they are made once: the settings are copied per
document, and the parser is reused (parsing is sequential within a process).
Measured on the shipped curriculum (uk, read phase): 22.5 s -> see README "Performance".
"""

from __future__ import annotations

import copy
import os
from functools import lru_cache


def install() -> None:
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_ as myst_sphinx

    if getattr(base, "_samizdat_fast", False) or os.environ.get("SAMIZDAT_NO_SPEEDUPS") == "1":
        return  # the benchmark's baseline measures the tools as they come

    @lru_cache(maxsize=8)
    def default_settings(parser_cls):
        return get_default_settings(parser_cls)

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        return new_document(source_path, settings=copy.copy(default_settings(parser_cls)))

    base.make_document = make_document

    parsers: dict[tuple[int, type], tuple[object, object]] = {}
    original_create = myst_sphinx.create_md_parser

    def create_md_parser(config, renderer):
        key = (id(config), renderer)
        hit = parsers.get(key)
        if hit is not None and hit[0] is config:
            return hit[1]
        md = original_create(config, renderer)
        if len(parsers) > 32:
            parsers.clear()
        parsers[key] = (config, md)
        return md

    myst_sphinx.create_md_parser = create_md_parser
    base._samizdat_fast = True
