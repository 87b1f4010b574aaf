"""The shared skeleton of builders that write one or more files per module (decks,
handouts, facilitator packs): which modules are stale, and where their files go."""

from __future__ import annotations

from pathlib import Path

from sphinx.builders import Builder
from sphinx.util import logging

from samizdat.core.design import design_hash
from samizdat.core.errors import ContentError
from samizdat.writers.pandoc_batch import PandocBatch

logger = logging.getLogger(__name__)


class ModuleBuilder(Builder):
    """Subclasses set ``suffixes`` (the files written per module) and implement
    ``write_module``; ``design_dirs`` are the design folders their output depends on."""

    suffixes: tuple[str, ...] = ()
    design_dirs: tuple[str, ...] = ()
    epilog = ""

    def init(self) -> None:
        self.samizdat_config = self.app.samizdat_config  # type: ignore[attr-defined]
        self.curriculum = self.app.samizdat_curriculum  # type: ignore[attr-defined]
        root = self.samizdat_config.root
        self.design_key = design_hash(*(root / d for d in self.design_dirs)) + ":" + self.config.samizdat_code_hash
        self.stamp = Path(self.outdir) / ".samizdat-design"
        self.failures: list = []
        from samizdat.core.images import ImageCache

        self.image_cache = ImageCache(Path(self.doctreedir).parent)

    def module_docnames(self) -> list[str]:
        """The modules this build writes: all, or those of the themes given with --theme."""
        themes = self.config.samizdat_themes
        return [m.docname for m in self.curriculum.modules if not themes or m.theme in themes]

    def targets(self, docname: str) -> list[Path]:
        return [Path(self.outdir) / f"{docname}{s}" for s in self.suffixes]

    def get_outdated_docs(self):
        design_changed = not self.stamp.is_file() or self.stamp.read_text() != self.design_key
        for docname in self.module_docnames():
            if docname not in self.env.found_docs:
                continue
            if design_changed:
                yield docname
                continue
            src = self.env.doc2path(docname)
            doctree = Path(self.doctreedir) / f"{docname}.doctree"
            newest = max(Path(src).stat().st_mtime, doctree.stat().st_mtime if doctree.exists() else 0)
            if any(not t.exists() or t.stat().st_mtime < newest for t in self.targets(docname)):
                yield docname

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname: str, doctree) -> None:
        if docname not in self.module_docnames():
            return
        try:
            self.write_module(docname, doctree)
        except ContentError as exc:
            for p in exc.problems:
                logger.error(p.message, location=(docname, p.line or None))

    def write_module(self, docname: str, doctree) -> None:
        raise NotImplementedError

    @property
    def pandoc(self) -> PandocBatch:
        """The language's one pandoc process: ``run_builders`` shares it between builders
        and waits for it at the end, so pandoc works while the PDFs are laid out."""
        return self.app.samizdat_pandoc  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.finish_outputs()
        self.stamp.write_text(self.design_key)

    def finish_outputs(self) -> None:
        pass
