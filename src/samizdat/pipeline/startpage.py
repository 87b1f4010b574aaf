"""The start page at the top of a release (``build/current/index.html``) and of every kit:
the languages by their own names, each in its own language; the way into each language's
site; what each kit holds and for whom; how to check a copy. Static HTML, no script, the
site's Content-Security-Policy.

Every site page may link ``../../index.html#kit-<lang>`` (from ``<lang>/html/``): that
anchor exists on the release's start page (links to the kits) and on each kit's own start
page (which kit this is), so the link never breaks, in the build or in an unzipped kit.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from samizdat.core.config import Config
from samizdat.sphinx_ext.html import CSP, native_name
from samizdat.sphinx_ext.labels import label_catalog

START = "index.html"
STYLE = "start.css"  # beside the start page: the CSP allows no inline style

CSS = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       max-width: 44rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
a { color: #0b4f9c; }
a:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; font-size: 1.15rem; }
section { border-top: 1px solid #767676; margin-top: 1.5rem; }
code { background: #f2f2f2; padding: 0.1rem 0.3rem; overflow-wrap: anywhere; }
"""


@dataclass(frozen=True)
class KitLink:
    """A kit as the start page shows it."""

    kind: str       # learner, facilitator or discreet
    lang: str
    path: str       # inside the release, e.g. kits/samizdat-uk.zip
    bytes: int


@lru_cache(maxsize=None)
def _catalog(lang: str, locales: Path) -> dict[str, str]:
    path = label_catalog(lang, locales)
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: m.string for m in cat if isinstance(m.id, str) and m.string and not m.fuzzy}


def translator(cfg: Config, lang: str):
    """samizdat's own labels in ``lang`` (the start page is written outside Sphinx)."""
    table = _catalog(lang, cfg.locales_dir) if lang != "en" else {}
    return lambda msg: table.get(msg, msg)


def megabytes(n: int, lang: str, _) -> str:
    return _("%s MB") % format_decimal(round(n / 1_000_000, 1), format="#,##0.0", locale=lang).replace(" ", "\u00a0")


def site_title(release: Path, lang: str, site: str = "html") -> str | None:
    """The title of a language's site as its home page shows it (None: no site)."""
    page = release / lang / site / "index.html"
    if not page.is_file():
        return None
    m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    if not m:
        return None
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).split(" \u2014 ")[0].strip()  # "Title — Site": the site's


def _(message: str) -> str:
    """Marks a label for extraction (``samizdat i18n sync --labels``); translated when a
    page is written, in each section's language."""
    return message


# (the link's label, the sentence a kit's own start page opens with, what it holds and for whom)
KIT_LABELS = {
    "learner": (_("Learner kit"), _("This folder is the learner kit."),
                _("For learners: the site, handouts, zines, slide decks and e-book in this language, without facilitator packs.")),
    "facilitator": (_("Facilitator kit"), _("This folder is the facilitator kit."),
                    _("For facilitators: the facilitator packs, the facilitator site and the slide decks with speaker notes.")),
    "discreet": (_("Discreet kit"), _("This folder is the discreet kit."),
                 _("The learner kit under neutral file names and titles. Anyone who opens the files still sees what they are about.")),
}


