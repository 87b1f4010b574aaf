"""Untrusted content never becomes live markup, and the build never fetches anything.

Runs at read time, after the gettext transform, so it sees both what authors wrote and
what translators wrote. Each refusal is an error at ``path:line`` and the offending node
is made inert, so even a build that ignored the error could not emit it:

- raw HTML (block or inline) and ``{raw}``: refused, kept as literal text;
- remote images: refused before Sphinx's image downloader (a write-time post-transform)
  could fetch them and tell a tracker the builder's address;
- ``javascript:``, ``data:``, ``file:``, ``vbscript:`` links and images: refused, unlinked;
- images whose path leaves ``curriculum/``: refused;
- download references (a second lock behind the parser's allow-list, ``allowlist.py``).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
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
            scheme = _scheme(uri).split(":", 1)[0] if ":" in uri.split("/", 1)[0] else ""
            if scheme and scheme not in ("http", "https", "mailto") and not _scheme(uri).startswith(BAD_SCHEMES):
                logger.error(f"link to {uri[:40]!r} is not allowed: only http(s), mailto and links inside the curriculum",
                             location=node, type="samizdat", subtype="link")
                node.replace_self(nodes.inline(node.astext(), node.astext()))
                continue
            if uri and _scheme(uri).startswith(BAD_SCHEMES):
                logger.error(
                    f"link to {uri[:40]!r} is not allowed: only http(s), mailto and links inside the curriculum",
                    location=node, type="samizdat", subtype="link",
                )
                node.replace_self(nodes.inline(node.astext(), node.astext()))
        from sphinx import addnodes

        for node in list(doc.findall(addnodes.download_reference)):
            # the parser refuses these (allowlist.py); kept as a second lock, since a
            # download reference makes Sphinx copy the file into the published site
            logger.error(f"link to the file {node.get('reftarget', '')[:60]!r} is not allowed: link only to pages of the curriculum",
                         location=node, type="samizdat", subtype="link")
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
                continue
            line = next((p.line for p in node.traverse(include_self=True, descend=False, ascend=True) if p.line), None) or \
                next((p.line for p in [node.parent, getattr(node.parent, "parent", None)] if p is not None and p.line), None)
            where = (self.env.docname, line) if line else node
            if not node.get("alt", "").strip():
                logger.error(f"image {uri!r} has no alt text: describe it for readers who can't see it, ![a description]({uri})",
                             location=where, type="samizdat", subtype="image")
            if target.is_file():
                from samizdat.core.images import ImageError, clean_bytes

                try:
                    clean_bytes(target)
                except ImageError as exc:
                    logger.error(f"image {uri!r} {exc}", location=where, type="samizdat", subtype="image")


def _inside(path: str, srcdir: Path, docdir: Path) -> bool:
    target = (srcdir / path.lstrip("/")) if path.startswith("/") else (docdir / path)
    try:
        target.resolve().relative_to(srcdir.resolve())
        return True
    except ValueError:
        return False


class ConfinedInclude(SphinxDirective):
    """``{include}`` limited to files inside ``curriculum/``, parsed as MyST.

    (myst-parser replaces any subclass of docutils' Include with its own mock that
    resolves any path, so this is deliberately not one.)"""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        env = self.env
        docdir = Path(env.doc2path(env.docname)).parent
        arg = self.arguments[0].strip()
        if not _inside(arg, Path(env.srcdir), docdir):
            raise self.error(f"include {arg!r} leaves curriculum/: include only files inside the curriculum folder")
        path = (Path(env.srcdir) / arg.lstrip("/")) if arg.startswith("/") else docdir / arg
        if not path.is_file():
            raise self.error(f"include {arg!r}: no such file")
        env.note_dependency(str(path))
        return self.parse_text_to_nodes(path.read_text(encoding="utf-8"))
