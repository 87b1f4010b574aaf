"""The reader and facilitator sites as a reader moves through them: materials on the
pages that have them (links that resolve, sizes), no broken internal link, previous/next
module, the theme's contents, a skip link, print without navigation, the untranslated-
paragraphs notice, per-page translation figures, and search that finds inflected words."""

from __future__ import annotations

import html as h
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, require_module, require_tool, samizdat
from samizdat.pipeline.site_links import fill_page, human_size

HREF = re.compile(r'<(?:a|link|script|img)\b[^>]*?(?<![\w-])(?:href|src)="([^"]*)"')


def internal_links(page: Path) -> list[tuple[str, Path]]:
    """(href, target file) of every relative link of ``page`` (anchors and queries cut)."""
    out = []
    for href in HREF.findall(page.read_text(encoding="utf-8")):
        href = h.unescape(href)
        if not href or href.startswith(("#", "mailto:", "https://", "http://")):
            continue  # external links are the authors' (a module's sources), not the site's
        assert not re.match(r"^[a-z]+:|^//|^/", href), f"{page}: not a relative link: {href}"
        path = href.split("#", 1)[0].split("?", 1)[0]
        out.append((href, (page.parent / path).resolve() if path else page))
    return out


def crawl(release: Path, lang: str) -> tuple[int, list[str]]:
    """Every link of every page of both sites of ``lang``: (links checked, broken ones)."""
    checked, broken = 0, []
    for site in ("html", "facilitator/html"):
        for page in sorted((release / lang / site).rglob("*.html")):
            for href, target in internal_links(page):
                checked += 1
                if not target.is_file():
                    broken.append(f"{page.relative_to(release)} -> {href}")
    return checked, broken


def materials(page: Path) -> list[tuple[str, str, bool]]:
    """(href, size, shown) of each entry of the page's materials panel."""
    text = page.read_text(encoding="utf-8")
    return [(m.group(2), m.group(3), m.group(1) is None)
            for m in re.finditer(r'<li class="sz-file"( hidden)?><a data-sz-href="[^"]*"(?: href="([^"]*)")?>[^<]*</a> <span class="sz-size">([^<]*)</span>', text)]


UNITS = {"en": "%s kB|%s MB", "uk": "%s\u00a0КБ|%s\u00a0МБ"}  # samizdat's labels (a no-break space before the unit)


def test_module_pages_list_their_materials_with_sizes_and_every_link_resolves(mini_built):
    release = (mini_built / "build/current").resolve()
    pages = 0
    for lang in ("en", "uk"):
        for module in ("alpha/first", "beta/second"):
            page = release / lang / "html" / f"{module}.html"
            shown = [(href, size) for href, size, visible in materials(page) if visible]
            theme, name = module.split("/")
            hrefs = {href for href, _ in shown}
            assert hrefs >= {f"../../handouts/{module}-a4.pdf", f"../../handouts/{module}-letter.pdf", f"../../handouts/{module}.docx",
                             f"../../handouts/{module}.odt", f"../../slides/{module}.html", f"../../slides/{module}.pptx",
                             f"../../zines/{theme}-a4.pdf", f"../../zines/{theme}-letter.pdf", f"../../zines/{theme}-a5.pdf"}, (lang, hrefs)
            for href, size in shown:
                target = (page.parent / href).resolve()
                assert target.is_file(), href
                assert size == human_size(target.stat().st_size, lang, UNITS[lang]), (href, size)
            # entries whose file the build did not make (the mini-zines, until they exist) link nowhere
            for href, _size, visible in materials(page):
                assert visible == (href is not None)
            pages += 1
    assert pages == 4
    # the theme page links its zine, the home page the EPUB; the facilitator site the packs and run sheets
    theme_page = {href for href, _, v in materials(release / "uk/html/alpha/index.html") if v}
    assert theme_page == {"../../zines/alpha-a4.pdf", "../../zines/alpha-letter.pdf", "../../zines/alpha-a5.pdf"}
    assert ("../epub/samizdat-uk.epub", human_size((release / "uk/epub/samizdat-uk.epub").stat().st_size, "uk", UNITS["uk"]), True) in materials(release / "uk/html/index.html")
    fac = {href for href, _, v in materials(release / "uk/facilitator/html/alpha/first.html") if v}
    assert "../../../facilitator/pdf/alpha/first.pdf" in fac
    fac_theme = {href for href, _, v in materials(release / "uk/facilitator/html/alpha/index.html") if v}
    assert fac_theme >= {"../../../facilitator/run-sheets/alpha/run-sheet.html", "../../../facilitator/run-sheets/alpha/run-sheet.pdf"}
    fac_home = {href for href, _, v in materials(release / "uk/facilitator/html/index.html") if v}
    assert fac_home >= {"../../facilitator/run-sheets/alpha/run-sheet.html", "../../facilitator/run-sheets/beta/run-sheet.html"}
    # the learner site never links the facilitator material
    assert "facilitator/" not in (release / "uk/html/alpha/first.html").read_text(encoding="utf-8")


