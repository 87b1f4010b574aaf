"""A workshop day's run sheet as HTML and PDF: clock times, each activity, breaks and
lunch, the materials as a checklist (tick boxes, like the facilitator packs) and what to
cut first when running late. Used by ``samizdat plan`` and by the build's per-theme run
sheets (builders.run_sheets), so both look the same."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from samizdat.core.schedule import Plan, clock
from samizdat.sphinx_ext import labels

STYLESHEET = Path(__file__).resolve().parent.parent / "theme" / "run-sheet.css"
CSS_NAME = "run-sheet.css"


@dataclass(frozen=True)
class RunSheet:
    """What a run sheet shows. ``materials``: (module title, items) in day order."""

    plan: Plan
    materials: list[tuple[str, list[str]]]
    title: str          # the site title (or, discreet, a neutral one)
    heading: str        # what this day is (a theme's title, or "Run sheet")
    lang: str


def rows(plan: Plan):
    """(from, to, what, module, format, kind) per slot, translated."""
    for s in plan.slots:
        if s.kind == "activity":
            what = s.title + (f" ({labels._('optional')})" if s.optional else "")
            yield clock(s.start), clock(s.end), what, s.module, labels.format_label(s.format), s.kind
        else:
            what = {"lunch": labels._("Lunch"), "spare": labels._("Time in hand")}.get(s.kind, labels._("Break"))
            yield clock(s.start), clock(s.end), what, "", "", s.kind


def kicker(sheet: RunSheet) -> str:
    """The line above the heading: what this is and whose."""
    name = labels._("Run sheet")
    return sheet.title if sheet.heading == name else f"{name} · {sheet.title}"


def write_css(outdir: Path) -> None:
    (outdir / CSS_NAME).write_bytes(STYLESHEET.read_bytes())


def run_sheet_html(sheet: RunSheet, css_href: str = CSS_NAME) -> str:
    """The run sheet as a page under the reader site's CSP (styles in ``css_href``)."""
    from samizdat.sphinx_ext.html import CSP

    e = html.escape
    body = "".join(
        f'<tr class="sz-{kind}"><td class="sz-time">{e(a)}–{e(b)}</td><td>{e(w)}</td><td>{e(m)}</td><td>{e(f)}</td></tr>\n'
        for a, b, w, m, f, kind in rows(sheet.plan))
    mats = []
    n = 0
    for mod, items in sheet.materials:
        if not items:
            continue
        boxes = []
        for item in items:
            n += 1
            boxes.append(f'<li><input type="checkbox" id="sz-m{n}"> <label for="sz-m{n}">{e(item)}</label></li>')
        mats.append(f"<h3>{e(mod)}</h3>\n<ul class=\"sz-checklist\">{''.join(boxes)}</ul>\n")
    cut = "".join(f"<li>{e(clock(s.start))} {e(s.title)} ({e(labels.minutes(s.minutes))})</li>" for s in sheet.plan.cut_first)
    name = labels._("Run sheet")
    return f"""<!DOCTYPE html>
<html lang="{e(sheet.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(sheet.heading)} — {e(name)} — {e(sheet.title)}</title>
<link rel="stylesheet" href="{e(css_href)}"></head>
<body><main>
<p class="sz-kicker">{e(kicker(sheet))}</p>
<h1>{e(sheet.heading)}</h1>
<table class="sz-run-sheet">
<thead><tr><th scope="col">{e(labels._("Time"))}</th><th scope="col">{e(labels._("Activity"))}</th><th scope="col">{e(labels._("Module"))}</th><th scope="col">{e(labels._("Format"))}</th></tr></thead>
<tbody>
{body}</tbody></table>
<h2>{e(labels._("Materials to prepare"))}</h2>
{''.join(mats) or '<p>—</p>'}
<h2>{e(labels._("Running late? Cut these first"))}</h2><ul>{cut or "<li>—</li>"}</ul>
</main></body></html>
"""


