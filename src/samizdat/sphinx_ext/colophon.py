"""The colophon every artefact carries: title, edition and date, licence, credits, the
legal caveat, and the licences of what samizdat bundles into outputs."""

from __future__ import annotations

from samizdat.core.config import Config
from samizdat.sphinx_ext import labels


def site_title(titles, cfg: Config) -> str:
    """The curriculum's title as readers see it: the home page's ``# Title`` in this
    language (``titles`` is Sphinx's ``env.titles`` or a docname -> text mapping), or
    curriculum.yaml's working title before the home page is read. The one place it is
    looked up."""
    t = titles.get("index")
    if t is None:
        return cfg.title
    return t.astext() if hasattr(t, "astext") else str(t)


def colophon_lines(cfg: Config, title: str, bundles: tuple[str, ...] = ("fonts",)) -> list[str]:
    lines = [
        labels._("%(title)s, edition %(edition)s (%(date)s)") % {"title": title, "edition": cfg.edition, "date": cfg.date.isoformat()},
        labels._("Licence: %s") % cfg.licence,
    ]
    if cfg.credits:
        lines.append(labels._("Credits: %s") % ", ".join(cfg.credits))
    lines.append(labels._("General information, not legal advice: check the current rules with a lawyer or a refugee-support organisation."))
    if "fonts" in bundles:
        lines.append(labels._("Fonts: PT Sans, PT Serif and IBM Plex Mono, under the SIL Open Font License 1.1."))
    if "revealjs" in bundles:
        lines.append(labels._("Slides run on reveal.js, under the MIT licence."))
    return lines
