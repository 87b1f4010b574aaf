"""``samizdat build --discreet``: the same content under neutral file names, with neutral
titles in every file's metadata, so a file list, a phone's search or a quick look at a
border shows nothing about the subject. It does not hide the content from someone who
opens the files (see README, "Safety")."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter

from .config import Config
from .reproducible import repack_zip


def neutral_names(cfg: Config) -> dict[str, str]:
    """module docname -> "07", theme folder -> "03": numbers only."""
    names: dict[str, str] = {}
    n = 0
    for t_i, theme in enumerate(cfg.themes, 1):
        names[theme.folder] = f"{t_i:02d}"
        for module in theme.modules:
            n += 1
            names[f"{theme.folder}/{module}"] = f"{n:02d}"
    return names


def _pdf(src: Path, dst: Path, title: str) -> None:
    reader = PdfReader(src)
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Title": title, "/Subject": "", "/Keywords": "", "/Author": "", "/Creator": "", "/Producer": ""})
    writer._ID = reader.trailer.get("/ID")
    with dst.open("wb") as f:
        writer.write(f)


def _zip(src: Path, dst: Path, title: str, first: str) -> None:
    with zipfile.ZipFile(src) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    t = escape(title).encode()
    for name, data in list(entries.items()):
        if name in ("content.opf", "docProps/core.xml", "meta.xml"):
            data = re.sub(rb"(<dc:title[^>]*>)[^<]*(</dc:title>)", rb"\1" + t + rb"\2", data)
            data = re.sub(rb"(<dc:description[^>]*>)[^<]*(</dc:description>)", rb"\1\2", data)
        elif name == "toc.ncx":
            data = re.sub(rb"(<docTitle>\s*<text>)[^<]*(</text>)", rb"\1" + t + rb"\2", data)
        entries[name] = data
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    repack_zip(dst, first=first)


def write_discreet(cfg: Config, release: Path, languages: tuple[str, ...]) -> Path:
    out_root = release / "discreet"
    names = neutral_names(cfg)
    for lang in languages:
        base, out = release / lang, out_root / lang
        out.mkdir(parents=True, exist_ok=True)
        epub = base / "epub" / f"samizdat-{lang}.epub"
        if epub.is_file():
            _zip(epub, out / f"reader-{lang}.epub", "Reader", "mimetype")
        for theme in cfg.themes:
            t = names[theme.folder]
            for size in ("a4", "letter", "a5"):
                z = base / "zines" / f"{theme.folder}-{size}.pdf"
                if z.is_file():
                    _pdf(z, out / f"zine-{t}-{size}.pdf", f"Zine {t}")
            for module in theme.modules:
                m = names[f"{theme.folder}/{module}"]
                for size in ("a4", "letter"):
                    h = base / "handouts" / theme.folder / f"{module}-{size}.pdf"
                    if h.is_file():
                        _pdf(h, out / f"module-{m}-{size}.pdf", f"Module {m}")
                for ext, first in (("docx", "[Content_Types].xml"), ("odt", "mimetype")):
                    d = base / "handouts" / theme.folder / f"{module}.{ext}"
                    if d.is_file():
                        _zip(d, out / f"module-{m}.{ext}", f"Module {m}", first)
                deck = base / "slides" / theme.folder / f"{module}.pptx"
                if deck.is_file():
                    _zip(deck, out / f"slides-{m}.pptx", f"Slides {m}", "[Content_Types].xml")
                pack = base / "facilitator" / "pdf" / theme.folder / f"{module}.pdf"
                if pack.is_file():
                    _pdf(pack, out / f"notes-{m}.pdf", f"Notes {m}")
    return out_root
