"""Run sheets per theme for the facilitator site: each theme's modules as one workshop
day from curriculum.yaml's ``start_time``, with the default break rules and lunch at
``THEME_DAY_LUNCH`` (or the nearest of ``LUNCH_CHOICES`` the rule can place), written
as ``<theme>/run-sheet.html`` and ``.pdf``, looking as ``samizdat plan`` writes them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.builders import Builder
from sphinx.util import logging

from samizdat.core.design import design_hash
from samizdat.core.schedule import BreakRules, Plan, ScheduleError, parse_time, plan_day
from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.colophon import site_title
from samizdat.writers.pdf.styles import load_print_design
from samizdat.writers.runsheet import CSS_NAME, RunSheet, run_sheet_html, run_sheet_pdf, write_css

logger = logging.getLogger(__name__)

#: lunch times tried in turn for a theme day (the first the lunch rule can place)
LUNCH_CHOICES = ("13:00", "12:30", "13:30", "12:00", "14:00")
FILE_STEM = "run-sheet"


def theme_day(modules: list[tuple[str, list]], start: int) -> Plan:
    """The day's plan: lunch at the first of LUNCH_CHOICES that the lunch rule places
    (a day too short for lunch has none)."""
    error: ScheduleError | None = None
    for lunch in LUNCH_CHOICES:
        try:
            return plan_day(modules, start, BreakRules(lunch_at=parse_time(lunch)))
        except ScheduleError as exc:
            error = exc
    assert error is not None
    raise error


class RunSheetsBuilder(Builder):
    name = "samizdat-run-sheets"
    samizdat_audience = "facilitator"
    epilog = ""

    def init(self) -> None:
        self.samizdat_config = self.app.samizdat_config  # type: ignore[attr-defined]
        self.curriculum = self.app.samizdat_curriculum  # type: ignore[attr-defined]

    def get_outdated_docs(self):
        return []  # everything is written in finish(): a few small files per theme

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname: str, doctree) -> None:
        pass

    def finish(self) -> None:
        from samizdat.builders.handouts import page_label

        cfg = self.samizdat_config
        out = Path(self.outdir)
        out.mkdir(parents=True, exist_ok=True)
        write_css(out)
        docs = getattr(self.env, "samizdat_docs", {})
        titles = {k: v.astext() for k, v in self.env.titles.items()}
        design = load_print_design(cfg.handouts_dir, cfg.root)
        # what the PDF depends on besides its page: the design, as the other print builders key it
        design_key = (design_hash(cfg.handouts_dir) + ":" + self.config.samizdat_code_hash + ":"
                      + os.environ.get("SOURCE_DATE_EPOCH", "")).encode()
        wanted = self.config.samizdat_themes
        for theme in self.curriculum.themes:
            if wanted and theme.folder not in wanted:
                continue
            mods = [m for m in theme.modules if m.docname in docs]
            if not mods:
                continue
            names = [titles.get(m.docname, m.id) for m in mods]
            try:
                plan = theme_day([(n, docs[m.docname].activities) for n, m in zip(names, mods)], parse_time(cfg.start_time))
            except ScheduleError as exc:
                logger.warning(f"run sheet of {theme.folder}: {exc}")
                continue
            sheet = RunSheet(plan, [(n, list(docs[m.docname].materials)) for n, m in zip(names, mods)],
                             site_title(self.env.titles, cfg), titles.get(f"{theme.folder}/index", theme.folder), self.config.language)
            folder = out / theme.folder
            folder.mkdir(parents=True, exist_ok=True)
            page = run_sheet_html(sheet, f"../{CSS_NAME}").encode("utf-8")
            _write_if_changed(folder / f"{FILE_STEM}.html", page)
            # the PDF shows what the page shows, laid out by the design and samizdat's code
            # and labels: unchanged, it is not laid out again (an edit touches one theme)
            key = hashlib.sha256(page + b"\0" + design_key).hexdigest()
            pdf, stamp = folder / f"{FILE_STEM}.pdf", folder / f".{FILE_STEM}.key"
            if pdf.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
                continue
            stamp.unlink(missing_ok=True)
            run_sheet_pdf(sheet, design, pdf, page_label, subject=labels._("Run sheet"))
            stamp.write_text(key, encoding="utf-8")


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
