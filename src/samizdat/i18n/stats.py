"""Translation statistics per language and theme: messages and words translated,
fuzzy and untranslated."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..config import Config
from ..errors import Problem
from .catalogs import project_catalogs


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


def compute_stats(cfg: Config) -> tuple[dict[str, dict[str, Counts]], list[Problem]]:
    """{lang: {theme or "all": Counts}}. Obsolete entries don't count."""
    problems: list[Problem] = []
    stats: dict[str, dict[str, Counts]] = {lang: {"all": Counts()} for lang in cfg.languages}
    for cat in project_catalogs(cfg, problems):
        per = stats[cat.lang].setdefault(cat.theme, Counts())
        for e in cat.po:
            if e.obsolete:
                continue
            words = len(e.msgid.split())
            for c in (per, stats[cat.lang]["all"]):
                if e.msgstr and "fuzzy" not in e.flags:
                    c.translated += 1
                    c.translated_words += words
                elif e.msgstr:
                    c.fuzzy += 1
                    c.fuzzy_words += words
                    c.left.append(f"{cat.path.relative_to(cfg.root)}:{e.linenum} (fuzzy)") if c is per else None
                else:
                    c.untranslated += 1
                    c.untranslated_words += words
                    c.left.append(f"{cat.path.relative_to(cfg.root)}:{e.linenum}") if c is per else None
    return stats, problems


def stats_json(stats: dict[str, dict[str, Counts]]) -> dict:
    return {lang: {theme: c.as_dict() for theme, c in sorted(per.items())} for lang, per in stats.items()}
