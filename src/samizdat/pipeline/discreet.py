"""``samizdat build --discreet``: the same content under neutral file names, with neutral
titles in every file's metadata, so a file list, a phone's search or a quick look at a
border shows nothing about the subject. It does not hide the content from someone who
opens the files (see README, "Safety")."""

from __future__ import annotations

import html
import re
import uuid
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pypdf import PdfReader, PdfWriter

from samizdat.core.config import Config
from samizdat.core.reproducible import read_zip, write_zip

# uuid5 namespace of discreet EPUB identifiers (any fixed value; this one is random)
DISCREET_NS = uuid.UUID("6f1d8c62-3b0e-4c55-9f0a-2d5b7e41a9c3")
UID_ID = "book-id"


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
    """An office file (DOCX, ODT, PPTX) with a neutral title and no description."""
    entries = read_zip(src)
    t = escape(title).encode()
    for name in ("docProps/core.xml", "meta.xml"):
        if name in entries:
            data = re.sub(rb"(<dc:title[^>]*>)[^<]*(</dc:title>)", rb"\1" + t + rb"\2", entries[name])
            entries[name] = re.sub(rb"(<dc:description[^>]*>)[^<]*(</dc:description>)", rb"\1\2", data)
    write_zip(dst, entries, first=first)


def discreet_uid(cfg: Config, lang: str) -> str:
    """A neutral, stable identifier: the same book (project, edition, language) always gets
    the same one, so readers' libraries don't duplicate it, and no word of any title shows."""
    return "urn:uuid:" + str(uuid.uuid5(DISCREET_NS, "\n".join((cfg.title, cfg.edition, lang))))


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _opf(data: str, cfg: Config, title: str, uid: str) -> str:
    # no credits, no description; neutral title and identifier; the licence without a holder
    for tag in ("creator", "contributor", "publisher", "description"):
        data = re.sub(rf"[ \t]*<dc:{tag}\b[^>]*(?:/>|>.*?</dc:{tag}>)[ \t]*\n?", "", data, flags=re.S)
    data = re.sub(r"<dc:title\b[^>]*>.*?</dc:title>", f"<dc:title>{escape(title)}</dc:title>", data, count=1, flags=re.S)
    data = re.sub(r"<dc:rights\b[^>]*>.*?</dc:rights>", f"<dc:rights>{escape(cfg.licence)}</dc:rights>", data, flags=re.S)
    n = 0

    def identifier(m: re.Match) -> str:  # the first becomes the neutral one; any other goes
        nonlocal n
        n += 1
        return f'{m.group(1)}<dc:identifier id="{UID_ID}">{escape(uid)}</dc:identifier>{m.group(2)}' if n == 1 else ""

    data = re.sub(r"([ \t]*)<dc:identifier\b[^>]*>.*?</dc:identifier>([ \t]*\n?)", identifier, data, flags=re.S)
    data = re.sub(r'unique-identifier="[^"]*"', f'unique-identifier="{UID_ID}"', data, count=1)
    if n != 1 or f'unique-identifier="{UID_ID}"' not in data:
        raise RuntimeError("discreet EPUB: the package document has no identifier to replace (has the EPUB builder changed?)")
    return data


def _ncx(data: str, title: str, uid: str) -> str:
    data = re.sub(r'(<meta\s+name="dtb:uid"\s+content=)"[^"]*"', lambda m: m.group(1) + quoteattr(uid), data)
    data = re.sub(r"(<docTitle>\s*<text>).*?(</text>)", lambda m: m.group(1) + escape(title) + m.group(2), data, flags=re.S)
    return re.sub(r"[ \t]*<docAuthor>.*?</docAuthor>[ \t]*\n?", "", data, flags=re.S)


def _xhtml(data: str, cfg: Config, title: str) -> str:
    """Neutral <title>; the colophon (the title page's credits and title line) without
    credits and with the neutral title."""
    old_title = re.search(r"<title>(.*?)</title>", data, re.S)
    data = re.sub(r"<title>.*?</title>", f"<title>{escape(title)}</title>", data, count=1, flags=re.S)
    names = {cfg.title} | ({_text(old_title.group(1)).strip()} if old_title else set())
    credits = [c for c in cfg.credits if c.strip()]

    def paragraph(m: re.Match) -> str:
        whole, attrs = m.group(2), m.group(3)
        text = _text(whole)
        if "sz-label" in attrs:
            return m.group(0)
        if any(c.casefold() in text.casefold() for c in credits):
            return ""  # the credits line
        changed = text
        for name in sorted((n for n in names if n), key=len, reverse=True):
            changed = changed.replace(name, title)
        return m.group(0) if changed == text else f"{m.group(1)}<p>{escape(changed)}</p>{m.group(4)}"

    def colophon(m: re.Match) -> str:
        return re.sub(r"([ \t]*)(<p\b([^>]*)>.*?</p>)(\n?)", paragraph, m.group(0), flags=re.S)

    return re.sub(r'<div class="[^"]*\bsz-colophon\b[^"]*">.*?</div>', colophon, data, flags=re.S)


