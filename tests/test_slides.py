"""Decks: the slide structure (unit), the Pandoc AST of small named cases (goldens a
reviewer can read, one per node type and slide rule), the built decks' structure (slides,
titles, notes), and the built decks in real clients (Chromium with networking refused,
LibreOffice)."""

from __future__ import annotations

import json
import shutil
import re
import zipfile
from pathlib import Path

import pytest

from artefacts import html_deck_slides, pptx_slides
from conftest import FIXTURES, copy_project, libreoffice_convert, require_module, require_tool, samizdat
from golden import assert_golden, block_outline
from writer_output import writer_output
from samizdat.tools.outputs_text import deck_notes_text, deck_slide_text
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
    blocks = [{"t": "Header", "c": [2, ["", [], []], text_inlines("Long")]}] + [para("word " * 30) for _ in range(11)]
    slides = slides_of(structure(blocks, Limits(max_blocks=5, max_items=6), "(continued)"))
    assert [s["title"] for s in slides] == ["Long", "Long (continued)", "Long (continued)"]
    # words never split a slide: the same blocks in a wordier language give the same slides
    wordy = [blocks[0]] + [para("слово " * 90) for _ in range(11)]
    assert len(slides_of(structure(wordy, Limits(max_blocks=5, max_items=6), "(continued)"))) == 3
    items = {"t": "BulletList", "c": [[para(f"item {i}")] for i in range(14)]}
    slides = slides_of(structure([{"t": "Header", "c": [2, ["", [], []], text_inlines("List")]}, items], Limits(max_items=6), "(continued)"))
    assert [len(s["body"][0]["c"]) for s in slides] == [6, 6, 2]


# -- small named cases, each a MyST snippet under its own ## heading of one module --------

DECK_CASES = {
    "title-slide": ("", """
:::{objectives}
- Read a slide.
:::

:::{materials}
- A projector
:::

:::{facilitator}
Test the projector before the session.
:::
"""),
    "inline": ("Inline markup", """
A paragraph with *emphasis*, **strong**, `code` and a [link](https://example.org/).
"""),
    "lists": ("Lists", """
- A bullet
  - A nested bullet
- Another bullet

1. First step
2. Second step
"""),
    "table": ("Table", """
| Term | Meaning |
| --- | --- |
| Alpha | The first letter |
"""),
    "activity": ("Activity", """
::::{activity} Pair interviews
:minutes: 15
:format: pairs

Interview your neighbour.

:::{facilitator}
Pair people who do not know each other.
:::
::::
"""),
    "facilitator-note": ("Facilitator note", """
A learner paragraph.

:::{facilitator}
:kind: safety
Offer a break to anyone who needs one.
:::
"""),
    "keypoints": ("Key points case", """
:::{keypoints}
- The first point.
- The second point.
:::
"""),
    "keypoints-slide": ("Key points in short", """
::::{keypoints}
- The first point, in a full sentence that a handout can carry.
- The second point, also in full.

:::{slide}
- First point, short
- Second point, short
:::
::::
"""),
    "sources": ("Sources case", """
:::{sources}
- Council Directive 2001/55/EC of 20 July 2001 (EU).
- A public guide, by its publisher, 2025.
:::
"""),
    "slide-break": ("Slide break", """
Before the break.

:::{slide-break}
:::

After the break.
"""),
    "slides-only": ("Audiences", """
:::{slides-only}
Only on slides.
:::

:::{no-slides}
Never on slides.
:::
"""),
    "slide-block": ("Slide block", """
The section's prose, which the facilitator says.

:::{slide}
- What the room reads
- A second point
:::

:::{facilitator}
Ask who has seen this before.
:::
"""),
    "activity-slide": ("Activity with a slide", """
::::{activity} Sorting cards
:minutes: 10
:format: small-groups

Each group gets a set of cards and sorts them into three piles.

:::{slide}
- Sort the cards into three piles
- Which pile was hardest?
:::

:::{facilitator}
Walk between the groups.
:::
::::
"""),
    "definition-list": ("Definition list", """
Term
: Its definition.
"""),
    "continued": ("Long section", """
- Item one
- Item two
- Item three
- Item four

A paragraph.
"""),
}
DECK_YAML = "max_words: 40\nmax_blocks: 3\nmax_items: 3\n"  # small limits, so "continued" stays short


def deck_case_module() -> str:
    parts = ["---\nid: cases\nduration: 25\n---\n\n# Deck cases\n"]
    for heading, snippet in DECK_CASES.values():
        parts.append((f"## {heading}\n" if heading else "") + snippet)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def deck_cases(tmp_path_factory) -> dict[str, dict]:
    """{"deck": ast, "learner-deck": ast} of the cases module, from the slides builders' writer."""
    tmp = tmp_path_factory.mktemp("deck-cases")
    root = copy_project(FIXTURES / "mini", tmp / "p")
    cfg = root / "curriculum/curriculum.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "  - folder: cases\n    modules: [deck]\n", encoding="utf-8")
    (root / "curriculum/cases").mkdir()
    (root / "curriculum/cases/index.md").write_text("# Cases\n\n:::{modules}\n:::\n", encoding="utf-8")
    (root / "curriculum/cases/deck.md").write_text(deck_case_module(), encoding="utf-8")
    (root / "slides").mkdir()
    (root / "slides/deck.yaml").write_text(DECK_YAML, encoding="utf-8")
    out = writer_output(root, "en", tmp / "cache", "deck", "learner-deck")
    return {kind: out[kind]["cases/deck"] for kind in ("deck", "learner-deck")}


