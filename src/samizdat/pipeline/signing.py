"""A signed manifest: Ed25519 (from the ``cryptography`` library, no home-made crypto).
The private key stays outside the repository; readers verify a copy of the outputs with
the public key, so an authentic copy can be told from a tampered one."""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from samizdat.core.errors import UsageError

SIGNATURE = "manifest.sig"


def keygen(private: Path, public: Path) -> None:
    if private.exists():
        raise UsageError(f"{private} exists: refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    private.parent.mkdir(parents=True, exist_ok=True)
    private.touch(mode=0o600)
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a readable PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: not an Ed25519 key (make one with 'samizdat keygen')")
    return key


def _load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a readable PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{path}: not an Ed25519 public key")
    return key


def sign(directory: Path, private: Path) -> Path:
    """Sign the release's manifest, and first each kit's own manifest (its signature goes
    into the kit, so an unzipped kit is checked with ``verify --key`` on its own; the
    release's manifest then lists the kits as signed)."""
    manifest = directory / "manifest.json"
    if not manifest.is_file():
        raise UsageError(f"{directory}: no manifest.json; build first")
    key = _load_private(private)
    root = manifest.resolve().parent
    kits = sorted((root / "kits").glob("*.zip")) if (root / "kits").is_dir() else []
    if kits:
        _sign_kits(root, kits, key)
    signature = key.sign(manifest.read_bytes())
    out = root / SIGNATURE
    out.write_text(base64.b64encode(signature).decode() + "\n")
    return out


def _sign_kits(root: Path, kits: list[Path], key: Ed25519PrivateKey) -> None:
    import json
    import zipfile

    from samizdat.core.reproducible import ReproducibleZip

    changed = {}
    for kit in kits:
        with zipfile.ZipFile(kit) as z:
            names = z.namelist()
            folder = names[0].split("/", 1)[0]
            own = z.read(f"{folder}/manifest.json")
        sig = (base64.b64encode(key.sign(own)).decode() + "\n").encode()
        tmp = kit.with_name(kit.name + ".signed")
        out = ReproducibleZip(tmp, reuse=kit)
        try:
            for name in names:
                if name != f"{folder}/{SIGNATURE}":
                    out.copy_raw(name)
            out.add_bytes(f"{folder}/{SIGNATURE}", sig)
            digest = out.close()
        except BaseException:
            out.abort()
            raise
        tmp.replace(kit)  # a new file: never a change through a hard link into another release
        changed[f"kits/{kit.name}"] = (kit.stat().st_size, digest)
    manifest = root / "manifest.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    for e in doc["artefacts"]:
        if e["path"] in changed:
            e["bytes"], e["sha256"] = changed[e["path"]]
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(manifest)


def check_signature(directory: Path, public: Path) -> str | None:
    """None if the manifest is signed by ``public``'s key; else what is wrong."""
    manifest = directory / "manifest.json"
    sig = manifest.resolve().parent / SIGNATURE  # where sign() writes it (build/ -> its release)
    if not sig.is_file():
        return f"{SIGNATURE}: missing (the copy is not signed)"
    try:
        _load_public(public).verify(base64.b64decode(sig.read_text().strip()), manifest.read_bytes())
    except (InvalidSignature, ValueError):
        return "manifest.json: the signature does not match (tampered manifest, or another key)"
    return None
