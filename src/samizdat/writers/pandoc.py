"""A docutils NodeVisitor that turns a (translated, audience-filtered) doctree into a
Pandoc AST (JSON). pandoc then writes reveal.js, PPTX, DOCX and ODT from it: no Markdown
round trip and no second parser.

samizdat's structure survives as Divs with ``sz-*`` classes (activities carry their
minutes, format and title as attributes; facilitator notes are ``sz-facilitator``), so
``slides.structure`` can make slides and speaker notes from it. Unknown nodes raise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes

from samizdat.writers.base import StrictTranslator

API_VERSION = [1, 23, 1, 1]
Attr = list  # [identifier, [classes], [[key, value]]]
WS_RE = re.compile(r"(\s+)")


def attr(ident: str = "", classes: list[str] | None = None, kv: dict[str, Any] | None = None) -> Attr:
    return [ident, list(classes or []), [[k, str(v)] for k, v in (kv or {}).items()]]


def text_inlines(text: str) -> list[dict]:
    out: list[dict] = []
    for part in WS_RE.split(text):
        if not part:
            continue
        if part.isspace():
            if not out or out[-1]["t"] != "Space":
                out.append({"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def plain_text(inlines: list[dict]) -> str:
    """The text of a list of inlines (for titles and attributes)."""
    out = []
    for i in inlines:
        t, c = i["t"], i.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t == "Code":
            out.append(c[1])
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(plain_text(c))
        elif t in ("Link", "Span", "Image"):
            out.append(plain_text(c[1]))
        elif t == "Quoted":
            out.append(plain_text(c[1]))
    return "".join(out)


def _is_term_ref(node: nodes.Element) -> bool:
    """Whether a reference is a resolved ``{term}`` role (Sphinx wraps its text in an
    inline with the class ``std-term``)."""
    return any("std-term" in c.get("classes", []) for c in node.findall(nodes.inline))


class PandocTranslator(StrictTranslator):
    """doctree -> {"blocks": [...]} ; call ``document.walkabout(visitor)``."""

    BOX_CLASSES = ("sz-objectives", "sz-keypoints", "sz-discussion", "sz-sources", "sz-summary", "sz-activity", "sz-facilitator")

    writer_name = "Pandoc"

    def __init__(self, document: nodes.document, image_root: Path | None = None, image_cache=None):
        super().__init__(document)
        self.image_cache = image_cache
        self.stack: list[list] = [[]]
        self.image_root = image_root
        self.images: list[Path] = []

    # --- helpers -------------------------------------------------------
    def push(self) -> None:
        self.stack.append([])

    def pop(self) -> list:
        return self.stack.pop()

    def emit(self, item: Any) -> None:
        self.stack[-1].append(item)

    @property
    def blocks(self) -> list[dict]:
        return self.stack[0]

    def _blocks_of(self, items: list) -> list[dict]:
        """Children collected in a block context may include bare inlines: wrap them."""
        out: list[dict] = []
        run: list[dict] = []
        for it in items:
            if it.get("t") in ("Str", "Space", "Emph", "Strong", "Code", "Link", "Span", "SoftBreak", "LineBreak", "Superscript", "Subscript", "Image", "Quoted"):
                run.append(it)
            else:
                if run:
                    out.append({"t": "Plain", "c": run})
                    run = []
                out.append(it)
        if run:
            out.append({"t": "Plain", "c": run})
        return out

    # --- structure -----------------------------------------------------
    def visit_title(self, node):
        self.push()

    def depart_title(self, node):
        inl = self.pop()
        ident = node.parent["ids"][0] if isinstance(node.parent, nodes.section) and node.parent["ids"] else ""
        self.emit({"t": "Header", "c": [max(1, self.section_level), attr(ident), inl]})

    def visit_paragraph(self, node):
        self.push()

    def depart_paragraph(self, node):
        inl = self.pop()
        classes = [c for c in node.get("classes", []) if c.startswith("sz-")]
        para = {"t": "Para", "c": inl}
        self.emit({"t": "Div", "c": [attr("", classes), [para]]} if classes else para)

    def visit_rubric(self, node):
        self.push()

    def depart_rubric(self, node):
        inl = self.pop()
        classes = [c for c in node.get("classes", []) if c.startswith("sz-")] or ["sz-rubric"]
        self.emit({"t": "Div", "c": [attr("", classes), [{"t": "Para", "c": [{"t": "Strong", "c": inl}]}]]})

    def visit_container(self, node):
        self.push()

    def depart_container(self, node):
        children = self._blocks_of(self.pop())
        classes = [c for c in node.get("classes", []) if c.startswith("sz-") and c != "sz-box"]
        kv = {}
        if "sz-activity" in classes:
            title = next(iter(node.findall(nodes.rubric)), None)
            kv = {"minutes": node["minutes"], "format": node.get("format", ""), "optional": "1" if node.get("optional") else "", "title": title.astext() if title is not None else ""}
        self.emit({"t": "Div", "c": [attr(node["ids"][0] if node.get("ids") else "", classes, kv), children]})

    def visit_facilitator(self, node):
        self.push()

    def depart_facilitator(self, node):
        children = self._blocks_of(self.pop())
        self.emit({"t": "Div", "c": [attr("", ["sz-facilitator", f"sz-facilitator-{node.get('kind', 'note')}"]), children]})

    def visit_audience_only(self, node):
        raise NotImplementedError("audience_only reached the Pandoc writer: the audience transform did not run")

    def visit_slide_break(self, node):
        self.emit({"t": "Div", "c": [attr("", ["sz-slide-break"]), []]})
        raise nodes.SkipNode

    def visit_compound(self, node):
        if "toctree-wrapper" in node.get("classes", []):
            raise nodes.SkipNode
        self.push()

    def depart_compound(self, node):
        self.emit({"t": "Div", "c": [attr(), self._blocks_of(self.pop())]})

    def visit_transition(self, node):
        self.emit({"t": "HorizontalRule"})
        raise nodes.SkipNode

    # --- lists and tables ----------------------------------------------
    def visit_bullet_list(self, node):
        self.push()

    def depart_bullet_list(self, node):
        self.emit({"t": "BulletList", "c": self.pop()})

    def visit_enumerated_list(self, node):
        self.push()

    def depart_enumerated_list(self, node):
        start = node.get("start", 1)
        self.emit({"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], self.pop()]})

    def visit_list_item(self, node):
        self.push()

    def depart_list_item(self, node):
        self.emit(self._blocks_of(self.pop()))

    def visit_definition_list(self, node):
        self.push()

    def depart_definition_list(self, node):
        self.emit({"t": "DefinitionList", "c": self.pop()})

    def visit_definition_list_item(self, node):
        self.push()

    def depart_definition_list_item(self, node):
        parts = self.pop()
        term = parts[0] if parts else []
        defs = parts[1:]
        self.emit([term, defs])

    def visit_term(self, node):
        self.push()

    def depart_term(self, node):
        self.emit(self.pop())

    def visit_definition(self, node):
        self.push()

    def depart_definition(self, node):
        self.emit(self._blocks_of(self.pop()))

    def visit_block_quote(self, node):
        self.push()

    def depart_block_quote(self, node):
        self.emit({"t": "BlockQuote", "c": self._blocks_of(self.pop())})

    def visit_attribution(self, node):
        self.push()

    def depart_attribution(self, node):
        self.emit({"t": "Para", "c": [{"t": "Str", "c": "—"}, {"t": "Space"}, *self.pop()]})

    def visit_literal_block(self, node):
        self.emit({"t": "CodeBlock", "c": [attr(), node.astext()]})
        raise nodes.SkipNode

    def visit_table(self, node):
        self._table = {"head": [], "body": [], "cols": 0, "in_head": False}
        self.push()

    def depart_table(self, node):
        self.pop()
        t = self._table
        ncols = t["cols"] or max((len(r) for r in t["head"] + t["body"]), default=1)
        colspecs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(ncols)]

        def row(cells):
            return [attr(), [[attr(), {"t": "AlignDefault"}, 1, 1, c] for c in cells]]

        table = {"t": "Table", "c": [
            attr(), [None, []], colspecs,
            [attr(), [row(r) for r in t["head"]]],
            [[attr(), 0, [], [row(r) for r in t["body"]]]],
            [attr(), []],
        ]}
        self.emit(table)

    def visit_tgroup(self, node):
        self._table["cols"] = node.get("cols", 0)

    def depart_tgroup(self, node): pass

    def visit_colspec(self, node):
        raise nodes.SkipNode

    def visit_thead(self, node):
        self._table["in_head"] = True

    def depart_thead(self, node):
        self._table["in_head"] = False

    def visit_tbody(self, node): pass
    def depart_tbody(self, node): pass

    def visit_row(self, node):
        self.push()

    def depart_row(self, node):
        cells = self.pop()
        (self._table["head"] if self._table["in_head"] else self._table["body"]).append(cells)

    def visit_entry(self, node):
        self.push()

    def depart_entry(self, node):
        self.emit(self._blocks_of(self.pop()))

    # --- inlines -------------------------------------------------------
    def visit_Text(self, node):
        self.emit_inlines(text_inlines(node.astext()))

    def emit_inlines(self, inl: list[dict]) -> None:
        for i in inl:
            self.emit(i)

    def depart_Text(self, node): pass

    def visit_emphasis(self, node): self.push()
    def depart_emphasis(self, node): self.emit({"t": "Emph", "c": self.pop()})
    def visit_strong(self, node): self.push()
    def depart_strong(self, node): self.emit({"t": "Strong", "c": self.pop()})
    def visit_subscript(self, node): self.push()
    def depart_subscript(self, node): self.emit({"t": "Subscript", "c": self.pop()})
    def visit_superscript(self, node): self.push()
    def depart_superscript(self, node): self.emit({"t": "Superscript", "c": self.pop()})
    def visit_title_reference(self, node): self.push()
    def depart_title_reference(self, node): self.emit({"t": "Emph", "c": self.pop()})

    def visit_literal(self, node):
        self.emit({"t": "Code", "c": [attr(), node.astext()]})
        raise nodes.SkipNode

    def visit_reference(self, node):
        self.push()

    def depart_reference(self, node):
        inl = self.pop()
        url = node.get("refuri") or ("#" + node["refid"] if node.get("refid") else "")
        if url.startswith("#") and not node.get("refid") and _is_term_ref(node):
            url = ""  # a {term} pointing into the glossary page: not in this deck or handout
        if url.startswith(("http://", "https://", "mailto:", "#")):
            self.emit({"t": "Link", "c": [attr(), inl, [url, ""]]})
        else:
            self.emit_inlines(inl)  # an internal page link means nothing in a deck or handout

    def visit_pending_xref(self, node):
        self.push()

    def depart_pending_xref(self, node):
        # an unresolved cross-reference (e.g. {term} in a doctree read before resolving,
        # as for the slide outline): its text, without a link
        self.emit_inlines(self.pop())

    def visit_inline(self, node):
        self.push()

    def depart_inline(self, node):
        inl = self.pop()
        classes = [c for c in node.get("classes", []) if c.startswith("sz-")]
        self.emit({"t": "Span", "c": [attr("", classes), inl]} if classes else {"t": "Span", "c": [attr(), inl]})

    def visit_verified(self, node):
        self.push()

    def depart_verified(self, node):
        self.emit({"t": "Span", "c": [attr("", ["sz-verified"]), [{"t": "Str", "c": "("}, *self.pop(), {"t": "Str", "c": ")"}]]})

    def visit_footnote_reference(self, node):
        raise nodes.SkipNode

    def visit_footnote(self, node):
        raise nodes.SkipNode

    def visit_image(self, node):
        uri = node.get("uri", "")
        path = (self.image_root / uri) if self.image_root else Path(uri)
        if self.image_cache is not None:
            path = self.image_cache.clean(path)
        self.images.append(path)
        alt = text_inlines(node.get("alt", ""))
        img = {"t": "Image", "c": [attr(), alt, [str(path), ""]]}
        if isinstance(node.parent, nodes.TextElement):
            self.emit(img)
        else:
            self.emit({"t": "Para", "c": [img]})
        raise nodes.SkipNode

    def visit_figure(self, node): self.push()
    def depart_figure(self, node): self.emit({"t": "Div", "c": [attr("", ["figure"]), self._blocks_of(self.pop())]})
    def visit_caption(self, node): self.push()
    def depart_caption(self, node): self.emit({"t": "Para", "c": [{"t": "Emph", "c": self.pop()}]})

    def visit_line_block(self, node): self.push()
    def depart_line_block(self, node): self.emit({"t": "LineBlock", "c": self.pop()})
    def visit_line(self, node): self.push()
    def depart_line(self, node): self.emit(self.pop())

    def visit_admonition(self, node): self.push()
    def depart_admonition(self, node): self.emit({"t": "Div", "c": [attr("", ["sz-admonition"]), self._blocks_of(self.pop())]})
    for _kind in ("note", "warning", "tip", "important", "caution", "attention", "hint", "danger", "error", "seealso"):
        locals()[f"visit_{_kind}"] = visit_admonition
        locals()[f"depart_{_kind}"] = depart_admonition


def doctree_to_ast(doctree: nodes.document, meta: dict[str, Any] | None = None, image_root: Path | None = None, image_cache=None) -> dict:
    visitor = PandocTranslator(doctree, image_root, image_cache)
    doctree.walkabout(visitor)
    return {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": visitor.blocks}


def meta_string(value: str) -> dict:
    return {"t": "MetaInlines", "c": text_inlines(value)}
