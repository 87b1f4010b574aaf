"""Decks: the slide structure (unit), the Pandoc AST (golden), and the built decks in
real clients (Chromium with networking refused, LibreOffice)."""

from __future__ import annotations

import json
import shutil
import re
import zipfile
from pathlib import Path

from conftest import libreoffice_convert, require_module, require_tool, samizdat
from golden import assert_golden
from samizdat.outputs_text import deck_notes_text, deck_slide_text
from samizdat.writers.pandoc import plain_text, text_inlines
from samizdat.writers.slides import Limits, structure

FACILITATOR_ONLY = ["zebracorn", "Debrief privately with the groups", "Watch for signs of distress", "Pens and paper for everyone"]


def para(text):
    return {"t": "Para", "c": text_inlines(text)}


def div(classes, blocks, kv=None):
    return {"t": "Div", "c": [["", classes, [[k, v] for k, v in (kv or {}).items()]], blocks]}


def txt(blocks) -> str:
    """Words of a block list, space-separated."""
    return " ".join(re.findall(r'"t": "Str", "c": "([^"]*)"', json.dumps(blocks, ensure_ascii=False)))


def slides_of(blocks):
    out, cur = [], None
    for b in blocks:
        if b["t"] == "Header":
            cur = {"title": plain_text(b["c"][2]), "body": [], "notes": []}
            out.append(cur)
        elif b["t"] == "Div" and b["c"][0][1] == ["notes"]:
            cur["notes"] = b["c"][1]
        else:
            cur["body"].append(b)
    return out


def test_structure_puts_facilitator_content_in_notes_and_activities_on_their_own_slide():
    blocks = [
        {"t": "Header", "c": [1, ["", [], []], text_inlines("Module")]},
        div(["sz-objectives"], [div(["sz-label"], [{"t": "Para", "c": [{"t": "Strong", "c": text_inlines("Objectives")}]}]), para("Learn")]),
        div(["sz-facilitator"], [para("Prepare the room")]),
        {"t": "Header", "c": [2, ["", [], []], text_inlines("Section")]},
        para("Body text"),
        div(["sz-activity"], [div(["sz-activity-title"], [{"t": "Para", "c": [{"t": "Strong", "c": text_inlines("Round")}]}]),
                              div(["sz-label", "sz-activity-meta"], [para("20 minutes")]), para("Do it"),
                              div(["sz-facilitator"], [para("Secret steps")])], {"minutes": "20", "title": "Round"}),
        div(["sz-slide-break"], []),
        para("After the break"),
        div(["sz-discussion"], [div(["sz-label"], [{"t": "Para", "c": [{"t": "Strong", "c": text_inlines("Discussion")}]}]), para("Why?")]),
    ]
    slides = slides_of(structure(blocks, Limits(), "(continued)", presenter=True))
    assert [s["title"] for s in slides] == ["Module", "Section", "Round", "Round (continued)", "Discussion"]
    assert "Prepare the room" in txt(slides[0]["notes"]) and "Prepare the room" not in txt(slides[0]["body"])
    assert "Secret steps" in txt(slides[2]["notes"]) and "Secret steps" not in txt(slides[2]["body"])
    assert "20 minutes" in txt(slides[2]["notes"])  # the timing is a note for the presenter too
    learner = txt(structure(blocks, Limits(), "(continued)", presenter=False))
    assert "Secret steps" not in learner and "Prepare the room" not in learner


def test_a_long_section_continues_on_the_next_slide():
    blocks = [{"t": "Header", "c": [2, ["", [], []], text_inlines("Long")]}] + [para("word " * 30) for _ in range(5)]
    slides = slides_of(structure(blocks, Limits(max_words=70, max_blocks=5, max_items=6), "(continued)"))
    assert [s["title"] for s in slides] == ["Long", "Long (continued)", "Long (continued)"]
    items = {"t": "BulletList", "c": [[para(f"item {i}")] for i in range(14)]}
    slides = slides_of(structure([{"t": "Header", "c": [2, ["", [], []], text_inlines("List")]}, items], Limits(max_items=6), "(continued)"))
    assert [len(s["body"][0]["c"]) for s in slides] == [6, 6, 2]


