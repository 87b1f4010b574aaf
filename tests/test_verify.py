"""``samizdat verify``: a copy passes only if it holds exactly the files of its manifest,
and it says whether a signature was checked."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import samizdat


@pytest.fixture
def copy(mini_built, tmp_path) -> Path:
    """A copy of the last release, as on a USB stick."""
    dst = tmp_path / "usb"
    shutil.copytree(mini_built / "build" / "current", dst)
    return dst


def test_an_untouched_copy_passes_and_says_no_signature_was_checked(mini_built, copy):
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 0, res.text
    assert res.out == ""
    assert "every file matches the manifest" in res.err
    assert "no signature checked: pass --key PUBKEY to check authenticity" in res.err
    assert "signature valid" not in res.err


def test_the_build_folder_itself_passes(mini_built):
    """build/ is links to the current release, a cache and older releases: verify checks
    the release its manifest.json points to."""
    res = samizdat(mini_built, "verify", str(mini_built / "build"))
    assert res.code == 0, res.text


def test_added_and_changed_files_are_named(mini_built, copy):
    (copy / "en/html/alpha/update.html").write_text('<html><body><script src="https://evil.example/x.js"></script></body></html>', encoding="utf-8")
    (copy / "uk/html/first.html").write_text("tampered", encoding="utf-8")  # not in the manifest either
    (copy / "en/html/alpha/first.html").write_text("tampered", encoding="utf-8")
    (copy / "extra").mkdir()
    (copy / "extra/readme.txt").write_text("hi", encoding="utf-8")
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 1, res.text
    lines = res.out.splitlines()
    assert "en/html/alpha/update.html: not in the manifest (added to this copy; do not open it)" in lines
    assert any(line.startswith("uk/html/first.html: not in the manifest") for line in lines)
    assert any(line.startswith("extra/readme.txt: not in the manifest") for line in lines)
    assert "en/html/alpha/first.html: differs from the manifest (changed or damaged)" in lines
    assert len(lines) == 4, lines
    assert "4 problem(s)" in res.err and "no signature checked" in res.err


def test_an_added_file_alone_fails(mini_built, copy):
    (copy / "en/html/index2.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 1 and "en/html/index2.html: not in the manifest" in res.out


def test_links_in_a_copy_are_named(mini_built, copy, tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("<script>alert(1)</script>", encoding="utf-8")
    (copy / "en/html/outside.html").symlink_to(outside)
    (copy / "en/html/etc").symlink_to("/etc", target_is_directory=True)
    # a listed file replaced by a link to a file with the same bytes
    page = copy / "uk/html/index.html"
    twin = tmp_path / "twin.html"
    shutil.copy(page, twin)
    page.unlink()
    page.symlink_to(twin)
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 1
    assert "en/html/outside.html: not in the manifest" in res.out
    assert "en/html/etc: not in the manifest" in res.out
    assert "uk/html/index.html: a link, not a file" in res.out


def test_a_manifest_naming_paths_outside_the_copy_is_refused(mini_built, copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    doc = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    doc["artefacts"].append({"path": "../secret.txt", "bytes": 1, "sha256": hashlib.sha256(b"x").hexdigest(),
                             "lang": None, "format": "other", "theme": None, "module": None})
    doc["artefacts"].append({"path": str(secret), "bytes": 1, "sha256": hashlib.sha256(b"x").hexdigest(),
                             "lang": None, "format": "other", "theme": None, "module": None})
    (copy / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 1
    assert "'../secret.txt': the manifest lists a path outside the copy" in res.out
    assert f"{str(secret)!r}: the manifest lists a path outside the copy" in res.out


def test_a_broken_manifest_is_a_usage_error(mini_built, copy):
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 2 and "not a readable samizdat manifest" in res.err and "Traceback" not in res.err
    (copy / "manifest.json").write_text('{"artefacts": [{"path": 3}]}', encoding="utf-8")
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 2 and "Traceback" not in res.err


def test_with_a_key_it_says_the_signature_was_checked(mini_built, tmp_path):
    from conftest import signed_copy

    root, copy, pub = signed_copy(mini_built, tmp_path)
    res = samizdat(root, "verify", str(copy), "--key", str(pub))
    assert res.code == 0, res.text
    assert "signature valid" in res.err and "no signature checked" not in res.err
    # the build folder itself, signed: the signature sits in the release it points to
    res = samizdat(root, "verify", str(root / "build"), "--key", str(pub))
    assert res.code == 0 and "signature valid" in res.err, res.text
    # the signature file is expected, not "added"; without --key, it is not checked
    res = samizdat(root, "verify", str(copy))
    assert res.code == 0 and "no signature checked" in res.err
    # another key: not valid
    other, other_pub = tmp_path / "keys/other.pem", tmp_path / "keys/other.pub.pem"
    assert samizdat(root, "keygen", str(other), str(other_pub)).code == 0
    res = samizdat(root, "verify", str(copy), "--key", str(other_pub))
    assert res.code == 1 and "signature does not match" in res.out and "no valid signature" in res.err
    assert "signature valid" not in res.err
    # a signed copy with an added file: the signature is fine, the copy is not
    (copy / "en/html/new.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    res = samizdat(root, "verify", str(copy), "--key", str(pub))
    assert res.code == 1 and "en/html/new.html: not in the manifest" in res.out and "signature valid" in res.err
