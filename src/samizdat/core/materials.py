"""What the sites link to beside a page: each material's file, by page kind, next to
the output registry (``core.outputs``) whose files they are.

A path is inside ``build/<lang>/`` with ``{theme}``, ``{module}`` and ``{lang}`` filled
in. The sites list every entry for a page; the release's link pass
(``pipeline.site_links``) keeps a link only when its file is in the release and writes its
size beside it, so an entry for an output that is not registered or not built (the
mini-zines until their builder exists, ``--format html`` alone, ``--theme``) shows
nothing and links nowhere."""

from __future__ import annotations

from dataclasses import dataclass


def _(message: str) -> str:
    """Marks a label for extraction (samizdat's label catalogs); the sites translate it."""
    return message


@dataclass(frozen=True)
class Material:
    group: str      # the group's label (a samizdat label msgid)
    label: str      # the link's label (a samizdat label msgid)
    path: str       # inside build/<lang>/
    scope: str      # "module", "theme" or "home": the page that lists it
    site: str = "both"  # "learner" (reader site), "facilitator" (facilitator site) or "both"


MATERIALS: tuple[Material, ...] = (
    Material(_("Handout"), _("PDF, A4"), "handouts/{theme}/{module}-a4.pdf", "module"),
    Material(_("Handout"), _("PDF, US Letter"), "handouts/{theme}/{module}-letter.pdf", "module"),
    Material(_("Handout"), _("Word (DOCX)"), "handouts/{theme}/{module}.docx", "module"),
    Material(_("Handout"), _("OpenDocument (ODT)"), "handouts/{theme}/{module}.odt", "module"),
    Material(_("Slides"), _("In the browser (reveal.js)"), "slides/{theme}/{module}.html", "module"),
    Material(_("Slides"), _("PowerPoint (PPTX)"), "slides/{theme}/{module}.pptx", "module"),
    Material(_("Mini-zine of this module"), _("A4, one sheet"), "zines/{theme}/{module}-mini-a4.pdf", "module"),
    Material(_("Mini-zine of this module"), _("US Letter, one sheet"), "zines/{theme}/{module}-mini-letter.pdf", "module"),
    Material(_("Zine of this theme"), _("A4 booklet"), "zines/{theme}-a4.pdf", "module"),
    Material(_("Zine of this theme"), _("US Letter booklet"), "zines/{theme}-letter.pdf", "module"),
    Material(_("Zine of this theme"), _("A5, for screens"), "zines/{theme}-a5.pdf", "module"),
    Material(_("Facilitator pack"), _("PDF, A4"), "facilitator/pdf/{theme}/{module}.pdf", "module", "facilitator"),
    Material(_("Zine of this theme"), _("A4 booklet"), "zines/{theme}-a4.pdf", "theme"),
    Material(_("Zine of this theme"), _("US Letter booklet"), "zines/{theme}-letter.pdf", "theme"),
    Material(_("Zine of this theme"), _("A5, for screens"), "zines/{theme}-a5.pdf", "theme"),
    Material(_("Run sheet"), _("Web page"), "facilitator/run-sheets/{theme}/run-sheet.html", "theme", "facilitator"),
    Material(_("Run sheet"), _("PDF, A4"), "facilitator/run-sheets/{theme}/run-sheet.pdf", "theme", "facilitator"),
    Material(_("The whole curriculum"), _("EPUB (e-readers, phones)"), "epub/samizdat-{lang}.epub", "home"),
    Material(_("Before printing zines: the print test"), _("A4, one sheet"), "zines/print-test-a4.pdf", "home"),
    Material(_("Before printing zines: the print test"), _("US Letter, one sheet"), "zines/print-test-letter.pdf", "home"),
)

#: the release's start page, at each language's kit (made by pipeline.publish), from build/<lang>/
KIT_LINK = "../index.html#kit-{lang}"


def materials_for(scope: str, site: str) -> list[Material]:
    """The entries a page of ``scope`` lists on the ``site`` ("learner" or "facilitator")."""
    return [m for m in MATERIALS if m.scope == scope and m.site in ("both", site)]
