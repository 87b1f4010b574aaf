"""The discreet numbers (``curriculum/discreet.yaml``): ``module-07`` and ``part-03`` in the
discreet kit's file names. A number stays with its module (by front-matter ``id``) and
theme (by folder) from edition to edition, so a module inserted in the middle does not
make ``module-07`` mean another module; a retired module's number is never given again.
The file is tracked; ``samizdat check`` validates it and a ``--discreet`` build numbers a
new module or theme (the next free number) and says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from samizdat.core import yamlsrc
from samizdat.core.config import Config
from samizdat.core.errors import Problem

NUMBERS_FILE = "discreet.yaml"
HEADER = """\
# The numbers of `samizdat build --discreet` (module-07-a4.pdf, part-03/): a number stays
# with its module (by id) and theme (by folder) for good. Never change or reuse a number;
# a removed module keeps its line. A --discreet build numbers new modules and themes.
"""


@dataclass
class Numbers:
    modules: dict[str, int] = field(default_factory=dict)   # module id -> number
    themes: dict[str, int] = field(default_factory=dict)    # theme folder -> number


def numbers_path(cfg: Config) -> Path:
    return cfg.curriculum_dir / NUMBERS_FILE


def load_numbers(cfg: Config) -> tuple[Numbers, list[Problem]]:
    """The recorded numbers (empty without the file) and what is wrong with the file."""
    path = numbers_path(cfg)
    rel = path.relative_to(cfg.root).as_posix() if path.is_relative_to(cfg.root) else str(path)
    if not path.is_file():
        return Numbers(), []
    try:
        doc = yamlsrc.load(path.read_text(encoding="utf-8"))
    except yamlsrc.YamlSyntaxError as exc:
        return Numbers(), [Problem(rel, exc.line, exc.message)]
    except (OSError, UnicodeDecodeError) as exc:
        return Numbers(), [Problem(rel, 1, f"cannot read: {exc}")]
    numbers, problems = Numbers(), []
    if doc is None:
        return numbers, []
    if not isinstance(doc.value, dict):
        return numbers, [Problem(rel, doc.line, "must be a mapping with 'modules' and 'themes'")]
    for key, loc in doc.value.items():
        if key not in ("modules", "themes"):
            problems.append(Problem(rel, doc.keylines[key], f"unknown key {key!r} (expected 'modules' and 'themes')"))
            continue
        if loc.value is None:
            continue
        if not isinstance(loc.value, dict):
            problems.append(Problem(rel, loc.line, f"{key}: must map each {key[:-1]} to its number"))
            continue
        seen: dict[int, str] = {}
        target = numbers.modules if key == "modules" else numbers.themes
        for name, num in loc.value.items():
            line = loc.keylines[name]
            if not isinstance(num.value, int) or isinstance(num.value, bool) or num.value < 1:
                problems.append(Problem(rel, line, f"{key}: {name}: the number must be a whole number from 1, not {num.value!r}"))
            elif num.value in seen:
                problems.append(Problem(rel, line, f"{key}: {name}: number {num.value} is already {seen[num.value]}'s (numbers are never shared or reused)"))
            else:
                seen[num.value] = name
                target[name] = num.value
    return numbers, problems


def extend_numbers(numbers: Numbers, themes: list[tuple[str, list[str]]]) -> list[str]:
    """Number what has no number yet, in curriculum order, after the highest number ever
    given (``themes``: (folder, [module id, ...]) in order). Returns what was numbered."""
    added = []
    for folder, ids in themes:
        if folder not in numbers.themes:
            numbers.themes[folder] = max(numbers.themes.values(), default=0) + 1
            added.append(f"theme {folder}: {numbers.themes[folder]}")
        for mid in ids:
            if mid not in numbers.modules:
                numbers.modules[mid] = max(numbers.modules.values(), default=0) + 1
                added.append(f"module {mid}: {numbers.modules[mid]}")
    return added


def write_numbers(cfg: Config, numbers: Numbers) -> None:
    lines = [HEADER.rstrip("\n"), "themes:"]
    lines += [f"  {name}: {n}" for name, n in sorted(numbers.themes.items(), key=lambda kv: kv[1])]
    lines.append("modules:")
    lines += [f"  {name}: {n}" for name, n in sorted(numbers.modules.items(), key=lambda kv: kv[1])]
    path = numbers_path(cfg)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
