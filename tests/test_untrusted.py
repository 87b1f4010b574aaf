"""Untrusted content stays inert: no file from outside curriculum/ and no network fetch,
through any directive, role, link or front-matter key, in a module source or in any
catalog (module catalogs, sphinx.po, samizdat.po).

Every case runs against a local HTTP server that counts requests (none allowed, whatever
the outcome) and a secret file outside the project whose bytes must appear nowhere under
``build/`` (caches included)."""

from __future__ import annotations

import http.server
import os
import secrets
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, copy_project, samizdat

MODULE = "curriculum/alpha/first.md"
ANCHOR = "Everyone introduces themselves."
UK_CATALOG = "locales/uk/LC_MESSAGES/alpha/first.po"


class Trap:
    """A loopback HTTP server that counts every request it gets."""

    def __init__(self) -> None:
        trap = self
        self.requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                trap.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"a,b\nLEAKED-FROM-NETWORK,2\n")

            do_HEAD = do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trap():
    t = Trap()
    yield t
    t.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("untrusted") / "p")
    res = samizdat(root, "i18n", "sync")
    assert res.code == 0, res.text
    return root


@pytest.fixture
def project(template, tmp_path):
    """A fresh copy of the project and a secret file beside it (outside the project)."""
    import shutil

    root = tmp_path / "p"
    shutil.copytree(template, root)
    secret = tmp_path / "secret.txt"
    token = f"SECRET-{secrets.token_hex(8)}"
    secret.write_text(f"{token},x\n{token},y\n")
    return root, secret, token


def nothing_leaked(root: Path, token: str, trap: Trap) -> None:
    assert trap.requests == [], f"the build made {len(trap.requests)} request(s): {trap.requests}"
    scanned = 0
    for p in (root / "build").rglob("*") if (root / "build").exists() else []:
        if p.is_file() and not p.is_symlink():
            scanned += 1
            data = p.read_bytes()
            assert token.encode() not in data, f"{p} contains the secret"
            assert b"LEAKED-FROM-NETWORK" not in data, f"{p} contains what the trap server sent"
    return scanned


def source_attacks(secret: Path, url: str, root: Path) -> list[str]:
    rel = os.path.relpath(secret, root / "curriculum/alpha")
    inside = root / "curriculum/alpha/notes.txt"
    inside.write_text("notes inside the curriculum\n")
    return [
        f"A [local file]({rel}) link.",
        "A [file inside the curriculum](notes.txt) link.",
        f"A {{download}}`{rel}` role.",
        f"A <path:{rel}> link.",
        f"A [reference][s] link.\n\n[s]: {rel}",
        f"```{{csv-table}} T\n:file: {secret}\n```",
        f"```{{csv-table}} T\n:url: {url}/table.csv\n```",
        f"```{{raw}} html\n:url: {url}/raw\n```",
        f"```{{raw}} html\n:file: {secret}\n```",
        f"```{{literalinclude}} notes.txt\n:diff: {secret}\n```",
        f"```{{include}} {secret}\n```",
        f"```{{eval-rst}}\n.. include:: {secret}\n```",
        f"```{{image}} {url}/pixel.png\n:alt: x\n```",
        f"```{{figure}} {secret}\n```",
        f"![remote pixel]({url}/pixel.png)",
        f"![absolute]({secret})",
        f"{{rst:dir}}`{url}`",
    ]


def test_sources_refused_at_parse_time(project, trap):
    root, secret, token = project
    attacks = source_attacks(secret, trap.url, root)
    page = root / MODULE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(ANCHOR, ANCHOR + "\n\n" + "\n\n".join(attacks)), encoding="utf-8")
    first = text[: text.index(ANCHOR)].count("\n") + 1
    res = samizdat(root, "build", "--lang", "en")
    assert res.code == 1, res.text
    assert "Traceback" not in res.text
    lines = {int(ln.split(":")[1]) for ln in res.err.splitlines() if ln.startswith(MODULE + ":")}
    # one refusal at each attack's own line
    line = first + 2
    for attack in attacks:
        assert line in lines, f"no refusal at {MODULE}:{line} for {attack!r}:\n{res.err}"
        line += attack.count("\n") + 2
    assert not (root / "build" / "en").exists()
    nothing_leaked(root, token, trap)


def test_front_matter_cannot_configure_the_parser(project, trap):
    root, secret, token = project
    page = root / MODULE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "tags: [test]\n",
        "tags: [test]\nmyst:\n  enable_extensions: [substitution]\n  substitutions:\n    x: \"{{ 7*7 }}\"\n"
        f"html_meta:\n  http-equiv=refresh: 0;url={trap.url}/\n", 1), encoding="utf-8")
    res = samizdat(root, "build", "--lang", "en")
    assert res.code == 1, res.text
    assert f"{MODULE}:6: front matter: unknown key 'myst'" in res.err
    assert "unknown key 'html_meta'" in res.err
    nothing_leaked(root, token, trap)


