"""Never silently English: in a translated build, a message without a (non-fuzzy)
translation gets a visible marker, so a reader knows this passage is in English."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from samizdat.sphinx_ext import labels


class FallbackMarker(SphinxTransform):
    default_priority = 22  # right after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        cfg = getattr(self.app, "samizdat_config", None)
        if cfg is None or self.config.language == cfg.source_language:
            return
        if self.env.docname.startswith("_about/"):
            # the guides are written in the source language only, and say so
            for section in self.document.findall(nodes.section):
                section["classes"].append(f"language-{cfg.source_language}")
                break
            return
        marker = labels._("in English")
        for node, _msg in list(extract_messages(self.document)):
            if isinstance(node, nodes.paragraph):
                node["sz_message"] = True  # counted by the page's notice (sphinx_ext.html); never written out
            if node.get("translated") or isinstance(node, (nodes.title, nodes.image)):
                continue
            if not isinstance(node, nodes.paragraph):
                continue  # titles (sections, activities) stay clean: they become slide and TOC titles
            tag = nodes.inline("", marker, classes=["sz-fallback"])
            node.insert(0, tag)
            node.insert(1, nodes.Text(" "))
            node["classes"].append("sz-untranslated")
            node["classes"].append(f"language-{cfg.source_language}")  # docutils writes lang="en" for readers and screen readers
