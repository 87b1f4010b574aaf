"""``samizdat build --discreet``: the discreet kit (``kits/reader-<lang>.zip``), the whole
learner kit, site included, under neutral file names (numbers that stay with a module:
``core.numbering``), with neutral titles in every file's metadata, so a file list, a
phone's search or a quick look at a border shows nothing about the subject. It does not
hide the content from someone who opens the files (see README, "Safety")."""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pypdf import PdfReader, PdfWriter

from samizdat.core.config import Config
from samizdat.core.reproducible import read_zip, write_zip

# uuid5 namespace of discreet EPUB identifiers (any fixed value; this one is random)
DISCREET_NS = uuid.UUID("6f1d8c62-3b0e-4c55-9f0a-2d5b7e41a9c3")
UID_ID = "book-id"


def _pdf(src: Path, dst: Path, title: str) -> None:
    reader = PdfReader(src)
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Title": title, "/Subject": "", "/Keywords": "", "/Author": "", "/Creator": "", "/Producer": ""})
    writer._ID = reader.trailer.get("/ID")
    if hasattr(dst, "write"):
        writer.write(dst)
        return
    with dst.open("wb") as f:
        writer.write(f)


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


# --- the discreet kit: the whole learner kit under neutral names and titles -------------

DISCREET_VERSION = "1"  # part of every cached rewrite's key: bump when a rewrite changes


@dataclass(frozen=True)
class NeutralNames:
    """Neutral paths for one language's files, from the recorded numbers."""

    lang: str
    themes: dict[str, str]                 # folder -> "part-03"
    modules: dict[str, dict[str, str]]     # folder -> {module file name -> "module-07"}

    def segment(self, seg: str, theme: str | None) -> tuple[str, str | None]:
        if seg in self.themes:
            return self.themes[seg], seg
        if theme is not None:
            for name in sorted(self.modules[theme], key=len, reverse=True):
                if seg == name or seg.startswith((name + ".", name + "-")):
                    return self.modules[theme][name] + seg[len(name):], theme
        for folder in sorted(self.themes, key=len, reverse=True):
            if seg.startswith((folder + ".", folder + "-")):  # zines/<theme>-a4.pdf
                return self.themes[folder] + seg[len(folder):], theme
        # the project's own name too: samizdat-uk.epub -> reader-uk.epub, samizdat.css -> reader.css
        return seg.replace("samizdat", "reader"), theme

    def path(self, rel: str) -> str:
        out, theme = [], None
        for seg in rel.split("/"):
            seg, theme = self.segment(seg, theme)
            out.append(seg)
        return "/".join(out)

    def words(self) -> set[str]:
        return set(self.themes) | {m for mods in self.modules.values() for m in mods}


def neutral_names_for(cfg: Config, lang: str) -> NeutralNames:
    from samizdat.core import model
    from samizdat.core.numbering import load_numbers

    numbers, problems = load_numbers(cfg)
    cur, _ = model.load_curriculum(cfg)
    themes, modules = {}, {}
    for theme in cur.themes:
        if theme.folder not in numbers.themes or any(m.id not in numbers.modules for m in theme.modules) or problems:
            raise RuntimeError(f"curriculum/discreet.yaml: {theme.folder} has modules without a number (run a --discreet build)")
        themes[theme.folder] = f"part-{numbers.themes[theme.folder]:02d}"
        modules[theme.folder] = {m.name: f"module-{numbers.modules[m.id]:02d}" for m in theme.modules}
    return NeutralNames(lang, themes, modules)


_ATTR = re.compile(r'(\b(?:href|src|action)=")([^"]*)(")')


def _relink(text: str, page: str, new_page: str, where: dict[str, str]) -> str:
    """Links of ``page`` (a release path) rewritten for the page's new place
    ``new_page``, to their targets' new places."""
    import posixpath

    def one(m: re.Match) -> str:
        href = m.group(2)
        if not href or href.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            return m.group(0)
        path, sep, frag = href.partition("#")
        path, qsep, query = path.partition("?")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        new = where.get(target)
        if new is None:
            return m.group(0)
        rel = posixpath.relpath(new, posixpath.dirname(new_page) or ".")
        return m.group(1) + rel + qsep + query + sep + frag + m.group(3)

    return _ATTR.sub(one, text)


def _page_title(new_path: str) -> str:
    m = re.search(r"module-(\d+)", new_path)
    if "/slides/" in new_path and m:
        return f"Slides {m.group(1)}"
    if m:
        return f"Module {m.group(1)}"
    p = re.search(r"part-(\d+)", new_path)
    return f"Part {p.group(1)}" if p else "Reader"