def catalog_attacks(secret: Path, url: str, root: Path) -> list[str]:
    rel = os.path.relpath(secret, root / "curriculum/alpha")
    return [
        f"Усі [файл]({rel}) представляються.",
        f"Усі {{download}}`{rel}` представляються.",
        f"Усі <path:{rel}> представляються.",
        f"Усі\n\n```{{csv-table}} T\n:url: {url}/t.csv\n```",
        f"Усі\n\n:::{{include}} {secret}\n:::",
        f"Усі ![піксель]({url}/p.png) представляються.",
        f"Усі [посилання][s].\n\n[s]: {rel}",
    ]


def _hostile_catalog(root: Path, msgstrs: list[str]) -> dict[str, int]:
    """Put each msgstr on its own entry of the uk catalog; return msgstr -> line."""
    path = root / UK_CATALOG
    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete and e.msgid and "`" not in e.msgid and "[" not in e.msgid]
    assert len(entries) >= len(msgstrs), "the fixture catalog has too few plain entries"
    for e, s in zip(entries, msgstrs):
        e.msgstr = s
        e.flags = []
    po.save(str(path))
    po = polib.pofile(str(path))
    return {e.msgstr: e.linenum for e in po if e.msgstr in msgstrs}


def test_module_catalog_refused_with_its_line(project, trap):
    root, secret, token = project
    attacks = catalog_attacks(secret, trap.url, root)
    where = _hostile_catalog(root, attacks)
    res = samizdat(root, "build", "--lang", "uk")
    assert res.code == 1, res.text
    assert "Traceback" not in res.text
    for attack, line in where.items():
        assert any(ln.startswith(f"{UK_CATALOG}:{line}:") for ln in res.err.splitlines()), f"{attack!r} not refused at line {line}:\n{res.err}"
    assert not (root / "build" / "uk").exists()
    nothing_leaked(root, token, trap)
    # samizdat check refuses the same, without reading the catalog with Sphinx
    res = samizdat(root, "check")
    assert res.code == 1 and f"{UK_CATALOG}:" in res.out, res.text
    nothing_leaked(root, token, trap)
    # and the translators' own gate says the same, entry by entry
    res = samizdat(root, "i18n", "check", "--no-sync")
    assert res.code == 1, res.text
    for attack, line in where.items():
        assert f"{UK_CATALOG}:{line}:" in res.out, f"i18n check missed {attack!r}:\n{res.out}"
    nothing_leaked(root, token, trap)


PARSE_ONLY = """
import sys
from pathlib import Path
from samizdat.core.config import load_config
from samizdat.pipeline.sphinx_run import run_builders
cfg = load_config(Path(sys.argv[1]))
problems = run_builders(cfg, "uk", ["html", "epub"], cfg.cache_dir / "uk")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
"""


def test_catalog_refused_by_the_parser_too(project, trap):
    """The second lock: with the catalog pre-check skipped, Sphinx's parse of each
    msgstr still reads no file and fetches nothing."""
    root, secret, token = project
    _hostile_catalog(root, catalog_attacks(secret, trap.url, root))
    proc = subprocess.run([sys.executable, "-c", PARSE_ONLY, str(root)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "is not part of the module format" in proc.stdout or "is not allowed" in proc.stdout, proc.stdout
    nothing_leaked(root, token, trap)


@pytest.mark.parametrize("name,catalog", [("sphinx.po", "sphinx"), ("samizdat.po", "samizdat")])
def test_label_catalogs_are_untrusted(project, trap, name, catalog):
    """sphinx.po and samizdat.po: their msgstrs reach page templates, so they are plain text."""
    root, _secret, token = project
    path = root / "locales/uk/LC_MESSAGES" / name
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "uk",
                   "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
    po.append(polib.POEntry(msgid="Search" if catalog == "sphinx" else "Objectives",
                            msgstr=f'Пошук<meta http-equiv="refresh" content="0;url={trap.url}/">'))
    po.append(polib.POEntry(msgid="Navigation" if catalog == "sphinx" else "Key points",
                            msgstr=f'<a href="{trap.url}/">Навігація</a>'))
    po.save(str(path))
    lines = [e.linenum for e in polib.pofile(str(path)) if e.msgid]
    res = samizdat(root, "build", "--lang", "uk")
    assert res.code == 1, res.text
    rel = f"locales/uk/LC_MESSAGES/{name}"
    for line in lines:
        assert f"{rel}:{line}: a label must be plain text" in res.err, res.err
    nothing_leaked(root, token, trap)


def test_plain_labels_are_accepted(project, trap):
    """A label catalog with ordinary text (apostrophes, « » quotes) builds."""
    root, _secret, token = project
    path = root / "locales/uk/LC_MESSAGES/sphinx.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "uk"}
    po.append(polib.POEntry(msgid="Search", msgstr="Пошук «м'який»"))
    po.save(str(path))
    res = samizdat(root, "build", "--lang", "uk", "--format", "html")
    assert res.code == 0, res.text
    assert "Пошук «м'який»" in (root / "build/uk/html/search.html").read_text(encoding="utf-8")
    assert nothing_leaked(root, token, trap) > 0
