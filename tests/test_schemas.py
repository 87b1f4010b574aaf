"""The JSON Schemas editors use agree with samizdat's own validation: each case is
validated by the schema and checked by ``samizdat check``, and the two must agree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, copy_project, require_module, samizdat
from samizdat.core.config import load_config
from samizdat.core.model import load_curriculum, split_front_matter


def schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))


def as_editors_see_it(data):
    """YAML as a JSON Schema sees it: dates are strings."""
    if isinstance(data, dict):
        return {k: as_editors_see_it(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_editors_see_it(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def test_shipped_curriculum_matches_the_schemas():
    jsonschema = require_module("jsonschema")
    data = as_editors_see_it(yaml.safe_load((ROOT / "curriculum/curriculum.yaml").read_text(encoding="utf-8")))
    jsonschema.validate(data, schema("curriculum.schema.json"))
    cur, _ = load_curriculum(load_config(ROOT))
    assert len(cur.modules) >= 18
    for m in cur.modules:
        fm, _ = split_front_matter(m.path.read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load(fm), schema("module.schema.json"))


# front matter -> whether it is valid (each case is checked as a module of its own)
MODULE_CASES = {
    "valid-minimal": ("id: case-minimal\nduration: 60", True),
    "valid-full": ("id: case-full\nduration: 60\nlevel: advanced\ntags: [a, b]", True),
    "duration-words": ("id: case-words\nduration: an hour", False),
    "duration-too-short": ("id: case-short\nduration: 5", False),
    "duration-boolean": ("id: case-bool\nduration: true", False),
    "reader-visible-key": ("id: case-title\nduration: 60\ntitle: readers see this", False),
    "missing-id": ("duration: 60", False),
    "missing-duration": ("id: case-no-duration", False),
    "id-pattern": ("id: Case_Upper\nduration: 60", False),
    "level-unknown": ("id: case-level\nduration: 60\nlevel: expert", False),
    "tags-not-words": ("id: case-tags\nduration: 60\ntags: [1, 2]", False),
}


def module_project(tmp_path: Path) -> Path:
    """The mini project with one more theme, ``cases``: a module per front-matter case."""
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    cases = root / "curriculum/cases"
    cases.mkdir()
    (cases / "index.md").write_text("# Cases\n\n:::{modules}\n:::\n", encoding="utf-8")
    for name, (front, _valid) in MODULE_CASES.items():
        body = f"# Case {name}\n\n::::{{activity}} The activity\n:minutes: 60\n\nDo it.\n::::\n"
        (cases / f"{name}.md").write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    cfg = root / "curriculum/curriculum.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + f"  - folder: cases\n    modules: [{', '.join(MODULE_CASES)}]\n", encoding="utf-8")
    return root


def test_module_schema_and_check_agree_on_every_case(tmp_path):
    jsonschema = require_module("jsonschema")
    validator = jsonschema.Draft202012Validator(schema("module.schema.json"))
    res = samizdat(module_project(tmp_path), "check")
    assert res.code in (0, 1), res.text
    disagree = []
    for name, (front, valid) in MODULE_CASES.items():
        schema_ok = validator.is_valid(yaml.safe_load(front))
        refused = [line for line in res.out.splitlines() if line.startswith(f"curriculum/cases/{name}.md:")]
        check_ok = not refused
        if not (schema_ok == check_ok == valid):
            disagree.append(f"{name}: expected {'valid' if valid else 'invalid'}, schema says {schema_ok}, "
                            f"samizdat check says {check_ok} {refused}")
    assert not disagree, "\n".join(disagree) + "\n" + res.text
    # the cases were really checked: the check reports the invalid ones, and only those
    assert res.code == 1 and res.out.count("curriculum/cases/") == sum(1 for _f, v in MODULE_CASES.values() if not v), res.out


# a change to the mini project's curriculum.yaml -> whether it is valid
CURRICULUM_CASES = {
    "valid": (lambda d: d, True),
    "language-ua": (lambda d: {**d, "languages": ["ua"]}, False),
    "missing-licence": (lambda d: {k: v for k, v in d.items() if k != "licence"}, False),
    "unknown-key": (lambda d: {**d, "colour": "red"}, False),
    "start-time": (lambda d: {**d, "start_time": "25:00"}, False),
    "threshold-over-100": (lambda d: {**d, "thresholds": {"slides": 150}}, False),
    "theme-folder-pattern": (lambda d: {**d, "themes": [{"folder": "Alpha", "modules": ["first"]}, d["themes"][1]]}, False),
}


@pytest.mark.parametrize("case", CURRICULUM_CASES)
def test_curriculum_schema_and_check_agree(case, tmp_path):
    jsonschema = require_module("jsonschema")
    change, valid = CURRICULUM_CASES[case]
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    path = root / "curriculum/curriculum.yaml"
    data = change(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    schema_ok = jsonschema.Draft202012Validator(schema("curriculum.schema.json")).is_valid(as_editors_see_it(data))
    res = samizdat(root, "check")
    assert res.code in (0, 1), res.text
    check_ok = res.code == 0
    assert schema_ok == check_ok == valid, f"expected {'valid' if valid else 'invalid'}: schema {schema_ok}, samizdat check {check_ok}\n{res.text}"
    if not valid:
        assert "curriculum/curriculum.yaml" in res.out, res.text  # refused for the configuration, not for something else
