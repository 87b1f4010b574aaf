"""Untrusted content never becomes live markup, and the build never fetches anything.

Runs at read time, after the gettext transform, so it sees both what authors wrote and
what translators wrote. Each refusal is an error at ``path:line`` and the offending node
is made inert, so even a build that ignored the error could not emit it:

- raw HTML (block or inline) and ``{raw}``: refused, kept as literal text;
- remote images: refused before Sphinx's image downloader (a write-time post-transform)
  could fetch them and tell a tracker the builder's address;
- ``javascript:``, ``data:``, ``file:``, ``vbscript:`` links and images: refused, unlinked;
- images whose path leaves ``curriculum/``: refused.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

SAFE_SCHEMES = ("http://", "https://", "mailto:")
BAD_SCHEMES = ("javascript:", "data:", "file:", "vbscript:", "blob:", "filesystem:")


def _scheme(uri: str) -> str:
    u = "".join(uri.split()).lower()
    return u


class SafetyTransform(SphinxTransform):
    default_priority = 25  # after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        doc = self.document
        for node in list(doc.findall(nodes.raw)):
            logger.error(
                "raw HTML or {raw} content is not allowed (it would run in readers' browsers); write it in Markdown instead",
                location=node, type="samizdat", subtype="raw",
            )
            node.replace_self(nodes.literal(node.astext(), node.astext()))
        for node in list(doc.findall(nodes.reference)):
            uri = node.get("refuri", "")
            if uri and _scheme(uri).startswith(BAD_SCHEMES):
                logger.error(
                    f"link to {uri[:40]!r} is not allowed: only http(s), mailto and links inside the curriculum",
                    location=node, type="samizdat", subtype="link",
                )
                node.replace_self(nodes.inline(node.astext(), node.astext()))
        srcdir = Path(self.env.srcdir).resolve()
        for node in list(doc.findall(nodes.image)):
            uri = node.get("uri", "")
            low = _scheme(uri)
            if "://" in low or low.startswith(BAD_SCHEMES) or low.startswith("//"):
                logger.error(
                    f"remote or inline image {uri[:60]!r} is not allowed: a reader's device (or the build) would fetch it; save the image under curriculum/ and link it by a relative path",
                    location=node, type="samizdat", subtype="image",
                )
                node.replace_self(nodes.inline("", node.get("alt", "")))
                continue
            docdir = (srcdir / self.env.docname).parent
            target = (srcdir / uri.lstrip("/")) if uri.startswith("/") else (docdir / uri)
            try:
                target.resolve().relative_to(srcdir)
            except ValueError:
                logger.error(
                    f"image {uri!r} is outside curriculum/: keep images inside the curriculum folder",
                    location=node, type="samizdat", subtype="image",
                )
                node.replace_self(nodes.inline("", node.get("alt", "")))
