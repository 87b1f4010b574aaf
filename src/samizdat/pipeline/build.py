"""The one loop over languages and outputs: decide the jobs, run them (one process per
language: Sphinx's locale state is per process, and that also uses both cores), then
stage and publish the release atomically with its manifest."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from samizdat.core import model
from samizdat.core.config import OUTPUTS, Config, load_config
from samizdat.core.errors import ContentError, Problem, UsageError
from samizdat.i18n.catalogs import preflight_catalogs
from samizdat.pipeline.fingerprint import catalogs_inputs, language_inputs, load_state, save_state, shared_inputs
from samizdat.pipeline.manifest import write_manifest
from samizdat.core.outputs import OUTPUT_OF, parts_for
from samizdat.pipeline.publish import Stager, build_lock, carry_over, current_release, new_staging, publish


@dataclass(frozen=True)
class BuildOptions:
    """What to build: validated once from the command line, then passed down."""

    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    jobs: int = 0
    wait: bool = True
    single_file: bool | None = None  # None: as the last build of this build/ (kept, and said)
    discreet: bool | None = None

    def resolve(self, cfg: Config) -> "BuildOptions":
        langs = self.languages or cfg.all_languages
        for lang in langs:
            if lang not in cfg.all_languages:
                raise UsageError(f"--lang {lang}: not in curriculum.yaml (languages: {', '.join(cfg.all_languages)})")
        fmts = self.formats or OUTPUTS
        for f in fmts:
            if f not in OUTPUTS:
                raise UsageError(f"--format {f}: unknown; choose from {', '.join(OUTPUTS)}")
        folders = [t.folder for t in cfg.themes]
        for t in self.themes:
            if t not in folders:
                raise UsageError(f"--theme {t}: no such theme folder; themes: {', '.join(folders)}")
        return BuildOptions(tuple(langs), tuple(f for f in OUTPUTS if f in fmts), self.themes, self.jobs or os.cpu_count() or 1, self.wait, self.single_file, self.discreet)


@dataclass
class LanguageResult:
    language: str
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def builders_for(formats: tuple[str, ...], single_file: bool) -> list[str]:
    return [p.key for p in parts_for(formats, single_file)]


def _build_language(args: tuple[Path, str, tuple[str, ...], bool, tuple[str, ...], dict]) -> LanguageResult:
    root, language, formats, single_file, themes, sites = args
    from samizdat.pipeline.sphinx_run import run_builders

    # Sphinx and reportlab allocate millions of small objects: collecting the young
    # generation every 700 allocations cost about a fifth of the build (uk 24 s -> 20 s).
    # What was loaded before the fork (Sphinx, the fonts) is frozen out of collection;
    # the old generation is still collected regularly, since every doctree is a cycle of
    # parents and children that only the collector frees (without it, 200 modules took
    # gigabytes).
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)

    start = time.monotonic()
    cfg = load_config(root)
    builders = builders_for(formats, single_file)
    problems = run_builders(cfg, language, builders, cfg.cache_dir / language, themes, sites)
    return LanguageResult(language, problems, time.monotonic() - start)


def preflight(cfg: Config) -> list[Problem]:
    """Everything that can be checked before Sphinx runs (and must be: remote images)."""
    _cur, problems = model.load_curriculum(cfg)
    problems += preflight_catalogs(cfg)
    return problems


def run_languages(cfg: Config, opts: BuildOptions, formats: tuple[str, ...], report: Callable[[LanguageResult], None],
                  sites: dict[str, list[str]] | None = None) -> list[Problem]:
    below = below_threshold(cfg, opts.languages, formats)
    tasks = [(cfg.root, lang, tuple(f for f in formats if (lang, f) not in below), opts.single_file, opts.themes, sites or {})
             for lang in opts.languages]
    problems: list[Problem] = []
    from samizdat.pipeline.runner import run_each
    from samizdat.pipeline.sphinx_run import preload

    preload()

    def done(res: LanguageResult) -> None:
        report(res)
        problems.extend(res.problems)

    run_each(_build_language, tasks, opts.jobs, done, name=lambda t: f"the {t[1]} outputs")
    return problems


def stage_language(cfg: Config, opts: BuildOptions, stager: Stager, staging: Path, lang: str,
                   below: set[tuple[str, str]] = frozenset()) -> None:
    """Copy (or hard-link, when unchanged) one language's builder caches into the staging
    release. Called as each language finishes, while the others are still building."""
    cache = cfg.cache_dir / lang
    for part in parts_for(opts.formats, opts.single_file):
        if (lang, OUTPUT_OF[part.key]) in below:
            continue
        src, dest = cache / part.sphinx_name, staging / lang / part.stage_to
        if part.only_file:
            name = part.only_file.format(lang=lang)
            stager.stage(src / name, dest / name)
        elif part.learner_copy:
            stager.copy_tree(src, dest, skip_suffixes=part.skip, rename=lambda p: p.with_name(p.stem + "-learner" + p.suffix),
                             only=lambda rel: rel.parts[0] != "_assets")
        else:
            stager.copy_tree(src, dest, skip_suffixes=part.skip)


@dataclass
class BuildResult:
    release: Path
    rebuilt: tuple[str, ...]  # languages whose inputs changed (empty: nothing to do)
    kept: tuple[str, ...] = ()      # options kept from the last build ("--discreet")
    dropped: tuple[str, ...] = ()   # options of the last build this one was told to drop
    kits: tuple[tuple[str, int], ...] = ()  # (path in the release, bytes) of each kit
    numbered: list[str] = field(default_factory=list)  # discreet numbers given to new modules


#: the options whose outputs a release keeps until a build says otherwise (--no-...)
STICKY = ("discreet", "single_file")


def sticky_options(opts: BuildOptions, last: dict) -> tuple[BuildOptions, tuple[str, ...], tuple[str, ...]]:
    """Options left unsaid take the last build's value, so a plain build after
    ``--discreet`` keeps the discreet kit; returns (options, kept, dropped)."""
    values, kept, dropped = {}, [], []
    for name in STICKY:
        asked, before = getattr(opts, name), bool(last.get(name))
        values[name] = before if asked is None else asked
        flag = "--" + name.replace("_", "-")
        if asked is None and before:
            kept.append(flag)
        elif asked is False and before:
            dropped.append(flag)
    from dataclasses import replace

    return replace(opts, **values), tuple(kept), tuple(dropped)


def site_languages(cfg: Config, opts: BuildOptions, previous: Path | None, below: set[tuple[str, str]]) -> dict[str, list[str]]:
    """For each site (reader, facilitator): the languages whose pages the new release will
    have, built now or carried over, so no language switcher links a page that is not there."""
    out = {}
    for site, fmt in (("html", "html"), ("facilitator/html", "facilitator")):
        langs = []
        for lang in cfg.all_languages:
            if lang in opts.languages and fmt in opts.formats:
                there = (lang, fmt) not in below
            else:
                there = previous is not None and (previous / lang / site / "index.html").is_file()
            if there:
                langs.append(lang)
        out[site] = langs
    return out


def build(root: Path, opts: BuildOptions, report: Callable[[LanguageResult], None] = lambda r: None) -> BuildResult:
    """Build what is stale and publish; raise ContentError (nothing published) on any
    content problem. Languages whose inputs are unchanged are carried over untouched."""
    cfg = load_config(root)
    opts = opts.resolve(cfg)
    with build_lock(cfg.build_dir, wait=opts.wait):
        previous = current_release(cfg.build_dir)
        state = load_state(cfg)
        fresh = previous is not None and state.get("release") == previous.name
        opts, kept, dropped = sticky_options(opts, state.get("options", {}) if fresh else {})
        numbered = number_new_modules(cfg) if opts.discreet else []
        below_all = below_threshold(cfg, opts.languages, opts.formats)
        sites = site_languages(cfg, opts, previous, below_all)
        shared = shared_inputs(cfg)
        wanted = {lang: language_inputs(cfg, shared, lang, opts.formats, opts.single_file, sites) for lang in opts.languages}
        shared_key = f"{catalogs_inputs(cfg)}:{opts.discreet}:{KIT_VERSION}:{numbers_key(cfg) if opts.discreet else ''}"
        catalogs = shared_key
        stale = tuple(lang for lang in opts.languages if not fresh or state.get("languages", {}).get(lang) != wanted[lang])
        if not stale and fresh and state.get("catalogs") == catalogs:
            return BuildResult(previous, (), kept, dropped, kit_sizes(previous), numbered)
        problems = preflight(cfg)
        if problems:
            raise ContentError(problems)
        run = BuildOptions(stale, opts.formats, opts.themes, opts.jobs, opts.wait, opts.single_file, opts.discreet)
        below = {(lang, f) for lang, f in below_all if lang in stale}
        staging = new_staging(cfg.build_dir)
        try:
            catalogs_changed = not fresh or state.get("catalogs") != catalogs
            release = _stage_and_publish(cfg, opts, run, below, previous, staging, report, sites, catalogs_changed)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # nothing half-made is left behind
            raise
        if not opts.themes:
            languages = dict(state.get("languages", {})) if fresh else {}
            languages.update(wanted)
            save_state(cfg, {"release": release.name, "languages": languages, "catalogs": catalogs,
                             "options": {name: getattr(opts, name) for name in STICKY}})
        # else: the other themes' files were carried over as they were, so the next build
        # without --theme finds no matching record and brings every language up to date
        return BuildResult(release, stale, kept, dropped, kit_sizes(release), numbered)


def _stage_and_publish(cfg: Config, opts: BuildOptions, run: BuildOptions, below: set[tuple[str, str]],
                       previous: Path | None, staging: Path, report: Callable[[LanguageResult], None],
                       sites: dict[str, list[str]], catalogs_changed: bool = True) -> Path:
    from concurrent.futures import ThreadPoolExecutor

    from samizdat.pipeline.site_links import catalog_percentages

    stale = run.languages
    stager = Stager(cfg.cache_dir, staging, previous)
    # what depends on the catalogs alone is read while the language processes work: the
    # main process only waits for them, and a core is idle once one language is done
    with ThreadPoolExecutor(max_workers=1) as side:
        status = side.submit(write_translation_status, cfg, staging / "i18n")
        percentages = side.submit(catalog_percentages, cfg)
        if stale:
            def done(res: LanguageResult) -> None:
                report(res)
                if not res.problems:
                    stage_language(cfg, run, stager, staging, res.language, below)

            problems = run_languages(cfg, run, opts.formats, done, sites)
            if problems:
                raise ContentError(problems)
        status.result()
        translated = percentages.result()

    def keep(rel: Path) -> bool:
        parts = rel.parts
        if rel.name in ("manifest.json", "manifest.sig") or parts[0] in ("i18n", "discreet", "kits") or rel.as_posix() in ("index.html", "start.css"):
            return False
        if parts[0] in cfg.all_languages:
            return parts[0] not in stale or (len(parts) > 1 and parts[1] not in opts.formats)
        return True

    carry_over(previous, staging, keep)
    from samizdat.pipeline.site_links import fill_site_links
    from samizdat.pipeline.startpage import START

    start = staging / START
    if not start.exists():  # the start page is written after the kits; the sites link to it now
        start.write_text("", encoding="utf-8")
    # before the kits, which carry the linked pages; a language carried over as it was keeps
    # its pages, unless a catalog changed (every page shows every language's figures)
    fill_site_links(cfg, staging, translated, None if catalogs_changed or previous is None else stale)
    write_release_top(cfg, staging, previous, opts.discreet, opts.jobs)
    release = publish(cfg.build_dir, staging)
    stager.save()  # only now: a record of files that were never published would be trusted next time
    return release


def number_new_modules(cfg: Config) -> list[str]:
    """Give new modules and themes their discreet numbers (curriculum/discreet.yaml)
    before a --discreet build; a broken numbers file stops the build like any content."""
    from samizdat.core.numbering import extend_numbers, load_numbers, write_numbers

    numbers, problems = load_numbers(cfg)
    if problems:
        raise ContentError(problems)
    cur, _ = model.load_curriculum(cfg)
    added = extend_numbers(numbers, [(t.folder, [m.id for m in t.modules]) for t in cur.themes])
    if added:
        write_numbers(cfg, numbers)
    return added


def numbers_key(cfg: Config) -> str:
    from samizdat.core.numbering import numbers_path

    path = numbers_path(cfg)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


KIT_VERSION = 1  # bump when what a kit holds changes, so the next build makes the kits again


def write_release_top(cfg: Config, staging: Path, previous: Path | None, discreet: bool, workers: int = 1) -> None:
    """What sits beside the languages: the kits, the start page and the manifest. The
    kits' own manifests reuse the checksums of a first pass over the release."""
    from samizdat.pipeline.kits import kit_jobs, run_jobs
    from samizdat.pipeline.manifest import Entry, build_manifest
    from samizdat.pipeline.startpage import CSS, START, STYLE, KitLink, start_page

    languages = [lang for lang in cfg.all_languages if (staging / lang).is_dir()]
    entries = build_manifest(staging, cfg, previous)
    jobs = kit_jobs(cfg, staging, previous, entries, languages)
    if discreet:
        from samizdat.pipeline.discreet import discreet_kit_jobs

        jobs += discreet_kit_jobs(cfg, staging, previous, entries, languages)
    kits = run_jobs(jobs, workers)
    links, fresh = [], list(entries)
    for path, digest in kits:
        if digest is not None:  # written now: its checksum is known; a linked one keeps the previous manifest's
            fresh.append(Entry(f"kits/{path.name}", None, "kit", None, None, path.stat().st_size, digest))
        stem = path.stem
        kind = "discreet" if stem.startswith("reader-") else "facilitator" if stem.startswith("samizdat-facilitator-") else "learner"
        links.append(KitLink(kind, stem.rsplit("-", 1)[-1], f"kits/{path.name}", path.stat().st_size))
    extra = ""
    if (staging / "i18n" / "index.html").is_file():
        extra = '<section id="translators"><h2>Translators</h2><p><a href="i18n/index.html">Translation status</a>: what is left to translate in each language.</p></section>'
    licences = [f'<a href="{lang}/slides/_assets/reveal.js/LICENSE" hreflang="en">{lang}</a>' for lang in languages
                if (staging / lang / "slides/_assets/reveal.js/LICENSE").is_file()]
    if licences:  # reveal.js travels with the decks, its MIT licence with it
        extra += ('<section id="licences"><h2>Licences</h2><p>The slide decks run on reveal.js, under the MIT licence: '
                  + ", ".join(licences) + ".</p></section>")
    files = {e.path for e in entries}
    (staging / START).write_text(start_page(cfg, files, languages, links, extra=extra, release=staging), encoding="utf-8")
    (staging / STYLE).write_text(CSS, encoding="utf-8")
    write_manifest(staging, cfg, previous, fresh)


def kit_sizes(release: Path | None) -> tuple[tuple[str, int], ...]:
    kits = release / "kits" if release is not None else None
    if kits is None or not kits.is_dir():
        return ()
    return tuple((f"kits/{p.name}", p.stat().st_size) for p in sorted(kits.glob("*.zip")))


def below_threshold(cfg: Config, languages: tuple[str, ...], formats: tuple[str, ...]) -> set[tuple[str, str]]:
    """(language, output) pairs left out because the language's catalogs are less
    translated than ``thresholds`` in curriculum.yaml asks for that output."""
    if not cfg.thresholds:
        return set()
    from samizdat.i18n.stats import compute_stats

    stats, _ = compute_stats(cfg)
    return {(lang, f) for lang in languages if lang in stats for f in formats
            if f in cfg.thresholds and stats[lang]["all"].percent < cfg.thresholds[f]}


def write_translation_status(cfg: Config, outdir: Path) -> None:
    """build/i18n/: stats.json and the dashboard."""
    from samizdat.i18n.dashboard import write_dashboard
    from samizdat.i18n.stats import compute_stats

    stats, _problems = compute_stats(cfg)
    write_dashboard(cfg, stats, outdir)
