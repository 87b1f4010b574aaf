"""The golden-file helper itself: a difference fails with a diff and the command that
accepts it; acceptance rewrites the file locally and is refused under CI=true."""

from __future__ import annotations

import pytest

import golden


@pytest.fixture
def goldens(tmp_path, monkeypatch):
    monkeypatch.setattr(golden, "GOLDEN", tmp_path)
    monkeypatch.delenv("SAMIZDAT_ACCEPT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "case.txt").write_text("one\ntwo\n", encoding="utf-8")
    return tmp_path


def test_a_difference_fails_with_a_diff_and_the_accept_command(goldens):
    golden.assert_golden("case.txt", "one\ntwo\n", "tests/x.py::t")  # equal: passes
    with pytest.raises(AssertionError) as info:
        golden.assert_golden("case.txt", "one\nthree\n", "tests/x.py::t")
    message = str(info.value)
    assert "--- golden/case.txt" in message and "-two" in message and "+three" in message
    assert "SAMIZDAT_ACCEPT=1 .venv/bin/python -m pytest 'tests/x.py::t'" in message
    with pytest.raises(AssertionError, match="does not exist yet"):
        golden.assert_golden("new.txt", "anything\n", "tests/x.py::t")


def test_accepting_rewrites_the_golden_locally(goldens, monkeypatch):
    monkeypatch.setenv("SAMIZDAT_ACCEPT", "1")
    golden.assert_golden("case.txt", "one\nthree\n", "tests/x.py::t")
    assert (goldens / "case.txt").read_text(encoding="utf-8") == "one\nthree\n"


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_accepting_is_refused_under_ci(goldens, monkeypatch, ci):
    monkeypatch.setenv("SAMIZDAT_ACCEPT", "1")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(AssertionError, match="refusing to accept golden/case.txt"):
        golden.assert_golden("case.txt", "one\nthree\n", "tests/x.py::t")
    assert (goldens / "case.txt").read_text(encoding="utf-8") == "one\ntwo\n"  # untouched
    with pytest.raises(AssertionError, match="refusing"):  # even when nothing changed: CI must not run with it
        golden.assert_golden("case.txt", "one\ntwo\n", "tests/x.py::t")


def test_ast_outline_shows_every_detail_it_is_given():
    """The outline the deck goldens use: attributes, targets and unknown nodes are not dropped."""
    s, sp = (lambda t: {"t": "Str", "c": t}), {"t": "Space"}
    blocks = [
        {"t": "Header", "c": [2, ["sec", ["a"], [["k", "v"]]], [s("Title")]]},
        {"t": "Para", "c": [{"t": "Code", "c": [["", ["py"], []], "x = 1"]}, sp,
                            {"t": "Link", "c": [["", [], []], [s("here")], ["https://e.org/", "tip"]]}, sp,
                            {"t": "Span", "c": [["", ["sz-verified"], []], [s("checked")]]}, {"t": "SoftBreak"},
                            {"t": "Quoted", "c": [{"t": "DoubleQuote"}, [s("q")]]}, {"t": "Math", "c": [{"t": "InlineMath"}, "x"]}]},
        {"t": "BlockQuote", "c": [{"t": "CodeBlock", "c": [["", [], []], "code\n"]}, {"t": "RawBlock", "c": ["html", "<br>"]}]},
        {"t": "HorizontalRule"},
        {"t": "Div", "c": [["", ["empty"], []], []]},
    ]
    assert golden.block_outline(blocks) == [
        "Header 2{#sec .a k='v'}: Title",
        "Para: `x = 1`{.py} [here](https://e.org/ 'tip') [checked]{.sz-verified}↵“q”⟨Math [{\"t\": \"InlineMath\"}, \"x\"]⟩",
        "BlockQuote",
        "  CodeBlock: 'code\\n'",
        "  RawBlock html: '<br>'",
        "HorizontalRule",
        "Div{.empty} (empty)",
    ]
