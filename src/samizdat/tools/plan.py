"""``samizdat plan``: a one-page run sheet for a workshop built from chosen modules, in
one language, as PDF and HTML: clock times, each activity, breaks placed by the rules,
the materials to prepare, and which optional activities to cut first when running late."""

from __future__ import annotations

import html
import pickle
from dataclasses import dataclass
from pathlib import Path

from samizdat.core.config import Config, load_config
from samizdat.core.errors import ContentError, UsageError
from samizdat.sphinx_ext.colophon import site_title
from samizdat.core.model import ModuleContent
from samizdat.core.schedule import BreakRules, Plan, clock, plan_day


@dataclass(frozen=True)
class PlanRequest:
    module_ids: tuple[str, ...]
    start: int
    rules: BreakRules
    language: str
    outdir: Path


def _read_env(args: tuple[Path, str]) -> list:
    root, lang = args
    from samizdat.pipeline.sphinx_run import run_builders

    cfg = load_config(root)
    return run_builders(cfg, lang, ["read"], cfg.cache_dir / lang)


def language_data(cfg: Config, lang: str) -> tuple[dict[str, ModuleContent], dict[str, str]]:
    """(docname -> ModuleContent, docname -> title) of ``lang``, read (or found up to date) by Sphinx."""
    from samizdat.i18n.catalogs import preflight_catalogs
    from samizdat.pipeline.runner import run_each

    problems = preflight_catalogs(cfg, (lang,)) if lang != cfg.source_language else []
    if not problems:  # a hostile catalog is reported, never read
        run_each(_read_env, [(cfg.root, lang)], 1, problems.extend, name=lambda t: f"the {t[1]} plan")
    if problems:
        raise ContentError(problems)
    with (cfg.cache_dir / lang / "doctrees" / "environment.pickle").open("rb") as f:
        env = pickle.load(f)
    return env.samizdat_docs, {k: v.astext() for k, v in env.titles.items()}


def make_plan(root: Path, req: PlanRequest) -> tuple[Path, Path]:
    cfg = load_config(root)
    from samizdat.core.model import load_curriculum

    cur, problems = load_curriculum(cfg)
    if problems:
        raise ContentError(problems)
    if req.language not in cfg.all_languages:
        raise UsageError(f"--lang {req.language}: not in curriculum.yaml ({', '.join(cfg.all_languages)})")
    modules = []
    for mid in req.module_ids:
        try:
            modules.append(cur.module_by_id(mid))
        except KeyError:
            known = ", ".join(m.id for m in cur.modules)
            raise UsageError(f"unknown module id {mid!r}; known ids: {known}") from None
    if not modules:
        raise UsageError("name at least one module id")
    docs, titles = language_data(cfg, req.language)
    plan = plan_day([(titles.get(m.docname, m.id), docs[m.docname].activities) for m in modules], req.start, req.rules)
    materials = [(titles.get(m.docname, m.id), list(docs[m.docname].materials)) for m in modules]
    req.outdir.mkdir(parents=True, exist_ok=True)
    stem = "run-sheet-" + "-".join(m.id for m in modules)[:80]
    html_path = req.outdir / f"{stem}.html"
    pdf_path = req.outdir / f"{stem}.pdf"
    from samizdat.pipeline.sphinx_run import reproducible_environment

    reproducible_environment(cfg)
    _with_labels(cfg, req.language, lambda: (html_path.write_text(run_sheet_html(plan, materials, site_title(titles, cfg), req.language), encoding="utf-8"),
                                             run_sheet_pdf(cfg, plan, materials, site_title(titles, cfg), req.language, pdf_path)))
    return html_path, pdf_path


def _with_labels(cfg: Config, lang: str, fn) -> None:
    """Run ``fn`` with samizdat's labels in ``lang`` (in a process of its own)."""
    from sphinx import locale

    from samizdat.sphinx_ext.labels import DOMAIN, compile_labels

    labels_dir = compile_labels(lang, cfg.cache_dir / lang, cfg.locales_dir)
    locale.init([str(labels_dir)], lang, DOMAIN)
    fn()


def _rows(plan: Plan):
    from samizdat.sphinx_ext import labels

    for s in plan.slots:
        if s.kind == "activity":
            what = s.title + (f" ({labels._('optional')})" if s.optional else "")
            yield clock(s.start), clock(s.end), what, s.module, labels.format_label(s.format)
        else:
            yield clock(s.start), clock(s.end), labels._("Lunch") if s.kind == "lunch" else labels._("Break"), "", ""


def run_sheet_html(plan: Plan, materials, title: str, lang: str) -> str:
    from samizdat.sphinx_ext import labels
    from samizdat.sphinx_ext.html import CSP

    e = html.escape
    rows = "".join(f"<tr><td>{e(a)}–{e(b)}</td><td>{e(w)}</td><td>{e(m)}</td><td>{e(f)}</td></tr>" for a, b, w, m, f in _rows(plan))
    mats = "".join(f"<li><b>{e(mod)}</b>: {e('; '.join(items))}</li>" for mod, items in materials if items)
    cut = "".join(f"<li>{e(clock(s.start))} {e(s.title)} ({e(labels.minutes(s.minutes))})</li>" for s in plan.cut_first)
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(labels._("Run sheet"))} — {e(title)}</title></head>
<body style="font-family: 'PT Sans', sans-serif; max-width: 50rem; margin: auto; padding: 1rem">
<h1>{e(labels._("Run sheet"))}</h1>
<table style="border-collapse: collapse" border="1" cellpadding="4">
<tr><th>{e(labels._("Time"))}</th><th>{e(labels._("Activity"))}</th><th>{e(labels._("Module"))}</th><th>{e(labels._("Format"))}</th></tr>
{rows}</table>
<h2>{e(labels._("Materials to prepare"))}</h2><ul>{mats}</ul>
<h2>{e(labels._("Running late? Cut these first"))}</h2><ul>{cut or "<li>—</li>"}</ul>
</body></html>
"""


def run_sheet_pdf(cfg: Config, plan: Plan, materials, title: str, lang: str, path: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    from samizdat.builders.handouts import page_label
    from samizdat.sphinx_ext import labels
    from samizdat.writers.pdf.document import Running, build_pdf, frame_width
    from samizdat.writers.pdf.styles import load_print_design

    design = load_print_design(cfg.handouts_dir, cfg.root)
    p = design.paragraph
    page = design.pages["a4"]
    width = frame_width(page)
    small = p["table"]
    head = [labels._("Time"), labels._("Activity"), labels._("Module"), labels._("Format")]
    rows = [[Paragraph(f"<b>{escape(h)}</b>", small) for h in head]]
    for a, b, w, m, f in _rows(plan):
        rows.append([Paragraph(f"{a}–{b}", small), Paragraph(escape(w), small), Paragraph(escape(m), small), Paragraph(escape(f), small)])
    table = Table(rows, colWidths=[width * 0.16, width * 0.44, width * 0.26, width * 0.14], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), small.fontName),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story = [Paragraph(escape(labels._("Run sheet")), p["h1"]), table, Paragraph(escape(labels._("Materials to prepare")), p["h3"])]
    story += [Paragraph(f"<b>{escape(mod)}</b>: {escape('; '.join(items))}", small) for mod, items in materials if items]
    story.append(Paragraph(escape(labels._("Running late? Cut these first")), p["h3"]))
    story += [Paragraph(escape(f"{clock(s.start)} {s.title} ({labels.minutes(s.minutes)})"), small) for s in plan.cut_first] or [Paragraph("—", small)]
    build_pdf(path, story, design, page, Running(title, labels._("Run sheet"), page_label), labels._("Run sheet"), lang)
