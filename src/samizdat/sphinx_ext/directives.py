"""The module format's directives: the structure of a lesson as MyST directives.

Each directive builds standard docutils containers with ``sz-*`` classes and a label
from samizdat's label catalog (labels carry no ``source``, so they are never extracted
into a module's catalog); what the author writes is parsed as ordinary MyST content and
extracted for translators. See README "Writing a module" for the authoring contract.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.nodes import audience_only, facilitator, slide_break, verified


def label_node(text: str, *classes: str) -> nodes.rubric:
    """A heading-like label that readers see but translators of modules never do."""
    node = nodes.rubric("", text, classes=["sz-label", *classes])
    node["translatable"] = False
    return node


class _Box(SphinxDirective):
    """A titled box of learner content: objectives, key points, discussion, sources."""

    has_content = True
    box_class = ""
    label = ""

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        box = nodes.container(classes=["sz-box", self.box_class])
        self.set_source_info(box)
        box += label_node(labels._(self.label))
        box.extend(self.parse_content_to_nodes())
        return [box]


class ObjectivesDirective(_Box):
    box_class = "sz-objectives"
    label = "Objectives"


class KeyPointsDirective(_Box):
    box_class = "sz-keypoints"
    label = "Key points"


class DiscussionDirective(_Box):
    box_class = "sz-discussion"
    label = "Discussion questions"


class SourcesDirective(_Box):
    box_class = "sz-sources"
    label = "Sources"


class SummaryDirective(_Box):
    """The handout-worthy summary of a module."""

    box_class = "sz-summary"
    label = "Summary"


class FacilitatorDirective(SphinxDirective):
    """Facilitator-only content. Absent from learner outputs; speaker notes in decks."""

    has_content = True
    option_spec = {"kind": lambda arg: directives.choice(arg, tuple(labels.NOTE_KINDS))}
    default_kind = "note"

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        node = facilitator(kind=self.options.get("kind", self.default_kind))
        self.set_source_info(node)
        node.extend(self.parse_content_to_nodes())
        return [node]


class MaterialsDirective(FacilitatorDirective):
    """What to prepare and bring: facilitator-only, listed in the pack and run sheet."""

    option_spec: dict = {}
    default_kind = "materials"


def _minutes(arg: str | None) -> int:
    value = directives.positive_int(arg)
    if value > 240:
        raise ValueError("an activity is at most 240 minutes")
    return value


class ActivityDirective(SphinxDirective):
    """A timed activity: ``:::{activity} Title`` with ``:minutes:``, ``:format:``, ``:optional:``."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "minutes": _minutes,
        "format": lambda arg: directives.choice(arg, tuple(labels.FORMATS)),
        "optional": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        if "minutes" not in self.options:
            raise self.error("activity needs ':minutes:' (a whole number of minutes)")
        minutes = self.options["minutes"]
        fmt = self.options.get("format", "")
        optional = "optional" in self.options
        box = nodes.container(
            classes=["sz-box", "sz-activity"], minutes=minutes, format=fmt, optional=optional
        )
        self.set_source_info(box)
        textnodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        title = nodes.rubric(self.arguments[0], "", *textnodes, classes=["sz-activity-title"])
        self.set_source_info(title)
        box += title
        meta = [labels.minutes(minutes)]
        if fmt:
            meta.append(labels.format_label(fmt))
        if optional:
            meta.append(labels._("optional"))
        para = nodes.paragraph("", " · ".join(meta), classes=["sz-label", "sz-activity-meta"])
        para["translatable"] = False
        box += para
        box.extend(messages)
        if self.content:
            box.extend(self.parse_content_to_nodes())
        return [box]


class _AudienceDirective(SphinxDirective):
    has_content = True
    audiences: tuple[str, ...] = ()

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        node = audience_only(audiences=list(self.audiences))
        self.set_source_info(node)
        node.extend(self.parse_content_to_nodes())
        return [node]


class SlidesOnlyDirective(_AudienceDirective):
    """Content for decks only."""

    audiences = ("presenter",)


class SlideDirective(_AudienceDirective):
    """The slide of a section: its key points in a few short lines, what the room sees
    while the facilitator speaks. In decks the section's prose moves to the speaker
    notes ("what to say"); everywhere else the block is absent (the prose is there)."""

    audiences = ("presenter",)

    def run(self) -> list[nodes.Node]:
        [node] = super().run()
        node["classes"].append("sz-slide")
        return [node]


class NoSlidesDirective(_AudienceDirective):
    """Content for everything but decks (handouts, site, EPUB, facilitator pack)."""

    audiences = ("learner", "facilitator")


class SlideBreakDirective(SphinxDirective):
    """Start a new slide here (decks only)."""

    def run(self) -> list[nodes.Node]:
        node = slide_break()
        self.set_source_info(node)
        return [node]


class ModulesDirective(SphinxDirective):
    """The table of contents, generated from curriculum.yaml (no one edits it by hand).

    On the home page it lists the themes and their modules; on a theme's overview page,
    that theme's modules.
    """

    def run(self) -> list[nodes.Node]:
        app = self.env.app
        cfg, cur = app.samizdat_config, app.samizdat_curriculum  # type: ignore[attr-defined]
        self.env.note_dependency(str(cfg.config_path))
        docname = self.env.docname
        if docname == "index":
            entries = [t.docname for t in cur.themes]
            if (cfg.curriculum_dir / "glossary.md").is_file():
                entries.append("glossary")  # translated, so before the guides (source language only)
            if (cfg.curriculum_dir / "_about" / "index.md").is_file():
                entries.append("_about/index")
            maxdepth = 2
        elif docname.endswith("/index"):
            folder = docname.rsplit("/", 1)[0]
            theme = next((t for t in cur.themes if t.folder == folder), None)
            if theme is None:
                raise self.error(f"theme {folder!r} is not in curriculum.yaml")
            entries = [m.docname for m in theme.modules]
            maxdepth = 1
        else:
            raise self.error("{modules} belongs on the home page or a theme's index.md")
        toc = addnodes.toctree()
        toc["parent"] = docname
        toc["entries"] = [(None, e) for e in entries]
        toc["includefiles"] = list(entries)
        toc["maxdepth"] = maxdepth
        toc["caption"] = None
        toc["glob"] = False
        toc["hidden"] = False
        toc["includehidden"] = False
        toc["numbered"] = 0
        toc["titlesonly"] = False
        toc["rawentries"] = []
        self.set_source_info(toc)
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toc
        return [wrapper]


class VerifiedRole(SphinxRole):
    """``{verified}`2026-01-31``` inside a source: a person checked it against the original."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            date = dt.date.fromisoformat(self.text.strip())
        except ValueError:
            msg = self.inliner.reporter.error(
                f"verified date {self.text!r} is not a date: write {{verified}}`YYYY-MM-DD`, the day a person checked the source",
                line=self.lineno,
            )
            return [], [msg]
        node = verified("", labels._("verified %s") % date.isoformat(), date=date.isoformat())
        return [node], []


DIRECTIVES = {
    "objectives": ObjectivesDirective,
    "keypoints": KeyPointsDirective,
    "discussion": DiscussionDirective,
    "sources": SourcesDirective,
    "summary": SummaryDirective,
    "facilitator": FacilitatorDirective,
    "materials": MaterialsDirective,
    "activity": ActivityDirective,
    "slides-only": SlidesOnlyDirective,
    "slide": SlideDirective,
    "no-slides": NoSlidesDirective,
    "slide-break": SlideBreakDirective,
    "modules": ModulesDirective,
}
