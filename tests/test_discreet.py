"""The discreet EPUB (``samizdat build --discreet``): no credits, and no title words in its
title, identifier or any other metadata; still a valid EPUB."""

from __future__ import annotations

import re
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import epubcheck, samizdat

from samizdat.core.config import load_config
from samizdat.pipeline.discreet import _epub, check_discreet_epub, discreet_uid
from samizdat.core.reproducible import read_zip, write_zip

CREDITS = ("Test Collective",)
PROJECT_TITLE = "Mini curriculum"
# the titles of the mini project's root page, themes and modules (uk falls back to English)
TITLES = ("Mini home", "Alpha theme", "First module", "Beta theme", "Second module")


def title_words() -> set[str]:
    return {w.casefold() for t in (PROJECT_TITLE, *TITLES) for w in re.findall(r"\w+", t)}


def unzipped(root: Path) -> Path:
    """The discreet kits, unzipped beside the project (once)."""
    out = root.parent / f"{root.name}-kits"
    if not out.is_dir():
        for kit in sorted((root / "build/current/kits").glob("reader-*.zip")):
            with zipfile.ZipFile(kit) as z:
                z.extractall(out)
    return out


def books(root: Path) -> list[Path]:
    found = sorted(unzipped(root).glob("reader-*/*/epub/reader-*.epub"))
    assert [p.name for p in found] == ["reader-en.epub", "reader-uk.epub"]
    return found


def metadata(files: dict[str, str]) -> dict[str, str]:
    """Everything an e-reader, a library or a phone's search shows: the package's metadata
    and identifier, the NCX's head and title, each page's head, the colophon."""
    out = {}
    for name, text in files.items():
        if name.endswith(".opf"):
            out[name] = " ".join(re.findall(r"<package\b[^>]*>", text) + re.findall(r"<metadata\b.*?</metadata>", text, re.S))
        elif name.endswith(".ncx"):
            out[name] = " ".join(re.findall(r"<head>.*?</head>|<docTitle>.*?</docTitle>|<docAuthor>.*?</docAuthor>", text, re.S))
        elif name.endswith(".xhtml"):
            out[name] = " ".join(re.findall(r"<head>.*?</head>|<div class=\"[^\"]*sz-colophon.*?</div>", text, re.S))
    return out


def test_no_credits_anywhere_in_the_discreet_epub(mini_discreet):
    for book in books(mini_discreet):
        for name, data in read_zip(book).items():
            text = data.decode("utf-8", "replace").casefold()
            for credit in CREDITS:
                assert credit.casefold() not in text, f"{book.name}/{name} names {credit!r}"


def test_no_title_words_in_the_metadata(mini_discreet):
    words = title_words()
    for book in books(mini_discreet):
        files = {n: d.decode("utf-8") for n, d in read_zip(book).items() if n.endswith((".opf", ".ncx", ".xhtml"))}
        assert {"content.opf", "toc.ncx", "index.xhtml"} <= set(files)
        for name, text in metadata(files).items():
            found = words & {w.casefold() for w in re.findall(r"\w+", text)}
            assert not found, f"{book.name}/{name}: {found} in its metadata"
            assert PROJECT_TITLE.casefold() not in text.casefold()
        # what these files hold, by name
        opf = files["content.opf"]
        assert not re.search(r"<dc:(creator|contributor|publisher)\b", opf)
        assert re.search(r"<dc:title>Reader</dc:title>", opf)
        assert re.search(r"<dc:rights>CC BY-SA 4.0</dc:rights>", opf)  # the licence, no holder
        assert re.search(r"<docTitle>\s*<text>Reader</text>", files["toc.ncx"])
        for name, text in files.items():
            if name.endswith(".xhtml") and name != "nav.xhtml":
                assert re.search(r"<title>Reader</title>", text), name


