"""Facilitator packs, the facilitator site, run sheets, and the leak scan."""

from __future__ import annotations

import re

from conftest import require_tool, samizdat
from samizdat.tools.outputs_text import pdf_text


def test_pack_has_notes_agenda_and_outline(mini_built):
    require_tool("pdftotext")
    text = pdf_text(mini_built / "build/en/facilitator/pdf/alpha/first.pdf")
    for expected in ("zebracorn", "Debrief privately with the groups", "Watch for signs of distress",  # notes in place
                     "10:00–10:20", "10:20–11:00", "11:00–11:10",  # agenda from curriculum.yaml's start time (10:00)
                     "Materials checklist", "Pens and paper for everyone", "Slide outline", "1. First module",
                     "Check before use", "Council Directive 2001/55/EC"):
        assert expected in text, expected
    # a verified source is not under "check before use"
    check = text.split("Check before use", 1)[1]
    assert "A verified source" not in check
    assert "Duration: 60 minutes (plus 10 minutes optional)" in text


def test_pack_in_translated_language(mini_built):
    text = pdf_text(mini_built / "build/uk/facilitator/pdf/alpha/first.pdf")
    assert "Програма" in text and "Сторінка 1 з" in text


def test_facilitator_site_is_separate(mini_built):
    page = (mini_built / "build/en/facilitator/html/alpha/first.html").read_text(encoding="utf-8")
    assert "zebracorn" in page and "sz-facilitator" in page
    pages = sorted((mini_built / "build/en/html").rglob("*.html"))
    assert len(pages) >= 6, pages  # home, two themes, two modules, search
    for p in pages:
        assert "facilitator/html" not in p.read_text(encoding="utf-8"), p


def test_plan_over_modules_with_breaks(mini, tmp_path):
    out = tmp_path / "plan"
    res = samizdat(mini, "plan", "first", "second", "--start", "09:00", "--break-after", "60", "--lunch", "10:20", "-o", str(out))
    assert res.code == 0, res.text
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="sz-\w+"><td class="sz-time">([\d:]+)–([\d:]+)</td><td>([^<]*)</td>', html)
    assert rows == [  # the break before lunch is lengthened so that lunch starts at 10:20 as asked
        ("09:00", "09:20", "Warm-up round"), ("09:20", "10:00", "Case study"), ("10:00", "10:20", "Break"),
        ("10:20", "11:05", "Lunch"), ("11:05", "11:15", "Extra game (optional)"), ("11:15", "11:30", "Break"),
        ("11:30", "12:30", "The only activity"),
    ]
    # materials as a checklist of tick boxes, each with its label
    assert re.search(r'<input type="checkbox" id="sz-m1"> <label for="sz-m1">Pens and paper for everyone</label>', html)
    assert "Extra game" in html.split("Cut these first")[1]
    # styled like the packs, under the CSP: a stylesheet beside it, no inline style
    assert 'href="run-sheet.css"' in html and "style=" not in html and (out / "run-sheet.css").is_file()
    # neutral file names, never the subjects or the module ids
    names = sorted(p.name for p in out.iterdir())
    assert all(re.fullmatch(r"run-sheet(-en-[0-9a-f]{8}\.(html|pdf)|\.css)", n) for n in names), names
    assert next(out.glob("*.pdf")).stat().st_size > 1000


def test_plan_lunch_at_the_asked_time_discreet_and_no_broken_words(mini, tmp_path):
    require_tool("pdftotext")
    out = tmp_path / "plan"
    res = samizdat(mini, "plan", "first", "second", "--lang", "uk", "--start", "10:00", "--lunch", "11:00", "--discreet", "-o", str(out))
    assert res.code == 0, res.text
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert re.search(r'<td class="sz-time">11:00–11:45</td><td>Обід</td>', html), html
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "Модуль 1" in html and "Модуль 2" in html and "Mini curriculum" not in title
    for theme_word in ("First module", "Перший модуль", "Second"):
        assert theme_word not in title
    text = re.sub(r"Сторінка \d+ з \d+", "", pdf_text(next(out.glob("*.pdf"))))  # the page footer
    assert "Обід" in text
    # every word of the table is whole: pdftotext gives each printed line; a word broken
    # without a hyphen would leave a fragment that is not a word of the sheet
    words = set(re.findall(r"\w+", html))
    fragments = [w for w in re.findall(r"\w+", text) if w not in words and not w.isdigit()]
    assert not fragments, fragments
    res = samizdat(mini, "plan", "first", "second", "--start", "10:00", "--lunch", "10:40", "-o", str(out / "late"))
    assert res.code == 2 and "lunch can't start within 15 minutes of 10:40: “Case study” runs 10:20–11:00" in res.err, res.text


def test_invalid_plans_write_nothing(mini, tmp_path):
    out = tmp_path / "plan"
    for args, message in ((["nope"], "unknown module id 'nope'"), (["first", "--start", "9h"], "is not a time"),
                          (["first", "second", "--start", "09:00", "--end", "10:00"], "after the end of the day"),
                          (["second", "--break-after", "45"], "longer than the 45 minutes")):
        res = samizdat(mini, "plan", *args, "-o", str(out))
        assert res.code == 2 and message in res.err and "Traceback" not in res.text, res.text
        assert not out.exists()