def column_widths(table_rows: list[list[str]], font: str, size: float, width: float, padding: float,
                  shares: dict[int, float]) -> list[float]:
    """Column widths in which no word is wider than its column, so reportlab never breaks
    a word (it would, without a hyphen: "Обговоренн/я"). Columns not in ``shares`` get
    their longest cell; the columns in ``shares`` split the rest in those proportions,
    each at least as wide as its longest word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ncols = len(table_rows[0])
    word = [0.0] * ncols
    cell = [0.0] * ncols
    for row in table_rows:
        for i, text in enumerate(row):
            cell[i] = max(cell[i], stringWidth(text, font, size))
            word[i] = max([word[i]] + [stringWidth(w, font, size) for w in text.split()])
    extra = 2 * padding + 2
    widths = [cell[i] + extra if i not in shares else 0.0 for i in range(ncols)]
    rest = width - sum(widths)
    # columns whose longest word needs more than their share get it; the others share the rest
    fixed: dict[int, float] = {}
    while True:
        total = sum(v for i, v in shares.items() if i not in fixed)
        left = rest - sum(fixed.values())
        grow = {i: word[i] + extra for i, v in shares.items() if i not in fixed and word[i] + extra > left * v / total}
        if not grow:
            break
        fixed.update(grow)
    for i, v in shares.items():
        widths[i] = fixed.get(i, left * v / total if total else 0.0)
    if min(widths) <= 0 or sum(widths) > width + 0.01:
        raise ValueError("a word of the run sheet is too long for the page")  # pragma: no cover - a 170 mm word
    return widths


def run_sheet_pdf(sheet: RunSheet, design, path: Path, page_label, subject: str = "") -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from samizdat.writers.pdf.document import Running, build_pdf, frame_width
    from samizdat.writers.pdf.paragraph import Paragraph

    p = design.paragraph
    page = design.pages["a4"]
    width = frame_width(page)
    small = p["table"]
    head = [labels._("Time"), labels._("Activity"), labels._("Module"), labels._("Format")]
    texts = [head] + [[f"{a}–{b}", w, m, f] for a, b, w, m, f, _k in rows(sheet.plan)]
    pad = 3
    try:
        from reportlab.lib.fonts import tt2ps

        bold = tt2ps(small.fontName, 1, 0)  # the header row is bold: measure the widest face
    except ValueError:
        bold = small.fontName
    widths = column_widths(texts, bold, small.fontSize, width, pad, {1: 0.6, 2: 0.4})
    cells = [[Paragraph(f"<b>{escape(h)}</b>", small) for h in head]]
    cells += [[Paragraph(escape(c), small) for c in row] for row in texts[1:]]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), small.fontName),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad)]))
    name = labels._("Run sheet")
    from reportlab.lib.styles import ParagraphStyle

    h1 = ParagraphStyle("sz-run-sheet-h1", parent=p["h1"], keepWithNext=0)  # else the long table goes to page 2 with it
    story = [Paragraph(escape(kicker(sheet)), p["meta"]), Paragraph(escape(sheet.heading), h1), table,
             Paragraph(escape(labels._("Materials to prepare")), p["h2"])]
    any_items = False
    for mod, items in sheet.materials:
        if items:
            any_items = True
            story.append(Paragraph(escape(mod), p["h3"]))
            story += [Paragraph("[  ] " + escape(item), p["body"]) for item in items]
    if not any_items:
        story.append(Paragraph("—", p["body"]))
    story.append(Paragraph(escape(labels._("Running late? Cut these first")), p["h2"]))
    story += [Paragraph(escape(f"{clock(s.start)} {s.title} ({labels.minutes(s.minutes)})"), p["body"]) for s in sheet.plan.cut_first] \
        or [Paragraph("—", p["body"])]
    build_pdf(path, story, design, page, Running(sheet.title, name, page_label), f"{sheet.heading} — {name}", sheet.lang, subject=subject)
