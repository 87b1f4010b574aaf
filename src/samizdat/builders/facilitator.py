"""Facilitator packs per module (facilitator audience): objectives, materials checklist,
the agenda as a timed table with clock times, the learner content with every
facilitator note in place and visibly marked, sources with the unverified ones listed
under "check before use", and the slide outline so the deck can be followed on paper."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docutils import nodes
from reportlab.lib import colors
from reportlab.platypus import Spacer, Table, TableStyle

from samizdat.writers.pdf.paragraph import Paragraph

from samizdat.core.design import load_deck_design
from samizdat.core.model import ModuleContent
from samizdat.core.schedule import agenda, clock, parse_time
from samizdat.sphinx_ext import labels
from samizdat.sphinx_ext.audience import apply_audience
from samizdat.writers.pandoc import doctree_to_ast, plain_text
from samizdat.writers.pdf.document import Running, build_pdf, frame_width
from samizdat.writers.pdf.story import doctree_to_story
from samizdat.writers.pdf.styles import load_print_design
from samizdat.writers.slides import Limits, structure
from samizdat.sphinx_ext.colophon import colophon_lines, site_title
from samizdat.builders.handouts import colophon_story, page_label
from samizdat.builders.module_builder import ModuleBuilder


def slide_titles(doctree: nodes.document, limits: Limits, continued_label: str) -> list[str]:
    """The deck's slide titles, in order, from the presenter view of the module."""
    presenter = doctree.deepcopy()
    apply_audience(presenter, "presenter")
    blocks = structure(doctree_to_ast(presenter)["blocks"], limits, continued_label)
    return [plain_text(b["c"][2]) for b in blocks if b["t"] == "Header"]


class FacilitatorPackBuilder(ModuleBuilder):
    name = "samizdat-facilitator-pdf"
    samizdat_audience = "facilitator"
    suffixes = (".pdf",)
    design_dirs = ("handouts", "slides")

    def init(self) -> None:
        super().init()
        self.design = load_print_design(self.samizdat_config.handouts_dir, self.samizdat_config.root)
        deck = load_deck_design(self.samizdat_config.slides_dir, self.samizdat_config.root)
        self.limits = Limits(deck.max_blocks, deck.max_items)

    def write_module(self, docname: str, doctree) -> None:
        p = self.design.paragraph
        page = self.design.pages["a4"]
        width = frame_width(page)
        data = getattr(self.env, "samizdat_docs", {}).get(docname) or ModuleContent()
        module = self.curriculum.module_by_docname(docname)
        title = next(iter(doctree.findall(nodes.title))).astext()
        start = parse_time(self.samizdat_config.start_time)
        acts = data.activities

        story: list = [Paragraph(escape(title), p["h1"]), Paragraph(escape(labels._("Facilitator pack")), p["meta"])]
        core, optional = module.duration, data.optional_minutes
        totals = labels._("Duration: %s") % labels.minutes(core)
        if optional:
            totals += " " + labels._("(plus %s optional)") % labels.minutes(optional)
        story.append(Paragraph(escape(totals), p["meta"]))

        # agenda
        story.append(Paragraph(escape(labels._("Agenda")), p["h2"]))
        head = [labels._("Time"), labels._("Activity"), labels._("Minutes"), labels._("Format")]
        rows = [[Paragraph(f"<b>{escape(h)}</b>", p["table"]) for h in head]]
        optional_label = escape(labels._("optional"))
        total_label = escape(labels._("Total"))
        for slot, a in zip(agenda(acts, start), acts):
            name = escape(a.title) + (f" <i>({optional_label})</i>" if a.optional else "")
            fmt = labels.format_label(a.format)
            rows.append([Paragraph(f"{clock(slot.start)}–{clock(slot.end)}", p["table"]), Paragraph(name, p["table"]),
                         Paragraph(str(a.minutes), p["table"]), Paragraph(escape(fmt), p["table"])])
        rows.append([Paragraph("", p["table"]), Paragraph(f"<b>{total_label}</b>", p["table"]),
                     Paragraph(f"<b>{core}</b>" + (f" (+{optional})" if optional else ""), p["table"]), Paragraph("", p["table"])])
        table = Table(rows, colWidths=[width * 0.2, width * 0.5, width * 0.12, width * 0.18], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), p["table"].fontName),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [table, Spacer(1, 8)]

        # materials checklist
        if data.materials:
            story.append(Paragraph(escape(labels._("Materials checklist")), p["h2"]))
            story += [Paragraph("[  ] " + escape(m), p["body"]) for m in data.materials]

        # slide outline
        titles = slide_titles(self.env.get_doctree(docname), self.limits, labels._("(continued)"))
        story.append(Paragraph(escape(labels._("Slide outline")), p["h2"]))
        story += [Paragraph(f"{i}. {escape(t)}", p["body"]) for i, t in enumerate(titles, 1)]

        # the module itself, notes in place
        story.append(Paragraph(escape(labels._("The module, with facilitator notes")), p["h2"]))
        flow, _ = doctree_to_story(doctree.deepcopy(), self.design, width, Path(self.srcdir), image_cache=self.image_cache)
        story += flow

        # sources to check
        unverified = [s.text for s in data.sources if not s.verified]
        if unverified:
            story.append(Paragraph(escape(labels._("Check before use")), p["h2"]))
            story.append(Paragraph(escape(labels._("Nobody has checked these sources against the originals yet: check them, and the current law, before you rely on them.")), p["body"]))
            story += [Paragraph("• " + escape(s), p["body"]) for s in unverified]

        running = Running(site_title(self.env.titles, self.samizdat_config), title, page_label)
        story += colophon_story(self.design, colophon_lines(self.samizdat_config, running.left))
        build_pdf(Path(self.outdir) / f"{docname}.pdf", story, self.design, page, running, title, self.config.language,
                  subject=labels._("Facilitator pack"))
