"""The release's link pass over the reader and facilitator sites, run at staging time
when every file of the release is in place (the HTML is written before the handouts,
decks and zines it lists, and a build of some outputs carries the others over).

- ``<a data-sz-href="X">`` gets ``href="X"`` only if X is a file of the release: a build
  that did not make a material (``--format html``, ``--theme``, one language) publishes
  no dead link; the materials list hides what has no file, and shows each file's size.
- ``<span class="sz-pct">`` in the language switcher gets how much of that page the
  other language has translated (its catalog's messages), in the page's language.

The pass reads only what the site templates write (``theme/layout.html``), is
idempotent (a page carried over from the previous release is redone, so its links and
figures follow this release's files) and writes a page only if it changes, to a new
file: staged pages may be hard links to the cache or the previous release."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from babel.numbers import format_decimal, format_percent

from samizdat.core.config import Config

SITES = ("html", "facilitator/html")

_A = re.compile(r'<a ([^>]*?)data-sz-href="([^"]*)"([^>]*)>')
_HREF = re.compile(r'\s*\bhref="[^"]*"')
_LI = re.compile(r'<li class="sz-file"( hidden)?>(.*?)</li>', re.S)
_SIZE = re.compile(r'<span class="sz-size">[^<]*</span>')
_GROUP = re.compile(r'<div class="sz-mgroup"( hidden)?>(.*?)</div>', re.S)
_PANEL = re.compile(r'<aside class="sz-materials"( hidden)?( [^>]*)?>(.*?)</aside>', re.S)
_UNITS = re.compile(r'data-sz-units="([^"]*)"')
_PCT = re.compile(r'<span class="sz-pct" data-sz-doc="([^"]*)" data-sz-fmt="([^"]*)"( hidden)?>[^<]*</span>')


def human_size(n: int, lang: str, units: str = "%s kB|%s MB") -> str:
    """1 234 567 bytes -> "1.2 MB" ("1,2 МБ" in uk): the number in the language's format
    (babel), the unit from ``units`` ("<kB pattern>|<MB pattern>", samizdat's labels as
    the page wrote them)."""
    kb, mb = units.split("|", 1)
    if n < 1_000_000:
        return kb % format_decimal(max(1, round(n / 1000)), locale=lang)
    return mb % format_decimal(round(n / 1_000_000, 1), format="#,##0.0", locale=lang)


def _target(page: Path, href: str) -> Path:
    """The file a relative link points to. Lexically (a release has no symbolic links):
    ``resolve()`` asked the file system about every folder on the way, for each of some
    5,000 links, and was most of the pass's time."""
    return Path(os.path.normpath(os.path.join(page.parent, href.split("#", 1)[0])))


def fill_page(text: str, page: Path, lang: str, percent) -> str:
    """The page with its links, sizes and translation figures for this release."""
    def link(m: re.Match) -> str:
        before, href, after = _HREF.sub("", m.group(1)), m.group(2), _HREF.sub("", m.group(3))
        ok = _target(page, html.unescape(href)).is_file()
        return f'<a {before}data-sz-href="{href}"{after}' + (f' href="{href}"' if ok else "") + ">"

    text = _A.sub(link, text)

    def panel(m: re.Match) -> str:
        attrs, inner = m.group(2) or "", m.group(3)
        units = _UNITS.search(attrs)
        units = html.unescape(units.group(1)) if units else "%s kB|%s MB"

        def item(m: re.Match) -> str:
            inner = m.group(2)
            a = _A.search(inner)
            ok = a is not None and ' href="' in a.group(0).split("data-sz-href=", 1)[1]
            href = html.unescape(a.group(2)) if a is not None else ""
            size = human_size(_target(page, href).stat().st_size, lang, units) if ok and "#" not in href else ""  # a place in a page: no size
            inner = _SIZE.sub(f'<span class="sz-size">{html.escape(size)}</span>', inner)
            return f'<li class="sz-file"{"" if ok else " hidden"}>{inner}</li>'

        inner = _LI.sub(item, inner)
        shown_item, shown_group = '<li class="sz-file">', '<div class="sz-mgroup">'
        inner = _GROUP.sub(lambda g: f'<div class="sz-mgroup"{"" if shown_item in g.group(2) else " hidden"}>{g.group(2)}</div>', inner)
        return f'<aside class="sz-materials"{"" if shown_group in inner else " hidden"}{attrs}>{inner}</aside>'

    text = _PANEL.sub(panel, text)

    def pct(m: re.Match) -> str:
        value = percent(html.unescape(m.group(1)))
        shown = html.unescape(m.group(2)) % format_percent(value / 100, locale=lang) if value is not None else ""
        return f'<span class="sz-pct" data-sz-doc="{m.group(1)}" data-sz-fmt="{m.group(2)}"{"" if shown else " hidden"}>{html.escape(shown)}</span>'

    return _PCT.sub(pct, text)


def catalog_percentages(cfg: Config) -> dict[tuple[str, str], float]:
    """(language, docname) -> the share of that page's catalog translated, for every
    catalog, counted as the translation statistics count (and from the same cache: the
    build's pre-check has parsed and checked every catalog already)."""
    from samizdat.i18n.stats import catalog_counts

    return {(lang, docname): round(c.percent) for lang, docname, c in catalog_counts(cfg, []) if c.total}


def page_percentages(cfg: Config, table: dict[tuple[str, str], float] | None = None):
    """``percent("uk/html/alpha/first")`` -> the share of that page's catalog translated
    (None without a catalog)."""
    table = catalog_percentages(cfg) if table is None else table

    def percent(key: str) -> float | None:
        lang, rest = key.split("/", 1)
        for site in sorted(SITES, key=len, reverse=True):
            if rest.startswith(site + "/"):
                return table.get((lang, rest[len(site) + 1:]))
        return None

    return percent


def fill_site_links(cfg: Config, release: Path, translated: dict[tuple[str, str], float] | None = None,
                    languages: tuple[str, ...] | None = None) -> int:
    """Run the pass over every site page of ``release`` (or of ``languages`` only: a
    language neither rebuilt nor touched by a catalog change keeps the pages the last
    pass wrote); return the pages rewritten. ``translated``: ``catalog_percentages``,
    when the build has read it already."""
    of_catalog = page_percentages(cfg, translated)

    def percent(key: str) -> float | None:  # only for a page the release has (a one-language build)
        return of_catalog(key) if (release / f"{key}.html").is_file() else None

    changed = 0
    for lang in languages if languages is not None else cfg.all_languages:
        for site in SITES:
            root = release / lang / site
            if not root.is_dir():
                continue
            for page in sorted(root.rglob("*.html")):
                old = page.read_text(encoding="utf-8")
                if "data-sz-" not in old:
                    continue
                new = fill_page(old, page, lang, percent)
                if new != old:
                    tmp = page.with_name(page.name + ".tmp")
                    tmp.write_text(new, encoding="utf-8")
                    os.replace(tmp, page)  # a new file: never writes through a hard link
                    changed += 1
    return changed
