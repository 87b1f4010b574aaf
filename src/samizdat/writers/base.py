"""What every samizdat writer shares: unknown nodes fail loudly (a new node type must get
a rule, never be dropped silently), the section depth is tracked, and bookkeeping nodes
that carry nothing to show are skipped."""

from __future__ import annotations

from docutils import nodes


class StrictTranslator(nodes.NodeVisitor):
    writer_name = "this"

    def __init__(self, document: nodes.document):
        super().__init__(document)
        self.section_level = 0

    def unknown_visit(self, node: nodes.Node) -> None:
        raise NotImplementedError(f"the {self.writer_name} writer has no rule for <{node.tagname}> (line {node.line}): add visit_{node.tagname}")

    def unknown_departure(self, node: nodes.Node) -> None:
        raise NotImplementedError(node.tagname)

    def visit_document(self, node): pass
    def depart_document(self, node): pass

    def visit_section(self, node):
        self.section_level += 1

    def depart_section(self, node):
        self.section_level -= 1

    def skip(self, node):
        raise nodes.SkipNode

    visit_comment = visit_target = visit_system_message = visit_substitution_definition = skip
    visit_meta = visit_toctree = skip
