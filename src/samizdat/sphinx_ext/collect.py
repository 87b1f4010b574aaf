"""What the rest of samizdat needs to know about each document, collected while Sphinx
reads it: activities with their minutes, facilitator-only text (for the leak scan),
sources and whether a person verified them. Stored in the environment, so it is cached
with the doctrees and survives incremental builds."""

from __future__ import annotations

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from samizdat.core.skeleton import placeholder_lines
from samizdat.core.model import Activity, FacilitatorNote, KeyPoints, ModuleContent, Source
from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.audience import apply_audience
from samizdat.sphinx_ext.nodes import audience_only, facilitator, verified

logger = logging.getLogger(__name__)


def _data(env) -> dict[str, ModuleContent]:
    if not hasattr(env, "samizdat_docs"):
        env.samizdat_docs = {}
    return env.samizdat_docs


def plain_text(node: nodes.Node) -> str:
    """A node's text without samizdat's markers ("in English") and labels."""
    parts = []
    for t in node.findall(nodes.Text):
        p = t.parent
        skip = False
        while p is not None and p is not node.parent:
            if isinstance(p, nodes.Element) and ({"sz-fallback", "sz-label"} & set(p.get("classes", []))):
                skip = True
                break
            p = p.parent
        if not skip:
            parts.append(t.astext())
    return " ".join("".join(parts).split())


def sentences(text: str) -> list[str]:
    """Split facilitator text into sentence-sized pieces worth scanning for."""
    out = []
    for line in text.splitlines():
        for piece in line.replace("? ", "?\n").replace("! ", "!\n").replace(". ", ".\n").splitlines():
            piece = " ".join(piece.split())
            if len(piece) >= 25:
                out.append(piece)
    return out


def _block_text(node: nodes.Node) -> str:
    """Text with one line per paragraph-like block, so sentences never run across blocks."""
    return "\n".join(plain_text(tb) for tb in node.findall(nodes.TextElement) if not isinstance(tb.parent, nodes.TextElement))


def _slideless_sections(doctree: nodes.document) -> tuple[tuple[str, int], ...]:
    """(title, line) of each ``##`` section of a module without a {slide} block of its own
    (outside its activities): in decks its prose is split across slides."""
    out = []
    top = next(iter(doctree.findall(nodes.section)), None)
    for section in (c for c in (top.children if top is not None else []) if isinstance(c, nodes.section)):
        def own_block(node) -> bool:
            for child in node.children:
                if isinstance(child, audience_only) and "sz-slide" in child.get("classes", []):
                    return True
                if isinstance(child, nodes.Element) and not isinstance(child, nodes.section) and \
                        "sz-activity" not in child.get("classes", []) and own_block(child):
                    return True
            return False

        if not own_block(section):
            title = section.next_node(nodes.title)
            out.append((title.astext() if title else "", section.line or (title.line if title else 0) or 0))
    return tuple(out)


def _objectives(doctree: nodes.document) -> tuple[str, ...]:
    """The items of the {objectives} box, as plain text."""
    for box in doctree.findall(nodes.container):
        if "sz-objectives" in box["classes"]:
            return tuple(plain_text(item) for item in box.findall(nodes.list_item))
    return ()


def _key_points(doctree: nodes.document) -> tuple[KeyPoints, ...]:
    """Each section's {slide} blocks (not an activity's or a discussion's), as the
    lines a reader sees: the mini-zine is made from them."""
    out: list[KeyPoints] = []
    for block in doctree.findall(audience_only):
        if "sz-slide" not in block.get("classes", []):
            continue
        parent, inside_other = block.parent, False
        while parent is not None and not isinstance(parent, nodes.section):
            if isinstance(parent, nodes.container) and {"sz-activity", "sz-discussion"} & set(parent["classes"]):
                inside_other = True
            parent = parent.parent
        if inside_other or parent is None:
            continue
        items = [plain_text(i) for i in block.findall(nodes.list_item)]
        if not items:
            items = [plain_text(p) for p in block.findall(nodes.paragraph)]
        title_node = parent.next_node(nodes.title)
        title = title_node.astext() if title_node is not None else ""
        if out and out[-1].title == title:
            out[-1] = KeyPoints(title, out[-1].points + tuple(items), out[-1].line)
        else:
            out.append(KeyPoints(title, tuple(items), block.line or 0))
    return tuple(out)


class SamizdatCollector(EnvironmentCollector):
    def clear_doc(self, app, env, docname: str) -> None:
        _data(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other) -> None:
        for d in docnames:
            if d in _data(other):
                _data(env)[d] = _data(other)[d]

    def process_doc(self, app, doctree: nodes.document) -> None:
        env = app.env
        activities = []
        for box in doctree.findall(nodes.container):
            if "sz-activity" in box["classes"]:
                title = next(iter(box.findall(nodes.rubric)), None)
                activities.append(Activity(title.astext() if title else "", box["minutes"], box["format"], box["optional"], box.line or 0))
        notes = []
        materials: list[str] = []
        for node in doctree.findall(facilitator):
            notes.append(FacilitatorNote(node["kind"], _block_text(node), node.line or 0))
            if node["kind"] == "materials":
                materials += [plain_text(item) for item in node.findall(nodes.list_item)]
        learner = doctree.deepcopy()
        apply_audience(learner, "learner")
        srcs = []
        for box in doctree.findall(nodes.container):
            if "sz-sources" in box["classes"]:
                for item in box.findall(nodes.list_item):
                    v = next(iter(item.findall(verified)), None)
                    srcs.append(Source(item.astext(), v["date"] if v else None, item.line or box.line or 0))
        samples = placeholder_lines()
        placeholders = tuple((p.astext(), p.line or 0) for p in doctree.findall(nodes.paragraph) if " ".join(p.astext().split()) in samples)
        content = ModuleContent(tuple(activities), tuple(notes), tuple(srcs), tuple(materials), " ".join(_block_text(learner).split()),
                                _slideless_sections(doctree), placeholders, _objectives(learner), _key_points(doctree))
        _data(env)[env.docname] = content
        self._check_timing(app, doctree, content)

    def _check_timing(self, app, doctree, content: ModuleContent) -> None:
        cur = getattr(app, "samizdat_curriculum", None)
        module = cur.module_by_docname(app.env.docname) if cur else None
        if module is None:
            return
        core = content.core_minutes
        if not content.activities:
            logger.error(
                f"module has no {{activity}}: its {module.duration} minutes need a timed agenda",
                location=(app.env.docname, module.body_line), type="samizdat", subtype="timing",
            )
        elif core != module.duration:
            logger.error(
                f"activities add up to {core} minutes but the front matter says duration: {module.duration}; "
                "change the :minutes: of an activity or the duration (optional activities don't count)",
                location=(app.env.docname, 3), type="samizdat", subtype="timing",
            )


def insert_module_meta(app, doctree: nodes.document) -> None:
    """Under a module's title: its duration (and optional minutes), as a translated label."""
    cur = getattr(app, "samizdat_curriculum", None)
    module = cur.module_by_docname(app.env.docname) if cur else None
    if module is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        logger.error("a module starts with a '# Title' heading", location=(app.env.docname, module.body_line), type="samizdat", subtype="title")
        return
    content = _data(app.env).get(app.env.docname)
    optional = content.optional_minutes if content else 0
    text = labels._("Duration: %s") % labels.minutes(module.duration)
    if optional:
        text += " " + labels._("(plus %s optional)") % labels.minutes(optional)
    para = nodes.paragraph("", text, classes=["sz-label", "sz-module-meta"])
    para["translatable"] = False
    section.insert(1, para)
