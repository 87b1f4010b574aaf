"""``samizdat plan``: a one-page run sheet for a workshop built from chosen modules, in
one language, as PDF and HTML: clock times, each activity, breaks placed by the rules,
the materials to prepare as a checklist, and which optional activities to cut first when
running late. File names are neutral (``run-sheet-<lang>-<hash>``), never the subjects."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from samizdat.core.config import Config, load_config
from samizdat.core.errors import ContentError, UsageError
from samizdat.sphinx_ext.colophon import site_title
from samizdat.core.model import ModuleContent
from samizdat.core.schedule import BreakRules, plan_day


@dataclass(frozen=True)
class PlanRequest:
    module_ids: tuple[str, ...]
    start: int
    rules: BreakRules
    language: str
    outdir: Path
    discreet: bool = False  # neutral titles: "Module 1" for each module, no site title


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


def plan_stem(module_ids: tuple[str, ...], lang: str) -> str:
    """A neutral file name: nothing of the subject, stable for the same day in the same
    language (so a new plan of that day replaces the old one)."""
    digest = hashlib.sha256("\n".join((lang, *module_ids)).encode()).hexdigest()[:8]
    return f"run-sheet-{lang}-{digest}"


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
    stem = plan_stem(tuple(m.id for m in modules), req.language)
    html_path = req.outdir / f"{stem}.html"
    pdf_path = req.outdir / f"{stem}.pdf"
    from samizdat.pipeline.sphinx_run import reproducible_environment

    reproducible_environment(cfg)

    def write() -> None:
        from samizdat.builders.handouts import page_label
        from samizdat.sphinx_ext import labels
        from samizdat.writers.pdf.styles import load_print_design
        from samizdat.writers.runsheet import RunSheet, run_sheet_html, run_sheet_pdf, write_css

        if req.discreet:  # numbers instead of the modules' titles, no site title
            names = [labels._("Module %d") % i for i in range(1, len(modules) + 1)]
            title, heading = labels._("Workshop"), labels._("Run sheet")
        else:
            names = [titles.get(m.docname, m.id) for m in modules]
            title, heading = site_title(titles, cfg), labels._("Run sheet")
        plan = plan_day([(n, docs[m.docname].activities) for n, m in zip(names, modules)], req.start, req.rules)
        sheet = RunSheet(plan, [(n, list(docs[m.docname].materials)) for n, m in zip(names, modules)], title, heading, req.language)
        req.outdir.mkdir(parents=True, exist_ok=True)
        html_path.write_text(run_sheet_html(sheet), encoding="utf-8")
        write_css(req.outdir)
        run_sheet_pdf(sheet, load_print_design(cfg.handouts_dir, cfg.root), pdf_path, page_label)

    _with_labels(cfg, req.language, write)
    return html_path, pdf_path


def _with_labels(cfg: Config, lang: str, fn) -> None:
    """Run ``fn`` with samizdat's labels in ``lang`` (in a process of its own)."""
    from sphinx import locale

    from samizdat.sphinx_ext.labels import DOMAIN, compile_labels

    labels_dir = compile_labels(lang, cfg.cache_dir / lang, cfg.locales_dir)
    locale.init([str(labels_dir)], lang, DOMAIN)
    fn()