def test_no_broken_internal_link_in_any_site(mini_built):
    release = (mini_built / "build/current").resolve()
    for lang in ("en", "uk"):
        checked, broken = crawl(release, lang)
        assert checked > 100 and not broken, (lang, checked, broken[:10])


def test_previous_next_module_theme_contents_skip_link(mini_built):
    site = mini_built / "build/uk/html"
    first = (site / "alpha/first.html").read_text(encoding="utf-8")
    second = (site / "beta/second.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="sz-next" href="../beta/second.html" rel="next"><span class="sz-pager-label">Наступний модуль →</span> Second module</a>', first)
    assert 'rel="prev"' not in first  # the first module has no previous module
    assert re.search(r'<a class="sz-prev" href="../alpha/first.html" rel="prev">', second) and 'rel="next"' not in second
    assert re.search(r'<nav class="sz-toc" aria-label="Ця тема">.*?<a href="first.html" aria-current="page">First module</a>', first, re.S)
    assert first.index('<a class="sz-skip" href="#sz-main">Перейти до тексту</a>') < first.index('<header') < first.index('id="sz-main"')


def test_one_format_alone_publishes_no_dead_link(mini):
    res = samizdat(mini, "build", "--format", "html")
    assert res.code == 0, res.text
    release = (mini / "build/current").resolve()
    page = release / "uk/html/alpha/first.html"
    assert materials(page) and not any(v for _, _, v in materials(page))
    assert '<aside class="sz-materials" hidden' in page.read_text(encoding="utf-8")
    checked, broken = crawl(release, "uk")
    assert checked > 50 and not broken, broken
    # a later build of the handouts alone: the carried-over site now links them
    res = samizdat(mini, "build", "--format", "handouts")
    assert res.code == 0, res.text
    page = (mini / "build/current").resolve() / "uk/html/alpha/first.html"
    shown = {href for href, _, v in materials(page) if v}
    assert shown == {"../../handouts/alpha/first-a4.pdf", "../../handouts/alpha/first-letter.pdf", "../../handouts/alpha/first.docx", "../../handouts/alpha/first.odt"}


def test_link_pass_is_idempotent_and_follows_the_files(tmp_path):
    (tmp_path / "html/t").mkdir(parents=True)
    (tmp_path / "handouts").mkdir()
    page = tmp_path / "html/t/p.html"
    src = ('<aside class="sz-materials" aria-labelledby="x" data-sz-units="%s КБ|%s МБ"><div class="sz-mgroup"><ul>'
           '<li class="sz-file"><a data-sz-href="../../handouts/a.pdf">A</a> <span class="sz-size"></span></li></ul></div></aside>'
           '<a data-sz-href="../../index.html#kit-uk" href="../../index.html#kit-uk">kit</a>'
           '<span class="sz-pct" data-sz-doc="ru/html/t/p" data-sz-fmt="%s translated"></span>')
    missing = fill_page(src, page, "uk", lambda key: 85 if key == "ru/html/t/p" else None)
    assert ' href="../../handouts/a.pdf"' not in missing and '<li class="sz-file" hidden>' in missing
    assert '<aside class="sz-materials" hidden aria-labelledby="x" data-sz-units="%s КБ|%s МБ">' in missing and ">kit</a>" in missing and ' href="../../index.html' not in missing
    assert ">85% translated</span>" in missing
    (tmp_path / "handouts/a.pdf").write_bytes(b"x" * 1_250_000)
    there = fill_page(missing, page, "uk", lambda key: None)
    assert '<a data-sz-href="../../handouts/a.pdf" href="../../handouts/a.pdf">A</a> <span class="sz-size">1,2 МБ</span>' in there
    assert '<aside class="sz-materials" aria-labelledby="x" data-sz-units="%s КБ|%s МБ">' in there and "sz-pct" in there and "translated</span>" not in there
    assert fill_page(there, page, "uk", lambda key: None) == there
    assert human_size(340_000, "en") == "340 kB" and human_size(10, "cs") == "1 kB" and human_size(2_345_678, "cs", "%s kB|%s MB") == "2,3 MB"


@pytest.fixture(scope="module")
def partly_translated(tmp_path_factory):
    """The mini project with a uk catalog translated but for one paragraph, built (html)."""
    import polib

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("partly"))
    assert samizdat(root, "i18n", "sync").code == 0
    po_path = root / "locales/uk/LC_MESSAGES/alpha/first.po"
    po = polib.pofile(str(po_path))
    left = None
    for e in po:
        e.msgstr = "ПЕРЕКЛАД " + e.msgid if not e.msgid.startswith(("{", "(")) else e.msgid
        if e.msgid == "Groups read the case and answer the questions.":
            left = e
    assert left is not None
    left.msgstr = ""
    po.save(str(po_path))
    res = samizdat(root, "build", "--format", "html", "--lang", "uk")
    assert res.code == 0, res.text
    return root, left.msgid


