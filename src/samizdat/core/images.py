"""Images are allowed (and useful), but never carry EXIF, GPS, XMP, ICC or comments
into an output: every writer gets a cleaned copy, re-encoded deterministically."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

ALLOWED = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


class ImageError(Exception):
    pass


def clean_bytes(path: Path) -> bytes:
    """The image re-encoded with no metadata at all; ImageError if it can't be decoded."""
    from PIL import Image, UnidentifiedImageError

    if path.suffix.lower() == ".svg":
        raise ImageError("SVG images can carry scripts: convert it to PNG")
    try:
        with Image.open(path) as img:
            fmt = img.format
            img.load()
            if fmt not in ALLOWED:
                raise ImageError(f"{fmt} images are not supported: use PNG or JPEG")
            # pixels only: a new image from the raw bytes has no info, EXIF, XMP or ICC
            clean = Image.frombytes(img.mode, img.size, img.tobytes())
            if img.mode == "P":
                clean.putpalette(img.getpalette())
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ImageError(f"cannot be decoded as an image ({exc.__class__.__name__}): replace the file") from None
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=90, optimize=False, progressive=False)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=False)
    else:
        clean.save(out, fmt)
    return out.getvalue()


class ImageCache:
    """Cleaned copies under the build cache, for pandoc and reportlab."""

    def __init__(self, cache: Path):
        self.dir = cache / "images"

    def clean(self, path: Path) -> Path:
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()[:20]
        target = self.dir / f"{key}{path.suffix.lower()}"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp" + target.suffix)
            tmp.write_bytes(clean_bytes(path))
            tmp.replace(target)
        return target


def clean_in_place(path: Path) -> None:
    path.write_bytes(clean_bytes(path))
