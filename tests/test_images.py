"""Images: alt text required, undecodable files named, and no EXIF/GPS in any output."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from conftest import samizdat

MODULE = "curriculum/alpha/first.md"


def gps_jpeg(path: Path) -> None:
    from PIL import Image

    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x0131] = "home-laptop-of-alice"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (50.0, 27.0, 1.0), "E", (30.0, 31.0, 2.0)
    img.save(path, "JPEG", exif=exif, comment=b"taken at the safe house")
    assert b"SecretCameraMaker" in path.read_bytes()


def add_image(root: Path, markdown: str) -> None:
    p = root / MODULE
    p.write_text(p.read_text(encoding="utf-8").replace("## Second section", markdown + "\n\n## Second section"), encoding="utf-8")


def image_blobs(root: Path):
    """(where, bytes) of every image in every output."""
    for p in sorted((root / "build/current").rglob("*")):
        if p.suffix.lower() in (".jpg", ".jpeg", ".png"):
            yield str(p), p.read_bytes()
        elif p.suffix in (".epub", ".pptx", ".docx", ".odt"):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    if n.lower().endswith((".jpg", ".jpeg", ".png")):
                        yield f"{p}!{n}", z.read(n)
        elif p.suffix == ".pdf":
            from pypdf import PdfReader

            for page in PdfReader(p).pages:
                for img in page.images:
                    yield f"{p}!{img.name}", img.data


def test_outputs_carry_no_image_metadata(mini, tmp_path):
    gps_jpeg(mini / "curriculum/alpha/map.jpg")
    add_image(mini, "![A map of the district](map.jpg)")
    res = samizdat(mini, "build")
    assert res.code == 0, res.text
    found = list(image_blobs(mini))
    kinds = {where.split("!")[0].rsplit(".", 1)[-1] for where, _ in found}
    assert {"jpg", "epub", "pptx", "docx", "odt", "pdf"} <= kinds, kinds
    from PIL import Image

    for where, blob in found:
        for secret in (b"SecretCameraMaker", b"home-laptop-of-alice", b"safe house", b"Exif\x00\x00"):
            assert secret not in blob, f"{where} still carries {secret!r}"
        if blob[:2] == b"\xff\xd8":
            assert not Image.open(io.BytesIO(blob)).getexif(), where
    # the source keeps its file untouched: cleaning happens on copies
    assert b"SecretCameraMaker" in (mini / "curriculum/alpha/map.jpg").read_bytes()


def test_image_without_alt_text(mini):
    gps_jpeg(mini / "curriculum/alpha/map.jpg")
    add_image(mini, "![](map.jpg)")
    res = samizdat(mini, "check")
    assert res.code == 1 and re.search(rf"{MODULE}:\d+: image 'map.jpg' has no alt text", res.out), res.text


def test_undecodable_image_is_named(mini):
    (mini / "curriculum/alpha/broken.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not a picture")
    add_image(mini, "![A broken picture](broken.png)")
    res = samizdat(mini, "build", "--lang", "en")
    assert res.code == 1 and "image 'broken.png' cannot be decoded" in res.err, res.text
