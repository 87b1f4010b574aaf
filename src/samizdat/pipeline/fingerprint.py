"""What a build depends on, as content hashes: per language, the module sources, that
language's catalogs, the design files, samizdat's own code (an editable install never
changes its version) and the build options. Equal hashes mean nothing to rebuild, so
a no-op build never starts Sphinx."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from samizdat.core.config import Config

PACKAGE = Path(__file__).resolve().parents[1]  # the samizdat package


# not read by Sphinx: the discreet numbers (their own key: a change remakes the discreet kits only)
SKIP_NAMES = ("discreet.yaml",)


def _hash_tree(h, base: Path, skip_suffixes: tuple[str, ...] = (".mo", ".pyc")) -> None:
    if not base.exists():
        return
    for p in sorted(base.rglob("*")):
        if p.is_file() and p.suffix not in skip_suffixes and "__pycache__" not in p.parts and p.name not in SKIP_NAMES:
            h.update(p.relative_to(base).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())


def shared_inputs(cfg: Config) -> str:
    h = hashlib.sha256()
    for d in (PACKAGE, cfg.curriculum_dir, cfg.handouts_dir, cfg.slides_dir):
        h.update(str(d.name).encode())
        _hash_tree(h, d)
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return h.hexdigest()


def language_inputs(cfg: Config, shared: str, lang: str, formats: tuple[str, ...], single_file: bool,
                    sites: dict[str, list[str]] | None = None) -> str:
    h = hashlib.sha256(shared.encode())
    h.update(json.dumps([lang, sorted(formats), single_file, sites or {}], sort_keys=True).encode())
    if lang != cfg.source_language:
        _hash_tree(h, cfg.locales_dir / lang)
    return h.hexdigest()


def catalogs_inputs(cfg: Config) -> str:
    h = hashlib.sha256()
    _hash_tree(h, cfg.locales_dir)
    return h.hexdigest()


def load_state(cfg: Config) -> dict:
    try:
        return json.loads((cfg.cache_dir / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(cfg: Config, state: dict) -> None:
    path = cfg.cache_dir / "state.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
