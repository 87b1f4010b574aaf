"""End-to-end on the shipped curriculum: every module in every language, validated by
real tools, with no facilitator content in learner outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from artefacts import epub_documents, html_deck_slides, page_lang_and_title, plain, pptx_slides
from conftest import ROOT, copy_project, epubcheck, samizdat
from samizdat.core.config import load_config

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cfg():
    """The configuration, loaded when a test needs it (a content error fails those tests, not the collection)."""
    return load_config(ROOT)


def modules(cfg) -> list[tuple[str, str]]:
    found = [(theme.folder, module) for theme in cfg.themes for module in theme.modules]
    assert len(found) >= 18, found
    return found


def module_title(page: str) -> str:
    """A module page's ``<h1>`` (without its permalink)."""
    m = re.search(r"<h1>(.*?)<a class=\"headerlink\"", page, re.S)
    assert m, "no <h1> on the page"
    return plain(m.group(1))


def test_check_is_clean(tmp_path):
    root = copy_project(ROOT, tmp_path / "p")  # check writes its cache under build/: never the repository's
    res = samizdat(root, "check")
    assert res.code == 0, res.text


def test_every_module_page_in_every_language(shipped, cfg):
    """Every page in its language, titled; a module's title is its source heading in the
    source language, and each translation has its own (at least one differs)."""
    titles: dict[tuple[str, str], dict[str, str]] = {}
    for lang in cfg.all_languages:
        html = shipped / "build" / lang / "html"
        site_lang, site = page_lang_and_title(html / "index.html")
        assert site_lang == lang and site
        for theme in cfg.themes:
            assert page_lang_and_title(html / theme.folder / "index.html")[0] == lang, (lang, theme.folder)
        for folder, module in modules(cfg):
            page = (html / folder / f"{module}.html").read_text(encoding="utf-8")
            title = module_title(page)
            assert page_lang_and_title(page) == (lang, f"{title} — {site.split(' — ')[-1]}"), (lang, module)
            assert "sz-objectives" in page and "sz-activity" in page, (lang, module)
            titles.setdefault((folder, module), {})[lang] = title
    for (folder, module), by_lang in titles.items():
        source = (ROOT / "curriculum" / folder / f"{module}.md").read_text(encoding="utf-8")
        assert by_lang[cfg.source_language] == " ".join(re.search(r"^# (.+)$", source, re.M).group(1).split()), module
        assert len(set(by_lang.values())) > 1, f"{module}: the same title in every language {by_lang}"


def test_decks_for_every_module_and_language(shipped, cfg):
    """Each deck has slides, opens with the module's title (as its page has it), and the
    PPTX has the same slides as the reveal.js deck, in order."""
    for lang in cfg.all_languages:
        for folder, module in modules(cfg):
            title = module_title((shipped / "build" / lang / "html" / folder / f"{module}.html").read_text(encoding="utf-8"))
            deck = shipped / "build" / lang / "slides" / folder / f"{module}.html"
            assert f'lang="{lang}"' in deck.read_text(encoding="utf-8")[:300], deck
            slides = html_deck_slides(deck)
            assert len(slides) >= 5 and slides[0].title == title, (lang, module, [s.title for s in slides[:2]])
            assert any(s.notes for s in slides), f"{deck}: no speaker notes"
            # pandoc's PPTX writer moves what follows a table onto an untitled slide of its own
            # (test_pptx_slides_all_have_titles); the titled slides are the reveal.js deck's
            pptx_titles = [s.title for s in pptx_slides(deck.with_suffix(".pptx")) if s.title]
            assert pptx_titles == [s.title for s in slides], (lang, module)


def test_pptx_slides_all_have_titles(shipped, cfg):
    untitled = [(lang, module, i) for lang in cfg.all_languages for folder, module in modules(cfg)
                for i, s in enumerate(pptx_slides(shipped / "build" / lang / "slides" / folder / f"{module}.pptx")) if not s.title]
    assert not untitled, untitled


def test_epubs_list_every_module_in_its_language(shipped, cfg):
    for lang in cfg.all_languages:
        book_lang, docs = epub_documents(shipped / "build" / lang / "epub" / f"samizdat-{lang}.epub")
        assert book_lang == lang
        hrefs = [d.href for d in docs]
        for folder, module in modules(cfg):
            assert f"{folder}/{module}.xhtml" in hrefs, (lang, module)
            assert hrefs.index(f"{folder}/index.xhtml") < hrefs.index(f"{folder}/{module}.xhtml"), (lang, module)
        for d in docs:
            assert d.lang == lang and d.title and d.text, (lang, d.href)


