"""Print: the flowable story (golden, from the writer), fonts embedded, text extractable,
the imposed zine's page order, no facilitator text, DOCX/ODT open in LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from artefacts import run_tool
from conftest import FIXTURES, copy_project, libreoffice_convert, require_tool
from golden import assert_golden
from samizdat.tools.outputs_text import ExtractionError, office_text, pdf_text
from writer_output import writer_output

FACILITATOR_ONLY = ["zebracorn", "Debrief privately with the groups", "Watch for signs of distress", "Pens and paper for everyone", "Only on slides"]


def pdfs(root: Path) -> list[Path]:
    found = sorted(p for folder in ("handouts", "zines") for lang in ("en", "uk") for p in (root / "build" / lang / folder).rglob("*.pdf"))
    # per language: A4 and Letter handouts of two modules, A4, Letter and A5 zines of two
    # themes, A4 and Letter mini-zines of two modules, the A4 and Letter print tests
    assert len(found) == 2 * (2 * 2 + 2 * 3 + 2 * 2 + 2), [str(p) for p in found]
    return found


def pdftotext_page(pdf: Path, page: int, *crop: str) -> str:
    """The words of one page (optionally a cropped area), failing on pdftotext's failure."""
    out = run_tool(require_tool("pdftotext"), "-f", str(page), "-l", str(page), *crop, pdf, "-")
    return " ".join(out.split())


def test_story_golden(tmp_path):
    """The A4 handout's flowables as text, from the handouts builder's writer functions
    (``doctree_to_story``, the colophon): what reportlab is given to lay out."""
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    story = writer_output(root, "en", tmp_path / "cache", "story")["story"]["alpha/first"]
    assert_golden("alpha-first.story.en.txt", story, "tests/test_print.py::test_story_golden")


PAPER = {"a4": (595, 842), "letter": (612, 792), "a5": (420, 595)}  # points
MODULES = {"alpha": ("first", "First module", "Everyone introduces themselves."),
           "beta": ("second", "Second module", "Talk about it.")}


def test_print_outputs_have_their_pages_and_text(mini_built):
    from pypdf import PdfReader

    for lang in ("en", "uk"):
        for theme, (module, title, sentence) in MODULES.items():
            for paper in ("a4", "letter"):
                pdf = mini_built / f"build/{lang}/handouts/{theme}/{module}-{paper}.pdf"
                pages = PdfReader(pdf).pages
                assert len(pages) > 0 and [round(float(v)) for v in pages[0].mediabox[2:]] == list(PAPER[paper]), pdf
                text = pdf_text(pdf)
                assert title in text and sentence in text, pdf
            for ext in ("docx", "odt"):
                text = office_text(mini_built / f"build/{lang}/handouts/{theme}/{module}.{ext}")
                assert title in text and sentence in text, (lang, module, ext)
            theme_title = f"{theme.capitalize()} theme"
            for paper in ("a4", "letter", "a5"):
                pdf = mini_built / f"build/{lang}/zines/{theme}-{paper}.pdf"
                pages = PdfReader(pdf).pages
                size = [round(float(v)) for v in pages[0].mediabox[2:]]
                # A5 pages in reading order; A4 and Letter sheets carry two of them side by side
                assert len(pages) > 0 and size == (list(PAPER[paper]) if paper == "a5" else list(PAPER[paper])[::-1]), (pdf, size)
                text = pdf_text(pdf)
                assert theme_title in text and title in text and sentence in text, pdf


def test_letter_is_the_a4_layout_page_for_page(mini_built):
    """The default design gives A4 and Letter one text block: one layout, the same text on
    every page, on each paper's own page size."""
    require_tool("pdftotext")
    from pypdf import PdfReader

    a4, letter = (mini_built / f"build/uk/handouts/alpha/first-{s}.pdf" for s in ("a4", "letter"))
    ra, rl = PdfReader(a4), PdfReader(letter)
    assert len(ra.pages) == len(rl.pages)
    assert [round(float(v)) for v in rl.pages[0].mediabox[2:]] == [612, 792]
    assert [round(float(v)) for v in ra.pages[0].mediabox[2:]] == [595, 842]
    assert len(ra.pages) > 0
    for n in range(1, len(ra.pages) + 1):
        words = [pdftotext_page(p, n) for p in (a4, letter)]
        assert words[0], f"page {n}: no text extracted"
        assert words[0] == words[1], f"page {n} differs"
    assert rl.metadata.title == ra.metadata.title and rl.trailer["/Root"]["/Lang"] == "uk"


def test_text_blocks_decide_one_layout_or_two():
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.lib.units import mm

    from samizdat.builders.handouts import same_text_block
    from samizdat.writers.pdf.styles import Page

    def page(size, margins):
        return Page(size, tuple(m * mm for m in margins))

    shift = same_text_block(page(A4, (30.8, 18, 28.8, 18)), page(letter, (22, 20.95, 20, 20.95)))
    assert shift is not None and abs(shift[0] - 2.95 * mm) < 0.01 and abs(shift[1] + 8.8 * mm) < 0.01
    assert same_text_block(page(A4, (22, 18, 20, 18)), page(letter, (22, 19, 20, 19))) is None  # different blocks
    assert same_text_block(page(A4, (30.8, 10, 28.8, 26)), page(letter, (22, 20.95, 20, 20.95))) is None  # footer off-centre


