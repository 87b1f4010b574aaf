"""The module format by allow-list, enforced while Markdown is parsed.

docutils and Sphinx read files and URLs *while parsing* (``csv-table :file:``/``:url:``,
``raw :url:``, ``literalinclude :diff:``, ``{download}``, a Markdown link to a local
file), before any transform could look at the result. So the gate is the parser's own
lookup: every directive and role name goes through Sphinx's ``sphinx_domains``
dispatcher, and the dispatcher installed here answers only for the module format's
names. Anything else becomes one ``path:line`` error and inert text; nothing is read.
The same parser handles every msgstr (Sphinx re-parses translations inside the same
dispatcher), so catalogs get the same rules as sources.

Also here, because they are decided at parse time too:

- docutils' own file insertion and raw passthrough are switched off
  (``file_insertion_enabled``, ``raw_enabled``);
- a Markdown link to a local path must name another page of the curriculum; a link to
  any other local file (which Sphinx would copy into ``_downloads/``), to a path outside
  ``curriculum/``, or through MyST's ``path:``/``inv:`` schemes is refused;
- MyST's per-file configuration in front matter (``myst:``, ``html_meta``,
  ``substitutions``) is ignored: it could switch on Jinja2 substitutions or add
  ``<meta>`` tags. The model reports such keys as unknown front matter.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: the module format's directives (docs/module-format.md), the generated table of
#: contents, Sphinx's glossary, and ``include`` confined to curriculum/
DIRECTIVES = frozenset({
    "objectives", "materials", "activity", "facilitator", "summary", "keypoints",
    "discussion", "sources", "slide", "slides-only", "no-slides", "slide-break", "modules",
    "glossary", "include",
})
#: roles: a verification date, and cross-references inside the curriculum
ROLES = frozenset({"verified", "term", "ref", "doc"})

FORMAT_DOC = "docs/module-format.md"


def _suggest(name: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _refused_directive(name: str) -> type[Directive]:
    """A directive that reads nothing and reports itself at its own line."""

    class Refused(Directive):
        has_content = True
        optional_arguments = 99
        final_argument_whitespace = True
        option_spec: Any = None  # any option: none is looked at

        def run(self) -> list[nodes.Node]:
            if _bare(name) == "raw":
                msg = "raw HTML or {raw} content is not allowed (it would run in readers' browsers); write it in Markdown instead"
            else:
                msg = (f"directive {{{name}}} is not part of the module format (allowed: "
                       f"{', '.join(sorted(DIRECTIVES))}; see {FORMAT_DOC}).{_suggest(name, DIRECTIVES)}")
            _report(self.state.document, self.lineno, msg, "directive")
            return [nodes.literal_block(self.block_text, self.block_text)]

    class _AnyOptions(dict):
        def __missing__(self, key):  # every option accepted unread: the directive reports itself
            return str

    Refused.option_spec = _AnyOptions()
    Refused.__name__ = "RefusedDirective"
    return Refused


def _refused_role(name: str):
    def role(role_name, rawtext, text, lineno, inliner, options=None, content=None):
        msg = (f"role {{{name}}} is not part of the module format (allowed: {', '.join(sorted(ROLES))}; "
               f"see {FORMAT_DOC}).{_suggest(name, ROLES)}")
        _report(inliner.document, lineno, msg, "role")
        return [nodes.literal(rawtext, rawtext)], []

    return role


def _report(document: nodes.document, line: int | None, message: str, subtype: str) -> None:
    env = document.settings.env
    logger.error(message, location=(env.docname, line or None), type="samizdat", subtype=subtype)


def _bare(name: str) -> str:
    name = name.lower().strip()
    return name.removeprefix("std:")


def install() -> None:
    """Replace Sphinx's directive/role dispatcher with the allow-list, and MyST's
    handling of local links and per-file configuration. Idempotent; process-wide,
    which is right: every Sphinx application samizdat runs reads untrusted content."""
    import sphinx.util.docutils as sdu
    from myst_parser.mdit_to_docutils import sphinx_ as myst_sphinx
    from myst_parser.parsers import sphinx_ as myst_parser_sphinx

    if getattr(sdu, "_samizdat_allowlist", False):
        return
    base = sdu.sphinx_domains

    class AllowListDispatcher(base):  # type: ignore[misc, valid-type]
        """Sphinx's dispatcher, answering only for the module format's names."""

        def directive(self, directive_name, language_module, document):
            name = _bare(directive_name)
            if name not in DIRECTIVES:
                return _refused_directive(directive_name), []
            return super().directive(name, language_module, document)

        def role(self, role_name, language_module, lineno, reporter):
            name = _bare(role_name)
            if name not in ROLES:
                return _refused_role(role_name), []
            return super().role(name, language_module, lineno, reporter)

    sdu.sphinx_domains = AllowListDispatcher
    _install_links(myst_sphinx.SphinxRenderer)
    original_merge = myst_parser_sphinx.merge_file_level

    def merge_file_level(config, topmatter, warning):
        safe = {k: v for k, v in topmatter.items() if k not in ("myst", "mystnb", "html_meta", "substitutions")}
        return original_merge(config, safe, warning)

    myst_parser_sphinx.merge_file_level = merge_file_level
    sdu._samizdat_allowlist = True


def _install_links(renderer: type) -> None:
    """Local links: only to pages of the curriculum."""
    from myst_parser.mdit_to_docutils.base import token_line

    def refuse(self, token, why: str) -> None:
        href = str(token.attrGet("href") or "")
        line = token_line(token, 0) if token.map else (self.document.current_line or 0)
        env = self.sphinx_env
        logger.error(f"link to {href[:60]!r} is not allowed: {why}", location=(env.docname, line or None),
                     type="samizdat", subtype="link")
        text = nodes.inline("", "")
        with self.current_node_context(text, append=True):
            self.render_children(token)

    def render_link_path(self, token) -> None:
        refuse(self, token, "links may point to web pages (http, https), mailto: or other pages of the curriculum")

    def render_link_inventory(self, token) -> None:
        refuse(self, token, "links may point to web pages (http, https), mailto: or other pages of the curriculum")

    original_unknown = renderer.render_link_unknown

    def render_link_unknown(self, token) -> None:
        env = self.sphinx_env
        href = self.md.normalizeLinkText(str(token.attrGet("href") or ""))
        path = href.split("#", 1)[0]
        if path and env.srcdir:
            _rel, abs_path = env.relfn2path(path, env.docname)
            srcdir = Path(env.srcdir).resolve()
            target = Path(abs_path)
            try:
                inside = target.resolve().is_relative_to(srcdir)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                return refuse(self, token, "it leaves curriculum/; link only to pages of the curriculum")
            if target.exists() and not env.path2doc(str(target)):
                return refuse(self, token, "it is a file, not a page of the curriculum (show an image with ![description](path))")
        return original_unknown(self, token)

    def render_restructuredtext(self, token) -> None:
        """``{eval-rst}`` is handled by MyST itself, not looked up: refuse it here."""
        line = token_line(token, 0) if token.map else 0
        logger.error(f"directive {{eval-rst}} is not part of the module format (allowed: {', '.join(sorted(DIRECTIVES))}; see {FORMAT_DOC})",
                     location=(self.sphinx_env.docname, line or None), type="samizdat", subtype="directive")
        self.current_node.append(nodes.literal_block(token.content, token.content))

    renderer.render_restructuredtext = render_restructuredtext
    renderer.render_link_path = render_link_path
    renderer.render_link_inventory = render_link_inventory
    renderer.render_link_unknown = render_link_unknown


def lock_down_settings(app, *args) -> None:
    """docutils' own file insertion and raw passthrough, off for every document."""
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False
