"""The Sphinx configuration for one language, as confoverrides: there is no conf.py to
edit, because everything a collective configures lives in curriculum.yaml."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from samizdat.core import model
from samizdat.core.config import Config
from samizdat.sphinx_ext.labels import label_catalog


ABOUT = "_about"
GLOSSARY = "glossary"  # curriculum/glossary.md: the terms the modules use, translated like a module


def code_hash(language: str, project_locales: Path | None = None) -> str:
    """A hash of samizdat's own code, theme and label catalog: under an editable install
    the version never changes, so a change here must invalidate the cached doctrees."""
    pkg = Path(__file__).resolve().parents[1]  # the samizdat package
    h = hashlib.sha256()
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".css", ".toml", ".js", ".lua", ".yaml")
                   and "__pycache__" not in p.parts)
    for p in files:
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    labels = label_catalog(language, project_locales)
    for catalog in (labels, labels.parent / "sphinx.po", pkg / "locales" / language / "LC_MESSAGES" / "sphinx.po"):
        if catalog.is_file():
            h.update(catalog.read_bytes())
    return h.hexdigest()[:16]


def epub_uid(cfg: Config, language: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{cfg.title}-{cfg.edition}-{language}").strip("-").lower()
    return f"samizdat-{slug}"


def sphinx_overrides(cfg: Config, language: str, locale_dir: Path, labels_dir: Path) -> dict[str, Any]:
    # only modules whose front matter is valid: the others are reported by the model
    cur, _problems = model.load_curriculum(cfg)
    include = ["index.md"] + [f"{t.folder}/index.md" for t in cur.themes] + [f"{m.docname}.md" for m in cur.modules]
    if (cfg.curriculum_dir / f"{GLOSSARY}.md").is_file():
        include.append(f"{GLOSSARY}.md")  # translated through locales/<lang>/LC_MESSAGES/glossary.po
    if (cfg.curriculum_dir / ABOUT / "index.md").is_file():
        include.append(f"{ABOUT}/*.md")  # the guides, in the source language only
    return {
        "project": cfg.title,
        "copyright": f"{cfg.date.year}, {', '.join(cfg.credits) or cfg.title}",
        "version": cfg.edition,
        "release": cfg.edition,
        "language": language,
        "root_doc": "index",
        "extensions": ["myst_parser", "samizdat.sphinx_ext", "samizdat.builders"],
        "source_suffix": {".md": "markdown"},
        "include_patterns": include,
        "exclude_patterns": [],
        "templates_path": [],
        # MyST: colon fences for nested directives; no substitutions (Jinja2 over
        # translator-controlled text), no raw HTML reaching outputs (SafetyTransform).
        "myst_enable_extensions": ["colon_fence", "deflist"],
        "myst_heading_anchors": 3,
        "myst_footnote_transition": False,
        # app.add_node: a second Sphinx app in one process re-registers Sphinx's own nodes
        "suppress_warnings": ["myst.header", "app.add_node"],
        # gettext: one catalog per module, read from the build cache
        "locale_dirs": [str(locale_dir), str(labels_dir)],  # labels_dir: completions of Sphinx's UI catalogs
        "gettext_compact": False,
        "gettext_uuid": False,
        "gettext_location": True,
        "gettext_auto_build": True,  # compiles .mo next to the cached .po copies, never in locales/
        "samizdat_root": str(cfg.root),
        "samizdat_labels_dir": str(labels_dir),
        "samizdat_code_hash": code_hash(language, cfg.locales_dir),
        # the reader site: offline and private
        "html_theme": "samizdat",
        "html_title": cfg.title,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        "html_use_opensearch": "",
        "html_permalinks": True,
        "html_use_index": False,
        "html_domain_indices": False,
        "html_baseurl": "",
        # EPUB
        "epub_basename": f"samizdat-{language}",
        "epub_theme": "epub",
        "epub_title": cfg.title,
        "epub_author": ", ".join(cfg.credits) or cfg.title,
        "epub_publisher": ", ".join(cfg.credits) or cfg.title,
        "epub_copyright": f"{cfg.date.year}, {cfg.licence}",
        "epub_language": language,
        # the NCX repeats the uid where the OPF has the identifier: keep them equal (an XML name)
        "epub_identifier": epub_uid(cfg, language),
        "epub_scheme": "",
        "epub_uid": epub_uid(cfg, language),
        "epub_show_urls": "no",
        "epub_use_index": False,
        "epub_tocdepth": 2,
        "epub_description": cfg.title,
        "epub_contributor": ", ".join(cfg.credits) or cfg.title,
    }
