"""What every HTML page gets: a Content-Security-Policy that forbids remote loads, a
language switcher to the same page in the other languages (with how much of that page
each has translated), the colophon line; module and theme pages also get their materials
(handout, deck, zines: ``core.materials``), the theme's contents and the previous and next
module, and a translated page with paragraphs left in the source language says how many.

Links to files other builders make carry ``data-sz-href``: the release's link pass
(``pipeline.site_links``) turns them into links only when the file is in the release,
with its size; this module can't know either, since the HTML is written first."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from samizdat.core.materials import KIT_LINK, materials_for
from samizdat.sphinx_ext import labels

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "frame-src 'none'; base-uri 'none'; form-action 'self'"
)


@lru_cache(maxsize=None)
def native_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    cfg = app.samizdat_config
    builder = app.builder
    depth = getattr(builder, "samizdat_site_depth", 1)  # folders between build/<lang>/ and the site root
    up = "../" * pagename.count("/") + "../" * (depth + 1)
    site = getattr(builder, "samizdat_site_path", "html")
    lang = app.config.language
    context["sz_csp"] = CSP
    present = app.config.samizdat_site_languages.get(site) or cfg.all_languages
    context["sz_lang_links"] = [
        (code, native_name(code), f"{up}{code}/{site}/{pagename}.html", code == lang)
        for code in cfg.all_languages if code in present or code == lang
    ]
    from samizdat.sphinx_ext.colophon import site_title

    context["sz_site_title"] = site_title(app.env.titles, cfg)
    context["docstitle"] = context["sz_site_title"]
    context["titlesuffix"] = " — " + context["sz_site_title"] if pagename != app.config.root_doc else ""
    context["sz_label_languages"] = labels._("Languages")
    context["sz_label_breadcrumbs"] = labels._("You are here")
    context["sz_label_home"] = labels._("Home")
    context["sz_colophon"] = colophon_line(app)
    context["sz_label_skip"] = labels._("Skip to the text")
    context["sz_label_pager"] = labels._("Previous and next")
    if pagename.startswith("_about/"):
        context["language"] = cfg.source_language  # the guides are in the source language
    site_kind = {"samizdat-html": "learner", "samizdat-facilitator-html": "facilitator"}.get(builder.name)
    if site_kind is None:  # the EPUB: no links out of the book
        return
    lang_root = "../" * pagename.count("/") + "../" * depth  # from this page to build/<lang>/
    context["sz_status"] = {code: f"{code}/{site}/{pagename}" for code, *_ in context["sz_lang_links"]
                            if code != lang and code != cfg.source_language and not pagename.startswith("_about/")}
    context["sz_label_translated"] = labels._("%s translated")
    context["sz_notice"] = untranslated_notice(doctree) if lang != cfg.source_language and doctree is not None else ""
    cur = app.samizdat_curriculum
    module = cur.module_by_docname(pagename)
    theme = theme_of(cur, pagename)

    def rel(other: str) -> str:
        return builder.get_relative_uri(pagename, other) or builder.get_target_uri(other).rsplit("/", 1)[-1]

    def title(doc: str) -> str:
        return app.env.titles[doc].astext() if doc in app.env.titles else doc

    prev_doc, next_doc = neighbours(cur, pagename)
    if module is not None:
        context["sz_prev_module"] = (rel(prev_doc), title(prev_doc)) if prev_doc else None
        context["sz_next_module"] = (rel(next_doc), title(next_doc)) if next_doc else None
        context["sz_label_prev"], context["sz_label_next"] = labels._("Previous module"), labels._("Next module")
    if theme is not None:
        t = next(t for t in cur.themes if t.folder == theme)
        context["sz_theme_toc"] = (rel(f"{theme}/index"), title(f"{theme}/index"),
                                   [(rel(m.docname), title(m.docname), m.docname == pagename) for m in t.modules])
        context["sz_label_theme_toc"] = labels._("This theme")
    scope = "module" if module else "theme" if theme else "home" if pagename == app.config.root_doc else None
    groups: dict[str, list[tuple[str, str]]] = {}
    if scope is not None:
        for m in materials_for(scope, site_kind):
            path = m.path.format(theme=theme or "", module=module.name if module else "", lang=lang)
            groups.setdefault(labels._(m.group), []).append((labels._(m.label), lang_root + path))
    if scope == "home" and site_kind == "facilitator":
        sheets = [(title(f"{t.folder}/index"), f"{lang_root}facilitator/run-sheets/{t.folder}/run-sheet.html") for t in cur.themes]
        groups.setdefault(labels._("Run sheets"), []).extend(sheets)
    if scope == "home" and site_kind == "learner":
        groups.setdefault(labels._("Everything for a USB stick"), []).append(
            (labels._("This language's kit"), lang_root + KIT_LINK.format(lang=lang)))
    context["sz_materials"] = list(groups.items())
    context["sz_units"] = labels._("%s kB") + "|" + labels._("%s MB")  # file sizes, filled in by pipeline.site_links
    context["sz_label_materials"] = labels._("Materials") if scope != "home" else labels._("Downloads")


def colophon_line(app) -> str:
    from samizdat.sphinx_ext.colophon import colophon_lines, site_title

    return " · ".join(colophon_lines(app.samizdat_config, site_title(app.env.titles, app.samizdat_config), bundles=()))


def untranslated_notice(doctree) -> str:
    """"7 of 42 paragraphs are not yet translated" for a page whose paragraphs the
    fallback transform marked (``sz_message``: a paragraph with a message; class
    ``sz-untranslated``: shown in the source language); "" when all are translated."""
    from docutils import nodes

    total = untranslated = 0
    for node in doctree.findall(nodes.paragraph):
        if node.get("sz_message"):
            total += 1
            untranslated += "sz-untranslated" in node["classes"]
    if not untranslated:
        return ""
    count = labels.ngettext("%(n)d of %(total)d paragraphs is not yet translated.", "%(n)d of %(total)d paragraphs are not yet translated.",
                            untranslated) % {"n": untranslated, "total": total}
    return count + " " + labels._("Untranslated paragraphs are shown in English, marked “%s”.") % labels._("in English")


def theme_of(cur, pagename: str) -> str | None:
    """The theme folder of a module page or a theme's overview page, else None."""
    module = cur.module_by_docname(pagename)
    if module is not None:
        return module.theme
    folder = pagename.split("/")[0]
    if pagename == f"{folder}/index" and any(t.folder == folder for t in cur.themes):
        return folder
    return None


def neighbours(cur, pagename: str) -> tuple[str | None, str | None]:
    """The previous and next module of a module page, in curriculum order (across themes)."""
    order = [m.docname for m in cur.modules]
    if pagename not in order:
        return None, None
    i = order.index(pagename)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def navigation_docs(cur, pagename: str, root_doc: str = "index") -> list[str]:
    """The pages whose titles this page shows (its theme's contents, previous and next; on
    the home page, the themes'): when one of them changes, the page is rewritten
    (builders.html.NavigationOutdated)."""
    theme = theme_of(cur, pagename)
    docs = [d for d in neighbours(cur, pagename) if d]
    if pagename == root_doc:
        docs += [f"{t.folder}/index" for t in cur.themes]
    if theme is not None:
        t = next(t for t in cur.themes if t.folder == theme)
        docs += [f"{theme}/index"] + [m.docname for m in t.modules]
    return docs