def case_slides(blocks: list[dict], case: str) -> list[dict]:
    """The blocks made from one case's section: from its heading's slide to the next case's
    (the title-slide case: everything before the first case heading)."""
    starts = [h for h, _ in DECK_CASES.values() if h]
    titles = [plain_text(b["c"][2]) if b["t"] == "Header" else None for b in blocks]
    bounds = [titles.index(h) for h in starts] + [titles.index("Colophon")]
    heading = DECK_CASES[case][0]
    if not heading:
        return blocks[: bounds[0]]
    i = starts.index(heading)
    return blocks[bounds[i] : bounds[i + 1]]


@pytest.mark.parametrize("case", DECK_CASES)
def test_deck_case_golden(deck_cases, case):
    heading, snippet = DECK_CASES[case]
    presenter = block_outline(case_slides(deck_cases["deck"]["blocks"], case))
    learner = block_outline(case_slides(deck_cases["learner-deck"]["blocks"], case))
    assert presenter, f"case {case!r} made no slides"
    source = ([f"## {heading}"] if heading else ["# Deck cases"]) + snippet.strip("\n").splitlines()
    text = "\n".join([f"deck case {case!r}: the MyST source", *("  | " + line for line in source), "",
                      "presenter deck (Pandoc AST, outlined by tests/golden.py):", *("  " + line for line in presenter), "",
                      "learner deck:", *(["  " + line for line in learner] if learner != presenter else ["  (the same)"])]) + "\n"
    assert_golden(f"deck/{case}.txt", text, f"tests/test_slides.py::test_deck_case_golden[{case}]")


def test_deck_cases_meta_and_colophon(deck_cases):
    for kind, ast in deck_cases.items():
        assert {k: plain_text(v["c"]) for k, v in ast["meta"].items()} == {"pagetitle": "Deck cases", "lang": "en"}, kind
        titles = [plain_text(b["c"][2]) for b in ast["blocks"] if b["t"] == "Header"]
        assert titles[0] == "Deck cases" and titles[-1] == "Colophon" and titles.count("Colophon") == 1, titles
    learner = json.dumps(deck_cases["learner-deck"], ensure_ascii=False)
    for note in ("projector before", "Pair people", "Offer a break", "A projector", "Never on slides"):
        assert note not in learner, note


def test_learner_deck_follows_the_deck_rules(deck_cases):
    """The --single-file deck is the presenter's deck without notes (it was once filtered
    like a handout: no {slides-only}, no slide breaks)."""
    learner = "\n".join(block_outline(deck_cases["learner-deck"]["blocks"]))
    assert "Para: Only on slides." in learner and "Never on slides" not in learner
    assert "Header 2: Slide break (continued)" in learner
    assert "What the room reads" in learner and "which the facilitator says" not in learner
    assert "Ask who has seen this" not in learner and "Walk between the groups" not in learner


# -- the built decks -----------------------------------------------------------------------

MINI_SLIDES = ["First module", "Opening section", "Warm-up round", "Second section", "Case study", "Extra game",
               "Key points", "Discussion questions", "Sources", "Colophon"]  # the summary goes to the notes
MINI_NOTES = {"First module": ["Pens and paper for everyone"], "Warm-up round": ["zebracorn"],
              "Case study": ["Debrief privately with the groups"], "Discussion questions": ["Watch for signs of distress"]}


def test_built_deck_structure(mini_built):
    """The whole deck, as built: its slides' titles in order, the notes on the slides the
    facilitator content belongs to, and facilitator text nowhere on a slide (reveal.js and
    PPTX alike)."""
    deck = mini_built / "build/en/slides/alpha/first"
    html, pptx = html_deck_slides(deck.with_suffix(".html")), pptx_slides(deck.with_suffix(".pptx"))
    assert [s.classes[-1] for s in html if "sz-activity-slide" in s.classes] == ["sz-activity-slide"] * 3
    for slides in (html, pptx):
        assert [s.title for s in slides] == MINI_SLIDES
        for s in slides:
            for sentence in FACILITATOR_ONLY:
                assert sentence not in s.body and sentence not in s.title, f"{sentence!r} on slide {s.title!r}"
                # each facilitator sentence is in the notes of the slide it belongs to, and only there
                assert (sentence in s.notes) == (sentence in MINI_NOTES.get(s.title, [])), (sentence, s.title)
        assert "Only on slides: a big reminder." in slides[MINI_SLIDES.index("Discussion questions")].body
        assert all("Never on slides" not in s.body for s in slides)


def test_decks_for_every_module_and_language(mini_built):
    for lang in ("en", "uk"):
        for module, title in (("alpha/first", "First module"), ("beta/second", "Second module")):
            html = mini_built / f"build/{lang}/slides/{module}.html"
            assert f'lang="{lang}"' in html.read_text(encoding="utf-8")[:200]
            slides = html_deck_slides(html)
            assert len(slides) >= 3 and slides[0].title == title and "sz-title-slide" in slides[0].classes, (lang, module)
            # the PPTX has the same slides, in the same order
            assert [s.title for s in pptx_slides(html.with_suffix(".pptx"))] == [s.title for s in slides], (lang, module)
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
