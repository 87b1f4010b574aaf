"""The curriculum model: Curriculum -> Theme -> Module -> Activity. Pure Python, no Sphinx.

Front matter (machine metadata) is read here with YAML only; everything a reader sees
lives in the Markdown body, which only Sphinx parses: what it finds there, per language,
is a ``ModuleContent`` (activities, facilitator notes, sources, materials), filled by
``sphinx_ext.collect`` and read back with ``read_contents``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.core import yamlsrc
from samizdat.core.config import FOLDER_RE, Config
from samizdat.core.errors import ContentError, Problem, relpath

MAX_MODULE_BYTES = 512 * 1024
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LEVELS = ("introductory", "intermediate", "advanced")
MIN_DURATION, MAX_DURATION = 10, 480
FRONT_MATTER_FIELDS = {
    "id": "a stable identifier, lowercase letters, digits and hyphens (never change it once published)",
    "duration": "the module's length in minutes (a whole number)",
    "level": f"one of {', '.join(LEVELS)}",
    "tags": "a list of short keywords",
}


@dataclass(frozen=True)
class Activity:
    title: str
    minutes: int
    format: str = ""
    optional: bool = False
    line: int = 0


@dataclass(frozen=True)
class Source:
    text: str
    verified: str | None = None  # the ISO date a person checked it, if anyone did
    line: int = 0


@dataclass(frozen=True)
class FacilitatorNote:
    kind: str
    text: str  # one line per paragraph-like block
    line: int = 0


@dataclass(frozen=True)
class KeyPoints:
    """A section's {slide} block as plain lines: what its mini-zine panel says."""

    title: str
    points: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class ModuleContent:
    """What Sphinx read in one document, in one language (collected by
    ``sphinx_ext.collect``, cached with the doctrees): the one model every consumer
    reads (packs, run sheets, the leak scan, ``check --stale``)."""

    activities: tuple[Activity, ...] = ()
    notes: tuple[FacilitatorNote, ...] = ()
    sources: tuple[Source, ...] = ()
    materials: tuple[str, ...] = ()
    learner_text: str = ""
    slideless: tuple[tuple[str, int], ...] = ()  # (title, line) of sections with no {slide} block
    placeholders: tuple[tuple[str, int], ...] = ()  # (text, line) of the skeleton's sample sentences
    objectives: tuple[str, ...] = ()
    key_points: tuple[KeyPoints, ...] = ()  # each section's {slide} blocks, outside activities and discussions
    mini_zine_size: float = 0.0  # the mini-zine's body size (pt) found when Sphinx read it; 0: none fits

    @property
    def core_minutes(self) -> int:
        return sum(a.minutes for a in self.activities if not a.optional)

    @property
    def optional_minutes(self) -> int:
        return sum(a.minutes for a in self.activities if a.optional)


@dataclass
class Module:
    theme: str
    name: str
    path: Path
    id: str
    duration: int
    level: str = "introductory"
    tags: tuple[str, ...] = ()
    body_line: int = 1  # first line after the front matter
    id_line: int = 2

    @property
    def docname(self) -> str:
        return f"{self.theme}/{self.name}"



@dataclass
class Theme:
    folder: str
    modules: list[Module]
    title: str = ""

    @property
    def docname(self) -> str:
        return f"{self.folder}/index"


@dataclass
class Curriculum:
    config: Config
    themes: list[Theme]

    @property
    def modules(self) -> list[Module]:
        return [m for t in self.themes for m in t.modules]

    def module_by_id(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def module_by_docname(self, docname: str) -> Module | None:
        for m in self.modules:
            if m.docname == docname:
                return m
        return None


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return the front matter YAML (or None) and the line number its YAML starts on."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 0
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), 1
    return "\n".join(lines[1:]), 1


def read_text(path: Path, root: Path, problems: list[Problem]) -> str | None:
    """Read a source file as UTF-8, recording a problem for anything a writer could trip on."""
    rel = relpath(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 0, f"cannot be read: {exc.strerror}"))
        return None
    if len(data) > MAX_MODULE_BYTES:
        problems.append(Problem(rel, 0, f"is {len(data) // 1024} KiB, over the {MAX_MODULE_BYTES // 1024} KiB limit for one module: split it into several modules"))
        return None
    if not data.strip():
        problems.append(Problem(rel, 1, "is empty: a module needs front matter (id, duration) and a '# Title'"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, f"is not valid UTF-8 (byte {data[exc.start]:#04x}): save the file as UTF-8"))
        return None


