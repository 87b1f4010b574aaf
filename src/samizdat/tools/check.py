"""``samizdat check``: every problem in one run, each as ``path:line: message``.

Config and front matter are checked with YAML; the bodies are read by Sphinx (the one
Markdown parser), in every language, through the same extension the build uses, so the
check and the build can never disagree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samizdat.core import model
from samizdat.core.config import Config, load_config
from samizdat.core.errors import ContentError, Problem
from samizdat.i18n.check import check_catalogs


def _read_language(args: tuple[Path, str]) -> list[Problem]:
    root, language = args
    from samizdat.pipeline.sphinx_run import run_builders

    cfg = load_config(root)
    return run_builders(cfg, language, ["read"], cfg.cache_dir / language)


def read_all(cfg: Config) -> list[Problem]:
    from samizdat.pipeline.runner import run_each

    problems: list[Problem] = []
    run_each(_read_language, [(cfg.root, lang) for lang in cfg.all_languages], 2, problems.extend,
             name=lambda t: f"the {t[1]} check")
    return problems


def stale_sources(cfg: Config, months: int, today: dt.date | None = None) -> list[Problem]:
    """Sources only cited, or verified more than ``months`` ago (from the source
    language's cached environment, which ``read_all`` has just brought up to date)."""
    today = today or dt.date.today()
    docs = model.read_contents(cfg, cfg.source_language)
    out = []
    for doc in sorted(docs):
        for src in docs[doc].sources:
            text = " ".join(src.text.split())[:90]
            if not src.verified:
                out.append(Problem(f"curriculum/{doc}.md", src.line, f"source only cited, never verified by a person: {text}", severity="warning"))
            else:
                verified = dt.date.fromisoformat(src.verified)
                age = (today.year - verified.year) * 12 + today.month - verified.month
                if age > months:
                    out.append(Problem(f"curriculum/{doc}.md", src.line, f"source verified {age} months ago ({verified}), more than {months}: check it again: {text}", severity="warning"))
    return out


def catalog_problems(cfg: Config) -> list[Problem]:
    """``i18n check``'s findings (without the sync test), kept while no catalog, termbase
    or check changes: an author who edits a module does not wait for 80 catalogs."""
    import hashlib
    import json

    from samizdat.i18n import check as i18n_check, qa

    h = hashlib.sha256()
    for p in sorted(cfg.locales_dir.rglob("*")) if cfg.locales_dir.is_dir() else []:
        if p.is_file() and p.suffix in (".po", ".tbx"):
            h.update(p.relative_to(cfg.root).as_posix().encode() + b"\0" + p.read_bytes())
    for mod in (i18n_check, qa):
        h.update(Path(mod.__file__).read_bytes())
    h.update(repr(cfg.thresholds).encode())
    key = h.hexdigest()
    cache = cfg.cache_dir / "catalog-check.json"
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved["key"] == key:
            return [Problem(**p) for p in saved["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found = check_catalogs(cfg, in_sync=False)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": key, "problems": [p.__dict__ for p in found]}), encoding="utf-8")
    tmp.replace(cache)
    return found


def placeholder_problems(cfg: Config, cur: "model.Curriculum") -> list[Problem]:
    """Sample sentences of ``samizdat new module`` still in a module (warnings)."""
    import re

    from samizdat.tools.scaffold import placeholder_lines

    samples = placeholder_lines()
    out = []
    for m in cur.modules:
        for n, line in enumerate(m.path.read_text(encoding="utf-8").splitlines(), 1):
            text = re.sub(r"^(?:[-*]|\d+\.)\s+", "", line.strip())
            if text in samples:
                out.append(Problem(f"curriculum/{m.docname}.md", n, f"sample text from 'samizdat new module' not replaced yet: {text[:60]!r}", severity="warning"))
    return out


def slideless_problems(cfg: Config) -> list[Problem]:
    """Sections without a {slide} block (warnings): the deck splits their prose over slides."""
    docs = model.read_contents(cfg, cfg.source_language)
    cur, _problems = model.load_curriculum(cfg)
    modules = {m.docname for m in cur.modules}  # guides, theme pages and the glossary have no decks
    return [Problem(f"curriculum/{doc}.md", line, f"section “{title}” has no {{slide}} block: in decks its prose is split over "
                    "“(continued)” slides; add a few short key points in a :::{slide} block", severity="warning")
            for doc, content in sorted(docs.items()) if doc in modules for title, line in content.slideless]


def check(root: Path, leaks: bool = False, stale_months: int | None = None) -> list[Problem]:
    try:
        cfg = load_config(root)
    except ContentError as exc:
        return exc.problems
    from samizdat.i18n.catalogs import preflight_catalogs

    cur, problems = model.load_curriculum(cfg)
    problems += placeholder_problems(cfg, cur)
    unsafe = preflight_catalogs(cfg)  # what the build refuses before Sphinx reads a catalog
    problems += unsafe + catalog_problems(cfg)
    if not unsafe:  # a hostile catalog is reported, never read
        problems += read_all(cfg)
        if not [p for p in problems if p.severity == "error"]:
            problems += slideless_problems(cfg)
    if leaks:
        from samizdat.tools.leaks import scan_leaks

        problems += scan_leaks(cfg)
    if stale_months is not None and not [p for p in problems if p.severity == "error"]:
        problems += stale_sources(cfg, stale_months)
    return sorted(set(problems))
