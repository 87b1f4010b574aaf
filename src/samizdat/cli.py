"""The command line: argument parsing only; everything else is called from here.

Exit codes: 0 success; 1 problems in the user's content (``path:line: message``);
2 usage errors. A user's mistake never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samizdat.core.errors import ContentError, UsageError, WorkerDied
from samizdat.core.schedule import ScheduleError


def _find_root(start: Path) -> Path:
    for d in (start, *start.parents):
        if (d / "curriculum" / "curriculum.yaml").is_file():
            return d
    return start


def _progress(total: int, label: str):
    """A progress bar on a terminal; plain lines elsewhere (logs, CI)."""
    if sys.stderr.isatty():
        from rich.progress import Progress

        prog = Progress(transient=False)
        prog.start()
        task = prog.add_task(label, total=total)

        def advance(text: str) -> None:
            prog.console.print(text)
            prog.advance(task)

        return advance, prog.stop
    return (lambda text: print(text, file=sys.stderr, flush=True)), (lambda: None)


def cmd_build(args: argparse.Namespace) -> int:
    from samizdat.core.config import load_config
    from samizdat.pipeline.build import BuildOptions, build

    root = args.root
    cfg = load_config(root)
    opts = BuildOptions(tuple(args.lang or ()), tuple(args.format or ()), tuple(args.theme or ()), args.jobs or 0, single_file=args.single_file, discreet=args.discreet).resolve(cfg)
    advance, stop = _progress(len(opts.languages), "building")
    try:
        result = build(root, opts, report=lambda r: advance(f"[{r.language}] built in {r.seconds:.1f} s" + (f" with {len(r.problems)} problem(s)" if r.problems else "")))
    finally:
        stop()
    for line in result.numbered:
        print(f"curriculum/discreet.yaml: numbered {line} (commit this file: the number stays with it)")
    for flag in result.kept:
        print(f"kept {flag} from the last build (its outputs stay in the release; --no-{flag[2:]} drops them)")
    for flag in result.dropped:
        print(f"dropped what {flag} made in the last build (--no-{flag[2:]})")
    if not result.rebuilt:
        print(f"{cfg.build_dir.name}/ is up to date ({', '.join(opts.formats)} for {', '.join(opts.languages)})")
    else:
        print(f"published {cfg.build_dir.name}/ ({result.release.name}): {', '.join(opts.formats)} for {', '.join(result.rebuilt)}")
    if result.kits:
        print("kits: " + ", ".join(f"{path.removeprefix('kits/')} {size / 1_000_000:.1f} MB" for path, size in result.kits))
    return 0


def report(problems, failed: str, clean: str) -> int:
    """Print each problem as path:line: message; exit 1 if any is an error."""
    for p in problems:
        print(p)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(failed % len(errors), file=sys.stderr)
        return 1
    print(clean, file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from samizdat.tools.check import check

    problems = check(args.root, leaks=args.leaks, stale_months=args.months if args.stale else None)
    return report(problems, "%d problem(s) found", "check: no problems found")


def cmd_new(args: argparse.Namespace) -> int:
    from samizdat.tools.scaffold import new_module

    path = new_module(args.root, args.theme, args.title)
    print(f"created {path.relative_to(args.root)} and listed it in curriculum/curriculum.yaml")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    from samizdat.pipeline.signing import keygen

    private, public = Path(args.private), Path(args.public)
    keygen(private, public)
    print(f"wrote {private} (keep it secret, outside the repository) and {public} (publish it)")
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from samizdat.pipeline.signing import sign

    out = sign(Path(args.dir) if args.dir else args.root / "build", Path(args.key))
    print(f"signed: {out}")
    return 0


def cmd_new_theme(args: argparse.Namespace) -> int:
    from samizdat.tools.scaffold import new_theme

    path = new_theme(args.root, args.title)
    print(f"created {path.relative_to(args.root)}/index.md and listed it in curriculum/curriculum.yaml")
    return 0


def cmd_new_translation(args: argparse.Namespace) -> int:
    from samizdat.tools.scaffold import new_translation

    written = new_translation(args.root, args.lang)
    print(f"added {args.lang} to curriculum.yaml and wrote {len(written)} catalog(s) under locales/{args.lang}/")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from samizdat.core.config import load_config
    from samizdat.tools.serve import serve

    cfg = load_config(args.root)
    lang = args.lang or cfg.source_language
    if lang not in cfg.all_languages:
        raise UsageError(f"--lang {lang}: not in curriculum.yaml ({', '.join(cfg.all_languages)})")
    serve(args.root, lang, args.port, args.facilitator, host=args.host)
    return 0


def cmd_present(args: argparse.Namespace) -> int:
    from samizdat.tools.present import present

    present(args.root, args.module, args.lang, host=args.host, port=args.port)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from samizdat.pipeline.manifest import verify

    directory = Path(args.dir)
    if not (directory / "manifest.json").is_file():
        raise UsageError(f"{directory}: no manifest.json here; point verify at a copy of build/")
    problems, bad = [], None
    if args.key:
        from samizdat.pipeline.signing import check_signature

        bad = check_signature(directory, Path(args.key))
        if bad:
            problems.append(bad)
    problems += verify(directory)
    for line in problems:
        print(line)
    if not args.key:
        authenticity = "no signature checked: pass --key PUBKEY to check authenticity (without it, anyone could have rewritten the manifest too)"
    elif bad:
        authenticity = "no valid signature: this copy is not the one signed with this key"
    else:
        authenticity = "signature valid: the manifest is the one signed with this key"
    if problems:
        print(f"verify: {len(problems)} problem(s): files changed, missing or added to this copy; {authenticity}", file=sys.stderr)
        return 1
    print(f"verify: every file matches the manifest and nothing was added; {authenticity}", file=sys.stderr)
    return 0


def cmd_i18n_sync(args: argparse.Namespace) -> int:
    from samizdat.core.config import load_config
    from samizdat.i18n.sync import sync

    cfg = load_config(args.root)
    changed = sync(cfg, prune=args.prune, suggest=not args.no_suggest)
    if args.labels:  # for samizdat's developers: the package's own label catalogs
        from samizdat.i18n.label_sync import sync_label_catalogs
        from samizdat.sphinx_ext.ui_catalogs import write_ui_catalogs
        from samizdat.sphinx_ext.labels import PACKAGE_LOCALES

        changed += sync_label_catalogs(cfg.languages)
        write_ui_catalogs(PACKAGE_LOCALES, cfg.languages)
    from samizdat.core.errors import relpath

    for path in changed:
        print(f"updated {relpath(path, args.root)}")
    print(f"i18n sync: {len(changed)} catalog(s) updated", file=sys.stderr)
    return 0


def cmd_i18n_suggest(args: argparse.Namespace) -> int:
    from samizdat.core.config import load_config
    from samizdat.core.errors import relpath
    from samizdat.i18n.memory import suggest

    cfg = load_config(args.root)
    for lang in args.lang or ():
        if lang not in cfg.languages:
            raise UsageError(f"--lang {lang}: not one of curriculum.yaml's languages ({', '.join(cfg.languages)})")
    changed = suggest(cfg, tuple(args.lang or ()))
    for path, n in changed:
        print(f"{relpath(path, args.root)}: {n} suggestion(s), marked fuzzy")
    print(f"i18n suggest: {sum(n for _, n in changed)} suggestion(s) in {len(changed)} catalog(s); review them and clear the fuzzy flag", file=sys.stderr)
    return 0


def cmd_i18n_stats(args: argparse.Namespace) -> int:
    import json

    from samizdat.core.config import load_config
    from samizdat.i18n.stats import compute_stats, stats_json

    cfg = load_config(args.root)
    stats, problems = compute_stats(cfg)
    if problems:
        raise ContentError(problems)
    if args.json:
        print(json.dumps(stats_json(stats), indent=1, sort_keys=True))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Translation status")
    for col in ("lang", "theme", "translated", "fuzzy", "untranslated", "%", "words left"):
        table.add_column(col, justify="right" if col not in ("lang", "theme") else "left")
    for lang, per in stats.items():
        for theme, c in sorted(per.items(), key=lambda kv: (kv[0] == "all", kv[0])):
            table.add_row(lang, theme, str(c.translated), str(c.fuzzy), str(c.untranslated), f"{c.percent:.1f}", str(c.fuzzy_words + c.untranslated_words))
    Console().print(table)
    return 0


def cmd_i18n_check(args: argparse.Namespace) -> int:
    from samizdat.core.config import load_config
    from samizdat.i18n.check import check_catalogs

    cfg = load_config(args.root)
    problems = sorted(set(check_catalogs(cfg, in_sync=not args.no_sync)))
    return report(problems, "i18n check: %d problem(s)", "i18n check: catalogs are in sync and consistent")


def cmd_plan(args: argparse.Namespace) -> int:
    from samizdat.tools.plan import PlanRequest, make_plan
    from samizdat.core.schedule import BreakRules, parse_time

    from samizdat.core.config import load_config

    cfg = load_config(args.root)
    rules = BreakRules(
        max_work=args.break_after, break_minutes=args.break_minutes,
        lunch_at=parse_time(args.lunch, "--lunch") if args.lunch else None, lunch_minutes=args.lunch_minutes,
        end=parse_time(args.end, "--end") if args.end else None, include_optional=not args.no_optional,
    )
    if args.break_after < 15 or args.break_minutes < 0:
        raise UsageError("--break-after must be at least 15 minutes and --break-minutes not negative")
    modules = tuple(m for part in args.modules for m in part.split(",") if m)
    req = PlanRequest(modules, parse_time(args.start or cfg.start_time, "--start"), rules, args.lang or cfg.source_language,
                      Path(args.output) if args.output else cfg.build_dir / "plans", args.discreet)
    html_path, pdf_path = make_plan(args.root, req)
    print(f"wrote {html_path}\nwrote {pdf_path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="samizdat", description="Build a multilingual curriculum into sites, EPUBs, decks, handouts and zines.")
    p.add_argument("--root", type=Path, default=None, help="the project folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build every output for every language (or a selection)", description="Build and publish outputs into build/. Only what changed is rebuilt.")
    b.add_argument("--lang", action="append", metavar="L", help="only this language (repeatable)")
    b.add_argument("--format", action="append", metavar="F", help="only this output: html, epub, slides, handouts, zines, facilitator (repeatable)")
    b.add_argument("--theme", action="append", metavar="T", help="only this theme folder (repeatable)")
    b.add_argument("--jobs", type=int, default=0, metavar="N", help="parallel processes (default: the number of cores)")
    b.add_argument("--discreet", action=argparse.BooleanOptionalAction, default=None,
                   help="also write kits/reader-<lang>.zip: the learner kit under neutral names and titles (module-07-a4.pdf, ...); "
                        "kept by later builds until --no-discreet")
    b.add_argument("--single-file", action=argparse.BooleanOptionalAction, default=None,
                   help="also write learner decks without notes, everything embedded (<module>-learner.html), to send over a messenger; "
                        "kept by later builds until --no-single-file")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate the curriculum and catalogs; print path:line: message for each problem")
    c.add_argument("--leaks", action="store_true", help="also scan built learner outputs for facilitator-only sentences")
    c.add_argument("--stale", action="store_true", help="also list sources only cited, or verified more than --months ago")
    c.add_argument("--months", type=int, default=12, help="with --stale: how old a verification may be (default 12)")
    c.set_defaults(func=cmd_check)
    n = sub.add_parser("new", help="scaffold new content")
    nsub = n.add_subparsers(dest="what", required=True, metavar="WHAT")
    nm = nsub.add_parser("module", help="a module skeleton that passes check", description="Write curriculum/THEME/<slug>.md and list it in curriculum.yaml.")
    nm.add_argument("theme", help="the theme's folder name, e.g. 01-documents")
    nm.add_argument("title", help="the module's title, in quotes")
    nm.set_defaults(func=cmd_new)
    nt = nsub.add_parser("theme", help="a theme folder with its overview page, listed in curriculum.yaml")
    nt.add_argument("title", help="the theme's title, in quotes")
    nt.set_defaults(func=cmd_new_theme)
    nl = nsub.add_parser("translation", help="a new language: curriculum.yaml entry, catalogs, termbase")
    nl.add_argument("lang", help="an ISO 639-1 code, e.g. pl; refused if the fonts can't draw it")
    nl.set_defaults(func=cmd_new_translation)
    pl = sub.add_parser("plan", help="a one-page run sheet (PDF and HTML) for a workshop of chosen modules",
                        description="Lay out modules (by id) from a start time with breaks and lunch; list the materials and what to cut first.")
    pl.add_argument("modules", nargs="+", help="module ids, in order (space or comma separated)")
    pl.add_argument("--start", help="start time, HH:MM (default: start_time in curriculum.yaml)")
    pl.add_argument("--lang", help="the run sheet's language (default: the source language)")
    pl.add_argument("--break-after", type=int, default=90, metavar="MIN", help="longest stretch of work before a break (default 90)")
    pl.add_argument("--break-minutes", type=int, default=15, metavar="MIN", help="length of a break (default 15)")
    pl.add_argument("--lunch", metavar="HH:MM", help="lunch at this time (at most 15 minutes later when an activity runs across it; see README)")
    pl.add_argument("--lunch-minutes", type=int, default=45, metavar="MIN", help="length of lunch (default 45)")
    pl.add_argument("--end", metavar="HH:MM", help="the day must end by then")
    pl.add_argument("--no-optional", action="store_true", help="leave optional activities out")
    pl.add_argument("--discreet", action="store_true", help="neutral titles: modules as \"Module 1\", ..., no site title (file names are always neutral)")
    pl.add_argument("-o", "--output", metavar="DIR", help="where to write (default build/plans)")
    pl.set_defaults(func=cmd_plan)
    sv = sub.add_parser("serve", help="live preview of the reader site on localhost, rebuilt on save")
    sv.add_argument("--lang", help="the language to preview (default: the source language)")
    sv.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                    help="the address to listen on (default 127.0.0.1: this machine only; anything else shows the preview to the network, with a warning)")
    sv.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)")
    sv.add_argument("--facilitator", action="store_true", help="preview the facilitator site instead")
    sv.set_defaults(func=cmd_serve)
    pr = sub.add_parser("present", help="show a module's deck live on participants' phones, each in their language",
                        description="Serve MODULE's decks from the last build: the presenter's page moves the slides; "
                                    "participants open the address (or scan the QR code) and pick a language.")
    pr.add_argument("module", metavar="MODULE_ID", help="the module's id, e.g. temporary-protection")
    pr.add_argument("--lang", help="the presenter's deck language (default: the source language)")
    pr.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                    help="the address to listen on (default 127.0.0.1: this laptop only; give its address on the room's network for phones)")
    pr.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)")
    pr.set_defaults(func=cmd_present)
    i = sub.add_parser("i18n", help="translation catalogs: sync, stats, check")
    isub = i.add_subparsers(dest="what", required=True, metavar="WHAT")
    isy = isub.add_parser("sync", help="extract messages and update every language's catalogs, losing no translation")
    isy.add_argument("--prune", action="store_true", help="drop obsolete (#~) entries")
    isy.add_argument("--labels", action="store_true", help="also update samizdat's own label catalogs in the package (for samizdat's developers)")
    isy.add_argument("--no-suggest", action="store_true", help="don't fill new messages from the language's other catalogs (the translation memory); only the page's own catalog is searched, as msgmerge does")
    isy.set_defaults(func=cmd_i18n_sync)
    isg = isub.add_parser("suggest", help="fill untranslated messages with the best existing translation of a similar source (marked fuzzy, with where it came from)")
    isg.add_argument("--lang", action="append", metavar="L", help="only this language (repeatable)")
    isg.set_defaults(func=cmd_i18n_suggest)
    ist = isub.add_parser("stats", help="translated, fuzzy and untranslated messages and words per language and theme")
    ist.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ist.set_defaults(func=cmd_i18n_stats)
    ich = isub.add_parser("check", help="fail on catalogs out of sync, not compiling, or breaking their source")
    ich.add_argument("--no-sync", action="store_true", help="skip the comparison with the sources (no Sphinx run): for quick checks while translating")
    ich.set_defaults(func=cmd_i18n_check)
    v = sub.add_parser("verify", help="check a copy of the outputs against its manifest")
    v.add_argument("dir", help="a copy of build/ (with manifest.json)")
    v.add_argument("--key", metavar="PUBKEY", help="also check the manifest's signature with this public key (PEM)")
    kg = sub.add_parser("keygen", help="make an Ed25519 key pair for signing manifests")
    kg.add_argument("private", help="where to write the private key (keep it outside the repository)")
    kg.add_argument("public", help="where to write the public key")
    kg.set_defaults(func=cmd_keygen)
    sg = sub.add_parser("sign", help="sign build/manifest.json with an Ed25519 private key")
    sg.add_argument("--key", required=True, metavar="PRIVATE", help="the private key (PEM), kept outside the repository")
    sg.add_argument("dir", nargs="?", help="the build folder (default: build/)")
    sg.set_defaults(func=cmd_sign)
    v.set_defaults(func=cmd_verify)
    return p


# Commands that use build/ or its cache take the one build lock (build takes it itself;
# serve takes it for each rebuild): exclusive where they write.
LOCKS = {
    cmd_check: "exclusive", cmd_plan: "exclusive", cmd_sign: "exclusive",
    cmd_i18n_sync: "exclusive", cmd_i18n_check: "exclusive", cmd_i18n_stats: "exclusive", cmd_i18n_suggest: "exclusive",
}


def main(argv: list[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.root = (args.root or _find_root(Path.cwd())).resolve()
    try:
        mode = LOCKS.get(args.func)
        if mode is None:
            return args.func(args)
        from samizdat.pipeline.publish import build_lock

        with build_lock(args.root / "build", shared=mode == "shared"):
            return args.func(args)
    except ContentError as exc:
        for prob in exc.problems:
            print(prob, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s): nothing was published; build/ is as it was", file=sys.stderr)
        return 1
    except (UsageError, ScheduleError) as exc:
        print(f"samizdat: {exc}", file=sys.stderr)
        return 2
    except BlockingIOError as exc:
        print(f"samizdat: {exc}", file=sys.stderr)
        return 2
    except WorkerDied as exc:
        print(f"samizdat: {exc}; build/ is as it was", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted: build/ is as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