def _section(cfg: Config, lang: str, files: set[str], kits: list[KitLink], inside: str | None, title: str | None,
             release: Path) -> str:
    """One language's part of a start page (``files``: the paths beside it). ``inside``:
    the kind of kit this page opens (None on the release's own start page)."""
    _ = translator(cfg, lang)
    e = html.escape
    name = native_name(lang)
    out = [f'<section id="lang-{lang}" lang="{lang}" aria-labelledby="h-{lang}">', f'<h2 id="h-{lang}">{e(name)}</h2>']
    if f"{lang}/html/index.html" in files and inside != "facilitator":
        label = e(title or (site_title(release, lang) if release is not None else None) or name)
        out.append(f'<p><a href="{lang}/html/index.html">{e(_("Open the site"))}</a>: {label}</p>')
    if f"{lang}/facilitator/html/index.html" in files and inside in (None, "facilitator"):
        out.append(f'<p><a href="{lang}/facilitator/html/index.html">{e(_("Open the facilitator site"))}</a> '
                   f'{e(_("(activity steps, timings and facilitator notes: not for learners)"))}</p>')
    books = sorted(p for p in files if p.startswith(f"{lang}/epub/") and p.endswith(".epub"))
    for book in books:
        out.append(f'<p><a href="{e(book)}">{e(_("The e-book (EPUB)"))}</a></p>')
    if inside is not None:
        _label, this, what = KIT_LABELS[inside]
        out.append(f'<h3 id="kit-{lang}">{e(_("This kit"))}</h3>')
        out.append(f"<p>{e(_(this))} {e(_(what))}</p>")
    else:
        out.append(f'<h3 id="kit-{lang}">{e(_("Kits"))}</h3>')
        mine = [k for k in kits if k.lang == lang]
        if mine:
            out.append(f"<p>{e(_('A kit is one zip file to copy to a USB stick or send on: unzip it and open its index.html.'))}</p><ul>")
            for k in mine:
                label, _this, what = KIT_LABELS[k.kind]
                out.append(f'<li><a href="{e(k.path)}" download>{e(_(label))}</a> ({e(megabytes(k.bytes, lang, _))}). {e(_(what))}</li>')
            out.append("</ul>")
        else:
            out.append(f"<p>{e(_('No kit was made for this language in this build.'))}</p>")
    out.append(f'<h3 id="verify-{lang}">{e(_("How to check a copy"))}</h3>')
    out.append(f"<p>{e(_('A copy can be damaged or changed on its way to you. If you have samizdat, check the folder before you open anything in it:'))}</p>")
    out.append(f'<p><code>samizdat verify {e(_("FOLDER"))} --key {e(_("PUBLIC-KEY"))}</code></p>')
    out.append(f"<p>{e(_('It names every file that was changed, is missing or was added. The public key, from the people who made the copy, shows that they made it; without it, anyone who changed the files could have rewritten the list of files too.'))}</p>")
    out.append("</section>")
    return "\n".join(out)


def start_page(cfg: Config, files: set[str], languages: list[str], kits: list[KitLink], inside: str | None = None,
               title: str | None = None, extra: str = "", release: Path | None = None) -> str:
    """The start page's HTML. ``title``: the page's and sites' title (the discreet kit's
    neutral one); ``extra``: links that only the release's page has (translation status)."""
    e = html.escape
    heading = title or f"{cfg.title} {cfg.edition}"
    nav = "".join(f'<li><a href="#lang-{code}" lang="{code}" hreflang="{code}">{e(native_name(code))}</a></li>' for code in languages)
    sections = "\n".join(_section(cfg, lang, files, kits, inside, title, release) for lang in languages)
    return f"""<!DOCTYPE html>
<html lang="{cfg.source_language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{STYLE}">
<title>{e(heading)}</title>
</head>
<body>
<main>
<h1>{e(heading)}</h1>
<nav aria-label="Languages"><ul>{nav}</ul></nav>
{sections}
{extra}
</main>
</body>
</html>
"""


def write_start_page(path: Path, page: str) -> None:
    path.write_text(page, encoding="utf-8")


def _mark_for_extraction() -> None:  # pragma: no cover - read by the label extractor only
    """Labels used inside f-strings, which babel's extractor does not look into."""
    _('Open the site')
    _('Open the facilitator site')
    _('(activity steps, timings and facilitator notes: not for learners)')
    _('The e-book (EPUB)')
    _('This kit')
    _('Kits')
    _('How to check a copy')
    _('FOLDER')
    _('PUBLIC-KEY')
    _('A kit is one zip file to copy to a USB stick or send on: unzip it and open its index.html.')
    _('No kit was made for this language in this build.')
    _('A copy can be damaged or changed on its way to you. If you have samizdat, check the folder before you open anything in it:')
    _('It names every file that was changed, is missing or was added. The public key, from the people who made the copy, shows that they made it; without it, anyone who changed the files could have rewritten the list of files too.')
