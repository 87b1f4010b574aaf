"""``samizdat new module THEME "Title"``: a module skeleton that passes ``check``,
listed in curriculum.yaml so it appears in the next build."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import yamlsrc
from .config import load_config
from .errors import UsageError

SKELETON = """---
id: {id}
duration: 60
level: introductory
tags: []
---

# {title}

:::{{objectives}}
- Describe what participants will understand by the end.
- Practise one skill together.
- Name where to find further help.
:::

:::{{materials}}
- Handouts, one per participant
:::

## Why this matters

Write the learner-facing explanation here: plain language, concrete examples, dated facts.

::::{{activity}} Opening round
:minutes: 15
:format: plenary

What participants do, in their words.

:::{{facilitator}}
Steps, timing and the debrief for this activity.
:::
::::

::::{{activity}} Work in small groups
:minutes: 45
:format: small-groups

The task for the groups.

:::{{facilitator}}
How to run the groups and what to ask in the debrief.
:::
::::

:::{{keypoints}}
- The first thing to remember.
- The second thing to remember.
- The third thing to remember.
:::

:::{{discussion}}
1. An open question for the room?
:::

:::{{facilitator}}
:kind: safety
Safety and trauma-awareness notes for this module.
:::

:::{{sources}}
- A public source: a law by number and jurisdiction, or a guide by title and publisher.
:::
"""


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-")


def add_to_yaml(config_path: Path, theme: str, name: str) -> None:
    """List ``name`` last under ``theme`` in curriculum.yaml, keeping the file's comments."""
    text = config_path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    doc = yamlsrc.load(text)
    for item in doc.value["themes"].value:
        if item.value["folder"].value != theme:
            continue
        mods = item.value.get("modules")
        if mods is None:
            i = item.value["folder"].line  # insert after the folder line
            indent = re.match(r"\s*-?\s*", lines[i - 1]).group(0).replace("-", " ")
            lines.insert(i, f"{indent}modules: [{name}]\n")
        elif mods.value and lines[mods.line - 1].rstrip().endswith("]"):
            lines[mods.line - 1] = re.sub(r"\]\s*$", f", {name}]\n", lines[mods.line - 1].rstrip("\n"))
        elif not mods.value:
            lines[mods.line - 1] = re.sub(r"\[\s*\]", f"[{name}]", lines[mods.line - 1])
        else:
            last = mods.value[-1].line
            indent = re.match(r"\s*", lines[last - 1]).group(0)
            lines.insert(last, f"{indent}- {name}\n")
        config_path.write_text("".join(lines), encoding="utf-8")
        return
    raise UsageError(f"theme {theme!r} is not in curriculum.yaml")


def new_module(root: Path, theme: str, title: str) -> Path:
    cfg = load_config(root)
    folders = [t.folder for t in cfg.themes]
    if theme not in folders:
        raise UsageError(f"no theme folder {theme!r}; themes: {', '.join(folders)}")
    title = title.strip()
    slug = slugify(title)
    if not title or len(slug) < 2:
        raise UsageError("the title needs some letters or digits, e.g. \"Reading a court decision\"")
    path = cfg.curriculum_dir / theme / f"{slug}.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(root)} already exists: choose another title")
    ids = {m.id for t in cfg.themes for m in _modules(cfg, t.folder)}
    module_id = slug if slug not in ids else f"{theme}-{slug}"[:64]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SKELETON.format(id=module_id, title=title.replace("\n", " ")), encoding="utf-8")
    add_to_yaml(cfg.config_path, theme, slug)
    return path


def _modules(cfg, folder: str):
    from .model import load_curriculum

    cur, _ = load_curriculum(cfg)
    return [m for t in cur.themes if t.folder == folder for m in t.modules]
