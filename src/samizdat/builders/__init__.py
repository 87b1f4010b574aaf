"""Sphinx builders, one per audience and output: a Sphinx extension of their own
(listed after ``samizdat.sphinx_ext`` in the configuration), so the front end below
them never imports them. Importing this package imports every builder, which is how
the pipeline loads them once before forking the language processes."""

from __future__ import annotations

from samizdat.builders.epub import ReaderEpubBuilder
from samizdat.builders.extract import MessageExtractBuilder
from samizdat.builders.facilitator import FacilitatorPackBuilder
from samizdat.builders.handouts import HandoutsBuilder
from samizdat.builders.html import FacilitatorHTMLBuilder, ReaderHTMLBuilder, nav_changed
from samizdat.builders.read import ReadBuilder
from samizdat.builders.run_sheets import RunSheetsBuilder
from samizdat.builders.slides import LearnerSlidesBuilder, PresenterSlidesBuilder
from samizdat.builders.zines import ZinesBuilder

BUILDERS = (ReaderHTMLBuilder, FacilitatorHTMLBuilder, MessageExtractBuilder, ReadBuilder,
            PresenterSlidesBuilder, LearnerSlidesBuilder, HandoutsBuilder, ZinesBuilder, FacilitatorPackBuilder,
            RunSheetsBuilder)


def setup(app) -> dict:
    from samizdat.builders.slide_fit import check_slide_fit
    from samizdat.builders.zines import check_minizine_fit

    app.connect("doctree-read", check_slide_fit)  # every language, before anything is written
    app.connect("doctree-read", check_minizine_fit, priority=600)  # after the collector (500)
    app.connect("env-get-updated", nav_changed)
    for builder in BUILDERS:
        app.add_builder(builder)
    app.add_builder(ReaderEpubBuilder, override=True)  # Sphinx's epub name, reproducible
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
