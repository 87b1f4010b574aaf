"""``build/manifest.json``: every artefact with its language, format, theme, module,
size and sha256, so a copy (on a USB stick, say) can be checked with ``samizdat verify``."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from samizdat.core.config import Config
from samizdat.core.outputs import PARTS, manifest_format

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Entry:
    path: str
    lang: str | None
    format: str
    theme: str | None
    module: str | None
    bytes: int
    sha256: str


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def classify(rel: str, cfg: Config) -> tuple[str | None, str, str | None, str | None]:
    """(lang, format, theme, module) of a path inside a release."""
    parts = rel.split("/")
    if len(parts) == 1:
        return None, ("start" if rel in ("index.html", "start.css") else "other"), None, None
    if parts[0] == "kits":  # kits/samizdat-uk.zip, kits/samizdat-facilitator-uk.zip, kits/reader-uk.zip
        stem = parts[-1].removesuffix(".zip")
        lang = stem.rsplit("-", 1)[-1]
        return (lang if lang in cfg.all_languages else None), ("kit-discreet" if stem.startswith("reader-") else "kit"), None, None
    if parts[0] == "i18n":
        return None, "i18n", None, None
    if parts[0] == "discreet":  # no theme or module words, not even in the manifest
        return (parts[1] if len(parts) > 1 else None), "discreet", None, None
    lang = parts[0]
    inside = "/".join(parts[1:])
    fmt = manifest_format(inside) if len(parts) > 1 else "other"
    stage_to = next((p.stage_to for p in PARTS.values() if p.manifest_format == fmt and inside.startswith(p.stage_to + "/")), parts[1] if len(parts) > 1 else "")
    themes = {t.folder: set(t.modules) for t in cfg.themes}
    theme = module = None
    rest = inside.removeprefix(stage_to + "/").split("/") if len(parts) > 2 else []
    if rest and rest[0] in themes:
        theme = rest[0]
        if len(rest) > 1:
            stem = rest[1].split(".")[0]
            for suffix in ("-a4", "-letter", "-a5"):
                stem = stem.removesuffix(suffix)
            stem = stem.removesuffix("-mini")  # zines/<theme>/<module>-mini-a4.pdf
            if stem in themes[theme]:
                module = stem
    elif rest and fmt == "zines":
        stem = rest[0].split(".")[0].rsplit("-", 1)[0]
        theme = stem if stem in themes else None
    return lang, fmt, theme, module


def build_manifest(release: Path, cfg: Config, previous: Path | None = None, fresh: list[Entry] = ()) -> list[Entry]:
    """Every file of ``release``. A file hard-linked from the ``previous`` release (the
    same inode: carried over unchanged) keeps the checksum recorded there; so does one
    listed in ``fresh`` (an earlier pass of this build)."""
    known: dict[str, str] = {}
    if previous is not None and (previous / MANIFEST).is_file():
        try:
            known = {e["path"]: e["sha256"] for e in json.loads((previous / MANIFEST).read_text(encoding="utf-8"))["artefacts"]}
        except (ValueError, KeyError, TypeError):
            known = {}
    entries = []
    done = {e.path: e for e in fresh}
    for path in sorted(p for p in release.rglob("*") if p.is_file() and p.name != MANIFEST):
        rel = path.relative_to(release).as_posix()
        lang, fmt, theme, module = classify(rel, cfg)
        st = path.stat()
        digest = known.get(rel)
        if rel in done and done[rel].bytes == st.st_size:
            digest = done[rel].sha256
        elif digest is not None:
            try:
                old = (previous / rel).stat()
                same = (old.st_ino, old.st_dev, old.st_size) == (st.st_ino, st.st_dev, st.st_size)
            except OSError:
                same = False
            digest = digest if same else None
        entries.append(Entry(rel, lang, fmt, theme, module, st.st_size, digest or sha256_file(path)))
    return entries


def write_manifest(release: Path, cfg: Config, previous: Path | None = None, fresh: list[Entry] = ()) -> Path:
    entries = build_manifest(release, cfg, previous, fresh)
    doc = {
        "title": cfg.title,
        "edition": cfg.edition,
        "date": cfg.date.isoformat(),
        "artefacts": [asdict(e) for e in entries],
    }
    out = release / MANIFEST
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return out


def _listed_path(value: object) -> str | None:
    """A manifest path that stays inside the copy, or None."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    pure = PurePosixPath(value)
    if pure.is_absolute() or any(part in ("..", ".", "") for part in value.split("/")):
        return None
    return value


def verify(directory: Path, manifest: Path | None = None) -> list[str]:
    """Compare a copy of the outputs with its manifest; return one line per difference:
    files missing or changed, and files in the copy that the manifest does not list (a
    page with a script added to a copy is named, not passed)."""
    from samizdat.core.errors import UsageError
    from samizdat.pipeline.signing import SIGNATURE

    manifest = manifest or directory / MANIFEST
    root = manifest.resolve().parent
    try:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        artefacts = doc["artefacts"]
        listed_entries = [(e["path"], e["bytes"], e["sha256"]) for e in artefacts]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{manifest}: not a readable samizdat manifest ({exc})") from None
    problems = []
    listed: set[str] = set()
    for raw, size, digest in listed_entries:
        rel = _listed_path(raw)
        if rel is None:
            problems.append(f"{raw!r}: the manifest lists a path outside the copy (a forged manifest?)")
            continue
        listed.add(rel)
        p = root / rel
        if p.is_symlink() or not p.resolve().is_relative_to(root):
            problems.append(f"{rel}: a link, not a file (a copy of the outputs has none)")
        elif not p.is_file():
            problems.append(f"{rel}: missing")
        elif p.stat().st_size != size or sha256_file(p) != digest:
            problems.append(f"{rel}: differs from the manifest (changed or damaged)")
    expected = listed | {MANIFEST, SIGNATURE}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if (here / name).is_symlink():  # os.walk does not go into it: name it instead
                filenames.append(name)
        dirnames.sort()
        for name in sorted(filenames):
            rel = (here / name).relative_to(root).as_posix()
            if rel not in expected:
                problems.append(f"{rel}: not in the manifest (added to this copy; do not open it)")
    return problems
