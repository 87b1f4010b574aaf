"""One post-transform applies a builder's audience, before any writer, search index or
table of contents sees the doctree (ARCHITECTURE §3).

- learner: facilitator nodes and presenter-only content are removed;
- presenter: facilitator nodes stay (writers turn them into speaker notes);
- facilitator: facilitator nodes become visibly marked boxes;
- translator: everything stays (message extraction must see every string).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.directives import label_node
from samizdat.sphinx_ext.nodes import audience_only, facilitator, slide_break

AUDIENCES = ("learner", "presenter", "facilitator", "translator")


def builder_audience(builder) -> str:
    """Every builder serves one audience; anything unknown is treated as a learner."""
    audience = getattr(builder, "samizdat_audience", "learner")
    return audience if audience in AUDIENCES else "learner"


def apply_audience(doctree: nodes.Node, audience: str) -> None:
    """Filter ``doctree`` in place for ``audience`` (pure; also used by tests).

    ``translator`` (message extraction) keeps everything, in place, unmarked.
    """
    if audience == "translator":
        return
    for node in list(doctree.findall(audience_only)):
        if audience not in node["audiences"]:
            node.parent.remove(node)
        elif "sz-slide" in node["classes"]:  # a section's slide block stays a block: decks place it
            box = nodes.container(classes=["sz-slide"])
            box.source, box.line = node.source, node.line
            box.extend(node.children)
            node.replace_self(box)
        else:
            node.replace_self(node.children)
    for node in list(doctree.findall(slide_break)):
        if audience != "presenter":
            node.parent.remove(node)
    for node in list(doctree.findall(facilitator)):
        if audience == "learner":
            node.parent.remove(node)
        elif audience == "facilitator":
            kind = node.get("kind", "note")
            box = nodes.container(classes=["sz-box", "sz-facilitator", f"sz-facilitator-{kind}"])
            box.source, box.line = node.source, node.line
            box += label_node(labels._(labels.NOTE_KINDS.get(kind, "Facilitator note")))
            box.extend(node.children)
            node.replace_self(box)


class AudienceTransform(SphinxPostTransform):
    default_priority = 5  # before references are resolved or anything is written

    def run(self, **kwargs) -> None:
        apply_audience(self.document, builder_audience(self.app.builder))