def _metadata(name: str, data: str) -> tuple[list[str], list[str]]:
    """What readers, libraries and searches show of an EPUB file, as (everything, titles):
    everything is the package's metadata, the NCX's head and title, each page's head and
    the colophon; titles are only the fields that hold a title or an identifier (the
    package's Dublin Core fields, the NCX's identifier and title, each page's <title>)."""
    if name.endswith(".opf"):
        package = re.findall(r"<package\b[^>]*>", data)
        return package + re.findall(r"<metadata\b.*?</metadata>", data, re.S), package + re.findall(r"<dc:\w+\b.*?(?:/>|</dc:\w+>)", data, re.S)
    if name.endswith(".ncx"):
        titles = re.findall(r'<meta\s+name="dtb:uid"[^>]*>', data) + re.findall(r"<doc(?:Title|Author)>.*?</doc(?:Title|Author)>", data, re.S)
        return re.findall(r"<head>.*?</head>", data, re.S) + titles, titles
    if name.endswith((".xhtml", ".html")):
        colophon = re.findall(r'<div class="[^"]*\bsz-colophon\b.*?</div>', data, re.S)
        return re.findall(r"<head>.*?</head>", data, re.S) + colophon, re.findall(r"<title>.*?</title>", data, re.S)
    return [], []


def check_discreet_epub(entries: dict[str, bytes], cfg: Config, title: str) -> list[str]:
    """What still names the makers or the subject: a credit or the project's title in the
    metadata or the colophon, a theme's or module's title (the table of contents' labels)
    in a title or identifier field. Empty when the book is discreet."""
    texts = {n: d.decode("utf-8", "replace") for n, d in entries.items() if n.endswith((".opf", ".ncx", ".xhtml", ".html"))}
    labels = {_text(t).strip() for d in texts.values() for t in re.findall(r"<navLabel>\s*<text>(.*?)</text>", d, re.S)}
    makers = {c.strip() for c in cfg.credits} | {cfg.title}
    found = []
    for name, data in sorted(texts.items()):
        everything, titles = _metadata(name, data)
        for words, where in ((makers, everything), (labels - makers, titles)):
            for w in sorted(words):
                if w and w.casefold() not in title.casefold() and any(
                        w.casefold() in _text(f).casefold() or w.casefold() in f.casefold() for f in where):
                    found.append(f"{name}: {w!r}")
    return found


def _epub(src: Path, dst: Path, cfg: Config, lang: str, title: str) -> None:
    """The reader's EPUB without credits and with a neutral title and identifier, in
    the package document, the NCX and every page (the colophon included)."""
    entries = read_zip(src)
    uid = discreet_uid(cfg, lang)
    for name, raw in list(entries.items()):
        if name == "mimetype" or not name.endswith((".opf", ".ncx", ".xhtml", ".html")):
            continue
        data = raw.decode("utf-8")
        if name.endswith(".opf"):
            data = _opf(data, cfg, title, uid)
        elif name.endswith(".ncx"):
            data = _ncx(data, title, uid)
        elif name != "nav.xhtml":
            data = _xhtml(data, cfg, title)
        entries[name] = data.encode("utf-8")
    found = check_discreet_epub(entries, cfg, title)
    if found:  # fail loudly rather than ship a "discreet" book that names its makers or subject
        raise RuntimeError(f"discreet EPUB {dst.name}: still named in its metadata: {'; '.join(found)}")
    write_zip(dst, entries, first="mimetype")


def write_discreet(cfg: Config, release: Path, languages: tuple[str, ...]) -> Path:
    out_root = release / "discreet"
    names = neutral_names(cfg)
    for lang in languages:
        base, out = release / lang, out_root / lang
        out.mkdir(parents=True, exist_ok=True)
        epub = base / "epub" / f"samizdat-{lang}.epub"
        if epub.is_file():
            _epub(epub, out / f"reader-{lang}.epub", cfg, lang, "Reader")
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
