"""``samizdat new module THEME "Title"``: a module skeleton that passes ``check``,
listed in curriculum.yaml so it appears in the next build."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from samizdat.core import yamlsrc
from samizdat.core.config import load_config
from samizdat.core.errors import UsageError
from samizdat.core.skeleton import SKELETON



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
    from samizdat.core.model import load_curriculum

    cur, _ = load_curriculum(cfg)
    return [m for t in cur.themes if t.folder == folder for m in t.modules]


def sample_text(lang: str) -> str:
    """Letters a language writes with: its own name, month and day names (from CLDR via babel)."""
    from babel import Locale

    loc = Locale.parse(lang)
    parts = [loc.get_display_name(lang) or ""]
    parts += list(loc.months["format"]["wide"].values()) + list(loc.days["format"]["wide"].values())
    return " ".join(parts)


def new_theme(root: Path, title: str) -> Path:
    cfg = load_config(root)
    slug = slugify(title)
    if len(slug) < 2:
        raise UsageError("the title needs some letters or digits")
    number = len(cfg.themes) + 1
    folder = f"{number:02d}-{slug}"[:60].strip("-")
    path = cfg.curriculum_dir / folder
    if path.exists():
        raise UsageError(f"{path.relative_to(root)} already exists")
    path.mkdir(parents=True)
    (path / "index.md").write_text(
        f"# {title}\n\nWhat this theme covers, who it is for, and how its modules build on each other.\n\n:::{{modules}}\n:::\n",
        encoding="utf-8")
    text = cfg.config_path.read_text(encoding="utf-8").rstrip("\n") + f"\n  - folder: {folder}\n    modules: []\n"
    cfg.config_path.write_text(text, encoding="utf-8")
    return path


def new_translation(root: Path, lang: str) -> list[Path]:
    """Add ``lang`` to curriculum.yaml and create its catalogs, if the fonts can draw it."""
    from samizdat.core.config import KNOWN_LANGS, LANG_RE
    from samizdat.writers.pdf.fonts import covers

    cfg = load_config(root)
    if lang == "ua":
        raise UsageError("'ua' is not a language code; Ukrainian is 'uk'")
    if not LANG_RE.match(lang) or lang.split("_")[0] not in KNOWN_LANGS:
        raise UsageError(f"{lang!r} is not a known language code (ISO 639-1, e.g. pl, de, be)")
    if lang in cfg.all_languages:
        raise UsageError(f"{lang} is already in curriculum.yaml")
    sample = sample_text(lang)
    if not covers(sample):
        missing = sorted({ch for ch in sample if ch.isalpha() and not covers(ch)})
        raise UsageError(f"the bundled fonts (PT Sans, PT Serif) cannot draw {lang}: no glyphs for {''.join(missing[:20])}; add a font that covers it first")
    doc = yamlsrc.load(cfg.config_path.read_text(encoding="utf-8"))
    line = doc.value["languages"].line
    lines = cfg.config_path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = re.sub(r"\]\s*$", f", {lang}]\n", lines[line - 1].rstrip("\n")) if lines[line - 1].rstrip().endswith("]") else lines[line - 1]
    cfg.config_path.write_text("".join(lines), encoding="utf-8")
    from samizdat.i18n.glossary_seed import tbx
    from samizdat.i18n.sync import sync

    cfg = load_config(root)
    glossary = cfg.locales_dir / lang / "glossary.tbx"
    glossary.parent.mkdir(parents=True, exist_ok=True)
    glossary.write_text(tbx(cfg.source_language, lang), encoding="utf-8")
    return sync(cfg, languages=(lang,))