def test_pandoc_ast_golden(mini_built):
    ast = json.loads((mini_built / "build/.cache/en/samizdat-slides/alpha/first.json").read_text(encoding="utf-8"))
    assert_golden("alpha-first.presenter.en.json", json.dumps(ast, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                  "tests/test_slides.py::test_pandoc_ast_golden")


def test_decks_for_every_module_and_language(mini_built):
    for lang in ("en", "uk"):
        for module in ("alpha/first", "beta/second"):
            html = mini_built / f"build/{lang}/slides/{module}.html"
            pptx = mini_built / f"build/{lang}/slides/{module}.pptx"
            assert html.is_file() and pptx.is_file()
            assert f'lang="{lang}"' in html.read_text(encoding="utf-8")[:200]
        assert (mini_built / f"build/{lang}/slides/_assets/reveal.js/dist/reveal.js").is_file()


def test_facilitator_text_only_in_notes(mini_built):
    for ext in ("html", "pptx"):
        deck = mini_built / f"build/en/slides/alpha/first.{ext}"
        body, notes = deck_slide_text(deck), deck_notes_text(deck)
        for sentence in FACILITATOR_ONLY:
            assert sentence not in body, f"{sentence!r} on a slide of {deck.name}"
        assert "zebracorn" in notes and "Watch for signs of distress" in notes, f"notes missing in {deck.name}"
        assert "Only on slides: a big reminder." in body
        assert "Never on slides" not in body


def test_pptx_has_notes_pages_and_no_personal_properties(mini_built):
    with zipfile.ZipFile(mini_built / "build/uk/slides/alpha/first.pptx") as z:
        names = z.namelist()
        assert any(n.startswith("ppt/notesSlides/") for n in names)
        core = z.read("docProps/core.xml").decode()
        app = z.read("docProps/app.xml").decode()
        assert "creator" not in core and "lastModifiedBy" not in core and "<Company>" not in app
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pptx_opens_in_libreoffice(mini_built, tmp_path):
    decks = [mini_built / f"build/{lang}/slides/alpha/first.pptx" for lang in ("en", "uk")]
    res = libreoffice_convert(decks, tmp_path, "pdf", tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "first.pdf").is_file()


def chromium_page(url: str, screenshot: Path | None = None, speaker_view: bool = False):
    """Load ``url`` in headless Chromium with every non-file request refused; return
    (requests, console errors, speaker view text)."""
    require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    requests, errors, speaker = [], [], ""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--allow-file-access-from-files"])
        context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
        context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_timeout(1000)
        if screenshot:
            page.screenshot(path=str(screenshot))
        if speaker_view:
            with page.expect_popup() as popup_info:
                page.keyboard.press("s")
            popup = popup_info.value
            popup.on("console", lambda m: errors.append("speaker: " + m.text) if m.type == "error" else None)
            popup.wait_for_timeout(1500)
            speaker = popup.inner_text("body")
        browser.close()
    return requests, errors, speaker


def test_revealjs_deck_offline_with_speaker_view(mini_built, tmp_path):
    deck = (mini_built / "build/uk/slides/alpha/first.html").resolve()
    slides_dir = deck.parents[1]
    shot = tmp_path / "title.png"
    requests, errors, speaker = chromium_page(deck.as_uri(), shot, speaker_view=True)
    outside = [u for u in requests if not u.startswith(slides_dir.as_uri())]
    assert not outside, f"requests outside build/uk/slides: {outside}"
    assert not errors, f"console errors (CSP?): {errors}"
    assert shot.stat().st_size > 10_000  # a rendered title slide, not a blank page
    assert "Тривалість" in speaker or "Preparation" in speaker or "Pens and paper" in speaker, speaker[:500]


def test_single_file_learner_deck(mini_built, tmp_path):
    root = tmp_path / "p"  # a copy: the shared fixture stays as a plain build left it
    shutil.copytree(mini_built, root, symlinks=True)
    res = samizdat(root, "build", "--lang", "en", "--format", "slides", "--single-file")
    assert res.code == 0, res.text
    deck = root / "build/en/slides/alpha/first-learner.html"
    text = deck.read_text(encoding="utf-8")
    assert "_assets/" not in text and 'src="http' not in text
    assert '<aside class="notes">' not in text and "zebracorn" not in text
    requests, errors, _ = chromium_page(deck.resolve().as_uri())
    assert [u for u in requests if u != deck.resolve().as_uri() and not u.startswith("data:")] == []
    assert not errors, errors
