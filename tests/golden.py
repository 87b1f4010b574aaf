"""Golden files: a failing comparison prints a unified diff and the command that accepts
the new output (SAMIZDAT_ACCEPT=1)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str, test_id: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SAMIZDAT_ACCEPT") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.is_file() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual", n=2))
        raise AssertionError(
            f"{name} differs from its golden file:\n{diff[:6000]}\n"
            f"If the new output is right, accept it with:\n  SAMIZDAT_ACCEPT=1 .venv/bin/python -m pytest '{test_id}'"
        )
