"""Atomic publication: a release is staged in full, then one ``os.replace`` of the
``build/current`` symlink makes it visible. A build killed at any moment leaves the
previous release, and its manifest, exactly as they were.

    build/current -> .releases/<id>        (swapped atomically)
    build/<lang>, build/i18n, build/manifest.json -> current/...   (stable links)
"""

from __future__ import annotations

import errno
import json
import fcntl
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

RELEASES = ".releases"
CURRENT = "current"


def current_release(build: Path) -> Path | None:
    link = build / CURRENT
    if link.is_symlink():
        target = (build / os.readlink(link)).resolve()
        return target if target.is_dir() else None
    return None


def new_staging(build: Path) -> Path:
    """A fresh staging folder; leftovers of killed builds are removed first."""
    releases = build / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    live = current_release(build)
    for old in releases.iterdir():
        if old.name.startswith("tmp-") or (live is not None and old.resolve() != live):
            shutil.rmtree(old, ignore_errors=True)
    staging = releases / f"tmp-{time.time_ns()}-{os.getpid()}"
    staging.mkdir()
    return staging


def link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


class Stager:
    """Puts tool outputs into a staging release. A tool rewrites files in place, so a
    cache file is never hard-linked into a release; but a file whose cache copy has not
    changed since it was last staged is hard-linked from the previous release (cheap)."""

    def __init__(self, cache_dir: Path, staging: Path, previous: Path | None):
        self.record_path = cache_dir / "staged.json"
        try:
            self.record: dict[str, list] = json.loads(self.record_path.read_text())
        except (OSError, ValueError):
            self.record = {}
        self.staging, self.previous = staging, previous
        self.new_record: dict[str, list] = {}

    def copy_tree(self, src: Path, dst: Path, skip_suffixes: tuple[str, ...] = (), rename=None, only=None) -> None:
        """Hidden files and folders (builders' caches), Sphinx's bookkeeping and
        ``_sources`` are never published."""
        for path in sorted(src.rglob("*")):
            if not path.is_file() or path.name == "objects.inv" or "_sources" in path.parts:
                continue
            rel = path.relative_to(src)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.suffix in skip_suffixes or (only is not None and not only(rel)):
                continue
            self.stage(path, dst / (rename(rel) if rename else rel))

    def stage(self, path: Path, target: Path) -> None:
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns]
        rel = target.relative_to(self.staging).as_posix()
        key = f"{path}=>{rel}"
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self.previous / rel if self.previous is not None else None
        if self.record.get(key) == stamp and old is not None and old.is_file() and old.stat().st_size == st.st_size:
            link_or_copy(old, target)
        else:
            shutil.copyfile(path, target)
        self.new_record[key] = stamp

    def save(self) -> None:
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        self.record_path.write_text(json.dumps(self.new_record))


def carry_over(previous: Path | None, staging: Path, keep: "callable") -> None:
    """Hard-link into the staging release what this build did not rebuild."""
    if previous is None:
        return
    for path in previous.rglob("*"):
        if path.is_file():
            rel = path.relative_to(previous)
            if keep(rel) and not (staging / rel).exists():
                link_or_copy(path, staging / rel)


def publish(build: Path, staging: Path) -> Path:
    releases = build / RELEASES
    final = releases / staging.name.removeprefix("tmp-")
    os.rename(staging, final)
    tmp_link = build / f".{CURRENT}.tmp-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.join(RELEASES, final.name), tmp_link)
    previous = current_release(build)
    os.replace(tmp_link, build / CURRENT)  # the one atomic step
    for entry in final.iterdir():
        link = build / entry.name
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link) if link.is_dir() else link.unlink()
            os.symlink(os.path.join(CURRENT, entry.name), link)
    for link in build.iterdir():  # build/discreet after a release without it: no link to nothing
        if link.is_symlink() and os.readlink(link).startswith(CURRENT + os.sep) and not link.exists():
            link.unlink()
    if previous is not None and previous != final.resolve():
        shutil.rmtree(previous, ignore_errors=True)
    return final


_held: str | None = None  # the lock this process holds ("shared" or "exclusive")


@contextmanager
def build_lock(build: Path, wait: bool = True, shared: bool = False) -> Iterator[None]:
    """The one lock for ``build/`` and its cache. Every command that writes there (build,
    check, i18n sync and check, plan, sign) holds it exclusively; commands that only read
    hold it shared. A second command waits (or stops, with ``wait=False``). Re-entrant
    within one process, so a command may call another's code."""
    global _held
    if _held == "exclusive" or (_held == "shared" and shared):
        yield
        return
    build.mkdir(parents=True, exist_ok=True)
    fd = os.open(build / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if not wait:
                raise BlockingIOError("another samizdat command is using build/ in this folder; try again when it ends") from None
            print("another samizdat command is using build/ in this folder; waiting for it to finish...", file=sys.stderr, flush=True)
            fcntl.flock(fd, mode)
        before, _held = _held, ("shared" if shared else "exclusive")
        try:
            yield
        finally:
            _held = before
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
