"""The shipped decks teach (issue "Decks that teach"): slides of key points with the prose
in the speaker notes, the same slides in every language, and nothing off the slide in
Chromium or in LibreOffice's rendering of the PPTX."""

from __future__ import annotations

import re
import statistics
import subprocess

import pytest

from artefacts import html_deck_slides, plain
from conftest import ROOT, libreoffice_convert, require_module, require_tool
from samizdat.core.config import load_config
from samizdat.core.model import load_curriculum
from samizdat.sphinx_ext.labels import PACKAGE_LOCALES

pytestmark = pytest.mark.e2e
NOT_COUNTED = ("sz-title-slide", "sz-sources", "sz-colophon")  # title, sources and colophon slides


@pytest.fixture(scope="module")
def decks(shipped):
    """(language, module, duration) -> slides of the reveal.js deck."""
    cfg = load_config(ROOT)
    cur, problems = load_curriculum(cfg)
    assert not problems
    out = {}
    for lang in cfg.all_languages:
        for m in cur.modules:
            out[(lang, m.docname, m.duration)] = html_deck_slides(shipped / "build" / lang / "slides" / f"{m.docname}.html")
    assert len(out) >= 4 * 19
    return out


def letters(text: str) -> str:
    """Text without spacing and punctuation (inline markup spaces them differently in a page and a deck)."""
    return re.sub(r"\W+", "", text)


def counted(slides):
    return [s for s in slides if not set(NOT_COUNTED) & set(s.classes) and s.title]


def test_same_slides_in_every_language(decks):
    by_module: dict[str, dict[str, int]] = {}
    for (lang, doc, _d), slides in decks.items():
        by_module.setdefault(doc, {})[lang] = len(slides)
    differ = {doc: n for doc, n in by_module.items() if len(set(n.values())) != 1}
    assert not differ, f"slide counts differ between languages: {differ}"


def test_no_continuation_slides(decks):
    import polib

    continued = {"en": "(continued)"}
    for lang in ("uk", "ru", "cs"):
        continued[lang] = polib.pofile(str(PACKAGE_LOCALES / lang / "LC_MESSAGES/samizdat.po")).find("(continued)").msgstr
        assert continued[lang]
    found = [(lang, doc, s.title) for (lang, doc, _d), slides in decks.items() for s in slides if s.title.endswith(continued[lang])]
    assert not found, f"{len(found)} continuation slides, e.g. {found[:5]}"


def test_one_slide_per_four_minutes_on_median(decks):
    ratios = [d / len(slides) for (lang, _doc, d), slides in decks.items()]
    assert statistics.median(ratios) >= 4, f"median {statistics.median(ratios):.1f} minutes per slide"


def test_few_words_on_a_slide(decks):
    words = [(len(s.body.split()), lang, doc, s.title) for (lang, doc, _d), slides in decks.items() for s in counted(slides)]
    assert len(words) > 300
    median = statistics.median(w for w, *_ in words)
    assert median <= 30, f"median {median} words on a slide's body"
    over = sorted((w for w in words if w[0] > 60), reverse=True)
    assert not over, f"{len(over)} slides over 60 words, e.g. {over[:5]}"


