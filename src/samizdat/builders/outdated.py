"""Sphinx's HTML-family builders decide what to rewrite from the *source* file's mtime.
When several builders share one doctree cache, only the first one to run sees the
re-read documents as updated; the others would keep pages written from old doctrees
(after a translation, label or code change). This mixin also rewrites a page whose
doctree is newer than it."""

from __future__ import annotations

from pathlib import Path


class DoctreeAwareOutdated:
    def get_outdated_docs(self):  # type: ignore[override]
        seen = set()
        for docname in super().get_outdated_docs():  # type: ignore[misc]
            seen.add(docname)
            yield docname
        for docname in sorted(self.env.found_docs - seen):
            target = Path(self.get_outfilename(docname))
            doctree = Path(self.doctreedir) / f"{docname}.doctree"
            if not target.exists() or (doctree.exists() and doctree.stat().st_mtime > target.stat().st_mtime):
                yield docname


class CleanImagesMixin:
    """After Sphinx copies the images next to the pages, replace each with a copy that
    has no metadata (before the EPUB is zipped)."""

    def copy_image_files(self) -> None:
        super().copy_image_files()  # type: ignore[misc]
        from samizdat.core.images import clean_in_place

        for dest in getattr(self, "images", {}).values():
            path = Path(self.outdir) / self.imagedir / dest
            if path.is_file():
                clean_in_place(path)


class TemplateCacheMixin:
    """Keep Jinja's compiled templates between builds (per language, in the cache):
    compiling the theme's templates was a tenth of a second of every rebuild."""

    def init_templates(self) -> None:
        super().init_templates()  # type: ignore[misc]
        from jinja2 import FileSystemBytecodeCache

        folder = Path(self.doctreedir).parent / "jinja"  # type: ignore[attr-defined]
        folder.mkdir(parents=True, exist_ok=True)
        self.templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))  # type: ignore[attr-defined]
