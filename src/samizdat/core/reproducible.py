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
    _write_zip(tmp, entries, first)
    os.replace(tmp, path)


def zip_bytes(entries: dict[str, bytes], first: str | None = None) -> bytes:
    """``write_zip``'s bytes, in memory."""
    import io

    buf = io.BytesIO()
    _write_zip(buf, entries, first)
    return buf.getvalue()


def _write_zip(target, entries: dict[str, bytes], first: str | None) -> None:
    with zipfile.ZipFile(target, "w") as zout:
        for name in sorted(entries, key=lambda n: (n != first, n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zout.writestr(info, entries[name], compresslevel=9 if name != first else None)


def repack_zip(path: Path, first: str | None = None) -> None:
    """Rewrite a zip reproducibly (see ``write_zip``)."""
    write_zip(path, read_zip(path), first)


# Already compressed formats: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".pdf", ".epub", ".pptx", ".docx", ".odt", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".zip", ".gz"})
_DOS_DATE = (1 << 5) | 1  # 1980-01-01 (ZIP_EPOCH), time 00:00


class ReproducibleZip:
    """A zip written entry by entry from files or bytes, byte-identical for the same input:
    entries in the order given, fixed time and permissions, deflate level 6 except for
    already compressed formats (stored). An entry may also be copied *raw* from another
    zip written the same way (``reuse``): a kit rebuilt after a one-page edit copies every
    unchanged file's compressed bytes instead of deflating them again. zipfile has no way
    to write precompressed data, so the container (local headers, central directory) is
    written here; zipfile reads it back in the tests."""

    def __init__(self, path: Path, reuse: Path | None = None):
        import hashlib

        self.path = path
        self.tmp = path.with_suffix(path.suffix + ".tmp")
        self.out = self.tmp.open("wb")
        self.offset = 0
        self.hash = hashlib.sha256()  # of the whole zip, as written: no second read to list it
        self.central: list[bytes] = []
        self.old: zipfile.ZipFile | None = None
        self.old_raw = None
        if reuse is not None and reuse.is_file():
            try:
                self.old = zipfile.ZipFile(reuse)
                self.old_raw = reuse.open("rb")
            except (OSError, zipfile.BadZipFile):
                self.old = None

    def _entry(self, name: str, method: int, crc: int, size: int, data: bytes) -> None:
        import struct

        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        offset = self.offset
        if offset + len(data) >= 0xFFFFFFFF or size >= 0xFFFFFFFF:
            raise ValueError(f"{self.path.name}: too large for a zip without ZIP64")
        self._write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, _DOS_DATE, crc, len(data), size, len(encoded), 0))
        self._write(encoded)
        self._write(data)
        self.central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, flags, method, 0, _DOS_DATE,
                                        crc, len(data), size, len(encoded), 0, 0, 0, 0, 0o644 << 16, offset) + encoded)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.hash.update(data)
        self.offset += len(data)

    def add_bytes(self, name: str, data: bytes) -> None:
        import zlib

        crc = zlib.crc32(data)
        if Path(name).suffix.lower() in STORED_SUFFIXES:
            self._entry(name, zipfile.ZIP_STORED, crc, len(data), data)
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            self._entry(name, zipfile.ZIP_DEFLATED, crc, len(data), c.compress(data) + c.flush())

    def add_file(self, name: str, src: Path) -> None:
        self.add_bytes(name, src.read_bytes())

    def copy_raw(self, name: str) -> bool:
        """Copy entry ``name`` of the reused zip as it is (its compressed bytes); False if
        that zip has no such entry."""
        import struct

        if self.old is None:
            return False
        try:
            info = self.old.getinfo(name)
        except KeyError:
            return False
        self.old_raw.seek(info.header_offset + 26)
        name_len, extra_len = struct.unpack("<HH", self.old_raw.read(4))
        self.old_raw.seek(info.header_offset + 30 + name_len + extra_len)
        data = self.old_raw.read(info.compress_size)
        self._entry(name, info.compress_type, info.CRC, info.file_size, data)
        return True

    def close(self) -> str:
        """Finish the zip; return its sha256."""
        import struct

        start = self.offset
        for record in self.central:
            self._write(record)
        n = len(self.central)
        if n > 0xFFFF:
            raise ValueError(f"{self.path.name}: too many entries for a zip without ZIP64")
        self._write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, self.offset - start, start, 0))
        self.out.close()
        if self.old is not None:
            self.old.close()
            self.old_raw.close()
        os.replace(self.tmp, self.path)
        return self.hash.hexdigest()

    def abort(self) -> None:
        self.out.close()
        if self.old is not None:
            self.old.close()
            self.old_raw.close()
        self.tmp.unlink(missing_ok=True)
