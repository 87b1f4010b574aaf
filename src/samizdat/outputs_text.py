"""Visible text of print and deck outputs, for scans (leaks) and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator


def extra_learner_texts(base: Path) -> Iterator[tuple[str, str]]:
    """Learner artefacts other than the site and EPUB (none yet)."""
    return iter(())
