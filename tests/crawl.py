"""A crawler over built HTML files (plain Python, no browser): every internal link and
resource of a page, whether its target exists, and what can be reached from a start page
by following links. Web links (http, https, mailto) are not followed."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"),
              ("form", "action")}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def css_links(sheet: Path, root: Path) -> list[str]:
    """What a stylesheet loads (fonts, images, imported sheets), relative to ``root``."""
    here = sheet.relative_to(root).parent.as_posix()
    out = []
    for url, imported in CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
        ref = unquote((url or imported).split("#", 1)[0].split("?", 1)[0])
        if ref and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref):
            out.append(posixpath.normpath(posixpath.join(here, ref)))
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in LINK_ATTRS and value:
                self.links.append(value)


def internal_links(page: Path, root: Path) -> list[tuple[str, str]]:
    """(href as written, target path relative to ``root``) of every internal link of a
    page; a target outside ``root`` keeps its leading ``../``."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    here = page.relative_to(root).parent.as_posix()
    out = []
    for href in parser.links:
        if href.startswith("#") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            continue
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        if not path:
            continue
        target = posixpath.normpath(posixpath.join(here, path) if not path.startswith("/") else path.lstrip("/"))
        out.append((href, target))
    return out


def broken_links(root: Path) -> list[str]:
    """Every internal link of every HTML file under ``root`` whose target is missing."""
    found = []
    for page in sorted(root.rglob("*.html")):
        for href, target in internal_links(page, root):
            p = root / target
            if target.startswith("../") or not (p.is_file() or (p / "index.html").is_file()):
                found.append(f"{page.relative_to(root)}: {href}")
    return found


def reachable(root: Path, start: str = "index.html") -> set[str]:
    """Every file under ``root`` reached by following links from ``start`` (HTML pages
    are followed; other files are reached but not read)."""
    seen, todo = set(), [start]
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        p = root / rel
        if p.is_dir():
            rel = posixpath.join(rel, "index.html")
            p = root / rel
            if rel in seen:
                continue
        if not p.is_file():
            continue
        seen.add(rel)
        if rel.endswith(".html"):
            todo.extend(target for _href, target in internal_links(p, root) if not target.startswith("../"))
        elif rel.endswith(".css"):  # a browser loads what a stylesheet names
            todo.extend(t for t in css_links(p, root) if not t.startswith("../"))
    return seen


def browser_reachable(root: Path, start: str = "index.html") -> tuple[set[str], list[str]]:
    """The same crawl in headless Chromium, offline, with every request that is not for a
    local file refused: (files reached, requests for anything but a local file). Links
    are read from the rendered DOM (so a link a script adds is followed too); pages are
    loaded, other files (zips, PDFs) only noted."""
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    base = root.resolve()
    outside: list[str] = []
    seen: set[str] = set()

    def rel_of(url: str) -> str | None:
        u = urlparse(url)
        if u.scheme != "file":
            return None
        p = Path(unquote(u.path))
        return p.relative_to(base).as_posix() if p.is_relative_to(base) else None

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        context = browser.new_context(offline=True)
        context.route(re.compile(r"^(?!file:).*"), lambda route: (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("request", lambda r: seen.add(rel_of(r.url)) if rel_of(r.url) else None)
        todo = [start]
        pages: set[str] = set()
        while todo:
            rel = todo.pop()
            if rel in pages:
                continue
            pages.add(rel)
            seen.add(rel)
            page.goto((base / rel).as_uri())
            urls = page.evaluate("""() => [...document.querySelectorAll('a[href], link[href], script[src], img[src], source[src], form[action]')]
                                     .map(e => e.href || e.src || e.action)""")
            for url in urls:
                target = rel_of(url.split("#", 1)[0].split("?", 1)[0])
                if target is None or not (base / target).exists():
                    continue
                if (base / target).is_dir():
                    target = posixpath.join(target, "index.html")
                seen.add(target)
                if target.endswith(".html") and target not in pages:
                    todo.append(target)
                elif target.endswith(".css"):  # what the sheet loads: fonts a page may not use
                    seen.update(t for t in css_links(base / target, base) if (base / t).is_file())
        browser.close()
    return {s for s in seen if s and (base / s).is_file()}, outside