def test_epubs_pass_epubcheck(shipped, cfg):
    for lang in cfg.all_languages:
        res = epubcheck(shipped / "build" / lang / "epub" / f"samizdat-{lang}.epub")
        out = res.stdout + res.stderr
        assert res.returncode == 0 and "0 errors / 0 warnings" in out, out[-3000:]


def test_manifest_matches_files(shipped, cfg):
    manifest = json.loads((shipped / "build" / "manifest.json").read_text(encoding="utf-8"))
    langs = {e["lang"] for e in manifest["artefacts"]}
    assert set(cfg.all_languages) <= langs
    res = samizdat(shipped, "verify", str(shipped / "build"))
    assert res.code == 0, res.text


def test_no_facilitator_sentence_in_learner_outputs(shipped):
    res = samizdat(shipped, "check", "--leaks")
    assert res.code == 0, res.text


def test_every_pdf_has_every_font_embedded(shipped):
    import re
    import subprocess

    from conftest import require_tool

    pdffonts = require_tool("pdffonts")
    pdfs = sorted((shipped / "build/current").rglob("*.pdf"))
    assert len(pdfs) > 100
    for pdf in pdfs:
        rows = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows and all(re.search(r"\s+yes\s+yes\s+yes\s+", r) for r in rows), f"{pdf}: {rows}"


def test_every_catalog_compiles_with_msgfmt(cfg):
    import subprocess

    from conftest import require_tool

    msgfmt = require_tool("msgfmt")
    catalogs = sorted(cfg.locales_dir.rglob("*.po"))
    assert len(catalogs) >= len(cfg.languages) * len(modules(cfg)), len(catalogs)
    for po in catalogs:
        res = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_libreoffice_opens_every_office_file(shipped, tmp_path):
    from conftest import libreoffice_convert

    files = sorted(p for p in (shipped / "build/current").rglob("*") if p.suffix in (".pptx", ".docx", ".odt"))
    assert len(files) >= 3 * 4 * 19
    for kind in (".pptx", ".docx", ".odt"):
        batch = [str(p) for p in files if p.suffix == kind]
        out = tmp_path / kind.strip(".")
        res = libreoffice_convert(batch, out, "pdf", tmp_path, timeout=1800)
        assert res.returncode == 0, res.stderr[-2000:]
        converted = list(out.glob("*.pdf"))
        # file names repeat across languages (one output folder per batch): every distinct name converted
        assert {p.stem for p in converted} == {p.stem for p in files if p.suffix == kind}


def test_uk_build_shows_ukrainian(shipped):
    from samizdat.tools.outputs_text import deck_slide_text, pdf_text

    site = (shipped / "build/uk/html/01-documents/temporary-protection.html").read_text(encoding="utf-8")
    assert "Тимчасовий захист" in site and "sz-fallback" not in site
    import zipfile

    with zipfile.ZipFile(shipped / "build/uk/epub/samizdat-uk.epub") as z:
        assert "Тимчасовий захист" in z.read("01-documents/temporary-protection.xhtml").decode()
    assert "Тимчасовий захист" in deck_slide_text(shipped / "build/uk/slides/01-documents/temporary-protection.html")
    assert "Тимчасовий захист" in pdf_text(shipped / "build/uk/handouts/01-documents/temporary-protection-a4.pdf")


def test_module_title_and_first_objective_in_every_handout(shipped, cfg):
    from samizdat.tools.outputs_text import pdf_text

    for lang in cfg.all_languages:
        for theme in cfg.themes:
            for module in theme.modules:
                text = pdf_text(shipped / f"build/{lang}/handouts/{theme.folder}/{module}-a4.pdf")
                html = (shipped / f"build/{lang}/html/{theme.folder}/{module}.html").read_text(encoding="utf-8")
                title = re.search(r"<h1>(.*?)<a", html).group(1)
                first_objective = re.search(r'sz-objectives.*?<li><p>(.*?)</p>', html, re.S).group(1)
                plain = re.sub(r"<[^>]+>", "", first_objective)
                import html as h

                assert " ".join(h.unescape(title).split())[:30] in text, (lang, module, title)
                assert " ".join(h.unescape(plain).split())[:25] in text, (lang, module, plain)