def discreet_transform(cfg: Config, names: NeutralNames, where: dict[str, str], back: dict[str, str]):
    """``transform(kit_path, bytes)`` for the discreet kit (see ``kits.write_kit``)."""
    docnames = {}
    for folder, mods in names.modules.items():
        docnames[f"{folder}/index"] = f"{names.themes[folder]}/index"
        for name, new in mods.items():
            docnames[f"{folder}/{name}"] = f"{names.themes[folder]}/{new}"

    def quoted(text: str) -> str:  # the search index's docnames and file names
        def one(m: re.Match) -> str:
            v = m.group(1)
            for suffix in ("", ".md", ".html"):
                base = v[: len(v) - len(suffix)] if suffix and v.endswith(suffix) else (v if not suffix else None)
                if base is not None and base in docnames:
                    return f'"{docnames[base]}{suffix}"'
            return m.group(0)

        return re.sub(r'"([^"\\]{1,200})"', one, text)

    def transform(kpath: str, data: bytes) -> bytes:
        import io

        src = back[kpath]
        suffix = Path(kpath).suffix.lower()
        title = _page_title(kpath)
        if suffix == ".html":
            text = _relink(data.decode("utf-8"), src, kpath, where)
            text = re.sub(r"<title>.*?</title>", f"<title>{escape(title)}</title>", text, count=1, flags=re.S)
            return text.encode("utf-8")
        if suffix in (".js", ".json"):
            return quoted(data.decode("utf-8")).encode("utf-8")
        if suffix == ".pdf":
            kind = "Zine" if "/zines/" in kpath else "Notes" if "/facilitator/" in kpath else "Module"
            num = re.search(r"(?:module|part)-(\d+)", kpath)
            out = io.BytesIO()
            _pdf(io.BytesIO(data), out, f"{kind} {num.group(1)}" if num else "Reader")
            return out.getvalue()
        if suffix in (".docx", ".odt", ".pptx"):
            first = "mimetype" if suffix == ".odt" else "[Content_Types].xml"
            return _zip_bytes(data, "Slides" if suffix == ".pptx" else "Module", kpath, first)
        if suffix == ".epub":
            return _epub_bytes(data, cfg, names.lang, "Reader")
        return data

    return transform


def _zip_bytes(data: bytes, kind: str, kpath: str, first: str) -> bytes:
    import io

    from samizdat.core.reproducible import zip_bytes

    num = re.search(r"module-(\d+)", kpath)
    title = f"{kind} {num.group(1)}" if num else kind
    entries = read_zip(io.BytesIO(data))
    t = escape(title).encode()
    for name in ("docProps/core.xml", "meta.xml"):
        if name in entries:
            xml = re.sub(rb"(<dc:title[^>]*>)[^<]*(</dc:title>)", rb"\1" + t + rb"\2", entries[name])
            entries[name] = re.sub(rb"(<dc:description[^>]*>)[^<]*(</dc:description>)", rb"\1\2", xml)
    return zip_bytes(entries, first=first)


def _epub_bytes(data: bytes, cfg: Config, lang: str, title: str) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.epub", Path(tmp) / "out.epub"
        src.write_bytes(data)
        _epub(src, dst, cfg, lang, title)
        return dst.read_bytes()


def discreet_kit_jobs(cfg: Config, release: Path, previous: Path | None, entries: list, languages: list[str]) -> list:
    """kits/reader-<lang>.zip: the learner kit of each language, site included, under
    neutral file names (``curriculum/discreet.yaml``'s numbers) and titles."""
    from samizdat.pipeline.kits import kit_name, members, write_kit
    from samizdat.pipeline.startpage import start_page

    made = []
    for lang in languages:
        files = members(entries, lang, "learner")
        if not files:
            continue
        names = neutral_names_for(cfg, lang)
        where = {e.path: names.path(e.path) for e in files}
        back = {v: k for k, v in where.items()}
        words = names.words()
        for new in where.values():  # fail loudly rather than ship a name that tells
            for seg in new.split("/"):
                if any(seg == w or seg.startswith((w + ".", w + "-")) for w in words):
                    raise RuntimeError(f"discreet kit: {new} still names a theme or module")
        name = kit_name("discreet", lang)
        page = start_page(cfg, set(where.values()), [lang], [], inside="discreet", title="Reader")
        made.append(partial(write_kit, cfg, release, previous, name, files, page, rename=where.get,
                              transform=discreet_transform(cfg, names, where, back),
                              cache=cfg.cache_dir / "discreet" / DISCREET_VERSION, title="Reader"))
    return made
