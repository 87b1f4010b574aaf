"""The JSON Schemas editors use agree with samizdat's own validation."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT, require_module
from samizdat.config import load_config
from samizdat.model import load_curriculum, split_front_matter


def schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))


def test_shipped_curriculum_matches_the_schemas():
    jsonschema = require_module("jsonschema")
    data = yaml.safe_load((ROOT / "curriculum/curriculum.yaml").read_text(encoding="utf-8"))
    data["date"] = data["date"].isoformat()
    jsonschema.validate(data, schema("curriculum.schema.json"))
    cur, _ = load_curriculum(load_config(ROOT))
    for m in cur.modules:
        fm, _ = split_front_matter(m.path.read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load(fm), schema("module.schema.json"))


def test_schema_refuses_what_check_refuses():
    jsonschema = require_module("jsonschema")
    v = jsonschema.Draft202012Validator(schema("module.schema.json"))
    assert not v.is_valid({"id": "x-y", "duration": "an hour"})
    assert not v.is_valid({"id": "x-y", "duration": 60, "title": "readers see this"})
    assert not v.is_valid({"duration": 60})
    assert v.is_valid({"id": "x-y", "duration": 60, "level": "advanced", "tags": ["a"]})
    c = jsonschema.Draft202012Validator(schema("curriculum.schema.json"))
    assert not c.is_valid({"title": "t", "edition": "1", "date": "2026-01-01", "source_language": "en", "languages": ["ua"], "licence": "x", "themes": []})
