"""``samizdat check``: every problem in one run, each as ``path:line: message``.

Config and front matter are checked with YAML; the bodies are read by Sphinx (the one
Markdown parser), in every language, through the same extension the build uses, so the
check and the build can never disagree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import model
from .config import Config, load_config
from .errors import ContentError, Problem
from .i18n.check import check_catalogs


def _read_language(args: tuple[Path, str]) -> list[Problem]:
    root, language = args
    from .sphinx_run import run_builders

    cfg = load_config(root)
    return run_builders(cfg, language, ["dummy"], cfg.cache_dir / language)


def read_all(cfg: Config) -> list[Problem]:
    from .runner import run_each

    problems: list[Problem] = []
    run_each(_read_language, [(cfg.root, lang) for lang in cfg.all_languages], 2, problems.extend,
             name=lambda t: f"the {t[1]} check")
    return problems


def stale_sources(cfg: Config, months: int, today: dt.date | None = None) -> list[Problem]:
    """Sources only cited, or verified more than ``months`` ago (from the source
    language's cached environment, which ``read_all`` has just brought up to date)."""
    import pickle

    today = today or dt.date.today()
    env_path = cfg.cache_dir / cfg.source_language / "doctrees" / "environment.pickle"
    with env_path.open("rb") as f:
        docs = pickle.load(f).samizdat_docs
    out = []
    for doc in sorted(docs):
        for src in docs[doc].get("sources", []):
            text = " ".join(src["text"].split())[:90]
            if not src.get("verified"):
                out.append(Problem(f"curriculum/{doc}.md", src["line"], f"source only cited, never verified by a person: {text}", severity="warning"))
            else:
                verified = dt.date.fromisoformat(src["verified"])
                age = (today.year - verified.year) * 12 + today.month - verified.month
                if age > months:
                    out.append(Problem(f"curriculum/{doc}.md", src["line"], f"source verified {age} months ago ({verified}), more than {months}: check it again: {text}", severity="warning"))
    return out


def check(root: Path, leaks: bool = False, stale_months: int | None = None) -> list[Problem]:
    try:
        cfg = load_config(root)
    except ContentError as exc:
        return exc.problems
    from .i18n.catalogs import preflight_catalogs

    _cur, problems = model.load_curriculum(cfg)
    unsafe = preflight_catalogs(cfg)  # what the build refuses before Sphinx reads a catalog
    problems += unsafe + check_catalogs(cfg, in_sync=False)
    if not unsafe:  # a hostile catalog is reported, never read
        problems += read_all(cfg)
    if leaks:
        from .leaks import scan_leaks

        problems += scan_leaks(cfg)
    if stale_months is not None and not [p for p in problems if p.severity == "error"]:
        problems += stale_sources(cfg, stale_months)
    return sorted(set(problems))
