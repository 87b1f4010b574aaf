"""One lock for build/ and its cache, and no half-made output ever published or reused:
commands wait on the lock itself (the tests hold it, or watch a build hold it; nothing
here synchronises on time); killed builds and killed language processes leave the
previous release byte for byte, free the lock, and the next build equals a clean one."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import copy_project, samizdat, tree_snapshot

WAITING = "another samizdat command is using build/"


def cli(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "samizdat.cli", "--root", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@contextmanager
def holding_lock(root: Path):
    (root / "build").mkdir(exist_ok=True)
    fd = os.open(root / "build/.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def lock_is_free(root: Path) -> bool:
    fd = os.open(root / "build/.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def lock_freed(root: Path, within: float = 30.0) -> bool:
    """Whether the lock is free once the killed build's processes are gone. SIGKILL to the
    process group is delivered at once, but the forked language workers (re-parented when
    their parent dies) close their descriptors, and so release the lock, only as the kernel
    gets to them: on a loaded machine that takes a moment. A lock still held after
    ``within`` seconds is a stale lock, the failure this guards against."""
    deadline = time.monotonic() + within
    while not lock_is_free(root):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def first_stderr_line(proc: subprocess.Popen, timeout: float = 120) -> str:
    """The first line the command writes to stderr (it blocks on the lock after it)."""
    import select

    ready, _, _ = select.select([proc.stderr], [], [], timeout)
    assert ready, "the command printed nothing while the lock was held"
    return proc.stderr.readline()


@pytest.fixture
def built(mini_built, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    return root


@pytest.mark.parametrize("command", [["build", "--lang", "en"], ["check"], ["i18n", "sync"], ["i18n", "check"], ["i18n", "stats"],
                                     ["plan", "first", "--lang", "en"]])
def test_every_cache_command_waits_for_the_lock(built, command):
    before = tree_snapshot(built / "build")
    (built / "curriculum/alpha/first.md").touch()
    with holding_lock(built):
        proc = cli(built, *command)
        line = first_stderr_line(proc)
        assert WAITING in line, line
        assert proc.poll() is None, "the command went on while another held the lock"
        assert tree_snapshot(built / "build") == before, "the command wrote while another held the lock"
    out, err = proc.communicate(timeout=600)
    assert proc.returncode in (0, 1), out + err  # 1: e.g. i18n check finds the catalogs out of sync
    assert "Traceback" not in err


def test_check_during_a_build_waits_for_it(built):
    page = built / "curriculum/beta/second.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Talk about it.", "Talk about it, again."), encoding="utf-8")
    build = cli(built, "build")
    deadline = time.monotonic() + 120
    while lock_is_free(built):  # synchronise on the lock itself: the build holds it
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "the build never took the lock"
        time.sleep(0.01)
    check = cli(built, "check")
    assert WAITING in first_stderr_line(check)
    out, err = build.communicate(timeout=600)
    assert build.returncode == 0, out + err
    out, err = check.communicate(timeout=600)
    assert check.returncode == 0, out + err
    assert samizdat(built, "verify", str(built / "build")).code == 0


def reference(root: Path, tmp: Path) -> dict[str, bytes]:
    """The release a clean build of ``root``'s sources publishes (builds are byte-identical)."""
    ref = copy_project(root, tmp)
    res = samizdat(ref, "build")
    assert res.code == 0, res.text
    return tree_snapshot(ref / "build/current")