def test_search_finds_words_in_each_language(shipped):
    """Sphinx has no Ukrainian or Czech search: samizdat registers unstemmed ones."""
    from conftest import require_module, require_tool

    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    queries = {"uk": ("захист", "Тимчасовий захист"), "cs": ("ochrana", "Dočasná ochrana"), "ru": ("защита", "Временная защита")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for lang, (query, expected) in queries.items():
            url = (shipped / f"build/{lang}/html/search.html").resolve().as_uri() + f"?q={query}"
            page.goto(url)
            page.wait_for_selector("#search-results ul.search li", timeout=20000)
            assert expected.lower() in page.inner_text("#search-results").lower(), lang
        browser.close()


def search_hits(page, site: Path, query: str) -> list[str]:
    """The pages Sphinx's search lists for ``query`` (waiting until the list stops growing)."""
    page.goto(site.resolve().as_uri() + "/search.html?q=" + query)
    page.wait_for_selector("#search-results p.search-summary", timeout=20000)
    last, same = None, 0
    while same < 4:
        page.wait_for_timeout(250)
        now = (page.inner_text("#search-results p.search-summary"), page.locator("#search-results ul.search li").count())
        same = same + 1 if now == last else 0
        last = now
    return sorted(page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))"))


def test_search_finds_inflected_forms_offline(shipped):
    """uk and cs (samizdat's prefix stem) and ru (Sphinx's Snowball): an inflected form finds
    what its base form finds, in Chromium with every non-file request refused."""
    from conftest import require_module, require_tool

    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    pairs = {"uk": [("паспорт", "паспорти"), ("біженці", "біженців")], "ru": [("паспорт", "паспорта"), ("беженцы", "беженцев")],
             "cs": [("ochrana", "ochrany"), ("uprchlík", "uprchlíci")]}
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(offline=True)
        context.route(re.compile(r"^(?!file:).*"), lambda route: (requests.append(route.request.url), route.abort()))
        page = context.new_page()
        for lang, words in pairs.items():
            for base, inflected in words:
                found, found_inflected = (search_hits(page, shipped / f"build/{lang}/html", q) for q in (base, inflected))
                assert len(found) >= 2 and found_inflected == found, (lang, base, found, inflected, found_inflected)
        browser.close()
    assert not requests


def test_run_sheets_lunch_as_asked_and_no_word_broken(shipped, tmp_path):
    """The README's day with --lunch 12:30 has lunch at 12:30 in every language, and no run
    sheet PDF (the build's per theme, and plan's) breaks a word without a hyphen: every word
    pdftotext reads is a word of the same sheet's HTML (or of its page footer)."""
    import html as h

    from conftest import require_tool
    from samizdat.tools.outputs_text import pdf_text

    require_tool("pdftotext")
    footer = {"en": "Page", "uk": "Сторінка", "ru": "Страница", "cs": "Strana"}

    def fragments(pdf: Path, lang: str) -> list[str]:
        page = pdf.with_suffix(".html").read_text(encoding="utf-8")
        words = set(re.findall(r"\w+", h.unescape(re.sub(r"<[^>]+>", " ", page)))) | {footer[lang]}
        return [w for w in re.findall(r"\w+", pdf_text(pdf)) if w not in words and not w.isdigit()]

    sheets = 0
    for lang in footer:
        for pdf in sorted((shipped / f"build/{lang}/facilitator/run-sheets").rglob("run-sheet.pdf")):
            assert not fragments(pdf, lang), (pdf, fragments(pdf, lang))
            sheets += 1
    assert sheets == 4 * 6
    lunch = {"uk": "Обід", "ru": "Обед", "cs": "Oběd"}
    for lang in ("uk", "ru", "cs"):
        out = tmp_path / lang
        res = samizdat(shipped, "plan", "temporary-protection", "threat-modelling", "risks-and-scams", "--start", "09:30", "--break-after", "90",
                       "--break-minutes", "15", "--lunch", "12:30", "--end", "17:30", "--lang", lang, "-o", str(out))
        assert res.code == 0, res.text
        page = next(out.glob("*.html")).read_text(encoding="utf-8")
        assert re.search(rf'<td class="sz-time">12:30–13:15</td><td>{lunch[lang]}</td>', page), lang
        pdf = next(out.glob("*.pdf"))
        assert not fragments(pdf, lang), fragments(pdf, lang)
