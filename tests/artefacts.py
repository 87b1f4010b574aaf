"""What the built artefacts contain, read from the artefacts themselves: a page's language
and title, a deck's slides (title, body, notes), an EPUB's documents in reading order.
Every reader fails when it finds nothing to read, so a test built on it cannot pass on
an empty file; ``run_tool`` fails on a tool's failure, with the tool's stderr."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

TAG_RE = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """The visible words of a piece of markup, whitespace collapsed."""
    return " ".join(html.unescape(TAG_RE.sub(" ", markup)).split())


def run_tool(*args: str | Path, **kwargs) -> str:
    """A tool's stdout; an AssertionError with its stderr when it exits non-zero."""
    res = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert res.returncode == 0, f"{Path(str(args[0])).name} failed (exit {res.returncode}): {res.stderr.strip()[-2000:]}"
    return res.stdout


def page_lang_and_title(page: Path | str) -> tuple[str, str]:
    """``<html lang=..>`` and ``<title>`` of an HTML or XHTML page (a path, or its text)."""
    text = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    lang = re.search(r"<html\b[^>]*?\slang=\"([^\"]+)\"", text)
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    assert lang and title, f"{page if isinstance(page, Path) else page[:200]}: no <html lang> or no <title>"
    return lang.group(1), plain(title.group(1))


@dataclass
class Slide:
    title: str
    body: str  # what the audience sees
    notes: str  # speaker notes
    classes: tuple[str, ...] = ()


NOTES_RE = re.compile(r'<aside class="notes">(.*?)</aside>', re.S)


def html_deck_slides(path: Path) -> list[Slide]:
    """The slides of a reveal.js deck, in order (pandoc writes one flat ``<section>`` per slide)."""
    text = path.read_text(encoding="utf-8")
    slides = []
    for attrs, inner in re.findall(r'<section\b([^>]*)>(.*?)</section>', text, re.S):
        head = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", inner, re.S)
        notes = " ".join(NOTES_RE.findall(inner))
        cls = re.search(r'class="([^"]*)"', attrs)
        classes = tuple(cls.group(1).split()) if cls else ()
        body = NOTES_RE.sub(" ", inner[head.end():] if head else inner)
        slides.append(Slide(plain(head.group(1)) if head else "", plain(body), plain(notes), classes))
    assert slides, f"{path}: no slides"
    return slides


A_P_RE = re.compile(r"<a:p>.*?</a:p>|<a:p .*?</a:p>", re.S)


def _shape_texts(xml: str) -> list[tuple[bool, str]]:
    """(is a title placeholder, text) for each shape of a PPTX slide part."""
    out = []
    for shape in re.findall(r"<p:sp>.*?</p:sp>", xml, re.S):
        if re.search(r'<p:ph type="(?:sldNum|sldImg|dt|ftr|hdr)"', shape):
            continue  # slide numbers, the slide's picture on a notes page
        is_title = bool(re.search(r'<p:ph type="(?:title|ctrTitle)"', shape))
        text = " ".join(" ".join(re.findall(r"<a:t>([^<]*)</a:t>", p)) for p in A_P_RE.findall(shape))
        out.append((is_title, " ".join(html.unescape(text).split())))
    return out


def pptx_slides(path: Path) -> list[Slide]:
    """The slides of a PPTX deck, in presentation order, with their notes pages."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
        targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        order = re.findall(r'<p:sldId [^>]*r:id="([^"]+)"', z.read("ppt/presentation.xml").decode())
        slides = []
        for rid in order:
            part = "ppt/" + targets[rid].lstrip("/").removeprefix("ppt/")
            shapes = _shape_texts(z.read(part).decode())
            title = " ".join(t for is_title, t in shapes if is_title)
            body = " ".join(t for is_title, t in shapes if not is_title)
            notes = ""
            rel_part = part.replace("slides/", "slides/_rels/", 1) + ".rels"
            if rel_part in names:
                m = re.search(r'Target="\.\./notesSlides/([^"]+)"', z.read(rel_part).decode())
                if m:
                    notes = " ".join(t for is_title, t in _shape_texts(z.read(f"ppt/notesSlides/{m.group(1)}").decode()) if not is_title)
            slides.append(Slide(title, body, notes))
    assert slides, f"{path}: no slides"
    return slides


@dataclass
class EpubDoc:
    href: str
    lang: str
    title: str
    text: str


def epub_documents(path: Path) -> tuple[str, list[EpubDoc]]:
    """The book's ``dc:language`` and its spine documents in reading order."""
    with zipfile.ZipFile(path) as z:
        opf = z.read("content.opf").decode("utf-8")
        lang = re.search(r"<dc:language>([^<]+)</dc:language>", opf)
        items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        docs = []
        for idref in spine:
            href = items[idref]
            text = z.read(href).decode("utf-8")
            doc_lang, title = page_lang_and_title(text)
            docs.append(EpubDoc(href, doc_lang, title, plain(re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S))))
    assert lang and docs, f"{path}: no dc:language or an empty spine"
    return lang.group(1), docs
