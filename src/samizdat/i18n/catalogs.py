"""Reading a project's module catalogs safely: a catalog that does not parse is a
``path:line`` problem, not a traceback."""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.pofile import PoFileError, read_po

from samizdat.core.config import Config
from samizdat.core.errors import Problem, relpath

RESERVED = ("samizdat.po", "sphinx.po")


@dataclass
class Catalog:
    lang: str
    docname: str
    path: Path
    po: polib.POFile

    @property
    def theme(self) -> str:
        return theme_of(self.docname)


def theme_of(docname: str) -> str:
    """The theme folder a catalog belongs to ("home" for the home page's, "glossary" for
    the glossary's)."""
    if "/" in docname:
        return docname.split("/")[0]
    return "glossary" if docname == "glossary" else "home"


def load_po(path: Path, root: Path, problems: list[Problem]) -> polib.POFile | None:
    rel = relpath(path, root)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, f"catalog is not valid UTF-8 ({exc.reason}); save it as UTF-8"))
        return None
    try:
        # babel's reader is strict and says where; polib is the one we edit with
        read_po(io.StringIO(text), abort_invalid=True)
        return polib.pofile(text, wrapwidth=78)
    except PoFileError as exc:
        problems.append(Problem(rel, exc.lineno, f"catalog does not parse: {exc.args[0] if exc.args else exc}; fix the entry"))
    except (OSError, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(rel, int(m.group(1)) if m else 1, f"catalog does not parse: {exc}; fix the entry or run 'samizdat i18n sync'"))
    return None


def catalog_files(cfg: Config, problems: list[Problem], languages: tuple[str, ...] = ()) -> list[tuple[str, str, Path]]:
    """(language, docname, path) of every module catalog of every target language
    (label catalogs excluded); folders for languages not in curriculum.yaml are problems."""
    out: list[tuple[str, str, Path]] = []
    if cfg.locales_dir.is_dir():
        for d in sorted(cfg.locales_dir.iterdir()):
            if d.is_dir() and d.name not in cfg.languages and d.name != "templates":
                problems.append(Problem(relpath(d, cfg.root), 0, f"catalogs for {d.name!r}, which is not in curriculum.yaml's languages: add it there or remove the folder"))
    for lang in languages or cfg.languages:
        base = cfg.locales_dir / lang / "LC_MESSAGES"
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.po")):
            if path.name in RESERVED and path.parent == base:
                continue
            out.append((lang, path.relative_to(base).with_suffix("").as_posix(), path))
    return out


def project_catalogs(cfg: Config, problems: list[Problem], languages: tuple[str, ...] = ()) -> list[Catalog]:
    """Every module catalog of every target language, parsed (label catalogs excluded)."""
    out: list[Catalog] = []
    for lang, docname, path in catalog_files(cfg, problems, languages):
        po = load_po(path, cfg.root, problems)
        if po is not None:
            out.append(Catalog(lang, docname, path, po))
    return out


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rules_digest() -> bytes:
    """The checks' own code: a catalog that passed older rules is checked again."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("qa.py", "untrusted.py", "catalogs.py", "../sphinx_ext/allowlist.py"):
        h.update((here / name).read_bytes())
    return h.digest()


def preflight_catalogs(cfg: Config, languages: tuple[str, ...] = ()) -> list[Problem]:
    """What must hold before Sphinx reads any catalog: each parses; no msgstr brings in
    raw HTML, a script, a remote image or a dangerous link (the build would otherwise
    parse it as Markdown). A catalog whose exact bytes passed before is not read again."""
    from samizdat.i18n.check import msgfmt_problems
    from samizdat.i18n.qa import injection_problems
    from samizdat.i18n.untrusted import label_catalog_paths, label_msgstr_problems

    problems: list[Problem] = []
    rules = _rules_digest()
    seen_file = cfg.cache_dir / "catalogs-ok.json"
    try:
        ok = set(json.loads(seen_file.read_text()))
    except (OSError, ValueError):
        ok = set()
    passed = set()
    files = [(path, lambda po, path, lang=lang, docname=docname: injection_problems(Catalog(lang, docname, path, po), cfg.root))
             for lang, docname, path in catalog_files(cfg, problems, languages)]
    files += [(path, lambda po, path: label_msgstr_problems(po, path, cfg.root)) for path in label_catalog_paths(cfg, languages)]
    for path, rules_for in files:
        key = digest(path.read_bytes() + rules)
        if key in ok:
            passed.add(key)
            continue
        found: list[Problem] = []
        po = load_po(path, cfg.root, found)
        if po is not None:
            found += rules_for(po, path)
            msgfmt_problems(cfg, path, found)
        problems.extend(found)
        if not found:
            passed.add(key)
    if passed != ok:
        seen_file.parent.mkdir(parents=True, exist_ok=True)
        seen_file.write_text(json.dumps(sorted(passed)))
    return problems
