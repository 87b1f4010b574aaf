"""Reproducible bytes, no network, no build-machine details in any output
(kills and the lock: test_lock_and_kill.py)."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, samizdat


def manifest(root: Path) -> dict[str, str]:
    doc = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    return {e["path"]: e["sha256"] for e in doc["artefacts"]}


def test_two_builds_are_byte_identical(tmp_path):
    """Different folders, times, time zones and user names; the same SOURCE_DATE_EPOCH."""
    a = copy_project(FIXTURES / "mini", tmp_path / "first-folder")
    b = copy_project(FIXTURES / "mini", tmp_path / "second" / "elsewhere")
    ra = samizdat(a, "build", env={"TZ": "Asia/Tokyo", "USER": "alice", "LOGNAME": "alice", "HOME": str(tmp_path)})
    time.sleep(1.1)
    rb = samizdat(b, "build", env={"TZ": "America/Los_Angeles", "USER": "bob", "LOGNAME": "bob", "LANG": "C"})
    assert ra.code == 0 and rb.code == 0, ra.text + rb.text
    ma, mb = manifest(a), manifest(b)
    assert ma.keys() == mb.keys()
    differ = sorted(p for p in ma if ma[p] != mb[p])
    assert not differ, f"{len(differ)} artefacts differ between the two builds, e.g. {differ[:8]}"
    kinds = {p.rsplit(".", 1)[-1] for p in ma}
    assert {"html", "epub", "pdf", "pptx", "docx", "odt"} <= kinds


def test_no_build_machine_details_in_outputs(mini_built):
    needles = {str(mini_built), str(Path.home()) + "/", "Asia/Tokyo", "JST"}
    for name in (getpass.getuser(), socket.gethostname()):
        if len(name) > 4:  # short names ("vm", "root") occur in ordinary words and CSS
            needles.add(name)
    files = [p for p in (mini_built / "build/current").rglob("*") if p.is_file()]
    assert len(files) > 50 and {"pdf", "pptx", "epub", "html"} <= {p.suffix.strip(".") for p in files}, len(files)
    for p in files:
        blobs = [p.read_bytes()]
        if p.suffix in (".epub", ".pptx", ".docx", ".odt"):
            with zipfile.ZipFile(p) as z:
                blobs += [z.read(n) for n in z.namelist()]
                assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}, f"{p}: zip entry times"
        for blob in blobs:
            for needle in needles:
                assert needle.encode() not in blob, f"{p}: contains {needle!r}"


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare (util-linux) is needed to refuse networking")
def test_build_with_networking_refused(tmp_path):
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("unshare -n is not permitted here")
        pytest.skip("unshare -n is not permitted for this user")
    root = copy_project(FIXTURES / "mini", tmp_path / "offline")
    res = subprocess.run(["unshare", "-n", sys.executable, "-m", "samizdat.cli", "--root", str(root), "build"],
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (root / "build/uk/slides/alpha/first.pptx").is_file()


def test_incremental_build_equals_clean_build(tmp_path):
    """After a series of edits (source, catalog, style file), the incremental build's
    artefacts are byte-identical to a clean build of the same inputs."""
    inc = copy_project(FIXTURES / "mini", tmp_path / "incremental")
    assert samizdat(inc, "i18n", "sync").code == 0
    assert samizdat(inc, "build").code == 0
    page = inc / "curriculum/alpha/first.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Everyone introduces themselves.", "Everyone says their name."), encoding="utf-8")
    assert samizdat(inc, "i18n", "sync").code == 0
    assert samizdat(inc, "build").code == 0
    import polib

    cat = inc / "locales/uk/LC_MESSAGES/beta/second.po"
    po = polib.pofile(str(cat))
    po.find("Talk about it.").msgstr = "Поговоріть про це."
    po.save(str(cat))
    assert samizdat(inc, "build").code == 0
    style = inc / "handouts/styles.yaml"
    style.parent.mkdir(exist_ok=True)
    # a new body style, and Letter margins that give Letter its own layout
    style.write_text("pages:\n  letter: {size: letter, margins_mm: [22, 19, 20, 19]}\n"
                     "styles:\n  body: {font: serif, size: 11, leading: 15, colour: \"000000\", space_after: 5}\n", encoding="utf-8")
    assert samizdat(inc, "build").code == 0
    clean = tmp_path / "clean"
    shutil.copytree(inc, clean, ignore=shutil.ignore_patterns("build"))
    assert samizdat(clean, "build").code == 0
    a, b = manifest(inc), manifest(clean)
    assert a.keys() == b.keys()
    differ = sorted(p for p in a if a[p] != b[p])
    assert not differ, f"incremental and clean builds differ: {differ[:10]}"
