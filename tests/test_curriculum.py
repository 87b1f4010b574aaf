"""The shipped curriculum meets its floors (CURRICULUM.md): 6 themes with at least 3
modules, 60-120 minutes with activities that add up, objectives, key points,
discussion, facilitator notes for every activity, safety notes, sources that are only
cited, at least 1,200 learner-facing words; every catalog complete."""

from __future__ import annotations

import re

import polib
import pytest

from conftest import ROOT
from samizdat.core.config import load_config
from samizdat.core.model import load_curriculum


def module_docnames() -> list[str]:
    """The modules to parametrize over, at collection time, from the file tree only: a
    content error in curriculum.yaml fails the tests that load it, not the whole run."""
    return sorted(p.relative_to(ROOT / "curriculum").with_suffix("").as_posix()
                  for p in (ROOT / "curriculum").glob("[!_.]*/*.md") if p.stem != "index")


@pytest.fixture(scope="module")
def curriculum():
    cfg = load_config(ROOT)
    cur, problems = load_curriculum(cfg)
    return cfg, cur, problems


@pytest.fixture
def module(curriculum, request):
    _cfg, cur, problems = curriculum
    found = next((m for m in cur.modules if m.docname == request.param), None)
    assert found is not None, f"curriculum/{request.param}.md is not a valid module of curriculum.yaml: {problems}"
    return found


def test_model_is_clean_and_six_themes_of_three(curriculum):
    _cfg, cur, problems = curriculum
    assert not problems
    assert len(cur.themes) == 6
    assert all(len(t.modules) >= 3 for t in cur.themes)
    assert sorted(m.docname for m in cur.modules) == module_docnames()  # the parametrized list is the curriculum


def blocks(text: str, name: str) -> list[str]:
    """Bodies of the ``name`` directives (colon fences), from the source text."""
    return re.findall(rf"^(:{{3,}})\{{{name}\}}[^\n]*\n(.*?)^\1\s*$", text, re.S | re.M)


def learner_words(text: str) -> int:
    text = text.split("---", 2)[2] if text.startswith("---") else text
    for name in ("facilitator", "materials", "slide"):  # a slide block is the presenter's short form
        text = re.sub(rf"^(:{{3,}})\{{{name}\}}.*?^\1\s*$", "", text, flags=re.S | re.M)
    text = re.sub(r"^:{3,}.*$|^:\w+:.*$", "", text, flags=re.M)
    return len(re.findall(r"\w+", text))


@pytest.mark.parametrize("module", module_docnames(), indirect=True)
def test_module_floors(module):
    text = module.path.read_text(encoding="utf-8")
    assert 60 <= module.duration <= 120
    assert learner_words(text) >= 1200, f"{learner_words(text)} learner-facing words"
    objectives = blocks(text, "objectives")
    assert len(objectives) == 1
    items = re.findall(r"^- (\S+)", objectives[0][1], re.M)
    assert 3 <= len(items) <= 5
    keypoints_body = re.sub(r"^(:{3,})\{slide\}.*?^\1\s*$", "", blocks(text, "keypoints")[0][1], flags=re.S | re.M)
    keypoints = re.findall(r"^- ", keypoints_body, re.M)  # the full key points, not their slide's short form
    assert 3 <= len(keypoints) <= 6
    assert blocks(text, "discussion") and blocks(text, "materials") and blocks(text, "sources")
    activities = blocks(text, "activity")
    assert 3 <= len(activities)
    for _colons, body in activities:
        assert "{facilitator}" in body, "an activity without facilitator notes"
    assert re.search(r":kind: safety", text), "no safety note"
    assert "{verified}" not in text, "a verification date that no person here could have given"


def test_catalogs_complete(curriculum):
    cfg, cur, _problems = curriculum
    assert cfg.languages
    for lang in cfg.languages:
        catalogs = sorted((cfg.locales_dir / lang / "LC_MESSAGES").rglob("*.po"))
        assert len(catalogs) >= len(cur.modules), (lang, len(catalogs))  # one per module, at least
        for path in catalogs:
            po = polib.pofile(str(path))
            assert len(po) and not po.untranslated_entries() and not po.fuzzy_entries(), path
