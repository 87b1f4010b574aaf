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
    rows = re.findall(r"<tr><td>([\d:]+)–([\d:]+)</td><td>([^<]*)</td>", html)
    assert rows == [
        ("09:00", "09:20", "Warm-up round"), ("09:20", "10:00", "Case study"), ("10:00", "10:15", "Break"),
        ("10:15", "10:25", "Extra game (optional)"), ("10:25", "11:10", "Lunch"), ("11:10", "12:10", "The only activity"),
    ]
    assert "Pens and paper for everyone" in html
    assert "Extra game" in html.split("Cut these first")[1]
    assert next(out.glob("*.pdf")).stat().st_size > 1000


def test_invalid_plans_write_nothing(mini, tmp_path):
    out = tmp_path / "plan"
    for args, message in ((["nope"], "unknown module id 'nope'"), (["first", "--start", "9h"], "is not a time"),
                          (["first", "second", "--start", "09:00", "--end", "10:00"], "after the end of the day"),
                          (["second", "--break-after", "45"], "longer than the 45 minutes")):
        res = samizdat(mini, "plan", *args, "-o", str(out))
        assert res.code == 2 and message in res.err and "Traceback" not in res.text, res.text
        assert not out.exists()
