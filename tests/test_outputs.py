"""The output registry: one declaration per output, from which the CLI's formats, the
builders each runs, staging, the manifest and the README's table all follow."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, ROOT
from samizdat.core.config import OUTPUTS, load_config
from samizdat.pipeline.manifest import classify
from samizdat.core.outputs import REGISTRY, manifest_format, parts_for


def test_formats_and_builders_come_from_the_registry():
    assert OUTPUTS == tuple(o.name for o in REGISTRY)
    assert [p.key for p in parts_for(("slides",), False)] == ["slides"]
    assert [p.key for p in parts_for(("slides",), True)] == ["slides", "slides-learner"]
    assert [p.key for p in parts_for(("facilitator", "html"), False)] == ["html", "facilitator-html", "facilitator-pdf", "run-sheets"]
    assert {o.audience for o in REGISTRY} <= {"learner", "presenter", "facilitator"}


@pytest.mark.parametrize("path,expected", [
    ("i18n/stats.json", (None, "i18n", None, None)),
    ("kits/reader-uk.zip", ("uk", "kit-discreet", None, None)),
    ("kits/samizdat-facilitator-uk.zip", ("uk", "kit", None, None)),
    ("kits/samizdat-en.zip", ("en", "kit", None, None)),
    ("index.html", (None, "start", None, None)),
    ("uk/html/alpha/first.html", ("uk", "html", "alpha", "first")),
    ("uk/epub/samizdat-uk.epub", ("uk", "epub", None, None)),
    ("uk/slides/alpha/first.pptx", ("uk", "slides", "alpha", "first")),
    ("uk/slides/_assets/x.css", ("uk", "slides", None, None)),
    ("uk/handouts/alpha/first-letter.pdf", ("uk", "handouts", "alpha", "first")),
    ("uk/zines/beta-a5.pdf", ("uk", "zines", "beta", None)),
    ("uk/facilitator/pdf/alpha/first.pdf", ("uk", "facilitator-pdf", "alpha", "first")),
    ("uk/facilitator/html/index.html", ("uk", "facilitator-html", None, None)),
    ("uk/facilitator/run-sheets/alpha/run-sheet.pdf", ("uk", "run-sheets", "alpha", None)),
])
def test_manifest_classifies_by_the_registry(path, expected):
    assert classify(path, load_config(FIXTURES / "mini")) == expected


def test_readme_lists_every_output():
    """README's "What you get" block names every staged folder of the registry."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## What you get"):readme.index("```", readme.index("## What you get") + 20) + 3]
    block = block[block.index("```"):]
    for output in REGISTRY:
        for part in output.parts:
            assert re.search(rf"build/<lang>/{re.escape(part.stage_to)}/", block), f"README does not list {part.stage_to}/ ({output.name})"
    assert manifest_format("facilitator/pdf/a/b.pdf") == "facilitator-pdf"


def test_leak_scan_reads_every_learner_output_of_the_registry(tmp_path, monkeypatch):
    """A new learner output is scanned for facilitator text without anyone editing the scan."""
    from samizdat.core import outputs
    from samizdat.core.outputs import Output, Part
    from samizdat.tools.outputs_text import extra_learner_texts

    radio = Output("radio", "learner", (Part("radio", "samizdat-radio", "radio", "radio"),), "scripts")
    monkeypatch.setattr(outputs, "REGISTRY", outputs.REGISTRY + (radio,))
    (tmp_path / "radio/alpha").mkdir(parents=True)
    (tmp_path / "radio/alpha/first.txt").write_text("Hidden facilitator instruction, read aloud.\n")
    (tmp_path / "slides/alpha").mkdir(parents=True)
    (tmp_path / "slides/alpha/first.html").write_text('<section>On the slide</section><aside class="notes">For the presenter</aside>')
    (tmp_path / "facilitator/pdf").mkdir(parents=True)
    (tmp_path / "facilitator/pdf/notes.txt").write_text("facilitator material is not learner text")
    found = dict(extra_learner_texts(tmp_path))
    assert found == {str(tmp_path / "radio/alpha/first.txt"): "Hidden facilitator instruction, read aloud.",
                     str(tmp_path / "slides/alpha/first.html"): "On the slide"}
