"""Shared fixtures: small projects copied into tmp, the shipped curriculum built once,
and outside tools that skip on a bare machine but fail under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """The path of an outside tool; skip without it, or fail under CI=true. The running
    Python's own scripts folder is searched first: a tool installed with samizdat's
    dependencies (sphinx-intl) sits in the venv, which `make test` does not put on PATH."""
    path = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if path is None:
        msg = f"{name} is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(msg + ": CI must not skip this test")
        pytest.skip(msg)
    return path


def require_module(name: str):
    try:
        return __import__(name)
    except ImportError:
        if IN_CI:
            pytest.fail(f"python module {name} is missing in CI")
        pytest.skip(f"python module {name} is not installed")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def samizdat(root: Path, *args: str, env: dict | None = None, timeout: int = 900) -> Result:
    """Run the CLI as a user would, in a separate process."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "samizdat.cli", "--root", str(root), *args],
        capture_output=True, text=True, env=full_env, timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def copy_project(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("curriculum", "locales", "handouts", "slides"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    return dst


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture project (two themes, one module each, en + uk)."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> Path:
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini-built"))
    res = samizdat(root, "build")
    assert res.code == 0, res.text
    return root


@pytest.fixture(scope="session")
def mini_discreet(mini_built, tmp_path_factory) -> Path:
    """The mini project built with ``--discreet`` (once, for the kit and the EPUB tests;
    tests that change it work on a copy)."""
    root = tmp_path_factory.mktemp("mini-discreet") / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    res = samizdat(root, "build", "--discreet")
    assert res.code == 0, res.text
    assert "curriculum/discreet.yaml: numbered module first: 1" in res.out
    return root


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Path:
    """The shipped curriculum, copied and built once for every end-to-end test."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("shipped"))
    res = samizdat(root, "build", timeout=3000)
    assert res.code == 0, res.text
    return root


def signed_copy(built: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of a built project, its release signed with a new key and copied to a
    "USB stick": (project, the copy, the public key)."""
    key, pub = tmp_path / "keys/private.pem", tmp_path / "keys/public.pem"
    assert samizdat(built, "keygen", str(key), str(pub)).code == 0
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    assert samizdat(root, "sign", "--key", str(key)).code == 0
    copy = tmp_path / "usb"
    shutil.copytree(root / "build/current", copy)
    return root, copy, pub


def tree_snapshot(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (following the published links) with its bytes."""
    out = {}
    if not path.exists():
        return out
    for p in sorted(path.rglob("*")):
        if ".cache" in p.parts or p.name == ".lock":
            continue
        if p.is_file():
            out[p.relative_to(path).as_posix()] = p.read_bytes()
        elif p.is_symlink():
            out[p.relative_to(path).as_posix()] = os.readlink(p).encode()
    return out


def epubcheck(path: Path) -> subprocess.CompletedProcess:
    """Run the real epubcheck (Java, from the epubcheck Python package)."""
    java = require_tool("java")
    mod = require_module("epubcheck")
    jar = Path(mod.__file__).parent / "epubcheck.jar"
    return subprocess.run([java, "-jar", str(jar), str(path)], capture_output=True, text=True)


def libreoffice_convert(files: list[Path], outdir: Path, to: str, profile: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Open ``files`` in LibreOffice headless and convert them (proof that it can open them)."""
    soffice = require_tool("soffice")
    return subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}/lo", "--convert-to", to,
                           "--outdir", str(outdir), *map(str, files)], capture_output=True, text=True, timeout=timeout)