def parse_module(path: Path, theme: str, root: Path, problems: list[Problem]) -> Module | None:
    rel = relpath(path, root)
    text = read_text(path, root, problems)
    if text is None:
        return None
    yaml_text, offset = split_front_matter(text)
    if yaml_text is None:
        problems.append(Problem(rel, 1, "has no front matter: start the file with '---', 'id: ...', 'duration: ...', '---'"))
        return None
    try:
        fm = yamlsrc.load(yaml_text, line_offset=offset)
    except yamlsrc.YamlSyntaxError as exc:
        problems.append(Problem(rel, exc.line, f"front matter: {exc.message}"))
        return None
    if fm is None or not isinstance(fm.value, dict):
        problems.append(Problem(rel, 2, "front matter must be a mapping (id: ..., duration: ...)"))
        return None
    before = len(problems)
    keylines = getattr(fm, "keylines", {})
    values: dict[str, Any] = {}
    for key, loc in fm.value.items():
        line = keylines.get(key, loc.line)
        if key not in FRONT_MATTER_FIELDS:
            problems.append(Problem(rel, line, f"front matter: unknown key {key!r}; allowed: {', '.join(FRONT_MATTER_FIELDS)} (everything a reader sees belongs in the body)"))
            continue
        v = loc.value
        if key == "id" and not (isinstance(v, str) and ID_RE.match(v)):
            problems.append(Problem(rel, line, f"front matter: id must be {FRONT_MATTER_FIELDS['id']}"))
        elif key == "duration" and (not isinstance(v, int) or isinstance(v, bool)):
            problems.append(Problem(rel, line, f"front matter: duration must be {FRONT_MATTER_FIELDS['duration']}, not {v!r}"))
        elif key == "duration" and not MIN_DURATION <= v <= MAX_DURATION:
            problems.append(Problem(rel, line, f"front matter: duration {v} is outside {MIN_DURATION}-{MAX_DURATION} minutes"))
        elif key == "level" and v not in LEVELS:
            problems.append(Problem(rel, line, f"front matter: level must be {FRONT_MATTER_FIELDS['level']}"))
        elif key == "tags" and not (isinstance(v, list) and all(isinstance(t.value, str) for t in v)):
            problems.append(Problem(rel, line, "front matter: tags must be a list of words"))
        else:
            values[key] = yamlsrc.plain(loc)
    for key in ("id", "duration"):
        if key not in fm.value:
            problems.append(Problem(rel, 2, f"front matter: missing {key!r}: {FRONT_MATTER_FIELDS[key]}"))
    if len(problems) > before:
        return None
    body_line = yaml_text.count("\n") + 3
    return Module(
        theme=theme,
        name=path.stem,
        path=path,
        id=values["id"],
        duration=values["duration"],
        level=values.get("level", "introductory"),
        tags=tuple(values.get("tags", ())),
        body_line=body_line,
        id_line=keylines.get("id", 2),
    )


def load_curriculum(config: Config) -> tuple[Curriculum, list[Problem]]:
    """Build the model from curriculum.yaml and every module's front matter.

    Returns the model with every valid module, and the problems found (not raised,
    so ``check`` can report them all at once).
    """
    root = config.root
    cdir = config.curriculum_dir
    cfg_rel = relpath(config.config_path, root)
    problems: list[Problem] = []
    themes: list[Theme] = []
    listed = {t.folder for t in config.themes}
    for child in sorted(cdir.iterdir()) if cdir.is_dir() else []:
        if child.is_dir() and not child.name.startswith((".", "_")) and child.name not in listed:
            problems.append(Problem(relpath(child, root), 0, f"theme folder is not listed in {cfg_rel}: add it under 'themes' or remove it"))
    if not (cdir / "index.md").is_file():
        problems.append(Problem(relpath(cdir / "index.md", root), 0, "the home page is missing: create curriculum/index.md with a '# Title' and a {modules} directive"))
    for tc in config.themes:
        tdir = cdir / tc.folder
        if not tdir.is_dir():
            problems.append(Problem(cfg_rel, tc.line, f"theme {tc.folder!r} has no folder curriculum/{tc.folder}/: create it or remove the theme"))
            continue
        if not (tdir / "index.md").is_file():
            problems.append(Problem(relpath(tdir, root), 0, f"theme {tc.folder!r} has no overview page: create {tc.folder}/index.md"))
        mods: list[Module] = []
        for name in tc.modules:
            path = tdir / f"{name}.md"
            if not path.is_file():
                problems.append(Problem(cfg_rel, tc.line, f"module {tc.folder}/{name}.md is listed but does not exist"))
                continue
            m = parse_module(path, tc.folder, root, problems)
            if m:
                mods.append(m)
        for md in sorted(tdir.glob("*.md")):
            if md.stem != "index" and md.stem not in tc.modules:
                problems.append(Problem(relpath(md, root), 0, f"module is not listed in {cfg_rel} under theme {tc.folder!r}: add it there to publish it"))
        themes.append(Theme(tc.folder, mods))
    seen: dict[str, Module] = {}
    for t in themes:
        for m in t.modules:
            if m.id in seen:
                other = relpath(seen[m.id].path, root)
                problems.append(Problem(relpath(m.path, root), m.id_line, f"duplicate id {m.id!r}: {other} has it too; ids must be unique"))
            else:
                seen[m.id] = m
    return Curriculum(config, themes), problems


__all__ = ["Activity", "Module", "Theme", "Curriculum", "load_curriculum", "FOLDER_RE", "ContentError"]


def read_contents(cfg: Config, language: str) -> dict[str, ModuleContent]:
    """docname -> ModuleContent of ``language``, from its cached Sphinx environment
    (empty when that language was never read)."""
    import pickle

    env_path = cfg.cache_dir / language / "doctrees" / "environment.pickle"
    if not env_path.is_file():
        return {}
    with env_path.open("rb") as f:
        return dict(getattr(pickle.load(f), "samizdat_docs", {}))
