"""Running pandoc on a Pandoc AST to write reveal.js and PPTX decks (and DOCX/ODT), and
making the results private and reproducible: a CSP with hashes for every inline script
and style, offline reveal.js assets from the sphinx-revealjs package, fonts from the
fontpkg packages, and a reference PPTX whose document properties name no one."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypandoc

from samizdat.core.design import DeckDesign
from samizdat.core.errors import ContentError, Problem
from samizdat.core.reproducible import read_zip, write_zip

SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)
STYLE_RE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


class PandocError(Exception):
    pass


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def run_pandoc(ast: dict, to: str, output: Path, args: list[str], cwd: Path | None = None) -> None:
    """pandoc with --fail-if-warnings (pandoc exits 0 when it cannot fetch a resource)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    cmd = [pandoc_path(), "-f", "json", "-t", to, "--fail-if-warnings", "-o", str(output), *args]
    res = subprocess.run(cmd, input=json.dumps(ast).encode("utf-8"), capture_output=True, cwd=cwd)
    if res.returncode != 0:
        raise PandocError(res.stderr.decode("utf-8", "replace").strip() or f"pandoc exited with {res.returncode}")


def revealjs_dir() -> Path:
    import sphinx_revealjs

    return Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"


def font_files() -> list[Path]:
    import fontpkg_pt_sans

    return sorted(Path(fontpkg_pt_sans.__file__).parent.joinpath("files").glob("PT_Sans-Web-*.ttf"))


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _js_string_at(source: str, index: int) -> str:
    """Decode the JavaScript string literal that contains ``source[index]``."""
    def unescaped_quote(pos: int, step: int) -> int:
        while True:
            pos = source.rfind('"', 0, pos) if step < 0 else source.find('"', pos + 1)
            n, m = 0, pos - 1
            while source[m] == "\\":
                n, m = n + 1, m - 1
            if n % 2 == 0:
                return pos
    start, end = unescaped_quote(index, -1), unescaped_quote(index, 1)
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

    def rep(m: re.Match) -> str:
        x = m.group(1)
        return chr(int(x[1:], 16)) if x[0] in "xu" and len(x) > 1 else simple.get(x, x)
    return re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", rep, source[start + 1 : end], flags=re.S)


def speaker_view_hashes() -> tuple[list[str], list[str]]:
    """The speaker view is written by reveal's notes plugin into an about:blank window,
    which inherits the deck's CSP: its inline script and style need hashes too."""
    notes_js = (revealjs_dir() / "plugin" / "notes" / "notes.js").read_text(encoding="utf-8")
    i = notes_js.find("<script>")
    if i < 0:
        return [], []
    html = _js_string_at(notes_js, i)
    return [_sha(s) for s in SCRIPT_RE.findall(html)], [_sha(s) for s in STYLE_RE.findall(html)]


