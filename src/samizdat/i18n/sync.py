"""``samizdat i18n sync``: extract the messages and update every language's catalogs
without ever losing a translator's work.

- an unchanged message keeps its translation (and its fuzzy flag, if it had one);
- a changed message keeps the old translation, marked fuzzy, with ``#| msgid`` (the
  previous source) so the translator sees what changed;
- a removed message becomes obsolete (``#~``); ``prune=True`` drops obsolete entries;
- entries are in document order, wrapped at 78 columns, so a small source change is a
  small diff; a catalog is rewritten only when its text changes.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

import polib

from samizdat.core.config import Config, load_config
from samizdat.core.errors import ContentError
from samizdat.core.pofile import new_pofile, save

FUZZY_CUTOFF = 0.6
RESERVED = ("samizdat.po", "sphinx.po")  # label catalogs, not module catalogs


@dataclass(frozen=True)
class Message:
    msgid: str
    line: int
    context: str


def catalog_path(cfg: Config, lang: str, docname: str) -> Path:
    return cfg.locales_dir / lang / "LC_MESSAGES" / f"{docname}.po"


def docnames(cfg: Config) -> list[str]:
    """Every translated document: the home page, each theme's overview and modules, and
    the glossary (``curriculum/glossary.md``) when the curriculum has one."""
    docs = ["index"] + [d for t in cfg.themes for d in (f"{t.folder}/index", *(f"{t.folder}/{m}" for m in t.modules))]
    if (cfg.curriculum_dir / "glossary.md").is_file():
        docs.append("glossary")
    return docs


def _extract(root: Path) -> list:
    from samizdat.pipeline.sphinx_run import run_builders

    cfg = load_config(root)
    return run_builders(cfg, cfg.source_language, ["extract"], cfg.cache_dir / cfg.source_language)


def extract(cfg: Config) -> dict[str, list[Message]]:
    """Messages per document, read by Sphinx in a process of its own."""
    from samizdat.pipeline.runner import run_each

    problems: list = []
    run_each(_extract, [cfg.root], 1, problems.extend, name=lambda _root: "message extraction")
    if problems:
        raise ContentError(problems)
    outdir = cfg.cache_dir / cfg.source_language / "samizdat-extract"
    result = {}
    for doc in docnames(cfg):
        path = outdir / f"{doc}.json"
        items = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        result[doc] = [Message(i["msgid"], i["line"], i["context"]) for i in items]
    return result


def merge(old: polib.POFile | None, template: list[Message], docname: str, lang: str, prune: bool = False) -> polib.POFile:
    """The new catalog for ``template``, keeping every translation from ``old``."""
    po = new_pofile(lang)
    if old is not None:
        for key in ("Last-Translator", "Language-Team", "PO-Revision-Date"):
            if old.metadata.get(key):
                po.metadata[key] = old.metadata[key]
        po.header = old.header or po.header
    active = {e.msgid: e for e in old if not e.obsolete} if old is not None else {}
    obsolete = {e.msgid: e for e in old if e.obsolete} if old is not None else {}
    wanted = {m.msgid for m in template}
    # old translated messages that vanished: candidates for fuzzy matches
    vanished = [e for k, e in active.items() if k not in wanted and e.msgstr]
    used: set[str] = set()
    for m in template:
        entry = polib.POEntry(
            msgid=m.msgid,
            occurrences=[(f"curriculum/{docname}.md", str(m.line))],
            comment=m.context,
        )
        prev = active.get(m.msgid) or obsolete.get(m.msgid)
        if prev is not None:
            entry.msgstr = prev.msgstr
            entry.tcomment = prev.tcomment
            if "fuzzy" in prev.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = prev.previous_msgid
        else:
            match = difflib.get_close_matches(m.msgid, [e.msgid for e in vanished], n=1, cutoff=FUZZY_CUTOFF)
            if match:
                src = next(e for e in vanished if e.msgid == match[0])
                used.add(src.msgid)
                entry.msgstr = src.msgstr
                entry.tcomment = src.tcomment
                entry.flags.append("fuzzy")
                entry.previous_msgid = src.msgid
        po.append(entry)
    if not prune:
        gone = [e for k, e in active.items() if k not in wanted and k not in used and e.msgstr]
        gone += [e for k, e in obsolete.items() if k not in wanted]
        for e in sorted(gone, key=lambda e: e.msgid):
            ob = polib.POEntry(msgid=e.msgid, msgstr=e.msgstr, obsolete=True, tcomment=e.tcomment)
            po.append(ob)
    return po


def sync(cfg: Config, prune: bool = False, languages: tuple[str, ...] = ()) -> list[Path]:
    """Update every target language's catalogs; return the files that changed."""
    messages = extract(cfg)
    changed: list[Path] = []
    for lang in languages or cfg.languages:
        for doc, template in messages.items():
            path = catalog_path(cfg, lang, doc)
            old = polib.pofile(str(path), wrapwidth=78) if path.is_file() else None
            po = merge(old, template, doc, lang, prune=prune)
            if save(po, path):
                changed.append(path)
        # catalogs whose document is gone: keep the translations, all obsolete
        base = cfg.locales_dir / lang / "LC_MESSAGES"
        for stray in sorted(base.rglob("*.po")) if base.is_dir() else []:
            rel = stray.relative_to(base).with_suffix("").as_posix()
            if rel in messages or stray.name in RESERVED:
                continue
            if prune:
                stray.unlink()
                changed.append(stray)
            else:
                po = merge(polib.pofile(str(stray)), [], rel, lang)
                if save(po, stray):
                    changed.append(stray)
    return changed