def test_killed_builds_publish_all_or_nothing(built, tmp_path):
    """SIGKILL at random moments: the published release is, byte for byte, the one before
    or the complete new one; the next build equals a clean build of the same sources."""
    before = tree_snapshot(built / "build/current")
    assert before, "nothing published to compare"
    page = built / "curriculum/beta/second.md"
    rng = random.Random(1207)
    for attempt in range(4):
        page.write_text(page.read_text(encoding="utf-8").replace("Talk about it", f"Talk about it (round {attempt})", 1), encoding="utf-8")
        proc = cli(built, "build")
        time.sleep(rng.uniform(0.3, 6.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        now = tree_snapshot(built / "build/current")
        if now != before:
            after = reference(built, tmp_path / f"ref-{attempt}")
            assert now == after, f"attempt {attempt}: a release that is neither the previous one nor the new one"
        assert lock_freed(built)
        before = now
    res = samizdat(built, "build")
    assert res.code == 0, res.text
    assert tree_snapshot(built / "build/current") == reference(built, tmp_path / "ref-final")
    assert not [p for p in (built / "build/.releases").iterdir() if p.name.startswith("tmp-")]


def test_output_left_unfinished_is_never_reused(mini, tmp_path):
    """A process killed after writing an output but before finishing it leaves its
    marker; the next build discards what that process wrote instead of taking a file
    newer than its source as up to date. (Built in place: a project copied elsewhere
    is read again from scratch, which would hide the difference.)"""
    built = mini
    assert samizdat(built, "build").code == 0
    cache = built / "build/.cache/en"
    pdf = cache / "samizdat-handouts/alpha/first-a4.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # the state a kill between writing and finishing leaves: a newer, unfinished file
    pdf.write_bytes(b"%PDF-1.4 half-written")
    (cache / ".unfinished").write_text("")
    other = built / "curriculum/beta/second.md"  # some change, so the language is rebuilt
    other.write_text(other.read_text(encoding="utf-8").replace("Talk about it.", "Talk about it, please."), encoding="utf-8")
    res = samizdat(built, "build")
    assert res.code == 0, res.text
    assert b"half-written" not in (built / "build/en/handouts/alpha/first-a4.pdf").read_bytes()
    assert tree_snapshot(built / "build/current") == reference(built, tmp_path / "ref")


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(c) for c in text]
    return out


def test_a_killed_language_process_fails_the_build_and_frees_the_lock(built):
    before = tree_snapshot(built / "build/current")
    shutil.rmtree(built / "build/.cache")  # a cold build: the language processes live long enough
    (built / "curriculum/alpha/first.md").touch()
    proc = cli(built, "build")
    marker = built / "build/.cache/uk/.unfinished"
    deadline = time.monotonic() + 120
    while not marker.exists():  # the uk process has started building
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no language process started"
        time.sleep(0.01)
    workers = children(proc.pid)
    assert workers, "no language process found"
    for w in workers:  # the language processes (forked: no way to tell them apart by name)
        try:
            os.kill(w, signal.SIGKILL)
        except ProcessLookupError:
            pass
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 3, out + err
    assert "died" in err and "nothing was published" in err, err
    assert "Traceback" not in err
    assert lock_is_free(built)
    assert tree_snapshot(built / "build/current") == before
    res = samizdat(built, "build")  # and the next build recovers
    assert res.code == 0, res.text


def test_serve_rebuilds_only_under_the_lock(built):
    """The preview keeps a cache of its own and takes the build lock for each rebuild."""
    with holding_lock(built):
        proc = cli(built, "serve", "--lang", "en", "--port", "0")
        try:
            assert WAITING in first_stderr_line(proc)
            assert proc.poll() is None
            assert not (built / "build/.cache/serve/en/doctrees").exists() or \
                not list((built / "build/.cache/serve/en/doctrees").glob("*.pickle")), "serve read while the lock was held"
        except BaseException:
            proc.kill()
            raise
    try:
        import select

        deadline = time.monotonic() + 300
        seen = ""
        while "serving" not in seen:
            assert time.monotonic() < deadline, "serve never started after the lock was freed"
            ready, _, _ = select.select([proc.stdout], [], [], 5)
            if ready:
                seen += proc.stdout.readline()
        assert (built / "build/.cache/serve/en/doctrees/environment.pickle").is_file()
        assert lock_is_free(built), "serve kept the lock between rebuilds"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
