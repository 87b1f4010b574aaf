"""``{slide}`` blocks that cannot fit their slide are refused while Sphinx reads them, in
every language (so ``samizdat check`` and the build report them, before anything is
written): at the source's ``path:line``, or at the catalog entry's ``path:line`` when the
translation is what makes it too long."""

from __future__ import annotations


from docutils import nodes
from sphinx.util import logging

from samizdat.sphinx_ext.collect import plain_text
from samizdat.sphinx_ext.nodes import audience_only
from samizdat.writers import fit

logger = logging.getLogger(__name__)


def slide_items(block: nodes.Element) -> tuple[list[str], bool]:
    """The lines a slide block shows, and whether they are bullets."""
    items = [plain_text(li) for li in block.findall(nodes.list_item)]
    if items:
        return items, True
    return [plain_text(p) for p in block.findall(nodes.paragraph)], False


def slide_title(block: nodes.Element) -> tuple[str, bool]:
    """The heading the block's slide will have, and whether an activity's minutes line
    sits between them."""
    parent = block.parent
    while parent is not None and not isinstance(parent, nodes.section):
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if "sz-activity" in classes:
            rubric = next(iter(parent.findall(nodes.rubric)), None)
            return (rubric.astext() if rubric is not None else ""), True
        if "sz-keypoints" in classes or "sz-discussion" in classes:
            label = next(iter(parent.findall(nodes.rubric)), None)
            return (label.astext() if label is not None else ""), False
        parent = parent.parent
    title = parent.next_node(nodes.title) if parent is not None else None
    return (title.astext() if title is not None else ""), False


def _catalog_location(app, docname: str, block: nodes.Element) -> str | None:
    """``path:line`` of the catalog entry of the block's longest translated line."""
    translated = [p for p in block.findall(nodes.paragraph) if p.get("translated")]
    if not translated or app.config.language == app.samizdat_config.source_language:
        return None
    longest = max(translated, key=lambda p: len(p.astext()))
    path = app.samizdat_config.locales_dir / app.config.language / "LC_MESSAGES" / f"{docname}.po"
    cache = app.__dict__.setdefault("_samizdat_catalogs", {})
    if path not in cache:
        import polib

        cache[path] = polib.pofile(str(path)) if path.is_file() else None
    po = cache[path]
    if po is None:
        return None
    text = _letters(longest.astext())  # smart quotes and dashes differ between the doctree and the msgstr
    for entry in po:
        if entry.msgstr and _letters(entry.msgstr) == text:
            return f"{path}:{entry.linenum}"
    return f"{path}:0"


def _letters(text: str) -> str:
    import re

    return re.sub(r"\W+", "", text.lower())


def check_slide_fit(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    for block in doctree.findall(audience_only):
        if "sz-slide" not in block.get("classes", []):
            continue
        items, bullets = slide_items(block)
        title, meta = slide_title(block)
        why = fit.problem(items, bullets, title, meta)
        if why:
            where = _catalog_location(app, docname, block) or (docname, block.line or None)
            logger.error(why, location=where, type="samizdat", subtype="slide-fit")
