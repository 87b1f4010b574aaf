"""Slides fit by construction: a {slide} block is measured with the fonts' real metrics
against the slide's text box; one that cannot fit is refused with path:line (the
catalog's, when a translation makes it too long); PPTX text carries the size that fits,
and LibreOffice renders no word outside the slide."""

from __future__ import annotations

import re
import subprocess

import polib

from conftest import libreoffice_convert, require_tool, samizdat
from samizdat.writers import fit

MODULE = "curriculum/alpha/first.md"
ANCHOR = "| Beta | The second letter |\n"
SHORT = ":::{slide}\n- Alpha comes first\n- Beta comes second\n:::\n"
LONG = ":::{slide}\n" + "".join(f"- Point {i}: a deliberately long line that goes on and on across the slide\n" for i in range(9)) + ":::\n"


def test_measure_with_real_metrics():
    assert fit.problem(["Alpha comes first", "Beta comes second"]) is None
    assert fit.pptx_size(["Alpha comes first"]) == fit.PPTX_SIZES[0]
    long = ["a deliberately long line that goes on and on across the slide"] * 9
    assert "reveal.js" in fit.problem(long)  # the projected deck's 38 px type is the tighter box
    assert fit.pptx_size(long) is not None and fit.pptx_size(long) < fit.PPTX_SIZES[0]  # PPTX: a smaller size fits
    assert fit.pptx_size(long * 3) is None
    # wider letters need more room: the same words in capitals take more lines
    assert fit.line_count("W" * 200, 600, "Arimo", 20) > fit.line_count("i" * 200, 600, "Arimo", 20)


def put(root, block: str) -> int:
    page = root / MODULE
    text = page.read_text(encoding="utf-8")
    assert ANCHOR in text
    text = text.replace(ANCHOR, ANCHOR + "\n" + block, 1)
    page.write_text(text, encoding="utf-8")
    return text[: text.index(block)].count("\n") + 1


def test_check_refuses_a_block_that_cannot_fit(mini):
    line = put(mini, LONG)
    res = samizdat(mini, "check")
    assert res.code == 1, res.text
    assert f"{MODULE}:{line}: this slide's text does not fit" in res.out, res.out
    res = samizdat(mini, "build", "--lang", "en")
    assert res.code == 1 and "does not fit" in res.err and not (mini / "build/en").exists()


def test_a_translation_too_long_is_reported_at_the_catalog(mini):
    put(mini, SHORT)
    assert samizdat(mini, "i18n", "sync").code == 0
    cat = mini / "locales/uk/LC_MESSAGES/alpha/first.po"
    po = polib.pofile(str(cat))
    entry = po.find("Alpha comes first")
    entry.msgstr = " ".join(["Альфа йде першою, і це дуже довге пояснення, яке не вміщається на слайді"] * 12)
    po.find("Beta comes second").msgstr = "Бета йде другою"
    po.save(str(cat))
    line = polib.pofile(str(cat)).find("Alpha comes first").linenum
    res = samizdat(mini, "check")
    assert res.code == 1, res.text
    assert f"locales/uk/LC_MESSAGES/alpha/first.po:{line}: this slide's text does not fit" in res.out, res.out


def test_pptx_text_is_sized_and_stays_on_the_slide(mini, tmp_path):
    require_tool("pdftotext")
    put(mini, SHORT)
    res = samizdat(mini, "build", "--lang", "en", "--format", "slides")
    assert res.code == 0, res.text
    pptx = mini / "build/en/slides/alpha/first.pptx"
    import zipfile

    with zipfile.ZipFile(pptx) as z:
        sizes = {int(s) // 100 for n in z.namelist() if n.startswith("ppt/slides/slide")
                 for s in re.findall(r'<a:rPr[^>]*\bsz="(\d+)"', z.read(n).decode())}
    assert sizes and sizes <= set(fit.PPTX_SIZES) | set(fit.PPTX_TITLE_SIZES), sizes
    proc = libreoffice_convert([pptx], tmp_path, "pdf", tmp_path)
    assert proc.returncode == 0, proc.stderr
    bbox = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "first.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    words = [(float(w), float(h), *map(float, m[:4])) for w, h, body in pages
             for m in re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">', body)]
    assert len(pages) >= 8 and len(words) > 50, "LibreOffice rendered almost nothing"
    outside = [wd for wd in words if wd[2] < 0 or wd[3] < 0 or wd[4] > wd[0] + 0.5 or wd[5] > wd[1] + 0.5]
    assert not outside, f"{len(outside)} words outside the slide"


def test_activity_slides_count_down_offline(mini_built):
    """The reveal.js deck's countdown runs under the deck's CSP, with networking refused."""
    from conftest import require_module

    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    deck = (mini_built / "build/en/slides/alpha/first.html").resolve()
    errors, requests = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--allow-file-access-from-files"])
        context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
        context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        index = page.evaluate("() => [...document.querySelectorAll('.reveal .slides > section')].findIndex(s => s.dataset.minutes)")
        assert index > 0
        minutes = int(page.evaluate(f"() => document.querySelectorAll('.reveal .slides > section')[{index}].dataset.minutes"))
        page.evaluate(f"Reveal.slide({index})")
        page.wait_for_timeout(700)
        first = page.inner_text(".present .sz-timer")
        page.wait_for_timeout(2200)
        later = page.inner_text(".present .sz-timer")
        browser.close()
    assert re.fullmatch(r"\d\d:\d\d", first) and first <= f"{minutes:02d}:00" and later < first, (first, later)
    assert not errors, errors
    assert all(u.startswith("file:") for u in requests)
