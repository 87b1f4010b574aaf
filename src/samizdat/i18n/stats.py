"""Translation statistics per language and theme: messages and words translated,
fuzzy and untranslated."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from samizdat.core.config import Config
from samizdat.core.errors import Problem
from samizdat.i18n.catalogs import catalog_files, digest, load_po, theme_of


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    left: list[str] = field(default_factory=list)  # "path:line" of what is left to do

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["total"] = self.total
        d["percent"] = round(self.percent, 1)
        return d


def catalog_counts(cfg: Config, problems: list[Problem]) -> list[tuple[str, str, Counts]]:
    """(language, docname, counts) of every module catalog.

    Each catalog's counts are cached by its bytes (build/.cache/catalog-stats.json), so a
    build after one edit parses one catalog, not all of them (the statistics and every
    page's "% translated" figure both read them here)."""
    cache_file = cfg.cache_dir / "catalog-stats.json"
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    fresh: dict[str, dict] = {}
    out: list[tuple[str, str, Counts]] = []
    for lang, docname, path in catalog_files(cfg, problems):
        rel = path.relative_to(cfg.root).as_posix()
        key = f"{rel}:{digest(path.read_bytes())}"
        counts = cached.get(key)
        if counts is None:
            po = load_po(path, cfg.root, problems)
            if po is None:
                continue
            counts = asdict(file_counts(po, rel))
        fresh[key] = counts
        out.append((lang, docname, Counts(**counts)))
    if fresh != cached:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(fresh, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only checkout still gets its statistics
    return out


def compute_stats(cfg: Config) -> tuple[dict[str, dict[str, Counts]], list[Problem]]:
    """{lang: {theme or "all": Counts}}. Obsolete entries don't count."""
    problems: list[Problem] = []
    stats: dict[str, dict[str, Counts]] = {lang: {"all": Counts()} for lang in cfg.languages}
    for lang, docname, one in catalog_counts(cfg, problems):
        per = stats[lang].setdefault(theme_of(docname), Counts())
        for c in (per, stats[lang]["all"]):
            for f in fields(Counts):
                if f.name != "left":
                    setattr(c, f.name, getattr(c, f.name) + getattr(one, f.name))
        per.left.extend(one.left)
    return stats, problems


def file_counts(po, rel: str) -> Counts:
    """One catalog's counts; ``left`` lists what is left to do as ``path:line``."""
    c = Counts()
    for e in po:
        if e.obsolete:
            continue
        words = len(e.msgid.split())
        if e.msgstr and "fuzzy" not in e.flags:
            c.translated += 1
            c.translated_words += words
        elif e.msgstr:
            c.fuzzy += 1
            c.fuzzy_words += words
            c.left.append(f"{rel}:{e.linenum} (fuzzy)")
        else:
            c.untranslated += 1
            c.untranslated_words += words
            c.left.append(f"{rel}:{e.linenum}")
    return c


def stats_json(stats: dict[str, dict[str, Counts]]) -> dict:
    return {lang: {theme: c.as_dict() for theme, c in sorted(per.items())} for lang, per in stats.items()}
