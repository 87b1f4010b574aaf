"""Zines a printer trusts: the one-sheet mini-zine (layout, fit, refusal), creep, crop
marks and the print-test sheet, measured from the PDFs with poppler and pypdf."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5, A4, letter
from reportlab.pdfgen.canvas import Canvas

from conftest import require_tool, samizdat, tree_snapshot
from samizdat.core.model import KeyPoints, ModuleContent
from samizdat.writers import minizine
from samizdat.writers.impose import SheetMarks, creep, impose

MM = 72 / 25.4


def words(**kw) -> minizine.Words:
    base = dict(site_title="Site", theme_title="Theme", module_title="A module", for_heading="What this is for",
                help_heading="Where to get help", help_text="Ask locally.", back_lines=("Edition 1", "Not legal advice.", "Licence: X"),
                cut="cut", language="en")
    return minizine.Words(**{**base, **kw})


def content(sections: int, points: int = 4) -> ModuleContent:
    kps = tuple(KeyPoints(f"Section {s}", tuple(f"Point {s}.{p} says something short but real" for p in range(points)), s) for s in range(sections))
    return ModuleContent(objectives=("Explain the first idea.", "List the second idea."), key_points=kps)


# --- the mini-zine's layout ----------------------------------------------------
def test_panels_are_the_standard_fold_and_cut_order():
    cells = {(c, r) for c, r, _ in minizine.PANELS.values()}
    assert cells == {(c, r) for c in range(4) for r in range(2)}  # every panel once
    top = [p for p, (c, r, _) in sorted(minizine.PANELS.items(), key=lambda kv: kv[1][0]) if r == 1]
    bottom = [p for p, (c, r, _) in sorted(minizine.PANELS.items(), key=lambda kv: kv[1][0]) if r == 0]
    assert top == [5, 4, 3, 2] and bottom == [6, 7, 8, 1]
    assert all(flipped == (r == 1) for c, r, flipped in minizine.PANELS.values())


def test_fit_picks_the_largest_size_and_loses_nothing():
    small = content(2)
    size, pages = minizine.fit(small, words())
    assert size == minizine.SIZES[0]
    big = content(18, 5)
    size_big, pages_big = minizine.fit(big, words())
    assert minizine.MIN_SIZE <= size_big < size
    text = " ".join(p.getPlainText() for page in pages_big for p in page if hasattr(p, "getPlainText"))
    for kp in big.key_points:  # every point is on some page, once
        for point in kp.points:
            assert text.count(point) == 1, point


def test_too_much_text_does_not_fit():
    with pytest.raises(minizine.DoesNotFit) as exc:
        minizine.fit(content(40, 6), words())
    assert exc.value.needed > 1


def test_mini_zine_pdf_has_eight_panels_readable_in_place(tmp_path):
    require_tool("pdftotext")
    c = content(6)
    sheets = minizine.write(c, words(module_title="Cover title here"))
    for sheet, size in (("a4", A4), ("letter", letter)):
        pdf = tmp_path / f"m-{sheet}.pdf"
        pdf.write_bytes(sheets[sheet])
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [round(max(size)), round(min(size))]
        texts = panel_texts(pdf, max(size), min(size))
        assert "Cover title here" in texts[1] and "Site" in texts[1]
        assert "What this is for" in texts[2] and "Explain the first idea." in texts[2]
        assert "Not legal advice." in texts[8] and "Licence: X" in texts[8]
        assert "Where to get help" in "".join(texts[p] for p in range(2, 8))
        for page in range(2, 8):
            if texts[page].strip():
                assert re.search(rf"(^|\n){page}\s*$", texts[page].strip()), (page, texts[page][-40:])
        assert min(font_sizes(pdf)) >= 7 - 1e-6


# --- creep, marks, print test ---------------------------------------------------
def test_creep_is_one_thickness_per_sheet_outside():
    assert creep(12, 0.1) == pytest.approx([i * 0.1 for i in range(12)])
    assert creep(12, 0) == [0] * 12


def test_innermost_sheet_moves_toward_the_fold_by_the_computed_creep(tmp_path):
    """A 12-sheet booklet (48 identical A5 pages, one word at the page's outer-left
    margin), imposed on A4 with 0.1 mm paper: on the fronts of the sheets, the right
    page's word sits ``creep`` closer to the fold on the innermost sheet than on the
    outermost (pdftotext -bbox)."""
    require_tool("pdftotext")
    pages = PdfReader(BytesIO(a5_pages(48))).pages
    out = tmp_path / "booklet.pdf"
    sides = impose(list(pages), out, A4, SheetMarks(fold=False, paper_mm=0.1), "t", id_source=b"x")
    assert sides == 24
    fold = max(A4) / 2
    offsets = []
    for side in (1, 23):  # sheet 1's front, sheet 12's front (1-based pdftotext pages)
        words_ = bbox_words(out, side)
        right = [x for x, w in words_ if w == "MARK" and x > fold]
        assert len(right) == 1
        offsets.append(right[0] - fold)
    expected = creep(12, 0.1)[-1] * MM
    assert offsets[0] - offsets[1] == pytest.approx(expected, abs=0.05 * MM)
    flat = tmp_path / "flat.pdf"
    impose(list(PdfReader(BytesIO(a5_pages(48))).pages), flat, A4, SheetMarks(fold=False, paper_mm=0), "t", id_source=b"x")
    flat_offsets = [[x for x, w in bbox_words(flat, s) if w == "MARK" and x > fold][0] - fold for s in (1, 23)]
    assert flat_offsets[0] == pytest.approx(flat_offsets[1], abs=0.01)  # 0 turns creep off


def test_crop_marks_grow_the_sheet_and_set_the_boxes(tmp_path):
    out = tmp_path / "shop.pdf"
    impose(list(PdfReader(BytesIO(a5_pages(8))).pages), out, A4, SheetMarks(crop=True, bleed_mm=3), "t", id_source=b"x")
    page = PdfReader(out).pages[0]
    grow = 2 * (10 + 3) * MM
    assert float(page.mediabox.width) == pytest.approx(max(A4) + grow, abs=0.01)
    trim = [float(v) for v in page["/TrimBox"]]
    assert trim[2] - trim[0] == pytest.approx(max(A4), abs=0.01) and trim[3] - trim[1] == pytest.approx(min(A4), abs=0.01)
    bleed = [float(v) for v in page["/BleedBox"]]
    assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.01)


def test_bad_zine_settings_are_refused_at_their_line(mini):
    styles = mini / "handouts" / "styles.yaml"
    styles.parent.mkdir(exist_ok=True)
    styles.write_text("zine:\n  profile: low-ink\n  paper_thickness_mm: -1\n", encoding="utf-8")
    before = tree_snapshot(mini / "build") if (mini / "build").exists() else {}
    res = samizdat(mini, "build", "--format", "zines")
    assert res.code != 0
    assert "handouts/styles.yaml:3: zine: paper_thickness_mm must be" in res.text, res.text
    assert (tree_snapshot(mini / "build") if (mini / "build").exists() else {}) == before


def test_a_module_too_long_for_its_mini_zine_is_refused(mini):
    """check and build both name the module at its title's line; nothing is published."""
    module = mini / "curriculum" / "alpha" / "first.md"
    extra = "".join(f"\n## Extra section number {i}\n\nSome prose.\n\n:::{{slide}}\n" + "".join(
        f"- A fairly long key point {i}.{j} with several words\n" for j in range(6)) + ":::\n" for i in range(40))
    module.write_text(module.read_text(encoding="utf-8") + extra, encoding="utf-8")
    res = samizdat(mini, "check")
    assert res.code != 0
    assert re.search(r"curriculum/alpha/first\.md:\d+: .*mini-zine does not fit .*7 pt", res.text), res.text
    built = samizdat(mini, "build", "--format", "zines")
    assert built.code != 0 and "mini-zine does not fit" in built.text
    assert not (mini / "build" / "current").exists()


