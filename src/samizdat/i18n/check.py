"""``samizdat i18n check``: the CI gate for catalogs. Fails when catalogs are out of
sync with the sources, don't compile, break what their source had, or write a number
with English thousands separators where the comma is the decimal mark; warns where a
termbase term is not rendered as agreed or is rendered differently across modules."""

from __future__ import annotations

import re
import shutil
import subprocess

import polib

from samizdat.core.config import Config
from samizdat.core.errors import Problem, relpath
from samizdat.i18n.catalogs import project_catalogs
from samizdat.i18n.qa import consistency_problems, injection_problems, number_format_problems, termbase_problems
from samizdat.i18n.stats import compute_stats
from samizdat.i18n.sync import catalog_path, extract
from samizdat.i18n.termbase import read_termbase, termbase_path

MSGFMT_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<msg>.*)$")


def msgfmt_problems(cfg: Config, path, problems: list[Problem]) -> None:
    exe = shutil.which("msgfmt")
    rel = relpath(path, cfg.root)
    if exe is None:
        from babel.messages.pofile import read_po
        from babel.messages.mofile import write_mo
        import io

        try:
            with path.open("rb") as f:
                write_mo(io.BytesIO(), read_po(f))
        except Exception as exc:  # babel raises many kinds
            problems.append(Problem(rel, 1, f"catalog does not compile: {exc}"))
        return
    res = subprocess.run([exe, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if res.returncode != 0:
        before = len(problems)
        for line in res.stderr.splitlines():
            m = MSGFMT_RE.match(line)
            if m and "warning" not in m.group("msg"):
                problems.append(Problem(rel, int(m.group("line")), f"catalog does not compile (msgfmt): {m.group('msg')}"))
        if len(problems) == before:
            problems.append(Problem(rel, 1, f"msgfmt failed: {res.stderr.strip()[:200]}"))


def check_catalogs(cfg: Config, in_sync: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    cats = project_catalogs(cfg, problems)
    for cat in cats:
        problems += injection_problems(cat, cfg.root)
        problems += consistency_problems(cat, cfg.root)
        problems += number_format_problems(cat, cfg.root)
        msgfmt_problems(cfg, cat.path, problems)
    # the termbase across all catalogs of a language: one term, one rendering
    termbases = {lang: read_termbase(termbase_path(cfg.locales_dir, lang), cfg.source_language, lang) for lang in {c.lang for c in cats}}
    problems += termbase_problems(cats, cfg.root, termbases)
    if in_sync:
        problems += sync_problems(cfg)
    problems += threshold_problems(cfg)
    return problems


def sync_problems(cfg: Config) -> list[Problem]:
    """Catalogs whose messages differ from what the sources have now."""
    problems: list[Problem] = []
    messages = extract(cfg)
    for lang in cfg.languages:
        for doc, template in messages.items():
            path = catalog_path(cfg, lang, doc)
            rel = relpath(path, cfg.root)
            if not path.is_file():
                problems.append(Problem(rel, 0, f"catalog missing for curriculum/{doc}.md: run 'samizdat i18n sync'"))
                continue
            try:
                po = polib.pofile(str(path))
            except (OSError, ValueError):
                continue  # reported by project_catalogs
            have = [e.msgid for e in po if not e.obsolete]
            want = [m.msgid for m in template]
            if have != want:
                missing = [m for m in want if m not in set(have)]
                extra = [e for e in po if not e.obsolete and e.msgid not in set(want)]
                line = extra[0].linenum if extra else 1
                what = f"{len(missing)} new or changed message(s)" if missing else "messages in a different order"
                if extra:
                    what += f", {len(extra)} message(s) no longer in the source"
                problems.append(Problem(rel, line, f"out of sync with curriculum/{doc}.md ({what}): run 'samizdat i18n sync'"))
    return problems


def threshold_problems(cfg: Config) -> list[Problem]:
    """Languages below a threshold set in curriculum.yaml are reported (as warnings:
    the build leaves such outputs out for that language instead of failing)."""
    if not cfg.thresholds:
        return []
    stats, _ = compute_stats(cfg)
    out = []
    for lang, per in stats.items():
        pct = per["all"].percent
        for output, need in cfg.thresholds.items():
            if pct < need:
                out.append(Problem(relpath(cfg.config_path, cfg.root), 0, f"{lang} is {pct:.0f}% translated: {output} needs {need}% (thresholds in curriculum.yaml), so {output} is not built for {lang}", severity="warning"))
    return out
