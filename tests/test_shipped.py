"""End-to-end on the shipped curriculum: every module in every language, validated by
real tools, with no facilitator content in learner outputs."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, epubcheck, samizdat
from samizdat.config import load_config

pytestmark = pytest.mark.e2e
CFG = load_config(ROOT)


def test_check_is_clean():
    res = samizdat(ROOT, "check")
    assert res.code == 0, res.text


def test_every_module_page_in_every_language(shipped):
    for lang in CFG.all_languages:
        html = shipped / "build" / lang / "html"
        assert (html / "index.html").is_file()
        for theme in CFG.themes:
            assert (html / theme.folder / "index.html").is_file(), (lang, theme.folder)
            for module in theme.modules:
                assert (html / theme.folder / f"{module}.html").is_file(), (lang, module)


def test_decks_for_every_module_and_language(shipped):
    for lang in CFG.all_languages:
        for theme in CFG.themes:
            for module in theme.modules:
                for ext in ("html", "pptx"):
                    deck = shipped / "build" / lang / "slides" / theme.folder / f"{module}.{ext}"
                    assert deck.is_file() and deck.stat().st_size > 5000, deck


def test_epubs_pass_epubcheck(shipped):
    for lang in CFG.all_languages:
        res = epubcheck(shipped / "build" / lang / "epub" / f"samizdat-{lang}.epub")
        out = res.stdout + res.stderr
        assert res.returncode == 0 and "0 errors / 0 warnings" in out, out[-3000:]


def test_manifest_matches_files(shipped):
    manifest = json.loads((shipped / "build" / "manifest.json").read_text(encoding="utf-8"))
    langs = {e["lang"] for e in manifest["artefacts"]}
    assert set(CFG.all_languages) <= langs
    res = samizdat(shipped, "verify", str(shipped / "build"))
    assert res.code == 0, res.text


def test_no_facilitator_sentence_in_learner_outputs(shipped):
    res = samizdat(shipped, "check", "--leaks")
    assert res.code == 0, res.text
