"""Golden files: a failing comparison prints a unified diff and the command that accepts
the new output (SAMIZDAT_ACCEPT=1, on a developer's machine: never under CI=true, where a
golden must be compared, not rewritten). Goldens are small and readable, so that a
reviewer can read the diff of an accepted one."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str, test_id: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SAMIZDAT_ACCEPT") == "1":
        if os.environ.get("CI", "").lower() == "true":
            raise AssertionError(
                f"SAMIZDAT_ACCEPT=1 under CI=true: refusing to accept golden/{name}. Goldens are accepted "
                "on a developer's machine, by someone who read the diff, and committed; CI only compares them."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.is_file() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual", n=2))
        what = f"{name} differs from its golden file" if path.is_file() else f"golden/{name} does not exist yet"
        raise AssertionError(
            f"{what}:\n{diff[:6000]}\n"
            f"If the new output is right, accept it (locally, never in CI), read the diff and commit it:\n"
            f"  SAMIZDAT_ACCEPT=1 .venv/bin/python -m pytest '{test_id}'\n  git diff tests/golden/"
        )
