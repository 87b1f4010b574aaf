"""Message extraction for translators: every translatable message of every document,
with the context a translator needs (where it appears and who sees it).

Unlike Sphinx's gettext builder this needs no versioning, so it shares the source
language's doctree cache with the other builders instead of re-reading everything.
Writes ``<outdir>/<docname>.json``: a list of {msgid, line, context}.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.util.nodes import extract_messages

from samizdat.sphinx_ext.nodes import audience_only, facilitator


def _ancestors(node: nodes.Node):
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def message_context(node: nodes.Node) -> str:
    """Where a message appears, in a translator's terms."""
    where: list[str] = []
    audience = "everyone"
    p = node
    while p is not None:
        if isinstance(p, facilitator):
            audience = "facilitators only (facilitator pack, speaker notes)"
            where.append(f"facilitator note ({p.get('kind', 'note')})")
        elif isinstance(p, audience_only):
            audience = "slides only" if p["audiences"] == ["presenter"] else "everything but slides"
        elif isinstance(p, nodes.container):
            for cls in p.get("classes", []):
                if cls.startswith("sz-") and cls != "sz-box":
                    label = cls[3:]
                    if label == "activity":
                        title = next(iter(p.findall(nodes.rubric)), None)
                        label = f"activity “{title.astext()}”" if title is not None else label
                    where.append(label)
        p = p.parent
    if isinstance(node, nodes.title):
        kind = "heading"
    elif isinstance(node, nodes.term):
        kind = "glossary headword"
    elif any(isinstance(a, addnodes.glossary) for a in _ancestors(node)):
        kind = "glossary definition"
    else:
        kind = "activity title" if "sz-activity-title" in node.get("classes", []) else node.tagname
    inside = " in ".join(where) if where else "body"
    return f"{kind}, {inside}; seen by {audience}"


def message_line(node: nodes.Node) -> int:
    """The source line of a message. A glossary term (MyST's ``{glossary}``) carries a
    line counted from the directive's content, not the file: take the line before its
    definition's first paragraph instead, which has the file's line."""
    if isinstance(node, nodes.term) and isinstance(node.parent, nodes.definition_list_item):
        definition = next((c for c in node.parent.children if isinstance(c, nodes.definition)), None)
        para = next((p for p in definition.findall(nodes.TextElement) if p.line), None) if definition is not None else None
        if para is not None:
            terms = [c for c in node.parent.children if isinstance(c, nodes.term)]
            return max(1, para.line - len(terms) + terms.index(node))
    return node.line or 0


class MessageExtractBuilder(Builder):
    name = "samizdat-extract"
    samizdat_audience = "translator"
    epilog = ""

    def init(self) -> None:
        pass

    def get_outdated_docs(self):
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        out = []
        seen: set[str] = set()
        for node, msg in extract_messages(doctree):
            if msg in seen:
                continue
            seen.add(msg)
            out.append({"msgid": msg, "line": message_line(node), "context": message_context(node)})
        path = Path(self.outdir) / f"{docname}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, ensure_ascii=False, indent=0), encoding="utf-8")

    def finish(self) -> None:
        pass