def test_untranslated_paragraphs_notice_counts_them(partly_translated):
    root, left = partly_translated
    page = (root / "build/uk/html/alpha/first.html").read_text(encoding="utf-8")
    notice = re.search(r'<p class="sz-notice" role="note">(.*?)</p>', page)
    assert notice, "no notice"
    body = page.split('id="sz-main"', 1)[1]
    translated = len(re.findall(r"<p>ПЕРЕКЛАД ", body))
    untranslated = len(re.findall(r'<p class="sz-untranslated', body))
    assert untranslated == 1 and translated > 5
    assert notice.group(1).startswith(f"1 абзац із {translated + 1} ще не перекладено."), notice.group(1)
    # a fully translated page says nothing; the other language's figure in the switcher
    other = (root / "build/uk/html/beta/second.html").read_text(encoding="utf-8")
    assert "sz-notice" not in other or re.search(r"sz-notice.*?абзац", other)


def test_plural_forms_of_the_notice():
    from samizdat.sphinx_ext.labels import PACKAGE_LOCALES
    import polib

    forms = {}
    for lang in ("uk", "ru", "cs"):
        po = polib.pofile(str(PACKAGE_LOCALES / lang / "LC_MESSAGES/samizdat.po"))
        e = next(e for e in po if e.msgid.startswith("%(n)d of %(total)d paragraphs"))
        forms[lang] = e.msgstr_plural
        assert len(e.msgstr_plural) == 3 and all("%(n)d" in s and "%(total)d" in s for s in e.msgstr_plural.values())
    assert forms["uk"][2].startswith("%(n)d абзаців") and forms["ru"][1].startswith("%(n)d абзаца") and forms["cs"][2].startswith("%(n)d odstavců")


def test_prefix_stem_is_the_same_in_the_browser():
    """The query is stemmed in JavaScript, the index in Python: the same stems, word for word."""
    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    from samizdat.sphinx_ext.search import SearchCzech, SearchUkrainian

    words = {SearchUkrainian: "паспорт паспорти паспортів закон закону біженці біженців право правами м ЄС Україна українців".split(),
             SearchCzech: "ochrana ochrany ochraně soud soudu soudy azyl azylu pas pasu ČR Úřad úřadu".split()}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for cls, ws in words.items():
            page.set_content("<p>x</p>")
            page.add_script_tag(content=cls.js_stemmer_code)
            js = page.evaluate("ws => { const s = new Stemmer(); return ws.map(w => s.stemWord(w)); }", ws)
            assert js == [cls({}).stem(w).lower() for w in ws], cls.lang
        browser.close()
    assert SearchUkrainian({}).stem("паспорти") == SearchUkrainian({}).stem("паспорт") != SearchUkrainian({}).stem("право")
    assert SearchCzech({}).stem("ochrany") == SearchCzech({}).stem("ochrana")


def test_a_page_prints_as_its_text(mini_built):
    """Print: the text alone, no header, switcher, search, contents, materials or pager;
    on a wide screen the theme's contents sit beside the text, on a phone below it."""
    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    url = (mini_built / "build/uk/html/alpha/first.html").resolve().as_uri()
    chrome = ".sz-skip, .sz-header, .sz-crumbs, .sz-toc, .sz-materials, .sz-pager, .sz-footer"
    visible = "sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0).map(e => e.className)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        assert set(page.evaluate(visible, chrome)) >= {"sz-header", "sz-toc", "sz-materials", "sz-pager"}
        toc, main = page.locator("nav.sz-toc").bounding_box(), page.locator("#sz-main").bounding_box()
        assert toc["x"] > main["x"] + main["width"] - 1 and toc["y"] < main["y"] + 200  # beside the text
        page.emulate_media(media="print")
        assert page.evaluate(visible, chrome) == []
        assert "First module" in page.inner_text("#sz-main")
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 390, "height": 844})
        toc, main = page.locator("nav.sz-toc").bounding_box(), page.locator("#sz-main").bounding_box()
        assert toc["y"] >= main["y"] + main["height"] - 1  # below it on a phone
        browser.close()


def test_a_renamed_module_shows_in_its_neighbours_at_once(mini):
    """Pages show other pages' titles (contents, previous/next): a rebuild rewrites them
    when one changes, though their own sources did not."""
    assert samizdat(mini, "build", "--format", "html", "--lang", "en").code == 0
    src = mini / "curriculum/beta/second.md"
    src.write_text(src.read_text(encoding="utf-8").replace("# Second module", "# Second module renamed", 1), encoding="utf-8")
    assert samizdat(mini, "build", "--format", "html", "--lang", "en").code == 0
    first = (mini / "build/en/html/alpha/first.html").read_text(encoding="utf-8")
    assert re.search(r'rel="next"><span class="sz-pager-label">Next module →</span> Second module renamed</a>', first)
