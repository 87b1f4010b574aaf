"""Slide decks per module: reveal.js (offline) and PPTX, from the Pandoc AST.

Presenter decks (the default) carry speaker notes and share one copy of reveal.js in
``slides/_assets``; learner decks (``--single-file``) have no notes and embed everything."""

from __future__ import annotations

import json
from pathlib import Path

from samizdat.core.design import load_deck_design
from samizdat.sphinx_ext import labels
from samizdat.writers.deck import PandocError, add_csp, finalize_office, install_assets, pandoc_failure, reference_pptx, run_pandoc
from samizdat.sphinx_ext.colophon import colophon_lines, site_title
from samizdat.writers.pandoc import attr, doctree_to_ast, meta_string, plain_text, text_inlines
from samizdat.writers.slides import Limits, pptx_text_sizes, structure
from samizdat.writers.pandoc_batch import PandocJob
from samizdat.builders.module_builder import ModuleBuilder


TIMER_JS = (Path(__file__).resolve().parents[1] / "theme" / "timer.js").read_text(encoding="utf-8")


class PresenterSlidesBuilder(ModuleBuilder):
    name = "samizdat-slides"
    samizdat_audience = "presenter"
    presenter = True  # speaker notes in the deck
    suffixes = (".html", ".pptx")
    design_dirs = ("slides",)
    single_file = False

    def init(self) -> None:
        super().init()
        self.design = load_deck_design(self.samizdat_config.slides_dir, self.samizdat_config.root)
        self.limits = Limits(self.design.max_blocks, self.design.max_items)

    def deck_ast(self, docname: str, doctree) -> tuple[dict, str]:
        ast = doctree_to_ast(doctree, image_cache=self.image_cache, image_root=Path(self.srcdir))
        title = next((plain_text(b["c"][2]) for b in ast["blocks"] if b["t"] == "Header"), docname)
        blocks = structure(ast["blocks"], self.limits, labels._("(continued)"), presenter=self.presenter, say_label=labels._("What to say"),
                           sources_label=lambda n: labels.ngettext("%d source: the full list is in the handout and the speaker notes",
                                                                   "%d sources: the full list is in the handout and the speaker notes", n) % n)
        site = site_title(self.env.titles, self.samizdat_config)
        blocks.append({"t": "Header", "c": [2, attr("", ["sz-colophon"]), text_inlines(labels._("Colophon"))]})
        for line in colophon_lines(self.samizdat_config, site, ("fonts", "revealjs")):
            blocks.append({"t": "Para", "c": text_inlines(line)})
        ast["blocks"] = blocks
        ast["meta"] = {"pagetitle": meta_string(title), "lang": meta_string(self.config.language)}
        return ast, title

    def reveal_variables(self, docname: str) -> dict[str, str | list[str]]:
        """What ``-V`` and ``--css`` give pandoc's reveal.js template."""
        up = "../" * docname.count("/")
        variables: dict[str, str | list[str]] = {
            "revealjs-url": f"{up}_assets/reveal.js", "theme": "samizdat", "transition": self.design.transition,
            "hash": "true", "center": "false", "slideNumber": "true",
        }
        if self.design.custom_css:
            variables["css"] = [f"{up}_assets/custom.css"]
        variables["include-after"] = f"<script>{TIMER_JS}</script>"  # the activities' countdown
        return variables

    def write_module(self, docname: str, doctree) -> None:
        ast, title = self.deck_ast(docname, doctree)
        html = Path(self.outdir) / f"{docname}.html"
        pptx = Path(self.outdir) / f"{docname}.pptx"
        text = json.dumps(ast, ensure_ascii=False)
        html.parent.mkdir(parents=True, exist_ok=True)
        variables = self.reveal_variables(docname)
        if self.single_file:  # embedding resources is the pandoc CLI's work, not its writers'
            args = ["-s", "--slide-level=2", "--embed-resources"]
            for k, v in variables.items():
                args += [a for item in ([v] if isinstance(v, str) else v) for a in (("--css", item) if k == "css" else ("-V", f"{k}={item}"))]
            try:
                run_pandoc(ast, "revealjs", html, args, cwd=Path(self.outdir) / Path(docname).parent)
            except PandocError as exc:
                raise pandoc_failure(docname, exc) from None
            add_csp(html, True)
            return
        self.pandoc.submit(PandocJob(docname, "revealjs", html, standalone=True, slide_level=2, variables=variables,
                                    then=lambda p: add_csp(p, False)), text)
        ref = reference_pptx(Path(self.doctreedir).parent / "pptx", self.design)
        sizes = pptx_text_sizes(ast["blocks"])
        self.pandoc.submit(PandocJob(docname, "pptx", pptx, slide_level=2, reference_doc=ref,
                                    then=lambda p: finalize_office(p, title, sizes)), text)

    def get_outdated_docs(self):
        if not self.single_file:
            install_assets(Path(self.outdir) / "_assets", self.design)
        yield from super().get_outdated_docs()


class LearnerSlidesBuilder(PresenterSlidesBuilder):
    """``--single-file`` decks to send over a messenger: no notes, everything embedded."""

    name = "samizdat-slides-learner"
    # the presenter's doctree (slide blocks, slide breaks, slides-only content: the deck a
    # room sees), written without notes, so facilitator text never leaves the notes
    samizdat_audience = "presenter"
    presenter = False
    suffixes = (".html",)
    single_file = True

    def write_module(self, docname: str, doctree) -> None:
        # pandoc embeds the shared assets, so install them where the deck looks for them
        install_assets(Path(self.outdir) / "_assets", self.design)
        super().write_module(docname, doctree)
