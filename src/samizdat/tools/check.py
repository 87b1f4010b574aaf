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


def authoring_warnings(cfg: Config, cur: "model.Curriculum") -> list[Problem]:
    """What Sphinx found unfinished in the modules (warnings, from ``ModuleContent``):
    sections without a {slide} block (the deck splits their prose over slides), and the
    sample sentences of ``samizdat new module`` not yet replaced. Guides, theme pages and
    the glossary have no decks and no skeleton, so only modules are looked at."""
    docs = model.read_contents(cfg, cfg.source_language)
    out = []
    for m in cur.modules:
        content, rel = docs.get(m.docname), f"curriculum/{m.docname}.md"
        if content is None:
            continue
        out += [Problem(rel, line, f"section “{title}” has no {{slide}} block: in decks its prose is split over “(continued)” "
                        "slides; add a few short key points in a :::{slide} block", severity="warning") for title, line in content.slideless]
        out += [Problem(rel, line, f"sample text from 'samizdat new module' not replaced yet: {text[:60]!r}", severity="warning")
                for text, line in content.placeholders]
    return out


def check(root: Path, leaks: bool = False, stale_months: int | None = None) -> list[Problem]:
    try:
        cfg = load_config(root)
    except ContentError as exc:
        return exc.problems
    from samizdat.i18n.catalogs import preflight_catalogs

    cur, problems = model.load_curriculum(cfg)
    unsafe = preflight_catalogs(cfg)  # what the build refuses before Sphinx reads a catalog
    problems += unsafe + catalog_problems(cfg)
    from samizdat.core.numbering import load_numbers

    problems += load_numbers(cfg)[1]  # curriculum/discreet.yaml
    if not unsafe:  # a hostile catalog is reported, never read
        problems += read_all(cfg)
        if not [p for p in problems if p.severity == "error"]:
            problems += authoring_warnings(cfg, cur)
    if leaks:
        from samizdat.tools.leaks import scan_leaks

        problems += scan_leaks(cfg)
    if stale_months is not None and not [p for p in problems if p.severity == "error"]:
        problems += stale_sources(cfg, stale_months)
    return sorted(set(problems))