def test_every_font_embedded(mini_built):
    pdffonts = require_tool("pdffonts")
    for pdf in pdfs(mini_built):
        out = run_tool(pdffonts, pdf)
        rows = out.splitlines()[2:]
        assert rows, f"{pdf}: no fonts?"
        for row in rows:
            assert re.search(r"\s+yes\s+yes\s+yes\s+", row), f"{pdf}: font not embedded and subset: {row}"


def test_text_extractable_in_page_language(mini_built):
    require_tool("pdftotext")
    text = pdf_text(mini_built / "build/uk/handouts/alpha/first-a4.pdf")
    assert "First module" in text and "Explain the first idea." in text
    assert "Цілі" in text and "Сторінка 1 з" in text  # Cyrillic comes back as text, not garbage
    letter = pdf_text(mini_built / "build/en/handouts/alpha/first-letter.pdf")
    assert "Objectives" in letter and "Page 1 of" in letter


def test_pdf_metadata_names_no_one(mini_built):
    pdfinfo = require_tool("pdfinfo")
    for pdf in pdfs(mini_built):
        info = run_tool(pdfinfo, pdf)
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        for key in ("Author", "Creator", "Producer"):
            assert fields.get(key, "").strip() in ("", "ReportLab PDF Library - www.reportlab.com", "pypdf"), f"{pdf}: {key} = {fields.get(key)}"
        assert fields.get("Title", "").strip(), f"{pdf}: no title"


def test_zine_page_order(mini_built):
    """Each printed side holds the right two reading-order pages (by their text)."""
    require_tool("pdftotext")
    from pypdf import PdfReader

    from samizdat.writers.impose import saddle_stitch

    a5 = mini_built / "build/uk/zines/alpha-a5.pdf"
    a4 = mini_built / "build/uk/zines/alpha-a4.pdf"
    n = len(PdfReader(a5).pages)
    assert n > 0 and n % 4 == 0
    assert len(PdfReader(a4).pages) == n // 2

    def page_words(pdf, page, crop=None):
        args = ["-x", str(crop[0]), "-y", "0", "-W", str(crop[1]), "-H", "2000", "-r", "72"] if crop else []
        return pdftotext_page(pdf, page, *args)

    reading = [page_words(a5, i + 1) for i in range(n)]
    assert all(reading), "a zine page with no text (every page has at least its folio or the notes label)"
    half = 842 // 2
    for side, (left, right) in enumerate(saddle_stitch(n), start=1):
        assert page_words(a4, side, (0, half)) == reading[left], f"side {side} left should be page {left + 1}"
        assert page_words(a4, side, (half, half)) == reading[right], f"side {side} right should be page {right + 1}"
    # notes pages only just before the back cover, never in the middle
    labels = ["Нотатки" in t and len(t.split()) < 6 for t in reading]
    first_note = labels.index(True) if any(labels) else n - 1
    assert all(labels[first_note:-1]) and not any(labels[:first_note])
    assert "Друкуйте у фактичному розмірі" in reading[-1]  # the colophon on the back cover


def test_no_facilitator_text_in_print(mini_built):
    offices = sorted(mini_built.glob("build/*/handouts/*/*.docx")) + sorted(mini_built.glob("build/*/handouts/*/*.odt"))
    assert len(offices) == 2 * 2 * 2  # DOCX and ODT, two modules, two languages
    for path in pdfs(mini_built) + offices:
        text = pdf_text(path) if path.suffix == ".pdf" else office_text(path)
        # the scan read the learner text (a scan of nothing would find no leak either)
        alpha = "/alpha" in path.as_posix()
        if path.name.startswith("print-test"):
            learner = "100 %"  # the test sheet has no module text, only the instructions
        elif "-mini-" in path.name:  # a mini-zine: the objectives and the sections' key points
            learner = "Explain the first idea." if alpha else "Describe the second module."
        else:
            learner = "Everyone introduces themselves." if alpha else "Talk about it."
        assert learner in text, f"{path}: the learner text is not in what was scanned"
        for sentence in FACILITATOR_ONLY:
            assert sentence not in text, f"{sentence!r} in {path}"


def test_pdf_text_fails_closed(tmp_path):
    """The leak scan's extraction: a tool failure or a PDF without text raises, never ''."""
    from pypdf import PdfWriter

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    with pytest.raises(ExtractionError, match=r"broken.pdf: pdftotext failed \(exit \d+\): .*\S"):
        pdf_text(broken)
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with blank.open("wb") as f:
        writer.write(f)
    with pytest.raises(ExtractionError, match="no text could be extracted"):
        pdf_text(blank)


def test_docx_odt_open_in_libreoffice(mini_built, tmp_path):
    docs = [mini_built / f"build/uk/handouts/alpha/first.{ext}" for ext in ("docx", "odt")]
    res = libreoffice_convert(docs, tmp_path, "txt:Text", tmp_path)
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "first.txt").read_text(encoding="utf-8", errors="replace")
    assert "Warm-up round" in text
