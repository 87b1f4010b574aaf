"""Kits: one zip per language and audience, to copy to a USB stick or send on.

    kits/samizdat-<lang>.zip              samizdat-<lang>/: start page, the reader site,
                                          EPUB, handouts, zines, decks (learner kit)
    kits/samizdat-facilitator-<lang>.zip  samizdat-facilitator-<lang>/: start page, the
                                          facilitator site and packs, decks

What a kit holds is decided by the output registry's audiences (``core.outputs.
KIT_AUDIENCES``), never by folder names. A kit keeps the release's layout (``<lang>/html/
...``), so every relative link between its files works as in the release; links to what
the kit leaves out (the language switcher's other languages) are taken out of its pages.
Each kit carries its own ``manifest.json`` (so ``samizdat verify`` checks an unzipped kit)
and start page (so ``index.html#kit-<lang>`` exists in it).

Cost: a kit whose manifest is unchanged is hard-linked from the previous release; a kit
that changed copies the compressed bytes of every unchanged file from its previous zip
and compresses only what changed.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import zipfile
from dataclasses import asdict
from functools import partial
from pathlib import Path

from samizdat.core.config import Config
from samizdat.core.outputs import KIT_AUDIENCES, audience_of
from samizdat.core.reproducible import ReproducibleZip
from samizdat.pipeline.manifest import MANIFEST, Entry
from samizdat.pipeline.publish import link_or_copy
from samizdat.pipeline.startpage import CSS, START, STYLE, start_page

KITS = "kits"

_A = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
# a list item holding one link and nothing else (the link's text never crosses an </a>)
_LI = re.compile(r'<li\b[^>]*>\s*(<a\b[^>]*?\bhref="([^"]*)"[^>]*>(?:(?!</a>).)*</a>)\s*</li>', re.S)


def kit_name(kind: str, lang: str) -> str:
    return {"learner": f"samizdat-{lang}", "facilitator": f"samizdat-facilitator-{lang}", "discreet": f"reader-{lang}"}[kind]


def link_target(page: str, href: str) -> str | None:
    """The file a relative link on ``page`` points to (a path like the page's), or None
    for a link that leaves the files (web, mail) or stays on the page."""
    if not href or href.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return target  # a target outside the kit ("../...") is never one of its files


def prune_dead_links(text: str, page: str, files: set[str]) -> str:
    """Links of ``page`` to files not in ``files``: a list item holding only such a link
    goes (the language switcher's other languages), any other such link becomes its text."""
    def dead(href: str) -> bool:
        target = link_target(page, href)
        return target is not None and target not in files and posixpath.join(target, "index.html") not in files

    text = _LI.sub(lambda m: "" if dead(m.group(2)) else m.group(0), text)
    return _A.sub(lambda m: m.group(2) if dead(m.group(1)) else m.group(0), text)


def members(entries: list[Entry], lang: str, kind: str) -> list[Entry]:
    audiences = KIT_AUDIENCES[kind]
    prefix = lang + "/"
    return [e for e in entries if e.path.startswith(prefix) and audience_of(e.path[len(prefix):]) in audiences]


def _old_manifest(old: Path, folder: str) -> bytes | None:
    try:
        with zipfile.ZipFile(old) as z:
            return z.read(f"{folder}/{MANIFEST}")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


NOTES = re.compile(r"[ \t]*<aside class=\"notes\">.*?</aside>\n?", re.S)


def without_notes(kpath: str, data: bytes) -> bytes:
    """A reveal.js deck without its speaker notes (pandoc writes each slide's notes as one
    ``<aside class="notes">``, never nested): the learner kit's decks, whose notes carry
    the facilitator notes."""
    if "/slides/" not in f"/{kpath}" or not kpath.endswith(".html"):
        return data
    return NOTES.sub("", data.decode("utf-8")).encode("utf-8")


def write_kit(cfg: Config, release: Path, previous: Path | None, name: str, files: list[Entry], start_html: str,
              rename=None, transform=None, cache: Path | None = None, title: str | None = None,
              learner: bool = False) -> tuple[Path, str | None]:
    """Zip ``files`` (release entries) under ``<name>/`` with a start page and a manifest
    into ``kits/<name>.zip`` (the release's manifest lists it like any other file).
    Returns the zip and its sha256 when written now (None: linked from the previous release).

    ``rename(path) -> path`` gives a file's path in the kit (default: the same);
    ``transform(kit_path, bytes) -> bytes`` rewrites a file; for files other than pages
    its result is kept in ``cache`` by the source's checksum, so an unchanged PDF is
    rewritten once, not at every build. Pages lose their links to files not in the kit.
    A ``learner`` kit's decks lose their speaker notes."""
    out = release / KITS / f"{name}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    rename = rename or (lambda p: p)
    where = {e.path: rename(e.path) for e in files}
    paths = set(where.values()) | {START, STYLE}
    contents: dict[str, bytes] = {}  # files whose bytes differ from the release's
    sources: dict[str, Path] = {}
    listed: list[dict] = []
    for e in files:
        kpath = where[e.path]
        data = None
        if kpath.endswith(".html"):
            data = (release / e.path).read_bytes()
            new = transform(kpath, data) if transform is not None else data
            new = without_notes(kpath, new) if learner else new
            new = prune_dead_links(new.decode("utf-8"), kpath, paths).encode("utf-8")
        elif transform is not None:
            new = _cached_transform(cache, kpath, e.sha256, lambda: transform(kpath, (release / e.path).read_bytes()))
        else:
            new = None
        if new is not None and new != data:
            contents[kpath] = new
            e = Entry(kpath, e.lang, e.format, e.theme, e.module, len(new), hashlib.sha256(new).hexdigest())
        else:
            sources[kpath] = release / e.path
            e = Entry(kpath, e.lang, e.format, e.theme, e.module, e.bytes, e.sha256)
        if transform is not None:  # the discreet kit: no theme or module words, not even in its manifest
            e = Entry(e.path, e.lang, e.format, None, None, e.bytes, e.sha256)
        listed.append(asdict(e))
    for path, data in ((START, start_html.encode("utf-8")), (STYLE, CSS.encode("utf-8"))):
        contents[path] = data
        listed.append(asdict(Entry(path, None, "start", None, None, len(data), hashlib.sha256(data).hexdigest())))
    listed.sort(key=lambda d: d["path"])
    doc = {"title": title or cfg.title, "edition": cfg.edition, "date": cfg.date.isoformat(), "kit": name, "artefacts": listed}
    manifest = (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    old = previous / KITS / out.name if previous is not None else None
    old_manifest = _old_manifest(old, name) if old is not None and old.is_file() else None
    if old_manifest == manifest:
        link_or_copy(old, out)  # nothing in it changed: the previous zip, byte for byte
        return out, None
    known = {}
    if old_manifest is not None:
        try:
            known = {d["path"]: d["sha256"] for d in json.loads(old_manifest)["artefacts"]}
        except (ValueError, KeyError, TypeError):
            known = {}
    z = ReproducibleZip(out, reuse=old if known else None)
    try:
        z.add_bytes(f"{name}/{MANIFEST}", manifest)
        for d in listed:
            arc = f"{name}/{d['path']}"
            if known.get(d["path"]) == d["sha256"] and z.copy_raw(arc):
                continue
            if d["path"] in contents:
                z.add_bytes(arc, contents[d["path"]])
            else:
                z.add_file(arc, sources[d["path"]])
        digest = z.close()
    except BaseException:
        z.abort()
        raise
    return out, digest


def _cached_transform(cache: Path | None, kpath: str, sha: str, make) -> bytes:
    if cache is None:
        return make()
    key = hashlib.sha256(f"{kpath}\0{sha}".encode()).hexdigest()
    hit = cache / key[:2] / key
    if hit.is_file():
        return hit.read_bytes()
    data = make()
    hit.parent.mkdir(parents=True, exist_ok=True)
    tmp = hit.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(hit)
    return data


def run_jobs(jobs: list, workers: int) -> list:
    """Run kit jobs (``write_kit`` calls) on ``workers`` threads, results in the jobs'
    order: zlib, hashing and file copies release the GIL, and at the end of a build the
    language processes have freed the cores. Each job writes its own zip, so the bytes
    do not depend on the order."""
    if workers <= 1 or len(jobs) <= 1:
        return [job() for job in jobs]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [f.result() for f in futures]


def kit_jobs(cfg: Config, release: Path, previous: Path | None, entries: list[Entry], languages: list[str]) -> list:
    """The learner and facilitator kits of every language present in ``release``, as
    jobs for ``run_jobs``."""
    made = []
    for lang in languages:
        for kind in ("learner", "facilitator"):
            files = members(entries, lang, kind)
            if kind == "learner":  # PPTX notes pages carry the facilitator notes; the HTML decks lose theirs
                files = [e for e in files if not (audience_of(e.path[len(lang) + 1:]) == "presenter" and e.path.endswith(".pptx"))]
            own = [e for e in files if audience_of(e.path[len(lang) + 1:]) == kind]
            if own:  # a kit of decks alone is no kit
                name = kit_name(kind, lang)
                page = start_page(cfg, {e.path for e in files}, [lang], [], inside=kind, release=release)
                made.append(partial(write_kit, cfg, release, previous, name, files, page, learner=kind == "learner"))
    return made
