"""Every visible string goes through gettext: with every msgstr wrapped in ‹…› (module
catalogs, samizdat's labels and Sphinx's own), no visible text in the built site, EPUB,
decks or handouts (the text of the real PDFs, DOCX and ODT) is left unwrapped."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polib
import sphinx

from conftest import samizdat
from samizdat.tools.outputs_text import office_text, pdf_text
from samizdat.sphinx_ext.labels import PACKAGE_LOCALES

# characters every print font has: a glyph the fonts lack is dropped from the PDF's text
OPEN, CLOSE = "‹", "›"
# data from curriculum.yaml that is shown as-is on purpose (not prose): licence, edition
ALLOWED = {"CC BY-SA 4.0", "test.1"}


def wrap(s: str) -> str:
    """Markers inside the message's leading and trailing newlines (msgfmt --check wants them kept)."""
    core = s.strip("\n")
    lead, trail = s[: len(s) - len(s.lstrip("\n"))], s[len(s.rstrip("\n")):]
    return f"{lead}{OPEN}{core}{CLOSE}{trail}"


def pseudo_catalog(src: polib.POFile, nplurals: int = 3) -> polib.POFile:
    for e in src:
        if e.msgid_plural:
            # every form from the plural msgid: it has all the placeholders (msgfmt --check)
            e.msgstr_plural = {i: wrap(e.msgid_plural) for i in range(nplurals)}
        else:
            e.msgstr = wrap(e.msgid)
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    return src


class TextCollector(HTMLParser):
    """Visible text, joined per block (a paragraph with inline markup is one text)."""

    SKIP = {"script", "style"}
    INLINE = {"a", "span", "strong", "em", "code", "b", "i", "abbr", "cite", "sub", "sup", "kbd", "small"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.buf: list[str] = []

    def flush(self):
        if self.buf:
            self.texts.append("".join(self.buf))
            self.buf = []

    def close(self):
        super().close()
        self.flush()

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self.flush()
        if tag in ("meta", "link", "br", "hr", "img", "input"):
            a = dict(attrs)
            for key in ("alt", "placeholder", "title", "aria-label"):
                if a.get(key):
                    self.texts.append(a[key])
            return
        a = dict(attrs)
        self.stack.append((tag, a))
        for key in ("title", "aria-label", "placeholder", "alt"):
            if a.get(key) and tag != "html":
                self.texts.append(a[key])

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self.flush()
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if any(t in self.SKIP for t, _ in self.stack):
            return
        if any("headerlink" in a.get("class", "") for _, a in self.stack):
            return
        if any(a.get("lang") for t, a in self.stack if t != "html"):
            return  # language names in the switcher are written in their own language
        self.buf.append(data)


def unwrapped(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return text if re.search(r"[^\W\d_]", text) else ""


def test_every_visible_string_is_translated(mini):
    assert samizdat(mini, "i18n", "sync").code == 0
    base = mini / "locales/uk/LC_MESSAGES"
    for path in base.rglob("*.po"):
        po = pseudo_catalog(polib.pofile(str(path)))
        po.save(str(path))
    pseudo_catalog(polib.pofile(str(PACKAGE_LOCALES / "uk/LC_MESSAGES/samizdat.po"))).save(str(base / "samizdat.po"))
    sphinx_pot = Path(sphinx.__file__).parent / "locale" / "sphinx.pot"
    ui = pseudo_catalog(polib.pofile(str(sphinx_pot)))
    ui.metadata.update({"Language": "uk", "Content-Type": "text/plain; charset=UTF-8",
                        "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"})
    ui.save(str(base / "sphinx.po"))
    res = samizdat(mini, "build", "--lang", "uk")
    assert res.code == 0, res.text

    leftovers: list[str] = []
    pages = sorted((mini / "build/uk/html").rglob("*.html"))
    assert len(pages) >= 6, pages  # home, two themes, two modules, search
    for page in pages:
        c = TextCollector()
        c.feed(page.read_text(encoding="utf-8"))
        c.close()
        leftovers += [f"{page.name}: {t.strip()!r}" for t in c.texts if unwrapped(t)]
    with zipfile.ZipFile(mini / "build/uk/epub/samizdat-uk.epub") as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                c = TextCollector()
                c.feed(z.read(name).decode("utf-8"))
                c.close()
                leftovers += [f"epub {name}: {t.strip()!r}" for t in c.texts if unwrapped(t)]
            elif name.endswith((".opf", ".ncx")):
                for title in re.findall(r"<(?:dc:title|text)>([^<]*)<", z.read(name).decode("utf-8")):
                    if unwrapped(title):
                        leftovers.append(f"epub {name}: {title!r}")
    # decks (slides and notes)
    decks = [d for d in sorted((mini / "build/uk/slides").rglob("*.html")) if "_assets" not in d.parts]
    assert len(decks) == 2, decks
    for deck in decks:
        c = TextCollector()
        c.feed(deck.read_text(encoding="utf-8"))
        c.close()
        leftovers += [f"deck {deck.name}: {t.strip()!r}" for t in c.texts if unwrapped(t) and "reveal.js" not in t]
    # handouts as printed and as edited: the text of the real PDFs and DOCX/ODT files
    handouts = sorted(p for p in (mini / "build/uk/handouts").rglob("*") if p.suffix in (".pdf", ".docx", ".odt"))
    assert len(handouts) == 2 * 4, handouts
    for handout in handouts:
        text = pdf_text(handout) if handout.suffix == ".pdf" else office_text(handout)
        assert OPEN in text, f"{handout.name}: no translated text at all"
        left = unwrapped(text)
        if left:
            leftovers.append(f"handout {handout.name}: {' '.join(left.split())[:300]!r}")
    assert not leftovers, "strings that did not go through gettext:\n" + "\n".join(sorted(set(leftovers))[:60])
