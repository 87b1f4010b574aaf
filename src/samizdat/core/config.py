"""``curriculum/curriculum.yaml`` as one frozen, validated object: the single source of truth.

Every field is checked with the line it came from, so a mistake reads
``curriculum/curriculum.yaml:7: languages: 'ua' is not a language code; Ukrainian is 'uk'``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samizdat.core import yamlsrc
from samizdat.core.errors import ContentError, Problem, relpath

CONFIG_NAME = "curriculum.yaml"
FOLDER_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
KNOWN_LANGS = {"en", "uk", "ru", "cs", "pl", "de", "sk", "be", "ka", "ro", "lt", "lv", "et", "fr", "es", "it", "pt", "nl", "hu", "bg", "sr", "hr", "sl", "fi", "sv", "da", "no", "nb", "el", "tr", "kk", "hy", "az"}
from samizdat.core.outputs import OUTPUT_NAMES as OUTPUTS  # noqa: E402  (the registry: outputs.py)


@dataclass(frozen=True)
class ThemeConfig:
    folder: str
    modules: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Config:
    """The validated curriculum configuration, passed down to everything."""

    root: Path
    title: str
    edition: str
    date: dt.date
    source_language: str
    languages: tuple[str, ...]
    licence: str
    themes: tuple[ThemeConfig, ...]
    credits: tuple[str, ...] = ()
    start_time: str = "10:00"
    thresholds: dict[str, int] = field(default_factory=dict)

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.source_language, *self.languages)

    @property
    def curriculum_dir(self) -> Path:
        return self.root / "curriculum"

    @property
    def config_path(self) -> Path:
        return self.curriculum_dir / CONFIG_NAME

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def cache_dir(self) -> Path:
        return self.build_dir / ".cache"

    @property
    def handouts_dir(self) -> Path:
        return self.root / "handouts"

    @property
    def slides_dir(self) -> Path:
        return self.root / "slides"

    @property
    def source_date_epoch(self) -> int:
        """Seconds since the epoch of the edition date (UTC midnight)."""
        return int(dt.datetime(self.date.year, self.date.month, self.date.day, tzinfo=dt.timezone.utc).timestamp())

    def theme(self, folder: str) -> ThemeConfig:
        for t in self.themes:
            if t.folder == folder:
                return t
        raise KeyError(folder)

    def module_docnames(self) -> list[str]:
        return [f"{t.folder}/{m}" for t in self.themes for m in t.modules]


_FIELDS: dict[str, tuple[type | tuple[type, ...], bool, str]] = {
    # key: (type, required, help)
    "title": (str, True, "the curriculum's working title"),
    "edition": ((str, int, float), True, "the edition name, e.g. \"2026.1\""),
    "date": (dt.date, True, "the edition date, YYYY-MM-DD"),
    "source_language": (str, True, "the language the modules are written in, e.g. en"),
    "languages": (list, True, "the translation languages, e.g. [uk, ru, cs]"),
    "licence": (str, True, "the licence of the content, e.g. CC BY-SA 4.0"),
    "credits": (list, False, "who made it (pseudonyms welcome)"),
    "themes": (list, True, "the ordered themes, each with folder and modules"),
    "start_time": (str, False, "default workshop start time, HH:MM"),
    "thresholds": (dict, False, "minimum translation percentage per output"),
}


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping", dt.date: "a date (YYYY-MM-DD)", bool: "true or false"}
    if isinstance(t, tuple):
        return names[t[0]]
    return names.get(t, t.__name__)


def load_config(root: Path) -> Config:
    """Read and validate ``curriculum/curriculum.yaml`` under ``root``; raise ContentError."""
    path = root / "curriculum" / CONFIG_NAME
    rel = relpath(path, root)
    if not path.is_file():
        raise ContentError([Problem(rel, 0, f"{CONFIG_NAME} is missing: create it (see README, 'The curriculum')")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(rel, 1, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")]) from None
    try:
        doc = yamlsrc.load(text)
    except yamlsrc.YamlSyntaxError as exc:
        raise ContentError([Problem(rel, exc.line, exc.message)]) from None
    problems: list[Problem] = []
    if doc is None or not isinstance(doc.value, dict):
        raise ContentError([Problem(rel, doc.line if doc else 1, "curriculum.yaml must be a mapping of keys (title, languages, themes, ...)")])
    values: dict[str, Any] = {}
    keylines = getattr(doc, "keylines", {})
    for key, loc in doc.value.items():
        if key not in _FIELDS:
            problems.append(Problem(rel, keylines.get(key, loc.line), f"unknown key {key!r}; known keys: {', '.join(_FIELDS)}"))
            continue
        typ, _, help_ = _FIELDS[key]
        if not isinstance(loc.value, typ) or (typ is str and not str(loc.value).strip()):
            problems.append(Problem(rel, loc.line, f"{key}: expected {_type_name(typ)}, {help_}"))
            continue
        values[key] = loc
    for key, (_, required, help_) in _FIELDS.items():
        if required and key not in doc.value:
            problems.append(Problem(rel, 1, f"missing key {key!r}: {help_}"))

    def lang_ok(loc: yamlsrc.Located, what: str) -> bool:
        code = loc.value
        if code == "ua":
            problems.append(Problem(rel, loc.line, f"{what}: 'ua' is not a language code; Ukrainian is 'uk'"))
            return False
        if not isinstance(code, str) or not LANG_RE.match(code) or code.split("_")[0] not in KNOWN_LANGS:
            problems.append(Problem(rel, loc.line, f"{what}: {code!r} is not a known language code (ISO 639-1, e.g. uk, ru, cs)"))
            return False
        return True

    if "source_language" in values:
        lang_ok(values["source_language"], "source_language")
    languages: list[str] = []
    if "languages" in values:
        for item in values["languages"].value:
            if lang_ok(item, "languages"):
                if item.value in languages or item.value == yamlsrc.plain(values.get("source_language")):
                    problems.append(Problem(rel, item.line, f"languages: {item.value!r} is listed twice"))
                languages.append(item.value)
    themes: list[ThemeConfig] = []
    seen_folders: set[str] = set()
    if "themes" in values:
        for item in values["themes"].value:
            if not isinstance(item.value, dict):
                problems.append(Problem(rel, item.line, "themes: each theme is a mapping with 'folder' and 'modules'"))
                continue
            tkeys = getattr(item, "keylines", {})
            for k in item.value:
                if k not in ("folder", "modules"):
                    problems.append(Problem(rel, tkeys.get(k, item.line), f"themes: unknown key {k!r}; a theme has 'folder' and 'modules'"))
            folder = item.value.get("folder")
            if folder is None or not isinstance(folder.value, str) or not FOLDER_RE.match(folder.value):
                problems.append(Problem(rel, folder.line if folder else item.line, "themes: 'folder' must be a folder name of lowercase letters, digits and hyphens"))
                continue
            if folder.value in seen_folders:
                problems.append(Problem(rel, folder.line, f"themes: folder {folder.value!r} is listed twice"))
            seen_folders.add(folder.value)
            mods = item.value.get("modules")
            names: list[str] = []
            if mods is not None:
                if not isinstance(mods.value, list):
                    problems.append(Problem(rel, mods.line, "themes: 'modules' must be a list of module file names (without .md)"))
                else:
                    for m in mods.value:
                        if not isinstance(m.value, str) or not FOLDER_RE.match(m.value):
                            problems.append(Problem(rel, m.line, f"themes: module {m.value!r} must be a file name without .md (lowercase letters, digits, hyphens)"))
                        elif m.value in names:
                            problems.append(Problem(rel, m.line, f"themes: module {m.value!r} is listed twice"))
                        else:
                            names.append(m.value)
            themes.append(ThemeConfig(folder.value, tuple(names), folder.line))
    thresholds: dict[str, int] = {}
    if "thresholds" in values:
        for k, v in values["thresholds"].value.items():
            if k not in OUTPUTS or not isinstance(v.value, int) or not 0 <= v.value <= 100:
                problems.append(Problem(rel, v.line, f"thresholds: {k!r} must be one of {', '.join(OUTPUTS)} with a percentage 0-100"))
            else:
                thresholds[k] = v.value
    if "start_time" in values and not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", values["start_time"].value):
        problems.append(Problem(rel, values["start_time"].line, "start_time: expected HH:MM, e.g. 10:00"))
    if problems:
        raise ContentError(problems)
    p = {k: yamlsrc.plain(v) for k, v in values.items()}
    return Config(
        root=root.resolve(),
        title=p["title"].strip(),
        edition=str(p["edition"]),
        date=p["date"],
        source_language=p["source_language"],
        languages=tuple(languages),
        licence=p["licence"],
        themes=tuple(themes),
        credits=tuple(str(c) for c in p.get("credits", []) or []),
        start_time=p.get("start_time", "10:00"),
        thresholds=thresholds,
    )
