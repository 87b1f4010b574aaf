"""Visible text of print and deck outputs, for the leak scan and tests.

For decks only what is *on the slides* counts: speaker notes (reveal.js ``<aside
class="notes">``, PPTX notes pages) are meant for the presenter."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterator

from samizdat.core.errors import ContentError, Problem

NOTES_RE = re.compile(r'<aside class="notes">.*?</aside>', re.S)
TAG_RE = re.compile(r"<[^>]+>")
SCRIPT_RE = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.S)
A_T_RE = re.compile(r"<a:t>([^<]*)</a:t>")


def _text(markup: str) -> str:
    import html

    return " ".join(html.unescape(TAG_RE.sub(" ", SCRIPT_RE.sub(" ", markup))).split())


def deck_slide_text(path: Path) -> str:
    """What an audience sees on a deck's slides (no speaker notes)."""
    if path.suffix == ".html":
        return _text(NOTES_RE.sub(" ", path.read_text(encoding="utf-8")))
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        return " ".join(" ".join(A_T_RE.findall(z.read(n).decode("utf-8"))) for n in sorted(parts))


def deck_notes_text(path: Path) -> str:
    if path.suffix == ".html":
        return _text(" ".join(NOTES_RE.findall(path.read_text(encoding="utf-8"))))
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.match(r"ppt/notesSlides/notesSlide\d+\.xml$", n)]
        return " ".join(" ".join(A_T_RE.findall(z.read(n).decode("utf-8"))) for n in sorted(parts))


class ExtractionError(ContentError):
    """A tool could not give the text of an artefact: a scan of nothing must not pass."""

    def __init__(self, path: Path, message: str):
        super().__init__([Problem(str(path), 0, message)])


def pdf_text(path: Path) -> str:
    """Text of a PDF as pdftotext gives it (poppler), or pypdf's where poppler is missing.

    Fails closed: pdftotext's failure (its exit status, with its stderr) or a PDF that
    gives no text at all raises ``ExtractionError`` rather than returning '' (every page
    samizdat prints has at least its running footer)."""
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        res = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
        if res.returncode != 0:
            stderr = res.stderr.decode("utf-8", "replace").strip()
            raise ExtractionError(path, f"pdftotext failed (exit {res.returncode}): {stderr or 'no message'}")
        text = " ".join(res.stdout.decode("utf-8", "replace").split())
    else:
        from pypdf import PdfReader

        try:
            text = " ".join(" ".join((pg.extract_text() or "") for pg in PdfReader(path).pages).split())
        except Exception as exc:  # pypdf's errors have no common base class
            raise ExtractionError(path, f"pypdf could not read it: {exc}") from None
    if not text:
        raise ExtractionError(path, "no text could be extracted from this PDF")
    return text


def office_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        name = "word/document.xml" if path.suffix == ".docx" else "content.xml"
        return _text(z.read(name).decode("utf-8"))


def artefact_text(path: Path, audience: str) -> str | None:
    """What a learner (or, for a presenter's deck, the room) sees in one file; None for a
    file that carries no text (fonts, images, scripts)."""
    if audience == "presenter" and path.suffix in (".html", ".pptx"):
        return deck_slide_text(path)  # the slides; speaker notes are for the presenter
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix in (".docx", ".odt"):
        return office_text(path)
    if path.suffix == ".pptx":
        return deck_slide_text(path)
    if path.suffix in (".html", ".xhtml"):
        return _text(path.read_text(encoding="utf-8"))
    if path.suffix in (".txt", ".md"):
        return " ".join(path.read_text(encoding="utf-8").split())
    return None


def extra_learner_texts(base: Path) -> Iterator[tuple[str, str]]:
    """Text that learners or a room see, in every output of the registry whose audience
    is not the facilitator (the site and EPUB are read by the leak scan itself), under
    build/<lang>/. From the registry, so a new output is scanned without anyone
    remembering to add it here."""
    from samizdat.core.outputs import REGISTRY

    for output in REGISTRY:
        if output.audience == "facilitator" or output.name in ("html", "epub"):
            continue
        for folder in dict.fromkeys(part.stage_to for part in output.parts):
            root = base / folder
            for p in sorted(root.rglob("*")) if root.is_dir() else []:
                if p.is_file() and "_assets" not in p.relative_to(root).parts:
                    text = artefact_text(p, output.audience)
                    if text is not None:
                        yield str(p), text
