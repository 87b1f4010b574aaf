"""``samizdat check``: every problem in one run, each as ``path:line: message``.

Config and front matter are checked with YAML; the bodies are read by Sphinx (the one
Markdown parser), in every language, through the same extension the build uses, so the
check and the build can never disagree."""

from __future__ import annotations

import multiprocessing
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
    ctx = multiprocessing.get_context("fork")
    problems: list[Problem] = []
    with ctx.Pool(min(2, len(cfg.all_languages)), maxtasksperchild=1) as pool:
        for found in pool.imap_unordered(_read_language, [(cfg.root, lang) for lang in cfg.all_languages]):
            problems.extend(found)
    return problems


def check(root: Path, leaks: bool = False) -> list[Problem]:
    try:
        cfg = load_config(root)
    except ContentError as exc:
        return exc.problems
    _cur, problems = model.load_curriculum(cfg)
    problems += check_catalogs(cfg, in_sync=False)
    problems += read_all(cfg)
    if leaks:
        from .leaks import scan_leaks

        problems += scan_leaks(cfg)
    return sorted(set(problems))
