"""``handouts/styles.yaml`` -> reportlab styles: inheritance, page sizes, margins, and
the low-ink profile (no filled backgrounds, no grey text) for photocopiers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from samizdat.core import yamlsrc
from samizdat.core.errors import ContentError, Problem, relpath
from samizdat.writers.impose import SheetMarks
from samizdat.writers.pdf.fonts import font_name, register_fonts

PAGE_SIZES = {"A4": A4, "A5": A5, "letter": letter, "half-letter": (letter[1] / 2, letter[0])}
TEXT_KEYS = {"font", "size", "leading", "colour", "space_before", "space_after", "bold", "italic", "left_indent", "keep_with_next", "inherit", "alignment"}
BOX_KEYS = {"background", "border", "border_width", "dashed", "inherit"}


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left (points)


@dataclass(frozen=True)
class BoxStyle:
    background: Any = None
    border: Any = None
    border_width: float = 1.0
    dashed: bool = False


@dataclass
class PrintDesign:
    pages: dict[str, Page]
    paragraph: dict[str, ParagraphStyle]
    boxes: dict[str, BoxStyle]
    zine_marks: SheetMarks = SheetMarks()
    zine_profile: str = "low-ink"
    source: dict = field(default_factory=dict)

    def low_ink(self) -> "PrintDesign":
        """The photocopier profile: black text, no filled backgrounds."""
        para = {k: ParagraphStyle(k, parent=v, textColor=colors.black) for k, v in self.paragraph.items()}
        boxes = {k: replace(v, background=None, border=colors.black if v.border is not None else None) for k, v in self.boxes.items()}
        return PrintDesign(self.pages, para, boxes, self.zine_marks, self.zine_profile, self.source)


DEFAULT = Path(__file__).resolve().parents[2] / "theme" / "print.yaml"


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("styles",) else v
        if k == "styles" and isinstance(v, dict):
            out[k] = {**base.get(k, {}), **v}
    return out


def _resolve(name: str, raw: dict[str, dict], seen: tuple[str, ...] = ()) -> dict:
    if name in seen:
        raise ValueError(f"style {name!r} inherits from itself ({' -> '.join(seen + (name,))})")
    spec = dict(raw[name])
    parent = spec.pop("inherit", None)
    if parent is None:
        return spec
    if parent not in raw:
        raise ValueError(f"style {name!r} inherits from unknown style {parent!r}")
    return {**_resolve(parent, raw, seen + (name,)), **spec}


def load_print_design(handouts_dir: Path, root: Path) -> PrintDesign:
    path = handouts_dir / "styles.yaml"
    data = yamlsrc.plain(yamlsrc.load(DEFAULT.read_text(encoding="utf-8")))
    rel = relpath(path, root)
    lines: dict[tuple[str, str], int] = {}
    if path.is_file():
        try:
            doc = yamlsrc.load(path.read_text(encoding="utf-8"))
        except yamlsrc.YamlSyntaxError as exc:
            raise ContentError([Problem(rel, exc.line, exc.message)]) from None
        if doc is not None and not isinstance(doc.value, dict):
            raise ContentError([Problem(rel, doc.line, "styles.yaml must be a mapping (pages, styles, zine)")])
        for section in ("pages", "styles", "zine"):
            sec = doc.value.get(section) if doc else None
            if sec is not None and isinstance(sec.value, dict):
                for name, loc in sec.value.items():
                    lines[(section, name)] = loc.line
        data = _merge(data, yamlsrc.plain(doc) or {})
    problems: list[Problem] = []
    register_fonts()
    pages: dict[str, Page] = {}
    for name, spec in (data.get("pages") or {}).items():
        size = PAGE_SIZES.get(str(spec.get("size")))
        margins = spec.get("margins_mm")
        if size is None or not (isinstance(margins, list) and len(margins) == 4 and all(isinstance(m, (int, float)) and 5 <= m <= 60 for m in margins)):
            problems.append(Problem(rel, lines.get(("pages", name), 0), f"pages: {name}: size must be one of {', '.join(PAGE_SIZES)} and margins_mm four numbers from 5 to 60"))
            continue
        pages[name] = Page(size, tuple(m * mm for m in margins))
    raw = data.get("styles") or {}
    para: dict[str, ParagraphStyle] = {}
    boxes: dict[str, BoxStyle] = {}
    for name in raw:
        line = lines.get(("styles", name), 0)
        try:
            spec = _resolve(name, raw)
        except ValueError as exc:
            problems.append(Problem(rel, line, f"styles: {exc}"))
            continue
        keys = set(spec)
        if keys & {"background", "border", "dashed"} and not keys & {"font", "size"}:
            bad = keys - BOX_KEYS
            if bad:
                problems.append(Problem(rel, line, f"styles: {name}: unknown key(s) {', '.join(sorted(bad))}"))
                continue
            boxes[name] = BoxStyle(
                colors.HexColor("#" + spec["background"]) if spec.get("background") else None,
                colors.HexColor("#" + spec["border"]) if spec.get("border") else None,
                float(spec.get("border_width", 1)), bool(spec.get("dashed", False)))
            continue
        bad = keys - TEXT_KEYS
        if bad or spec.get("font", "serif") not in ("serif", "sans", "mono"):
            problems.append(Problem(rel, line, f"styles: {name}: unknown key(s) or font {', '.join(sorted(bad)) or spec.get('font')}; fonts are serif, sans, mono"))
            continue
        size = float(spec.get("size", 10.5))
        para[name] = ParagraphStyle(
            name,
            fontName=font_name(spec.get("font", "serif"), bool(spec.get("bold")), bool(spec.get("italic"))),
            fontSize=size,
            leading=float(spec.get("leading", size * 1.35)),
            textColor=colors.HexColor("#" + str(spec.get("colour", "111111"))),
            spaceBefore=float(spec.get("space_before", 0)),
            spaceAfter=float(spec.get("space_after", 0)),
            leftIndent=float(spec.get("left_indent", 0)),
            keepWithNext=bool(spec.get("keep_with_next", False)),
            bulletFontName=font_name(spec.get("font", "serif")),
        )
    for needed in ("body", "h1", "h2", "h3", "meta", "label", "code", "quote", "table", "header", "cover_title", "cover_sub"):
        if needed not in para:
            problems.append(Problem(rel, 0, f"styles: the {needed!r} style is missing"))
    for needed in ("a4", "letter", "a5", "half-letter"):
        if needed not in pages:
            problems.append(Problem(rel, 0, f"pages: the {needed!r} page is missing"))
    for needed in ("box", "keypoints", "activity", "facilitator"):
        boxes.setdefault(needed, BoxStyle(None, colors.black))
    if problems:
        raise ContentError(problems)
    zine = data.get("zine") or {}
    if zine.get("profile", "low-ink") not in ("low-ink", "full"):
        raise ContentError([Problem(rel, lines.get(("zine", "profile"), 0), f"zine: profile {zine.get('profile')!r} is not known: write low-ink (for photocopiers) or full")])
    for key in ("marks", "crop_marks"):
        if not isinstance(zine.get(key, False), bool):
            raise ContentError([Problem(rel, lines.get(("zine", key), 0), f"zine: {key} must be true or false")])
    for key, top in (("paper_thickness_mm", 0.5), ("bleed_mm", 5)):
        value = zine.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
            raise ContentError([Problem(rel, lines.get(("zine", key), 0), f"zine: {key} must be a number of millimetres from 0 to {top:g} (0 turns it off)")])
    marks = SheetMarks(fold=bool(zine.get("marks", True)), paper_mm=float(zine.get("paper_thickness_mm", 0)),
                       crop=bool(zine.get("crop_marks", False)), bleed_mm=float(zine.get("bleed_mm", 0)))
    return PrintDesign(pages, para, boxes, marks, str(zine.get("profile", "low-ink")), data)
