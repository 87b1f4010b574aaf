"""curriculum.yaml validation: every mistake is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat.core.config import load_config
from samizdat.core.errors import ContentError

GOOD = """title: T
edition: "1"
date: 2026-01-01
source_language: en
languages: [uk, ru]
licence: CC BY-SA 4.0
themes:
  - folder: alpha
    modules: [one, two]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "curriculum").mkdir(exist_ok=True)
    (tmp_path / "curriculum" / "curriculum.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_config(write(tmp_path, text))
    return [str(p) for p in exc.value.problems]


def test_good_config_loads(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    assert cfg.all_languages == ("en", "uk", "ru")
    assert cfg.themes[0].modules == ("one", "two")
    assert cfg.source_date_epoch == 1767225600


def test_missing_file(tmp_path):
    with pytest.raises(ContentError) as exc:
        load_config(tmp_path)
    assert "curriculum/curriculum.yaml" in str(exc.value) and "missing" in str(exc.value)


def test_malformed_yaml_names_the_line(tmp_path):
    out = problems(tmp_path, GOOD.replace("languages: [uk, ru]", "languages: [uk, ru"))
    assert out[0].startswith("curriculum/curriculum.yaml:5:") and "malformed YAML" in out[0]


def test_unknown_key_names_its_line(tmp_path):
    out = problems(tmp_path, GOOD + "colour: red\n")
    assert out == ["curriculum/curriculum.yaml:10: unknown key 'colour'; known keys: title, edition, date, source_language, languages, licence, credits, themes, start_time, thresholds"]


def test_wrong_type(tmp_path):
    out = problems(tmp_path, GOOD.replace("date: 2026-01-01", "date: soon"))
    assert out[0].startswith("curriculum/curriculum.yaml:3: date: expected a date")


def test_ua_is_not_ukrainian(tmp_path):
    out = problems(tmp_path, GOOD.replace("[uk, ru]", "[ua, ru]"))
    assert "curriculum/curriculum.yaml:5: languages: 'ua' is not a language code; Ukrainian is 'uk'" in out


def test_missing_required_key(tmp_path):
    out = problems(tmp_path, GOOD.replace("licence: CC BY-SA 4.0\n", ""))
    assert any("missing key 'licence'" in p for p in out)


def test_not_a_mapping(tmp_path):
    out = problems(tmp_path, "- just\n- a list\n")
    assert out[0].startswith("curriculum/curriculum.yaml:1: curriculum.yaml must be a mapping")


def test_bad_theme_folder_and_duplicate_module(tmp_path):
    text = GOOD.replace("modules: [one, two]", "modules: [one, one]") + "  - folder: Bad Folder\n"
    out = problems(tmp_path, text)
    assert any(p.startswith("curriculum/curriculum.yaml:9: themes: module 'one' is listed twice") for p in out)
    assert any(p.startswith("curriculum/curriculum.yaml:10: themes: 'folder' must be") for p in out)
