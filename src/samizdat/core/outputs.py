"""The output registry: every output samizdat makes, declared once.

An output is what a user asks for with ``--format`` (``slides``); it is made by one or
more Sphinx builders (``slides``, and ``slides-learner`` with ``--single-file``), each
writing into its own cache folder, staged into ``build/<lang>/<stage_to>/`` and listed
in the manifest under ``manifest_format``. The CLI's choices, the builders each format
runs, staging, the manifest's classification and the README's table of outputs (a test
compares them) all come from here. Adding an output: one entry here, one builder, one
writer (docs/architecture.md walks through it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One Sphinx builder's share of an output."""

    key: str                  # the pipeline's name for it
    sphinx_name: str          # the Sphinx builder's ``name`` (and its cache folder)
    stage_to: str             # where its files go inside build/<lang>/
    manifest_format: str      # the manifest's ``format`` for its files
    skip: tuple[str, ...] = ()        # suffixes never published
    only_file: str = ""               # publish just this file ("{lang}" is filled in)
    learner_copy: bool = False        # --single-file decks: "-learner" names, no _assets
    single_file_only: bool = False    # runs only with --single-file


@dataclass(frozen=True)
class Output:
    name: str                 # the --format value
    audience: str             # learner, presenter or facilitator
    parts: tuple[Part, ...]
    summary: str              # one line for the README's table


REGISTRY: tuple[Output, ...] = (
    Output("html", "learner", (Part("html", "samizdat-html", "html", "html"),),
           "the reader site: home, one page per theme and module, search, a language switcher"),
    Output("epub", "learner", (Part("epub", "epub", "epub", "epub", only_file="samizdat-{lang}.epub"),),
           "samizdat-<lang>.epub, the whole curriculum (EPUB 3)"),
    Output("slides", "presenter", (
        Part("slides", "samizdat-slides", "slides", "slides"),
        Part("slides-learner", "samizdat-slides-learner", "slides", "slides", learner_copy=True, single_file_only=True),
    ), "<module>.html (reveal.js, offline, speaker notes) and <module>.pptx per module"),
    Output("handouts", "learner", (Part("handouts", "samizdat-handouts", "handouts", "handouts"),),
           "<module>-a4.pdf, <module>-letter.pdf, <module>.docx, <module>.odt per module"),
    Output("zines", "learner", (Part("zines", "samizdat-zines", "zines", "zines"),),
           "<theme>-a4.pdf, <theme>-letter.pdf (imposed), <theme>-a5.pdf per theme; print-test-a4.pdf, "
           "print-test-letter.pdf; <theme>/<module>-mini-a4.pdf and -mini-letter.pdf (one-sheet mini-zines)"),
    Output("facilitator", "facilitator", (
        Part("facilitator-html", "samizdat-facilitator-html", "facilitator/html", "facilitator-html"),
        Part("facilitator-pdf", "samizdat-facilitator-pdf", "facilitator/pdf", "facilitator-pdf"),
        Part("run-sheets", "samizdat-run-sheets", "facilitator/run-sheets", "run-sheets"),
    ), "the facilitator pack per module (PDF), the facilitator site, a run sheet per theme"),
)

#: builders that serve commands, not outputs: message extraction (i18n) and reading only (check)
TOOL_BUILDERS = {"extract": "samizdat-extract", "read": "samizdat-read"}

OUTPUT_NAMES: tuple[str, ...] = tuple(o.name for o in REGISTRY)
PARTS: dict[str, Part] = {p.key: p for o in REGISTRY for p in o.parts}
OUTPUT_OF: dict[str, str] = {p.key: o.name for o in REGISTRY for p in o.parts}
SPHINX_NAMES: dict[str, str] = {**{k: p.sphinx_name for k, p in PARTS.items()}, **TOOL_BUILDERS}


def parts_for(formats: tuple[str, ...], single_file: bool) -> list[Part]:
    """The builders to run for ``formats``, in registry order."""
    return [p for o in REGISTRY if o.name in formats for p in o.parts if single_file or not p.single_file_only]


def manifest_format(rel_in_language: str) -> str:
    """The manifest format of a file at ``rel_in_language`` (a path inside build/<lang>/)."""
    best = ""
    fmt = rel_in_language.split("/", 1)[0] or "other"
    for p in PARTS.values():
        prefix = p.stage_to + "/"
        if rel_in_language.startswith(prefix) and len(prefix) > len(best):
            best, fmt = prefix, p.manifest_format
    return fmt


#: who each kit is for, by the audiences of the outputs it carries: decks (presenter)
#: go in both, since the reader site's module pages link them
KIT_AUDIENCES: dict[str, tuple[str, ...]] = {
    "learner": ("learner", "presenter"),
    "facilitator": ("facilitator", "presenter"),
}


def audience_of(rel_in_language: str) -> str | None:
    """The audience of the output a file at ``rel_in_language`` belongs to (a path inside
    build/<lang>/), or None for a file no output declares."""
    best, audience = "", None
    for o in REGISTRY:
        for p in o.parts:
            prefix = p.stage_to + "/"
            if rel_in_language.startswith(prefix) and len(prefix) > len(best):
                best, audience = prefix, o.audience
    return audience
