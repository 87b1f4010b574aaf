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

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from samizdat.core.config import Config, load_config
from samizdat.core.errors import ContentError
from samizdat.core.pofile import new_pofile, render, save

if TYPE_CHECKING:
    from samizdat.i18n.memory import TranslationMemory

RESERVED = ("samizdat.po", "sphinx.po")  # label catalogs, not module catalogs
TEMPLATES = "templates"  # locales/templates/: the .pot files, beside the languages


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


def _babel(po: polib.POFile) -> Catalog:
    return read_po(io.StringIO(render(po)))


def _polib(cat: Catalog) -> polib.POFile:
    """babel's catalog as polib entries (babel's own writer garbles a multi-line ``#|``)."""
    po = polib.POFile()

    def entry(m, obsolete: bool = False) -> polib.POEntry:
        return polib.POEntry(
            msgid=m.id, msgstr=m.string or "", obsolete=obsolete,
            comment="\n".join(m.auto_comments), tcomment="\n".join(m.user_comments),
            occurrences=[(f, str(n) if n else "") for f, n in m.locations],
            # babel guesses python-format from a "%"; these msgids are Markdown, not code
            flags=sorted(f for f in m.flags if not f.startswith("python-")), previous_msgid=m.previous_id[0] if m.previous_id else None,
        )

    for m in cat:
        if m.id:
            po.append(entry(m))
    for m in cat.obsolete.values():
        po.append(entry(m, obsolete=True))
    return po


def template_catalog(template: list[Message], docname: str) -> polib.POFile:
    """The ``.pot`` template of one page: every message with where it is and who sees it."""
    pot = new_pofile(None)
    # the header comment stays the catalogs' own: msginit and platforms copy it into a new language
    pot.metadata = {k: v for k, v in pot.metadata.items() if k not in ("PO-Revision-Date", "Last-Translator", "Language-Team")}
    for m in template:
        pot.append(polib.POEntry(msgid=m.msgid, msgstr="", occurrences=[(f"curriculum/{docname}.md", str(m.line))], comment=m.context))
    return pot


def merge(old: polib.POFile | None, template: list[Message], docname: str, lang: str, prune: bool = False,
          memory: "TranslationMemory | None" = None, path: Path | None = None) -> polib.POFile:
    """The new catalog for ``template``, keeping every translation from ``old``.

    The merge is babel's ``Catalog.update``, as ``sphinx-intl update`` does it (document
    order, translator comments kept); samizdat adds what it leaves out: a message still
    fuzzy keeps its previous msgid, a message that comes back takes its translation from
    the obsolete (``#~``) entries, and a new or changed message is filled by the
    translation memory (``memory``: the language's catalogs; by default ``old`` alone),
    marked fuzzy with the previous msgid and where the translation came from."""
    from samizdat.i18n.memory import ORIGIN, TranslationMemory

    path = path or Path("locales") / lang / "LC_MESSAGES" / f"{docname}.po"
    po = new_pofile(lang)
    if old is None:
        old = new_pofile(lang)
    else:
        for key in ("Last-Translator", "Language-Team", "PO-Revision-Date", "Plural-Forms"):
            if old.metadata.get(key):
                po.metadata[key] = old.metadata[key]
        po.header = old.header or po.header
    for e in old:
        if "fuzzy" not in e.flags:  # a reviewed entry's previous source has served (as msgattrib --clear-previous)
            e.previous_msgid = e.previous_msgctxt = e.previous_msgid_plural = None
    cat = _babel(old)
    cat.update(_babel(template_catalog(template, docname)), no_fuzzy_matching=True, update_header_comment=False)
    merged = _polib(cat)
    before = {e.msgid: e for e in old if not e.obsolete}
    buried = {e.msgid: e for e in old if e.obsolete and e.msgstr}
    revived: set[str] = set()
    for e in merged:
        if e.obsolete:
            continue
        prev = before.get(e.msgid)
        if prev is not None and "fuzzy" in e.flags and not e.previous_msgid and prev.previous_msgid:
            e.previous_msgid = prev.previous_msgid
        if not e.msgstr and e.msgid in buried:
            back = buried[e.msgid]
            e.msgstr, e.tcomment = back.msgstr, back.tcomment
            if "fuzzy" in back.flags and "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
            revived.add(e.msgid)
        e.flags = sorted(set(e.flags), key=lambda f: (f != "fuzzy", f))
        if "fuzzy" not in e.flags and e.tcomment:  # reviewed: the memory's note has served
            e.tcomment = "\n".join(line for line in e.tcomment.split("\n") if not line.startswith(ORIGIN))
        po.append(e)
    if memory is None:
        memory = TranslationMemory(Path("."), lang)
        memory.add(old, path)
    moved = {(e.previous_msgid, e.msgstr) for e in memory.fill(po, path)}
    if not prune:
        for e in merged:
            # a translation now carried by a suggestion (with its #| msgid) is not kept twice
            if e.obsolete and e.msgstr and e.msgid not in revived and (e.msgid, e.msgstr) not in moved:
                po.append(polib.POEntry(msgid=e.msgid, msgstr=e.msgstr, obsolete=True, tcomment=e.tcomment,
                                        flags=["fuzzy"] if "fuzzy" in e.flags else []))
    return po


def template_path(cfg: Config, docname: str) -> Path:
    """``locales/templates/<docname>.pot``: the catalogs' paths, without the language."""
    return cfg.locales_dir / TEMPLATES / f"{docname}.pot"


def write_templates(cfg: Config, messages: dict[str, list[Message]]) -> list[Path]:
    """One ``.pot`` per page (what ``sphinx-intl update -p locales/templates`` and a
    translation platform start a language from); templates of pages gone are removed."""
    changed = [template_path(cfg, doc) for doc, template in messages.items()
               if save(template_catalog(template, doc), template_path(cfg, doc))]
    base = cfg.locales_dir / TEMPLATES
    for stray in sorted(base.rglob("*.pot")):
        if stray.relative_to(base).with_suffix("").as_posix() not in messages:
            stray.unlink()
            changed.append(stray)
    return changed


def sync(cfg: Config, prune: bool = False, languages: tuple[str, ...] = (), suggest: bool = True) -> list[Path]:
    """Update the templates and every target language's catalogs; return the files that
    changed. With ``suggest``, a message left without a translation gets the best one
    from the language's other catalogs (``i18n/memory.py``), marked fuzzy."""
    messages = extract(cfg)
    changed = write_templates(cfg, messages)
    for lang in languages or cfg.languages:
        changed += update_language(cfg, lang, messages, prune=prune, suggest=suggest)
    return changed


def update_language(cfg: Config, lang: str, messages: dict[str, list[Message]], prune: bool = False, suggest: bool = True) -> list[Path]:
    """One language's catalogs brought to ``messages``; the memory is read before any
    catalog changes, so a message changed in one page finds its old translation."""
    changed: list[Path] = []
    memory = None
    if suggest:
        from samizdat.i18n.memory import TranslationMemory

        memory = TranslationMemory.for_language(cfg, lang)
    for doc, template in messages.items():
        path = catalog_path(cfg, lang, doc)
        old = polib.pofile(str(path)) if path.is_file() else None
        po = merge(old, template, doc, lang, prune=prune, memory=memory, path=path)
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
