"""The one-process pandoc batch: same bytes as the pandoc CLI, follow-ups run, and a job
that fails (an error, or a warning as ``--fail-if-warnings`` would have it) fails alone."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from samizdat.writers.deck import run_pandoc
from samizdat.writers.pandoc import text_inlines
from samizdat.writers.pandoc_batch import PandocBatch, PandocJob


def doc(*paras: str, image: str | None = None) -> dict:
    blocks = [{"t": "Header", "c": [1, ["", [], []], text_inlines("Розділ")]}]
    blocks += [{"t": "Para", "c": text_inlines(p)} for p in paras]
    if image:
        blocks.append({"t": "Para", "c": [{"t": "Image", "c": [["", [], []], text_inlines("alt"), [image, ""]]}]})
    meta = {"lang": {"t": "MetaString", "c": "uk"}, "pagetitle": {"t": "MetaString", "c": "Розділ"}}  # as the builders set them
    return {"pandoc-api-version": [1, 23, 1], "meta": meta, "blocks": blocks}


def test_batch_writes_what_the_cli_writes(tmp_path):
    ast = doc("Перший абзац.", "Second paragraph.")
    variables = {"revealjs-url": "_assets/reveal.js", "theme": "samizdat", "hash": "true", "css": ["_assets/custom.css"]}
    batch = PandocBatch()
    text = json.dumps(ast, ensure_ascii=False)
    batch.submit(PandocJob("m", "revealjs", tmp_path / "batch.html", standalone=True, slide_level=2, variables=variables), text)
    batch.submit(PandocJob("m", "odt", tmp_path / "batch.odt", standalone=True), text)
    batch.submit(PandocJob("m", "docx", tmp_path / "batch.docx"), text)
    assert batch.finish() == []
    run_pandoc(ast, "revealjs", tmp_path / "cli.html", ["-s", "--slide-level=2", "-V", "revealjs-url=_assets/reveal.js",
                                                       "-V", "theme=samizdat", "-V", "hash=true", "--css", "_assets/custom.css"])
    assert (tmp_path / "batch.html").read_bytes() == (tmp_path / "cli.html").read_bytes()
    run_pandoc(ast, "odt", tmp_path / "cli.odt", [])
    run_pandoc(ast, "docx", tmp_path / "cli.docx", [])
    for fmt in ("odt", "docx"):  # zip times differ; every part must not
        with zipfile.ZipFile(tmp_path / f"batch.{fmt}") as a, zipfile.ZipFile(tmp_path / f"cli.{fmt}") as b:
            parts = {n: a.read(n) for n in a.namelist() if "docProps" not in n and n != "meta.xml"}
            assert parts == {n: b.read(n) for n in b.namelist() if "docProps" not in n and n != "meta.xml"}, fmt


def test_follow_ups_run_after_success(tmp_path):
    seen: list[Path] = []
    batch = PandocBatch()
    batch.submit(PandocJob("m", "html", tmp_path / "a.html", then=seen.append), json.dumps(doc("x")))
    assert batch.finish() == [] and seen == [tmp_path / "a.html"]


def test_a_failing_job_fails_alone_and_leaves_no_file(tmp_path):
    batch = PandocBatch()
    batch.submit(PandocJob("alpha/bad", "no-such-format", tmp_path / "bad.out"), json.dumps(doc("x")))
    batch.submit(PandocJob("alpha/warn", "docx", tmp_path / "warn.docx"), json.dumps(doc("x", image=str(tmp_path / "missing.png"))))
    batch.submit(PandocJob("alpha/good", "html", tmp_path / "good.html"), json.dumps(doc("y")))
    failures = batch.finish()
    assert {f.key for f in failures} == {"alpha/bad", "alpha/warn"}
    warn = next(f for f in failures if f.key == "alpha/warn")
    assert "missing.png" in warn.message  # pandoc's warning, as --fail-if-warnings would stop on it
    assert not (tmp_path / "bad.out").exists() and not (tmp_path / "warn.docx").exists()
    assert (tmp_path / "good.html").is_file()
