"""End-to-end on the small fixture: the site, the EPUB, the manifest, audiences,
labels and privacy."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from conftest import epubcheck, samizdat

FACILITATOR_ONLY = [
    "Hidden facilitator instruction",
    "Debrief privately with the groups",
    "Watch for signs of distress",
    "Pens and paper for everyone",
    "Only on slides: a big reminder",
]


def learner_texts(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in ("en", "uk"):
        for p in (root / "build" / lang / "html").rglob("*"):
            if p.is_file() and p.suffix in (".html", ".js"):
                out[str(p)] = p.read_text(encoding="utf-8")
        with zipfile.ZipFile(root / "build" / lang / "epub" / f"samizdat-{lang}.epub") as z:
            for name in z.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    out[f"epub:{lang}:{name}"] = z.read(name).decode("utf-8")
    # what the scan reads: both languages' module pages and EPUB documents, with their learner text
    for lang in ("en", "uk"):
        assert "Everyone introduces themselves." in out[str(root / "build" / lang / "html/alpha/first.html")]
        assert "Everyone introduces themselves." in out[f"epub:{lang}:alpha/first.xhtml"]
    assert len(out) >= 2 * (6 + 5), sorted(out)
    return out


PAGES = {"index": "Mini home", "alpha/index": "Alpha theme", "alpha/first": "First module",
         "beta/index": "Beta theme", "beta/second": "Second module"}  # reading order; uk falls back to English titles


def test_site_and_epub_contents(mini_built):
    from artefacts import epub_documents, page_lang_and_title

    for lang in ("en", "uk"):
        html = mini_built / "build" / lang / "html"
        for page, title in PAGES.items():
            assert page_lang_and_title(html / f"{page}.html") == (lang, f"{title} — Mini home"), (lang, page)
        search_lang, search_title = page_lang_and_title(html / "search.html")
        assert search_lang == lang and search_title == {"en": "Search", "uk": "Пошук"}[lang] + " — Mini home"
        index = (html / "searchindex.js").read_text(encoding="utf-8")
        assert all(title in index for title in PAGES.values()), "a page missing from the search index"
        # words of the module bodies, not only titles: "introduces", stemmed in en by Snowball,
        # in uk by samizdat's prefix stem (sphinx_ext/search.py)
        assert {"en": '"introduc"', "uk": '"intro"'}[lang] in index
        assert not (html / "_sources").exists()
        book_lang, docs = epub_documents(mini_built / "build" / lang / "epub" / f"samizdat-{lang}.epub")
        assert book_lang == lang
        assert [(d.href, d.lang, d.title) for d in docs] == [(f"{page}.xhtml", lang, title) for page, title in PAGES.items()]
        first = next(d for d in docs if d.href == "alpha/first.xhtml")
        assert "Everyone introduces themselves." in first.text and "Groups read the case" in first.text


def test_no_facilitator_content_for_learners(mini_built):
    for where, text in learner_texts(mini_built).items():
        for sentence in FACILITATOR_ONLY:
            assert sentence not in text, f"{sentence!r} leaked into {where}"
    # a word that exists only in a facilitator note is not in the search index either
    for lang in ("en", "uk"):
        assert "zebracorn" not in (mini_built / f"build/{lang}/html/searchindex.js").read_text(encoding="utf-8")
    # and the learner content is there
    page = (mini_built / "build/en/html/alpha/first.html").read_text(encoding="utf-8")
    assert "Everyone introduces themselves." in page
    assert "Never on slides: a long explanation" in page


def test_manifest_hashes_match(mini_built):
    manifest = json.loads((mini_built / "build" / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["artefacts"]
    assert {e["format"] for e in entries} >= {"html", "epub"}
    module_page = next(e for e in entries if e["path"] == "en/html/alpha/first.html")
    assert module_page["theme"] == "alpha" and module_page["module"] == "first" and module_page["lang"] == "en"
    res = samizdat(mini_built, "verify", str(mini_built / "build"))
    assert res.code == 0, res.text


def test_verify_names_a_changed_file(mini_built, tmp_path):
    import shutil

    copy = tmp_path / "usb"
    shutil.copytree(mini_built / "build" / "current", copy)
    (copy / "en/html/alpha/first.html").write_text("tampered", encoding="utf-8")
    (copy / "uk/html/index.html").unlink()
    res = samizdat(mini_built, "verify", str(copy))
    assert res.code == 1
    assert "en/html/alpha/first.html: differs" in res.out
    assert "uk/html/index.html: missing" in res.out


def test_every_page_has_a_csp_and_no_remote_loads(mini_built):
    pages = [p for p in (mini_built / "build").rglob("*.html") if ".cache" not in p.parts]
    kinds = {k for p in pages for k in ("html", "slides", "facilitator") if f"/{k}/" in p.as_posix()}
    assert {"html", "slides", "facilitator"} <= kinds and len(pages) > 20, kinds
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in text, p
        for m in re.finditer(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', text):
            assert not re.match(r"(https?:)?//", m.group(1)), f"{p}: remote load {m.group(1)}"
        if "/slides/" in p.as_posix():  # decks: every inline script is allowed by its hash
            import base64
            import hashlib

            csp = re.search(r'Content-Security-Policy" content="([^"]+)"', text).group(1)
            for body in re.findall(r"<script>(.*?)</script>", text, re.S):
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in csp, f"{p}: inline script without its hash in the CSP"
        else:
            assert "<script>" not in text, f"{p}: inline script (the CSP would block it)"


def test_language_switcher_links_the_same_page(mini_built):
    page = (mini_built / "build/uk/html/alpha/first.html").read_text(encoding="utf-8")
    assert 'href="../../../en/html/alpha/first.html"' in page
    target = (mini_built / "build/uk/html/alpha" / "../../../en/html/alpha/first.html").resolve()
    assert target.is_file()


def test_uk_labels_and_visible_fallback(mini_built):
    page = (mini_built / "build/uk/html/alpha/first.html").read_text(encoding="utf-8")
    assert "Цілі" in page and "20 хвилин" in page and "Тривалість: 60 хвилин" in page
    # untranslated paragraphs fall back to English, visibly
    assert '<span class="sz-fallback">англійською</span> Everyone introduces themselves.' in page
    assert '<html lang="uk"' in page


def test_epub_language_and_toc(mini_built):
    with zipfile.ZipFile(mini_built / "build/uk/epub/samizdat-uk.epub") as z:
        opf = z.read("content.opf").decode()
        nav = z.read("nav.xhtml").decode()
        assert z.namelist()[0] == "mimetype"
    assert "<dc:language>uk</dc:language>" in opf
    assert "Alpha theme" in nav and "First module" in nav


def test_epubcheck_passes(mini_built):
    for lang in ("en", "uk"):
        epub = mini_built / f"build/{lang}/epub/samizdat-{lang}.epub"
        res = epubcheck(epub)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "No errors or warnings detected" in res.stdout + res.stderr


def test_failed_build_keeps_previous_release(mini_built, tmp_path):
    import shutil

    from conftest import tree_snapshot

    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    before = tree_snapshot(root / "build")
    page = root / "curriculum/alpha/first.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":minutes: 40", ":minutes: 41"), encoding="utf-8")
    res = samizdat(root, "build")
    assert res.code == 1 and "nothing was published" in res.err
    assert tree_snapshot(root / "build") == before


def test_partial_build_keeps_other_languages(mini_built, tmp_path):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    res = samizdat(root, "build", "--lang", "uk", "--format", "html")
    assert res.code == 0, res.text
    assert (root / "build/en/html/index.html").is_file()
    assert (root / "build/uk/epub/samizdat-uk.epub").is_file()
    assert samizdat(root, "verify", str(root / "build")).code == 0


def test_leak_scan_passes_and_catches_a_planted_leak(mini_built, tmp_path):
    import shutil

    res = samizdat(mini_built, "check", "--leaks")
    assert res.code == 0, res.text
    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    page = root / "build/current/en/html/beta/second.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Talk about it.", "Talk about it. Debrief privately with the groups and collect their three main answers."), encoding="utf-8")
    res = samizdat(root, "check", "--leaks")
    assert res.code == 1
    assert "facilitator-only text from curriculum/alpha/first.md leaked" in res.out


def test_threshold_leaves_out_an_output_for_an_untranslated_language(mini):
    cfg = mini / "curriculum/curriculum.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "thresholds:\n  slides: 100\n", encoding="utf-8")
    assert samizdat(mini, "i18n", "sync").code == 0
    res = samizdat(mini, "build", "--format", "slides", "--format", "html")
    assert res.code == 0, res.text
    assert (mini / "build/en/slides/alpha/first.html").is_file()
    assert not (mini / "build/uk/slides").exists()  # uk is 0 % translated
    assert (mini / "build/uk/html/index.html").is_file()
    res = samizdat(mini, "i18n", "check", "--no-sync")
    assert "slides needs 100%" in res.out


def test_signed_manifest_and_tampering(mini_built, tmp_path):
    import shutil

    from conftest import signed_copy

    root, copy, pub = signed_copy(mini_built, tmp_path)
    assert samizdat(root, "verify", str(copy), "--key", str(pub)).code == 0
    # a tampered file
    bad_file = tmp_path / "bad-file"
    shutil.copytree(copy, bad_file)
    (bad_file / "en/html/index.html").write_text("phishing", encoding="utf-8")
    res = samizdat(root, "verify", str(bad_file), "--key", str(pub))
    assert res.code == 1 and "en/html/index.html: differs" in res.out
    # a tampered manifest (hashes rewritten to match a tampered file)
    bad_manifest = tmp_path / "bad-manifest"
    shutil.copytree(bad_file, bad_manifest)
    import hashlib

    doc = json.loads((bad_manifest / "manifest.json").read_text(encoding="utf-8"))
    for e in doc["artefacts"]:
        if e["path"] == "en/html/index.html":
            e["sha256"] = hashlib.sha256(b"phishing").hexdigest()
            e["bytes"] = 8
    (bad_manifest / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    assert samizdat(root, "verify", str(bad_manifest)).code == 0  # hashes alone can be forged...
    res = samizdat(root, "verify", str(bad_manifest), "--key", str(pub))
    assert res.code == 1 and "signature does not match" in res.out  # ...the signature can't


def test_discreet_profile(mini_built, tmp_path):
    import shutil
    import zipfile

    from pypdf import PdfReader

    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    res = samizdat(root, "build", "--discreet")
    assert res.code == 0, res.text
    with zipfile.ZipFile(root / "build/current/kits/reader-uk.zip") as z:
        z.extractall(tmp_path / "kit")
    files = [p for p in (tmp_path / "kit/reader-uk/uk").rglob("*") if p.is_file() and p.suffix in (".pdf", ".epub", ".docx", ".odt", ".pptx")]
    names = sorted(p.relative_to(tmp_path / "kit/reader-uk/uk").as_posix() for p in files)
    assert {"epub/reader-uk.epub", "handouts/part-01/module-01-a4.pdf", "zines/part-02-a5.pdf", "slides/part-01/module-01.pptx"} <= set(names)
    for p in files:
        assert not any(w in p.relative_to(tmp_path).as_posix().lower() for w in ("alpha", "beta", "first", "second")), p
        if p.suffix == ".pdf":
            meta = PdfReader(p).metadata
            text = " ".join(str(v) for v in meta.values())
        else:
            import re

            with zipfile.ZipFile(p) as z:
                parts = {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()
                         if n in ("content.opf", "toc.ncx", "docProps/core.xml", "docProps/app.xml", "meta.xml")}
            # package metadata (what file managers and phone searches index); the table of
            # contents inside the book is content, like the text itself
            text = " ".join([re.sub(r"<manifest>.*", "", parts.get("content.opf", ""), flags=re.S),
                             " ".join(re.findall(r"<docTitle>.*?</docTitle>", parts.get("toc.ncx", ""), re.S)),
                             parts.get("docProps/core.xml", ""), parts.get("docProps/app.xml", ""), parts.get("meta.xml", "")])
        for w in ("Alpha theme", "First module", "Second module", "Mini home", "Beta theme"):
            assert w not in text, f"{p.name}: {w!r} in its metadata"
    manifest = json.loads((tmp_path / "kit/reader-uk/manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["artefacts"]) > 10
    for e in manifest["artefacts"]:
        assert e["theme"] is None and e["module"] is None


def test_site_and_epub_load_nothing_but_their_own_files(mini_built, tmp_path):
    """Headless Chromium, networking refused, requests logged."""
    import zipfile

    from test_slides import chromium_page

    site = (mini_built / "build/uk/html").resolve()
    for page in ("index.html", "alpha/first.html", "search.html"):
        requests, errors, _ = chromium_page((site / page).as_uri())
        assert [u for u in requests if not u.startswith(site.as_uri())] == [], page
        assert not errors, (page, errors)
    book = tmp_path / "book"
    with zipfile.ZipFile(mini_built / "build/uk/epub/samizdat-uk.epub") as z:
        z.extractall(book)
    for doc in ("index.xhtml", "alpha/first.xhtml"):
        requests, errors, _ = chromium_page((book / doc).resolve().as_uri())
        assert [u for u in requests if not u.startswith(book.resolve().as_uri())] == [], doc


def test_colophon_in_every_format(mini_built):
    import zipfile

    from samizdat.tools.outputs_text import deck_slide_text, office_text, pdf_text

    edition = "test.1 (2026-01-15)"
    build = mini_built / "build/en"
    texts = {
        "site": (build / "html/alpha/first.html").read_text(encoding="utf-8"),
        "deck": deck_slide_text(build / "slides/alpha/first.html"),
        "pptx": deck_slide_text(build / "slides/alpha/first.pptx"),
        "handout": pdf_text(build / "handouts/alpha/first-a4.pdf"),
        "docx": office_text(build / "handouts/alpha/first.docx"),
        "odt": office_text(build / "handouts/alpha/first.odt"),
        "zine": pdf_text(build / "zines/alpha-a5.pdf"),
        "pack": pdf_text(build / "facilitator/pdf/alpha/first.pdf"),
    }
    with zipfile.ZipFile(build / "epub/samizdat-en.epub") as z:
        texts["epub"] = z.read("index.xhtml").decode()
    for fmt, text in texts.items():
        text = " ".join(text.split())
        assert edition in text, f"{fmt}: no edition"
        assert "CC BY-SA 4.0" in text, f"{fmt}: no licence"
        assert "not legal advice" in text, f"{fmt}: no caveat"
    assert "Test Collective" in texts["handout"] and "SIL Open Font License" in texts["handout"]
    assert "MIT" in texts["deck"]
