"""``samizdat check --leaks``: scan the built learner artefacts for every facilitator-only
sentence (as collected from the translated doctrees of each language)."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from typing import Iterator

from samizdat.core.config import Config
from samizdat.core.errors import Problem, relpath
from samizdat.core.model import read_contents
from samizdat.sphinx_ext.collect import sentences

TAG_RE = re.compile(r"<[^>]+>")


def facilitator_sentences(cfg: Config, lang: str) -> dict[str, str]:
    """sentence -> docname, from the cached environment of ``lang``."""
    docs = read_contents(cfg, lang)
    out: dict[str, str] = {}
    learner = "\n".join(data.learner_text for data in docs.values())
    for doc, data in docs.items():
        for note in data.notes:
            for s in sentences(note.text):
                if s not in learner:  # words learners also see legitimately are no leak
                    out[s] = doc
    return out


def _normalise(text: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub(" ", text)).split())


def learner_texts(build: Path, lang: str) -> Iterator[tuple[str, str]]:
    """(artefact path, its visible text) for every learner artefact of ``lang``."""
    base = build / lang
    for p in sorted((base / "html").rglob("*.html")) if (base / "html").is_dir() else []:
        yield str(p), _normalise(p.read_text(encoding="utf-8"))
    for p in sorted((base / "epub").glob("*.epub")) if (base / "epub").is_dir() else []:
        with zipfile.ZipFile(p) as z:
            for name in z.namelist():
                if name.endswith((".xhtml", ".html", ".opf", ".ncx")):
                    yield f"{p}!{name}", _normalise(z.read(name).decode("utf-8"))
    from samizdat.tools.outputs_text import extra_learner_texts  # print and deck outputs, when built

    yield from extra_learner_texts(base)


def scan_leaks(cfg: Config) -> list[Problem]:
    build = cfg.build_dir
    problems: list[Problem] = []
    if not (build / "manifest.json").exists():
        return [Problem("build", 0, "nothing built yet: run 'samizdat build' before 'samizdat check --leaks'")]
    for lang in cfg.all_languages:
        wanted = facilitator_sentences(cfg, lang)
        if not wanted:
            continue
        for where, text in learner_texts(build, lang):
            for sentence, doc in wanted.items():
                if sentence in text:
                    problems.append(Problem(relpath(where.split("!")[0], cfg.root), 0,
                                            f"facilitator-only text from curriculum/{doc}.md leaked into a learner artefact ({where.rsplit('/', 1)[-1]}): “{sentence[:60]}”"))
    return problems
