"""samizdat's Sphinx extension: the module format's directives, the audience
post-transform, safety checks (the parse-time allow-list), the collector and search for
uk/cs. The builders are an extension of their own (``samizdat.builders``), so this
front end never imports the layers above it."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from samizdat.core import model
from samizdat.core.config import load_config
from samizdat.sphinx_ext import collect, html, labels, search
from samizdat.sphinx_ext.audience import AudienceTransform
from samizdat.sphinx_ext.directives import DIRECTIVES, VerifiedRole
from samizdat.sphinx_ext.nodes import audience_only, facilitator, slide_break, verified
from samizdat.sphinx_ext.fallback import FallbackMarker
from samizdat.sphinx_ext.safety import SafetyTransform

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def _config_inited(app: Sphinx, config) -> None:
    root = Path(config.samizdat_root)
    app.samizdat_config = load_config(root)  # type: ignore[attr-defined]
    cur, _problems = model.load_curriculum(app.samizdat_config)
    app.samizdat_curriculum = cur  # type: ignore[attr-defined]
    if config.samizdat_labels_dir:
        app.add_message_catalog(labels.DOMAIN, config.samizdat_labels_dir)


def _visit_skip(self, node) -> None:
    """Samizdat nodes never reach Sphinx's own writers: the audience transform replaced them."""
    raise NotImplementedError(f"{node.__class__.__name__} reached a writer: the audience transform did not run")


def _visit_verified(self, node) -> None:
    self.body.append('<span class="sz-verified">') if hasattr(self, "body") else None


def _depart_verified(self, node) -> None:
    self.body.append("</span>") if hasattr(self, "body") else None


class EpubColophon(SphinxPostTransform):
    """The EPUB's colophon, at the end of its first document."""

    default_priority = 900
    builders = ("epub",)

    def run(self, **kwargs) -> None:
        from docutils import nodes

        from samizdat.sphinx_ext.colophon import colophon_lines, site_title
        from samizdat.sphinx_ext.directives import label_node

        if self.env.path2doc(self.document["source"]) != self.config.root_doc:
            return
        title = site_title(self.env.titles, self.app.samizdat_config)
        box = nodes.container(classes=["sz-colophon"])
        box += label_node(labels._("Colophon"))
        for line in colophon_lines(self.app.samizdat_config, title, bundles=()):
            box += nodes.paragraph("", line)
        section = next(iter(self.document.findall(nodes.section)), self.document)
        section += box


class ContentProblems(Exception):
    """Reading found problems: stop before anything is written (or fetched)."""


def _count_base(app: Sphinx) -> None:
    app._samizdat_warn_base = getattr(app, "_warncount", 0)  # type: ignore[attr-defined]


def _stop_on_problems(app: Sphinx, builder) -> None:
    """Before any writer runs. Sphinx 9 holds read-phase warnings back until ``read()``
    returns (``logging.pending_warnings``), so ``env-updated`` would count none:
    ``write-started`` comes after they are flushed and before the first file is written."""
    new = getattr(app, "_warncount", 0) - getattr(app, "_samizdat_warn_base", 0)
    if new:
        raise ContentProblems(f"{new} problem(s) while reading")


def _about_toctree(app: Sphinx, doctree) -> None:
    """The guides' index lists the guides (their order: facilitators, printing,
    translators, authors, then any other)."""
    from docutils import nodes
    from sphinx import addnodes

    if app.env.docname != "_about/index":
        return
    folder = Path(app.srcdir) / "_about"
    order = ["facilitators", "printing", "translators", "authors"]
    names = sorted((p.stem for p in folder.glob("*.md") if p.stem != "index"), key=lambda n: (order.index(n) if n in order else 99, n))
    toc = addnodes.toctree(parent="_about/index", entries=[(None, f"_about/{n}") for n in names], includefiles=[f"_about/{n}" for n in names],
                           maxdepth=1, caption=None, glob=False, hidden=False, includehidden=False, numbered=0, titlesonly=False, rawentries=[])
    section = next(iter(doctree.findall(nodes.section)), doctree)
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper += toc
    section += wrapper


def setup(app: Sphinx) -> dict:
    from samizdat.sphinx_ext.speedups import install

    install()
    from samizdat.sphinx_ext import allowlist

    allowlist.install()
    app.connect("env-before-read-docs", allowlist.lock_down_settings)
    app.add_config_value("samizdat_root", "", "env", str)
    app.add_config_value("samizdat_labels_dir", "", "", str)
    app.add_config_value("samizdat_code_hash", "", "env", str)
    app.add_config_value("samizdat_themes", [], "", list)
    # site path ("html", "facilitator/html") -> the languages whose site is in the release
    # (a one-language build's switcher links no page that is not there); empty: all
    app.add_config_value("samizdat_site_languages", {}, "html", dict)  # --theme: which themes' module outputs to write
    app.connect("config-inited", _config_inited)
    for name, cls in DIRECTIVES.items():
        app.add_directive(name, cls)
    app.add_role("verified", VerifiedRole())
    from samizdat.sphinx_ext.safety import ConfinedInclude

    app.add_directive("include", ConfinedInclude, override=True)
    skip = (_visit_skip, None)
    for node in (facilitator, audience_only, slide_break):
        app.add_node(node, html=skip, epub=skip, text=skip)
    app.add_node(verified, html=(_visit_verified, _depart_verified), epub=(_visit_verified, _depart_verified))
    app.add_transform(SafetyTransform)
    app.add_transform(FallbackMarker)
    app.add_post_transform(AudienceTransform)
    app.add_post_transform(EpubColophon)
    app.add_env_collector(collect.SamizdatCollector)
    app.connect("doctree-read", collect.insert_module_meta, priority=900)
    app.connect("doctree-read", _about_toctree, priority=400)
    app.connect("html-page-context", html.page_context)
    app.connect("builder-inited", _count_base)
    app.connect("write-started", _stop_on_problems)
    for lang in search.LANGUAGES:
        app.add_search_language(lang)
    app.add_html_theme("samizdat", str(THEME_DIR))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}  # 4: ModuleContent.placeholders