def deck_csp(html: str, single_file: bool) -> str:
    scripts = [_sha(s) for s in SCRIPT_RE.findall(html) if s.strip()]
    styles = [_sha(s) for s in STYLE_RE.findall(html) if s.strip()]
    sv_scripts, sv_styles = speaker_view_hashes() if not single_file else ([], [])
    data = " data:" if single_file else ""
    return (
        "default-src 'self'; "
        f"script-src 'self' {' '.join(sorted(set(scripts + sv_scripts)))}; "
        f"style-src 'self' 'unsafe-hashes' {' '.join(sorted(set(styles + sv_styles)))}; "
        f"img-src 'self'{data}; font-src 'self'{data}; media-src 'self'; connect-src 'none'; "
        "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def add_csp(path: Path, single_file: bool) -> None:
    html = path.read_text(encoding="utf-8")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{deck_csp(html, single_file)}">\n  <meta name="referrer" content="no-referrer">'
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  ' + meta, 1)
    path.write_text(html, encoding="utf-8")


def install_assets(assets: Path, design: DeckDesign) -> None:
    """The one shared copy of reveal.js (5.x, from the sphinx-revealjs wheel), the deck
    theme and the fonts, next to the presenter decks."""
    src = revealjs_dir()
    wanted = {
        "dist/reset.css", "dist/reveal.css", "dist/reveal.js", "plugin/notes/notes.js",
        "plugin/search/search.js", "plugin/zoom/zoom.js",
    }
    for rel in sorted(wanted):
        _copy_if_changed(src / rel, assets / "reveal.js" / rel)
    _copy_if_changed(src / "LICENSE", assets / "reveal.js" / "LICENSE")
    _copy_if_changed(Path(__file__).resolve().parent.parent / "theme" / "deck.css", assets / "reveal.js" / "dist" / "theme" / "samizdat.css")
    custom = assets / "custom.css"
    if design.custom_css:
        _copy_if_changed(design.custom_css, custom)
    elif custom.exists():
        custom.unlink()
    for font in font_files():
        _copy_if_changed(font, assets / "fonts" / font.name)
    ofl = next((p for p in font_files()[0].parent.glob("OFL*")), None) if font_files() else None
    if ofl:
        _copy_if_changed(ofl, assets / "fonts" / "OFL.txt")


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.read_bytes() == src.read_bytes():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def reference_pptx(cache: Path, design: DeckDesign) -> Path:
    """pandoc's own reference.pptx (from the pypandoc-binary package), restyled from
    ``slides/deck.yaml`` and scrubbed of document properties."""
    style = design.pptx
    key = hashlib.sha256(repr(style).encode()).hexdigest()[:12]
    out = cache / f"reference-{key}.pptx"
    if out.is_file():
        return out
    cache.mkdir(parents=True, exist_ok=True)
    raw = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.pptx"], capture_output=True, check=True).stdout
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(raw)
    with zipfile.ZipFile(tmp) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    for name, data in list(entries.items()):
        if name.startswith("ppt/theme/theme") and name.endswith(".xml"):
            text = data.decode("utf-8")
            text = re.sub(r'(<a:(?:latin|cs)\s+typeface=")[^"]*(")', rf"\g<1>{style.font}\g<2>", text)
            text = re.sub(r"(<a:dk1>.*?<a:srgbClr val=\")[0-9A-Fa-f]{6}", rf"\g<1>{style.text_colour}", text, flags=re.S)
            text = re.sub(r"(<a:accent1>.*?<a:srgbClr val=\")[0-9A-Fa-f]{6}", rf"\g<1>{style.accent_colour}", text, flags=re.S)
            entries[name] = text.encode("utf-8")
        elif name == "ppt/slideMasters/slideMaster1.xml":
            text = data.decode("utf-8")
            text = re.sub(r"(<p:titleStyle>.*?<a:defRPr[^>]*?sz=\")\d+", rf"\g<1>{style.title_size * 100}", text, count=1, flags=re.S)
            text = re.sub(r"(<p:bodyStyle>.*?<a:lvl1pPr.*?<a:defRPr[^>]*?sz=\")\d+", rf"\g<1>{style.body_size * 100}", text, count=1, flags=re.S)
            entries[name] = text.encode("utf-8")
    entries = scrub_office_properties(entries)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    tmp.replace(out)
    return out


def scrub_office_properties(entries: dict[str, bytes], title: str = "") -> dict[str, bytes]:
    """No names, companies, dates or application details in docProps (pandoc copies the
    reference document's ``app.xml``)."""
    out = dict(entries)
    if "docProps/app.xml" in out:
        out["docProps/app.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
        )
    if "docProps/core.xml" in out:
        from xml.sax.saxutils import escape

        out["docProps/core.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
        ).encode("utf-8")
    out.pop("docProps/custom.xml", None)
    return out


BODY_SHAPE_RE = re.compile(r'(<p:sp>(?:(?!</p:sp>).)*?<p:ph idx="1"\s*/>.*?</p:sp>)', re.S)
TITLE_SHAPE_RE = re.compile(r'(<p:sp>(?:(?!</p:sp>).)*?<p:ph type="title"\s*/>.*?</p:sp>)', re.S)


def _sized(size: int):
    def sized(m: re.Match) -> str:
        shape = re.sub(r"<a:rPr(?![^>]*\bsz=)", f'<a:rPr sz="{size * 100}"', m.group(1))
        return re.sub(r"<a:endParaRPr(?![^>]*\bsz=)", f'<a:endParaRPr sz="{size * 100}"', shape)

    return sized


def size_slide_text(entries: dict[str, bytes], sizes: list[tuple[int, int]]) -> None:
    """Give each slide's body text and title the sizes measured to fit them (``writers.fit``):
    PowerPoint does not shrink text as it opens a file, so the sizes must be in the file."""
    for number, (body, title) in enumerate(sizes, 1):
        name = f"ppt/slides/slide{number}.xml"
        if name in entries:
            xml = BODY_SHAPE_RE.sub(_sized(body), entries[name].decode("utf-8"))
            entries[name] = TITLE_SHAPE_RE.sub(_sized(title), xml).encode("utf-8")


def finalize_office(path: Path, title: str, slide_sizes: list[tuple[int, int]] | None = None) -> None:
    """Scrub properties and fix zip times and order, for DOCX and PPTX; size PPTX text."""
    entries = scrub_office_properties(read_zip(path), title)
    if slide_sizes:
        size_slide_text(entries, slide_sizes)
    if "docProps/custom.xml" not in entries and "[Content_Types].xml" in entries:
        ct = entries["[Content_Types].xml"].decode("utf-8")
        entries["[Content_Types].xml"] = re.sub(r'<Override PartName="/docProps/custom.xml"[^>]*/>', "", ct).encode("utf-8")
    rels = entries.get("_rels/.rels")
    if rels:
        entries["_rels/.rels"] = re.sub(rb'<Relationship [^>]*Target="docProps/custom.xml"[^>]*/>', b"", rels)
    write_zip(path, entries, first="[Content_Types].xml")


def pandoc_problem(docname: str, message: object) -> Problem:
    """What the user reads when pandoc could not write a module's file."""
    return Problem(f"curriculum/{docname}.md", 0, f"pandoc could not write this module: {message}")


def pandoc_failure(docname: str, exc: PandocError) -> ContentError:
    return ContentError([pandoc_problem(docname, exc)])
