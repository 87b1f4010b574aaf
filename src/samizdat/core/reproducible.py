"""Byte-identical outputs: fixed zip entry times and order, no build-machine details."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zin:
        return {info.filename: zin.read(info.filename) for info in zin.infolist() if not info.is_dir()}


def write_zip(path: Path, entries: dict[str, bytes], first: str | None = None) -> None:
    """Write a zip with sorted entries (``first`` stored first, uncompressed, as EPUB
    wants its ``mimetype``), fixed times and fixed permissions: one compression pass."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zout:
        for name in sorted(entries, key=lambda n: (n != first, n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zout.writestr(info, entries[name], compresslevel=9 if name != first else None)
    os.replace(tmp, path)


def repack_zip(path: Path, first: str | None = None) -> None:
    """Rewrite a zip reproducibly (see ``write_zip``)."""
    write_zip(path, read_zip(path), first)
