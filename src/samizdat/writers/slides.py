"""From a module's Pandoc blocks to slides: a pure function over the AST.

The deck teaches: the room sees a few key points, the facilitator has the words.

- the title slide: module title, duration, objectives; notes: materials and preparation;
- each ``##`` section is one slide. When the section has a ``{slide}`` block, the slide
  shows that block and nothing else; the section's prose becomes the slide's notes under
  "What to say", before the facilitator notes, so nothing is lost. The slide structure
  comes from the source's sections, never from a translation's length, so slide N is the
  same slide in every language;
- each activity is one slide: its title, minutes and grouping, and its ``{slide}`` block
  (the task and questions); its instructions and facilitator notes go to the notes;
- key points and discussion get slides of their own, showing their ``{slide}`` block (a
  short form) when they have one, their full text then in the notes; the sources slide
  says how many sources there are and where (the handout), the list itself in the notes;
  the summary (a handout's paragraph) goes to the notes of the slide before it;
- notes are a Div whose classes are exactly ``["notes"]``, the only form pandoc's PPTX
  writer takes;
- a section without a ``{slide}`` block shows its prose, split into "(continued)" slides
  at the design's limits on blocks and list items (never on words: a translation's length
  must not change the slides); ``samizdat check`` warns about such sections;
- ``{slide-break}`` starts a new slide with the same title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from samizdat.writers.fit import PPTX_SIZES, PPTX_TITLE_SLIDE_SIZES, pptx_size, pptx_title_size
from samizdat.writers.pandoc import attr, plain_text, text_inlines

OWN_SLIDE = ("sz-keypoints", "sz-discussion", "sz-sources")


@dataclass(frozen=True)
class Limits:
    """Where a section without a {slide} block continues on the next slide: structural
    limits only, never words (a translation's length must not change the slides)."""

    max_blocks: int = 6
    max_items: int = 6


@dataclass
class Slide:
    title: list[dict]
    body: list[dict] = field(default_factory=list)   # what the room sees (the prose, without a block)
    notes: list[dict] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    block: list[dict] | None = None                   # the {slide} block, when the section has one
    head: list[dict] = field(default_factory=list)    # shown above the block (an activity's minutes)
    fixed: bool = False                               # one slide, never split: its block was measured to fit
    minutes: str = ""                                 # an activity's minutes: the deck's countdown
    say: bool = True                                  # label what moved to the notes "What to say"

    def finish(self, say_label: str) -> "Slide":
        """With a {slide} block, the block is the body and the prose goes to the notes."""
        if self.block is None:
            return self
        say = ([{"t": "Para", "c": [{"t": "Strong", "c": text_inlines(say_label)}]}] if self.say else []) + self.body if self.body else []
        return Slide(self.title, self.head + self.block, say + self.notes, self.classes, fixed=True, minutes=self.minutes)


def _classes(block: dict) -> list[str]:
    return block["c"][0][1] if block.get("t") == "Div" else []


def _kv(block: dict) -> dict[str, str]:
    return dict(block["c"][0][2]) if block.get("t") == "Div" else {}


def _split_notes(blocks: list[dict]) -> tuple[list[dict], list[dict]]:
    """Body blocks, and facilitator content (anywhere inside) as notes."""
    body, notes = [], []
    for b in blocks:
        if "sz-facilitator" in _classes(b):
            notes.extend(b["c"][1])
        elif b.get("t") == "Div":
            inner_body, inner_notes = _split_notes(b["c"][1])
            notes.extend(inner_notes)
            body.append({"t": "Div", "c": [b["c"][0], inner_body]})
        else:
            body.append(b)
    return body, notes


def _paginate(slide: Slide, limits: Limits, continued: Callable[[list[dict]], list[dict]]) -> list[Slide]:
    """Split a slide whose body is too long for one screen, at block (or list item) boundaries."""
    pieces: list[tuple[dict, bool]] = []  # (block, must start a new slide)
    for b in slide.body:
        if b["t"] in ("BulletList", "OrderedList"):
            items = b["c"] if b["t"] == "BulletList" else b["c"][1]
            for i in range(0, len(items), limits.max_items):
                chunk = items[i : i + limits.max_items]
                if b["t"] == "BulletList":
                    pieces.append(({"t": "BulletList", "c": chunk}, i > 0))
                else:
                    start = b["c"][0][0] + i
                    pieces.append(({"t": "OrderedList", "c": [[start, *b["c"][0][1:]], chunk]}, i > 0))
        else:
            pieces.append((b, False))
    # only structural limits (blocks, list items): a limit on words would split a slide in
    # one language and not in another, and slide N must be the same slide in every language
    pages: list[list[dict]] = [[]]
    for b, force in pieces:
        if pages[-1] and (force or len(pages[-1]) >= limits.max_blocks):
            pages.append([])
        pages[-1].append(b)
    out = []
    for i, page in enumerate(pages):
        out.append(Slide(slide.title if i == 0 else continued(slide.title), page, slide.notes if i == 0 else [], slide.classes))
    return out


def _take_slide_blocks(blocks: list[dict]) -> tuple[list[dict], list[dict] | None]:
    """``blocks`` without their {slide} Divs (top level), and those Divs' content."""
    rest, found = [], None
    for b in blocks:
        if "sz-slide" in _classes(b):
            found = (found or []) + b["c"][1]
        else:
            rest.append(b)
    return rest, found


def structure(blocks: list[dict], limits: Limits, continued_label: str, presenter: bool = True,
              say_label: str = "What to say",
              sources_label: Callable[[int], str] = lambda n: f"{n} sources: the full list is in the handout and the speaker notes") -> list[dict]:
    """Module blocks -> slide blocks (level-2 headers, each slide's notes at its end).
    ``continued_label`` is the translated "(continued)" for continuation slides and
    ``say_label`` the translated "What to say" above a section's prose in the notes."""

    def continued(title: list[dict]) -> list[dict]:
        return [*title, {"t": "Space"}, *text_inlines(continued_label)]

    slides: list[Slide] = []
    current: Slide | None = None

    def start(title: list[dict], classes: list[str] | None = None) -> Slide:
        nonlocal current
        current = Slide(title, classes=list(classes or []))
        slides.append(current)
        return current

    for b in blocks:
        cls = _classes(b)
        if b["t"] == "Header" and b["c"][0] == 1:
            start(b["c"][2], ["sz-title-slide"])
        elif b["t"] == "Header" and b["c"][0] == 2:
            start(b["c"][2])
        elif "sz-slide-break" in cls:
            start(continued(current.title) if current else [])
        elif "sz-facilitator" in cls:
            (current or start([])).notes.extend(b["c"][1])
        elif "sz-slide" in cls:
            target = current or start([])
            target.block = (target.block or []) + b["c"][1]
        elif "sz-summary" in cls:  # a handout's paragraph: the presenter may read it, the room needn't
            (current or start([])).notes.extend(b["c"][1])
        elif "sz-activity" in cls:
            kv = _kv(b)
            inner = b["c"][1]
            title_div, rest = (inner[0], inner[1:]) if inner and "sz-activity-title" in _classes(inner[0]) else (None, inner)
            title = plain_text(title_div["c"][1][0]["c"][0]["c"]) if title_div else kv.get("title", "")
            body, notes = _split_notes(rest)
            body, block = _take_slide_blocks(body)
            meta = [x for x in body if "sz-activity-meta" in _classes(x)]
            body = [x for x in body if "sz-activity-meta" not in _classes(x)]
            timing = [{"t": "Para", "c": [{"t": "Strong", "c": meta[0]["c"][1][0]["c"]}]}] if meta else []
            minutes = kv.get("minutes", "")
            if block is None:
                slide = Slide(text_inlines(title), body=meta + body, notes=timing + notes, classes=["sz-activity-slide"], minutes=minutes)
            else:
                slide = Slide(text_inlines(title), body=body, notes=timing + notes, classes=["sz-activity-slide"],
                              block=block, head=meta, minutes=minutes)
            slides.append(slide)
            current = slide
        elif any(c in cls for c in OWN_SLIDE):
            inner = b["c"][1]
            head = inner[0] if inner and "sz-label" in _classes(inner[0]) else None
            title = head["c"][1][0]["c"][0]["c"] if head else []
            body, notes = _split_notes(inner[1:] if head else inner)
            body, block = _take_slide_blocks(body)  # key points and questions in short form
            kinds = [c for c in cls if c in OWN_SLIDE]
            if "sz-sources" in cls and block is None and presenter:
                # a room does not read fifteen citations: the slide says where they are (a
                # deck without notes, sent to learners, keeps the list itself)
                count = sum(len(x["c"]) for x in body if x["t"] == "BulletList") or len(body)
                slide = Slide(title, body=[], notes=body + notes, classes=kinds, say=False,
                              block=[{"t": "Para", "c": text_inlines(sources_label(count))}])
            else:
                slide = Slide(title, body=body, notes=notes, classes=kinds, block=block)
            slides.append(slide)
            current = slide
        else:
            body, notes = _split_notes([b])
            target = current or start([])
            target.body.extend(body)
            target.notes.extend(notes)

    out: list[dict] = []
    for slide in slides:
        slide = slide.finish(say_label)
        for number, page in enumerate([slide] if slide.fixed else _paginate(slide, limits, continued)):
            kv = {"minutes": slide.minutes} if slide.minutes and number == 0 else {}
            out.append({"t": "Header", "c": [2, attr("", page.classes, kv), page.title]})
            out.extend(page.body)
            if presenter and page.notes:
                out.append({"t": "Div", "c": [attr("", ["notes"]), page.notes]})
    return out


def pptx_text_sizes(blocks: list[dict]) -> list[tuple[int, int]]:
    """Per slide of a structured deck (each level-2 header), the PPTX body and title sizes
    measured to fit (``writers.fit``); the slide notes are not on the slide."""
    def lines(block: dict) -> tuple[list[str], bool]:
        t, c = block["t"], block.get("c")
        if t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            return [" ".join(" ".join(lines(b)[0]) for b in item) for item in items], True
        if t in ("Para", "Plain"):
            return [plain_text(c)], False
        if t == "Div":
            out, bullets = [], False
            for b in c[1]:
                more, bl = lines(b)
                out += more
                bullets = bullets or bl
            return out, bullets
        if t == "Table":
            return [" ".join(plain_text(cell_block["c"]) for cell in row[1] for cell_block in cell[4] if cell_block["t"] in ("Para", "Plain"))
                    for body in c[4] for row in body[3]], False
        return [], False

    sizes: list[tuple[int, int]] = []
    items: list[str] = []
    bullets, title, ladder = False, None, PPTX_SIZES
    for b in blocks + [{"t": "Header", "c": [2, None, []]}]:
        if b["t"] == "Header" and b["c"][0] == 2:
            if title is not None:
                sizes.append((pptx_size(items, bullets, ladder) or ladder[-1], pptx_title_size(title)))
            items, bullets, title = [], False, plain_text(b["c"][2])
            ladder = PPTX_TITLE_SLIDE_SIZES if b["c"][1] and "sz-title-slide" in b["c"][1][1] else PPTX_SIZES
            if b["c"][1] is None:
                break
            continue
        if b["t"] == "Div" and b["c"][0][1] == ["notes"]:
            continue
        more, bl = lines(b)
        items += more
        bullets = bullets or bl
    return sizes
