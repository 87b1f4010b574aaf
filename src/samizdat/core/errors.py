"""Problems in the user's content, reported as ``path:line: message``.

Every check collects :class:`Problem` objects instead of raising at the first one,
so that one run of ``samizdat check`` reports everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised with every problem found, when content stops a build (exit code 1)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def relpath(path: Path | str, root: Path) -> str:
    """A path as the user knows it: relative to the project when it is inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(p)


class WorkerDied(Exception):
    """A language's process ended without its result (killed, out of memory): the build
    stops, nothing is published, and the lock is released (exit code 3)."""