def test_the_identifier_is_neutral_and_stable(mini_discreet):
    cfg = load_config(mini_discreet)
    uids = set()
    for book in books(mini_discreet):
        lang = book.stem.removeprefix("reader-")
        files = {n: d.decode("utf-8") for n, d in read_zip(book).items() if n.endswith((".opf", ".ncx"))}
        opf, ncx = files["content.opf"], files["toc.ncx"]
        ref = re.search(r'<package\b[^>]*\bunique-identifier="([^"]+)"', opf).group(1)
        ident = re.search(rf'<dc:identifier id="{re.escape(ref)}">([^<]+)</dc:identifier>', opf).group(1)
        assert re.findall(r"<dc:identifier\b", opf) == ["<dc:identifier"]
        assert re.search(r'<meta name="dtb:uid" content="([^"]+)"', ncx).group(1) == ident
        assert ident.startswith("urn:uuid:") and uuid.UUID(ident.removeprefix("urn:uuid:")).version == 5
        assert ident == discreet_uid(cfg, lang)
        for text in (ref, ident):
            assert not title_words() & {w.casefold() for w in re.findall(r"[a-z]+", text, re.I)}, text
            assert "samizdat" not in text.casefold()
        uids.add(ident)
    assert len(uids) == 2  # one per language


def test_the_title_page_keeps_the_licence_without_credits(mini_discreet):
    for book in books(mini_discreet):
        index = read_zip(book)["index.xhtml"].decode("utf-8")
        colophon = re.search(r'<div class="[^"]*sz-colophon.*?</div>', index, re.S).group(0)
        assert "CC BY-SA 4.0" in colophon and "test.1" in colophon
        assert "Reader" in colophon and "Mini home" not in colophon
        assert len(re.findall(r"<p\b", colophon)) == 4  # label, title line, licence, legal caveat
    # the ordinary EPUB still has its credits (the discreet one is a copy, not a replacement)
    assert "Test Collective" in read_zip(mini_discreet / "build/uk/epub/samizdat-uk.epub")["index.xhtml"].decode("utf-8")


def test_the_discreet_epub_passes_epubcheck(mini_discreet):
    for book in books(mini_discreet):
        res = epubcheck(book)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "No errors or warnings detected" in res.stdout, res.stdout


def test_the_check_catches_what_the_ordinary_epub_shows(mini_discreet):
    """The check that guards every discreet build finds the credits and titles of the
    ordinary EPUB: it is not a check that passes everything."""
    cfg = load_config(mini_discreet)
    found = check_discreet_epub(read_zip(mini_discreet / "build/uk/epub/samizdat-uk.epub"), cfg, "Reader")
    assert "content.opf: 'Test Collective'" in found and "index.xhtml: 'Test Collective'" in found
    assert "content.opf: 'Mini curriculum'" in found and "alpha/first.xhtml: 'First module'" in found


def test_a_credit_the_rewriting_misses_stops_the_build(mini_discreet, tmp_path):
    """If the EPUB builder ever writes credits somewhere new, the discreet book is not
    written and the build says why."""
    cfg = load_config(mini_discreet)
    entries = read_zip(mini_discreet / "build/uk/epub/samizdat-uk.epub")
    opf = entries["content.opf"].decode("utf-8")
    entries["content.opf"] = opf.replace("</metadata>", '<meta property="dcterms:creator">Test Collective</meta></metadata>').encode()
    src = tmp_path / "src.epub"
    write_zip(src, entries, first="mimetype")
    with pytest.raises(RuntimeError, match="Test Collective"):
        _epub(src, tmp_path / "reader-uk.epub", cfg, "uk", "Reader")
    assert not (tmp_path / "reader-uk.epub").exists()


def test_the_discreet_epub_is_byte_identical_across_builds(mini_discreet, tmp_path):
    root = tmp_path / "again"
    shutil.copytree(mini_discreet, root, symlinks=True)
    shutil.rmtree(root / "build")
    assert samizdat(root, "build", "--discreet", "--format", "epub").code == 0
    for book in books(mini_discreet):
        again = books(root)[0 if "-en" in book.name else 1]
        assert again.read_bytes() == book.read_bytes(), book.name
    with zipfile.ZipFile(books(mini_discreet)[0]) as z:
        assert z.namelist()[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
