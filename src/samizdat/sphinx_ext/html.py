"""What every HTML page gets: a Content-Security-Policy that forbids remote loads, a
language switcher to the same page in the other languages, the colophon line."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

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
    if pagename.startswith("_about/"):
        context["language"] = cfg.source_language  # the guides are in the source language


def colophon_line(app) -> str:
    from samizdat.sphinx_ext.colophon import colophon_lines, site_title

    return " · ".join(colophon_lines(app.samizdat_config, site_title(app.env.titles, app.samizdat_config), bundles=()))
