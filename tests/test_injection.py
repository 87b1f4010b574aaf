"""Untrusted content and translations never reach any output as live markup: each
fixture is refused with path:line, or rendered inert in every format (html, epub,
reveal.js, pptx, docx, odt, pdf)."""

from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from conftest import samizdat

MODULE = "curriculum/alpha/first.md"
ANCHOR = "Everyone introduces themselves."

# (name, markdown put into the module, message expected in the refusal)
REFUSED_SOURCE = [
    ("script block", "<script>alert(1)</script>", "raw HTML"),
    ("img onerror", 'Hi <img src=x onerror="alert(1)"> there.', "raw HTML"),
    ("html comment", "<!-- hidden -->", "raw HTML"),
    ("iframe", '<iframe src="https://tracker.example/"></iframe>', "raw HTML"),
    ("raw directive", "```{raw} html\n<b onclick='x()'>x</b>\n```", "raw HTML"),
    ("remote image", "![pixel](https://tracker.example/p.png)", "remote or inline image"),
    ("protocol-relative image", "![pixel](//tracker.example/p.png)", "remote or inline image"),
    ("data image", "![pixel](data:image/png;base64,iVBORw0KGgo=)", "remote or inline image"),
    ("image traversal", "![secret](../../../../etc/hostname)", "outside curriculum/"),
    ("ftp link", "A [file server](ftp://files.example/x) link.", "not allowed"),
    ("include outside", "```{include} ../../../pyproject.toml\n```", "leaves curriculum/"),
    ("literalinclude outside", "```{literalinclude} ../../../../../../etc/hostname\n```", "not part of the module format"),
]

# (name, msgstr put into the uk catalog for ANCHOR, message)
REFUSED_MSGSTR = [
    ("msgstr script", "Усі <script>alert(1)</script> представляються.", "raw HTML"),
    ("msgstr remote image", "Усі ![x](https://tracker.example/p.png) представляються.", "remote image"),
    ("msgstr javascript link", "Усі [тут](javascript:alert(1)) представляються.", "javascript:"),
    ("msgstr onerror", 'Усі <img src=x onerror=alert(1)> представляються.', "raw HTML"),
]

# rendered inert: built in every format, then no output may contain live markup
INERT = "\n\n".join([
    "A [js link](javascript:alert(1)) and [mixed case](JaVaScRiPt:alert(2)).",
    "A [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==).",
    "A [vbscript link](vbscript:msgbox(4)) and a [file link](file:///etc/hostname).",
    'A [title](https://example.org/ "\\" onmouseover=\\"alert(5)") attribute.',
    "Curly braces stay text: {{ 7*7 }} and {% raw %}.",
    "An autolink <https://example.org/?q=\"onmouseover=alert(7)> is escaped.",
    "Escaped \\<script\\>alert(6)\\</script\\> stays text.",
    "A file image ![pixel](file:///etc/hostname) stays text (markdown-it refuses file: targets).",
])

LIVE_PDF = [
    re.compile(r"/(JavaScript|JS|Launch)\b"),
    re.compile(r"/URI\s*\((javascript|data|file|vbscript):", re.I),
]
LIVE_OFFICE = [
    re.compile(r'TargetMode="External"[^>]*Target="(javascript|data|file|vbscript):|Target="(javascript|data|file|vbscript):[^"]*"[^>]*TargetMode="External"', re.I),
    re.compile(r'xlink:href="(javascript|data|file|vbscript):', re.I),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from conftest import FIXTURES, copy_project

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("inj"))
    assert samizdat(root, "i18n", "sync").code == 0
    return root


def fresh(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(template, root)
    return root


def put(root: Path, snippet: str) -> None:
    p = root / MODULE
    p.write_text(p.read_text(encoding="utf-8").replace(ANCHOR, ANCHOR + "\n\n" + snippet), encoding="utf-8")


@pytest.mark.parametrize("name,snippet,message", REFUSED_SOURCE, ids=[c[0] for c in REFUSED_SOURCE])
def test_refused_in_source(name, snippet, message, template, tmp_path):
    root = fresh(template, tmp_path)
    put(root, snippet)
    res = samizdat(root, "build", "--lang", "en")
    assert res.code == 1, res.text
    assert any(line.startswith(MODULE + ":") and message in line for line in res.err.splitlines()), res.err
    assert not (root / "build" / "en").exists()


@pytest.mark.parametrize("name,msgstr,message", REFUSED_MSGSTR, ids=[c[0] for c in REFUSED_MSGSTR])
def test_refused_in_translation(name, msgstr, message, template, tmp_path):
    root = fresh(template, tmp_path)
    cat = root / "locales/uk/LC_MESSAGES/alpha/first.po"
    po = polib.pofile(str(cat))
    entry = po.find(ANCHOR)
    entry.msgstr = msgstr
    po.save(str(cat))
    res = samizdat(root, "build", "--lang", "uk")
    assert res.code == 1, res.text
    line = polib.pofile(str(cat)).find(ANCHOR).linenum
    assert any(ln.startswith(f"locales/uk/LC_MESSAGES/alpha/first.po:{line}:") and message in ln for ln in res.err.splitlines()), res.err


class LiveMarkup(HTMLParser):
    """Finds what a browser would run: event handlers, dangerous URLs, script bodies
    that are not the deck's own, iframes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and value and \
                    re.match(r"\s*(javascript|vbscript|file|data):", value, re.I) and not (tag == "img" and value.startswith("data:image/")):
                self.found.append(f"{tag} {name}={value[:30]}")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("script running alert()")


def output_texts(root: Path):
    for p in sorted((root / "build" / "en").rglob("*")):
        if not p.is_file() or "_assets" in p.parts:
            continue
        if p.suffix in (".epub", ".pptx", ".docx", ".odt"):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    yield f"{p.name}!{n}", z.read(n).decode("utf-8", "replace")
        elif p.suffix == ".pdf":
            import zlib

            data = p.read_bytes()
            text = data.decode("latin-1")
            for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
                try:
                    text += zlib.decompress(m.group(1)).decode("latin-1")
                except zlib.error:
                    pass
            yield p.name, text
        elif p.suffix in (".html", ".js", ".xhtml"):
            yield p.name, p.read_text(encoding="utf-8")


def test_inert_in_every_format(template, tmp_path):
    root = fresh(template, tmp_path)
    put(root, INERT)
    res = samizdat(root, "build", "--lang", "en")
    assert res.code == 0, res.text
    formats = set()
    for where, text in output_texts(root):
        formats.add(where.split("!")[0].rsplit(".", 1)[-1])
        if where.endswith((".html", ".xhtml")) or where.endswith(".js") is False and "<html" in text[:500]:
            checker = LiveMarkup()
            checker.feed(text)
            assert not checker.found, f"{where}: live markup {checker.found}"
        patterns = LIVE_PDF if where.endswith(".pdf") else LIVE_OFFICE if "!" in where else []
        for pattern in patterns:
            m = pattern.search(text)
            assert m is None, f"{where}: live markup {m.group(0)!r}"
    assert {"html", "epub", "pptx", "docx", "odt", "pdf"} <= formats
    page = (root / "build/en/html/alpha/first.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "49" not in page  # no substitutions: Jinja never runs on content
    assert "javascript:alert(1)" in page  # shown as text
    deck = (root / "build/en/slides/alpha/first.html").read_text(encoding="utf-8")
    assert "alert(6)" in deck and "<script>alert(6)" not in deck