def test_an_edit_lays_out_only_its_own_module_s_zines(mini_built, tmp_path):
    """After a full re-read (new code, new labels) the print tests keep their bytes and so
    their old date; that must not make every module stale: one edit, one module."""
    import os
    import shutil

    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    module = root / "curriculum" / "alpha" / "first.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA first edit.\n", encoding="utf-8")
    assert samizdat(root, "build").code == 0  # in a new folder Sphinx reads everything again
    zines = root / "build" / ".cache" / "en" / "samizdat-zines"
    for test in zines.glob("print-test-*.pdf"):
        os.utime(test, (1_000_000_000, 1_000_000_000))  # older than every doctree
    other = zines / "beta" / "second-mini-a4.pdf"
    before = other.stat().st_mtime_ns
    module.write_text(module.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    res = samizdat(root, "build")
    assert res.code == 0, res.text
    assert (zines / "alpha" / "first-mini-a4.pdf").stat().st_mtime_ns > before
    assert other.stat().st_mtime_ns == before, "an edit to alpha/first laid out beta/second's mini-zine again"
    assert sorted(p.name for p in zines.glob("print-test-*.pdf")) == ["print-test-a4.pdf", "print-test-letter.pdf"]


# --- the shipped curriculum ----------------------------------------------------------
@pytest.mark.e2e
def test_every_module_has_mini_zines_that_read_right(shipped):
    require_tool("pdftotext")
    require_tool("pdffonts")
    current = shipped / "build" / "current"
    languages = sorted(p.name for p in current.iterdir() if (p / "zines").is_dir())
    assert languages == ["cs", "en", "ru", "uk"]
    checked = 0
    for lang in languages:
        label = label_translator(lang)
        for theme in sorted(p for p in (current / lang / "html").iterdir() if p.is_dir() and p.name[:2].isdigit()):
            for page in sorted(theme.glob("*.html")):
                if page.name == "index.html":
                    continue
                title = h1(page)
                for sheet, size in (("a4", A4), ("letter", letter)):
                    pdf = current / lang / "zines" / theme.name / f"{page.stem}-mini-{sheet}.pdf"
                    assert len(PdfReader(pdf).pages) == 1, pdf
                    texts = panel_texts(pdf, max(size), min(size))
                    flat = lambda t: " ".join(t.split())  # noqa: E731
                    assert flat(title) in flat(texts[1]), (pdf, title, texts[1][:200])
                    assert flat(label("What this is for")) in flat(texts[2]), pdf
                    assert flat(label("Where to get help")) in flat(" ".join(texts[p] for p in range(3, 8))), pdf
                    assert "2026.2" in texts[8] and flat(label("General information, not legal advice: check the current rules with a lawyer or a refugee-support organisation."))[:30] in flat(texts[8]), pdf
                    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
                    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
                    assert min(font_sizes(pdf)) >= 7 - 1e-6, pdf
                    checked += 1
    assert checked == 4 * 21 * 2


@pytest.mark.e2e
def test_print_test_sheet_per_paper(shipped):
    require_tool("pdftotext")
    for lang in ("en", "uk"):
        label = label_translator(lang)
        for sheet in ("a4", "letter"):
            pdf = shipped / "build" / "current" / lang / "zines" / f"print-test-{sheet}.pdf"
            reader = PdfReader(pdf)
            assert len(reader.pages) == 2
            front = pdftotext(pdf, 1)
            back = pdftotext(pdf, 2)
            assert label("Print test: front") in front and label("Print test: back") in back


# --- helpers --------------------------------------------------------------------------
def pdftotext(pdf: Path, page: int, crop: tuple[float, float, float, float] | None = None) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page)]
    if crop:
        x, y, w, h = crop
        args += ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def panel_texts(pdf: Path, w: float, h: float) -> dict[int, str]:
    """Each reading page's text, cropped from its panel (pdftotext reads the upside-down
    top row in its own direction; y counts from the top in pdftotext)."""
    out = {}
    for page, (col, row, _flipped) in minizine.PANELS.items():
        x, y = col * w / 4, (1 - row) * h / 2
        out[page] = pdftotext(pdf, 1, (x + 1, y + 1, w / 4 - 2, h / 2 - 2))
    return out