def test_every_learner_paragraph_is_in_its_slides_notes(shipped, decks):
    """A section's prose (as the site shows it) is in the notes of that section's slide."""
    checked = 0
    for (lang, doc, _d), slides in decks.items():
        if lang != "en":
            continue
        page = (shipped / "build/en/html" / f"{doc}.html").read_text(encoding="utf-8")
        by_title: dict[str, str] = {}
        for s in slides:  # an activity may share its section's title
            by_title[s.title] = by_title.get(s.title, "") + " " + s.notes
        for section in re.findall(r'<section id="[^"]+">\s*<h2>(.*?)<a class="headerlink".*?</h2>(.*?)(?=<section id=|</section>)', page, re.S):
            title, body = plain(section[0]), section[1]
            body = re.sub(r'<div class="[^"]*sz-(?:box|activity)[^"]*".*', "", body, flags=re.S)  # prose before the first box
            paragraphs = [plain(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]
            notes = letters(by_title.get(title, ""))
            for p in paragraphs:
                if len(p) > 20:
                    checked += 1
                    assert letters(p) in notes, f"{doc}: a paragraph of '{title}' is not in its slide's notes: {p[:80]}"
    assert checked > 100, f"only {checked} paragraphs checked"


OVERFLOW_JS = """() => {
  const h = Reveal.getConfig().height, out = [];
  const sections = document.querySelectorAll('.reveal .slides > section');
  sections.forEach((s, i) => {
    Reveal.slide(i);
    const top = s.getBoundingClientRect().top, scale = Reveal.getScale();
    let bottom = 0;
    s.querySelectorAll('*').forEach(e => {
      if (e.closest('aside.notes')) return;
      const r = e.getBoundingClientRect();
      if (r.height) bottom = Math.max(bottom, (r.bottom - top) / scale);
    });
    if (bottom > h + 1) out.push([i, Math.round(bottom)]);
  });
  return [sections.length, out];
}"""


def test_no_slide_overflows_in_chromium(shipped, decks):
    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    overflow, measured = [], 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"])
        for viewport in ({"width": 1280, "height": 720}, {"width": 1024, "height": 768}):
            context = browser.new_context(viewport=viewport, offline=True)
            context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            page = context.new_page()
            for (lang, doc, _d) in decks:
                page.goto((shipped / "build" / lang / "slides" / f"{doc}.html").resolve().as_uri())
                page.wait_for_function("() => window.Reveal && Reveal.isReady()")
                count, over = page.evaluate(OVERFLOW_JS)
                measured += count
                overflow += [(viewport["width"], lang, doc, i, bottom) for i, bottom in over]
            context.close()
        browser.close()
    assert measured > 2 * 300
    assert not overflow, f"{len(overflow)} slides overflow, e.g. {overflow[:8]}"


def test_no_word_outside_the_slide_in_libreoffice(shipped, tmp_path):
    """LibreOffice renders each PPTX: every word of every slide is drawn, and inside the
    page (text pushed past the page's edge is not drawn at all, so words are counted)."""
    require_tool("pdftotext")
    from artefacts import pptx_slides

    cfg = load_config(ROOT)
    outside, missing, words = [], [], 0
    for lang in cfg.all_languages:
        files = sorted((shipped / "build" / lang / "slides").rglob("*.pptx"))
        out = tmp_path / lang
        res = libreoffice_convert([str(p) for p in files], out, "pdf", tmp_path, timeout=1800)
        assert res.returncode == 0, res.stderr[-2000:]
        for pptx in files:
            pdf = out / f"{pptx.stem}.pdf"
            bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
            slides = pptx_slides(pptx)
            assert len(pages) == len(slides), f"{lang} {pptx.stem}: {len(pages)} pages for {len(slides)} slides"
            for (w, h, body), slide in zip(pages, slides):
                drawn = []
                for box in re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>', body):
                    x0, y0, x1, y1 = map(float, box[:4])
                    words += 1
                    if x0 < 0 or y0 < 0 or x1 > float(w) + 0.5 or y1 > float(h) + 0.5:
                        outside.append((lang, pptx.stem, box[4]))
                    else:
                        drawn.append(box[4])
                expected = len((slide.title + " " + slide.body).split())
                if len(drawn) < expected:
                    missing.append((lang, pptx.stem, slide.title, expected - len(drawn)))
    assert words > 10_000, f"only {words} words rendered"
    assert not outside, f"{len(outside)} words outside the slide, e.g. {outside[:5]}"
    assert not missing, f"{len(missing)} slides with words LibreOffice did not draw, e.g. {missing[:5]}"
