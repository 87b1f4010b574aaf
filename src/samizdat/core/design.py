"""The design files in ``slides/`` and ``handouts/``, loaded and validated once.

A collective restyles decks and print here, without Python; each problem is reported as
``path:line: message``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.core import yamlsrc
from samizdat.core.errors import ContentError, Problem, relpath


@dataclass(frozen=True)
class PptxStyle:
    font: str = "Arial"
    title_size: int = 40
    body_size: int = 28
    text_colour: str = "111111"
    accent_colour: str = "8A1C1C"


@dataclass(frozen=True)
class DeckDesign:
    max_words: int = 70
    max_blocks: int = 5
    max_items: int = 6
    transition: str = "none"
    pptx: PptxStyle = PptxStyle()
    custom_css: Path | None = None  # the curriculum's slides/theme.css, loaded after samizdat's theme


def _ints(values: dict[str, yamlsrc.Located], spec: dict[str, tuple[type, Any]], rel: str, problems: list[Problem], keylines: dict) -> dict[str, Any]:
    out = {}
    for key, loc in values.items():
        if key not in spec:
            problems.append(Problem(rel, keylines.get(key, loc.line), f"unknown key {key!r}; known: {', '.join(spec)}"))
            continue
        typ, check = spec[key]
        if not isinstance(loc.value, typ) or (check and not check(loc.value)):
            problems.append(Problem(rel, loc.line, f"{key}: {loc.value!r} is not a valid value"))
            continue
        out[key] = loc.value
    return out


def load_deck_design(slides_dir: Path, root: Path) -> DeckDesign:
    path = slides_dir / "deck.yaml"
    css = slides_dir / "theme.css"
    if not path.is_file():
        return DeckDesign(custom_css=css if css.is_file() else None)
    rel = relpath(path, root)
    problems: list[Problem] = []
    try:
        doc = yamlsrc.load(path.read_text(encoding="utf-8"))
    except yamlsrc.YamlSyntaxError as exc:
        raise ContentError([Problem(rel, exc.line, exc.message)]) from None
    values = doc.value if doc and isinstance(doc.value, dict) else {}
    pos = (int, lambda v: 1 <= v <= 500)
    spec = {"max_words": pos, "max_blocks": pos, "max_items": pos, "transition": (str, lambda v: v in ("none", "fade", "slide", "convex", "concave", "zoom")), "pptx": (dict, None)}
    got = _ints(values, spec, rel, problems, getattr(doc, "keylines", {}))
    pptx = PptxStyle()
    if "pptx" in got:
        colour = (str, lambda v: len(v) == 6 and all(c in "0123456789abcdefABCDEF" for c in v))
        pspec = {"font": (str, None), "title_size": (int, lambda v: 8 <= v <= 96), "body_size": (int, lambda v: 8 <= v <= 96), "text_colour": colour, "accent_colour": colour}
        pptx = PptxStyle(**_ints(values["pptx"].value, pspec, rel, problems, getattr(values["pptx"], "keylines", {})))
    if problems:
        raise ContentError(problems)
    got.pop("pptx", None)
    return DeckDesign(**got, pptx=pptx, custom_css=css if css.is_file() else None)


def design_hash(*dirs: Path) -> str:
    """A hash of every design file: outputs depending on them are stale when it changes."""
    h = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.rglob("*")) if d.is_dir() else []:
            if p.is_file():
                h.update(p.relative_to(d.parent).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]
