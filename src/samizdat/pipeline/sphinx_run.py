"""Run Sphinx for one language, in the current process, and turn its warnings into
``Problem``s with paths relative to the project.

Sphinx's locale machinery keeps one translator per process (ARCHITECTURE §7), so the
pipeline calls this in a fresh process per language.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from pathlib import Path

from samizdat.core.config import Config
from samizdat.core.errors import Problem, relpath
from samizdat.sphinx_ext.conf import sphinx_overrides
from samizdat.sphinx_ext.labels import compile_labels
from samizdat.writers.pandoc_batch import PandocBatch

WARNING_RE = re.compile(r"^(?P<path>[^\n]*?):(?P<line>\d+)?:? ?(?:\(?(?P<level>WARNING|ERROR|CRITICAL|SEVERE)[/\d)]*:?\)?:?) (?P<msg>.*)$")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")

from samizdat.core.outputs import SPHINX_NAMES as BUILDERS  # builder key -> Sphinx builder name and cache folder


def reproducible_environment(cfg: Config) -> None:
    """No local time zone or wall clock in any output: UTC, and the edition's date."""
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(cfg.source_date_epoch))


def sync_catalogs(cfg: Config, language: str, cache: Path) -> Path:
    """Mirror ``locales/<lang>`` (.po only) into the cache, where Sphinx compiles the .mo.

    Files are rewritten only when their bytes change, so Sphinx's mtime-based dependency
    tracking re-reads exactly the documents whose catalog changed.
    """
    src = cfg.locales_dir / language / "LC_MESSAGES"
    dst_root = cache / "locales"
    dst = dst_root / language / "LC_MESSAGES"
    wanted: set[Path] = set()
    if src.is_dir() and language != cfg.source_language:
        for po in src.rglob("*.po"):
            if po.name == "samizdat.po":
                continue  # labels: compiled by compile_labels
            target = dst / po.relative_to(src)
            wanted.add(target)
            data = po.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    if dst.is_dir():
        for old in dst.rglob("*.po"):
            if old not in wanted:
                old.unlink()
                old.with_suffix(".mo").unlink(missing_ok=True)
    dst_root.mkdir(parents=True, exist_ok=True)
    return dst_root


def parse_warnings(text: str, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for raw in ANSI_RE.sub("", text).splitlines():
        m = WARNING_RE.match(raw)
        if not m:
            continue
        path = m.group("path")
        msg = re.sub(r"\s*\[[\w.-]+\]$", "", m.group("msg")).strip()
        problems.append(Problem(relpath(path, root) if path else "", int(m.group("line") or 0), msg))
    return problems


def preload() -> None:
    """Import Sphinx, its built-in extensions, myst-parser and samizdat's builders in the
    parent, so the forked language processes share them instead of each importing them
    again (about 0.6 s per language)."""
    import importlib

    from sphinx.application import builtin_extensions

    for name in (*builtin_extensions, "myst_parser", "myst_parser.parsers.sphinx_", "samizdat.sphinx_ext", "samizdat.builders",
                 "sphinx.builders.epub3", "reportlab.platypus", "pypdf"):
        importlib.import_module(name)
    from samizdat.writers.pdf.fonts import register_fonts

    register_fonts()  # parsing the TrueType files, once for all languages


def run_builders(cfg: Config, language: str, builders: list[str], cache: Path, themes: tuple[str, ...] = (),
                 site_languages: dict[str, list[str]] | None = None) -> list[Problem]:
    """Build ``builders`` for ``language`` into ``cache/<builder>``.

    One Sphinx application serves every builder: the environment (and each doctree it
    loads) stays in memory, and extensions, configuration and translations are set up
    once per language instead of once per output (about 0.1 s each, which dominated
    a one-paragraph rebuild). Sphinx supports reading twice in one process
    (``Builder.read`` resets ``config_status``); ``use_builder`` swaps the builder the
    way ``Sphinx.__init__`` creates it. Pandoc's conversions go to one process per
    language, waited for at the end."""
    from sphinx.util import console

    console.nocolor()
    reproducible_environment(cfg)
    _discard_unfinished(cache)
    marker = cache / UNFINISHED
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("a samizdat process is writing here; if this file is left, it died and the outputs are discarded\n")
    locale_dir = sync_catalogs(cfg, language, cache)
    labels_dir = compile_labels(language, cache, cfg.locales_dir)
    overrides = sphinx_overrides(cfg, language, locale_dir, labels_dir)
    overrides["samizdat_themes"] = list(themes)  # per-module outputs of these themes only (all: empty)
    overrides["samizdat_site_languages"] = dict(site_languages or {})  # the language switcher's languages
    warnings = io.StringIO()
    pandoc = PandocBatch()
    try:
        problems = _build_all(cfg, builders, cache, overrides, warnings, pandoc)
    finally:
        failures = pandoc.finish()
    if failures and not problems:
        problems = [f.problem for f in failures]
        _forget_environment(cache)
    marker.unlink()  # every output written is finished (CSP, scrubbed properties, clean images)
    return problems


UNFINISHED = ".unfinished"


def _discard_unfinished(cache: Path) -> None:
    """Outputs are finished in place after they are written (a CSP added, properties
    scrubbed, images cleaned), and Sphinx takes a file newer than its source as up to
    date. A process killed in between leaves the marker: then nothing it wrote is
    trusted: the builders' folders and the environment go, and this run starts cold."""
    if not (cache / UNFINISHED).exists():
        return
    for folder in BUILDERS.values():
        shutil.rmtree(cache / folder, ignore_errors=True)
    shutil.rmtree(cache / "doctrees", ignore_errors=True)
    (cache / UNFINISHED).unlink()


def _build_all(cfg: Config, builders: list[str], cache: Path, overrides: dict, warnings: io.StringIO, pandoc) -> list[Problem]:
    from sphinx.application import Sphinx

    problems: list[Problem] = []
    app = None
    for name in builders:
        sphinx_name = BUILDERS.get(name, name)
        outdir = cache / sphinx_name
        seen = warnings.tell()
        if app is None:
            app = Sphinx(
                cfg.curriculum_dir, None, outdir, cache / "doctrees", sphinx_name,
                confoverrides=overrides, status=None, warning=warnings, freshenv=False,
            )
            app.samizdat_pandoc = pandoc  # type: ignore[attr-defined]
        else:
            use_builder(app, sphinx_name, outdir)
        try:
            app.build()
        except Exception:  # a problem in the content stopped the build before writing
            found = parse_warnings(warnings.getvalue()[seen:], cfg.root)
            if not found:
                raise
            problems.extend(found)
            _forget_environment(cache)
            break
        found = parse_warnings(warnings.getvalue()[seen:], cfg.root)
        problems.extend(found)
        if found:
            # keep the broken documents out of the cache, so the next build reports them again
            _forget_environment(cache)
            break
        shutil.rmtree(outdir / "_sources", ignore_errors=True)
    return problems


def use_builder(app, name: str, outdir: Path) -> None:
    """Give ``app`` a new builder writing to ``outdir``, keeping its environment."""
    from sphinx.util._pathlib import _StrPath

    old = app.builder
    for tag in {old.format, old.name, f"format_{old.format}", f"builder_{old.name}"}:  # the new builder adds its own, as in a fresh app
        if tag in app.tags:
            app.tags.remove(tag)
    app.outdir = _StrPath(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    app.preload_builder(name)
    app.builder = app.create_builder(name)
    app.env._builder_cls = app.builder.__class__
    app._init_builder()


def _forget_environment(cache: Path) -> None:
    (cache / "doctrees" / "environment.pickle").unlink(missing_ok=True)