def font_sizes(pdf: Path) -> list[float]:
    """The size at which every piece of text is drawn (Tf size times the scale of the
    text and graphics matrices), from the PDF's content stream."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3], tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            sizes.append(font_size * abs(a * d - b * c) ** 0.5)

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    assert sizes, f"no text found in {pdf}"
    return sizes


def a5_pages(n: int) -> bytes:
    buf = BytesIO()
    c = Canvas(buf, pagesize=A5, invariant=1)
    for _ in range(n):
        c.setFont("Helvetica", 10)
        c.drawString(13 * MM, A5[1] / 2, "MARK")
        c.showPage()
    c.save()
    return buf.getvalue()


def bbox_words(pdf: Path, page: int) -> list[tuple[float, str]]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(m.group(1)), m.group(2)) for m in re.finditer(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', xml)]


def h1(page: Path) -> str:
    from html import unescape

    m = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert m, page
    return unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("¶", "").replace("#", "").strip()


def label_translator(lang: str):
    if lang == "en":
        return lambda s: s
    from samizdat.sphinx_ext.labels import PACKAGE_LOCALES

    po = {e.msgid: e.msgstr for e in polib.pofile(str(PACKAGE_LOCALES / lang / "LC_MESSAGES" / "samizdat.po"))}
    return lambda s: po.get(s) or s


@pytest.mark.e2e
def test_printers_guide_shows_both_pictures(shipped):
    """The guide's page, in every language's site, shows the fold-and-cut picture and the
    test sheet read right and wrong: the <img> is there and its file was published."""
    for lang in ("en", "uk", "ru", "cs"):
        page = shipped / "build" / "current" / lang / "html" / "_about" / "printing.html"
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<img[^>]*src="([^"]+)"', html)
        for picture in ("minizine-fold-and-cut", "print-test-right-and-wrong"):
            found = [s for s in sources if picture in s]
            assert found, (lang, picture, sources)
            target = (page.parent / found[0]).resolve()
            assert target.is_file() and target.stat().st_size > 5000, target
