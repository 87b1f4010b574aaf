"""``samizdat serve`` answers from the preview's site and the decks folder, and nothing else.

One real server (the CLI, in a subprocess) on a copy of the built mini project, asked with
raw requests (a socket, so no client normalises ``..`` away). A secret file outside the
project must never come back, whatever the path, encoding or symlink."""

from __future__ import annotations

import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from samizdat.tools import serve as serve_mod


class Server:
    def __init__(self, root: Path, port: int, proc: subprocess.Popen, output: list[str]):
        self.root, self.port, self.proc, self.output = root, port, proc, output
        self.site = root / "build/.cache/serve/en/serve-samizdat-html"
        self.slides = root / "build/en/slides"

    def raw(self, request_line: str, host: str | None = None, extra: str = "") -> tuple[int, dict[str, str], bytes]:
        """Send one request exactly as written; (status, headers, body)."""
        host = f"127.0.0.1:{self.port}" if host is None else host
        head = f"{request_line}\r\n" + (f"Host: {host}\r\n" if host else "") + extra + "Connection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(head.encode("latin-1"))
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        header, _, body = data.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        return status, headers, body

    def get(self, path: str, **kw) -> tuple[int, dict[str, str], bytes]:
        return self.raw(f"GET {path} HTTP/1.1", **kw)


@pytest.fixture(scope="module")
def server(mini_built, tmp_path_factory):
    """The CLI's server on a copy of the built mini project, a secret outside it; always stopped."""
    base = tmp_path_factory.mktemp("serve")
    root = base / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    token = secrets.token_hex(16)
    (base / "secret.txt").write_text(f"SECRET {token}\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-u", "-m", "samizdat.cli", "--root", str(root), "serve", "--port", "0", "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    ready = threading.Event()

    def drain() -> None:  # read everything, so a chatty server never blocks on a full pipe
        for line in proc.stdout:
            output.append(line)
            if "serving" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert ready.wait(180), "".join(output)
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(output)).group(1))
        srv = Server(root, port, proc, output)
        srv.secret, srv.token = base / "secret.txt", token
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def test_a_page_is_served_with_the_reload_script_and_safe_headers(server):
    status, headers, body = server.get("/alpha/first.html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"Everyone introduces themselves." in body and b"/__samizdat/reload.js" in body
    assert b'http-equiv="Content-Security-Policy"' in body  # the page's CSP is kept
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert server.get("/")[0] == 200
    assert server.get("/alpha/")[0] == 200
    status, headers, _ = server.get("/alpha")
    assert status == 301 and headers["location"] == "/alpha/"
    status, headers, body = server.get("/slides/alpha/first.html")  # decks from the last build
    assert status == 200 and b"/__samizdat/reload.js" not in body


def test_reload_endpoints(server):
    status, headers, body = server.get("/__samizdat/version")
    assert status == 200 and body.strip().isdigit()
    status, headers, body = server.get("/__samizdat/reload.js")
    assert status == 200 and headers["content-type"] == "text/javascript" and b"/__samizdat/version" in body


def traversals(secret: Path) -> list[str]:
    """Every way we know of writing "go up to the secret"."""
    name = secret.name
    forms = []
    for ups in (1, 3, 5, 6, 8, 12):
        for up in ("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "..%00"):
            for sep in ("/", "%2f", "%2F", "\\", "%5c", "%5C"):
                path = sep.join([up] * ups) + sep + name
                forms += [f"/{path}", f"/slides/{path}", f"/alpha/{path}", f"/_static/{path}"]
    absolute = secret.as_posix()
    forms += [
        absolute, "/" + absolute, "//" + absolute.lstrip("/"), "/%2f" + absolute.lstrip("/"),
        "/" + absolute.replace("/", "%2f"), "/slides/" + absolute, "/slides//" + absolute.lstrip("/"),
        "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/slides/../../../etc/passwd",
        "//etc/passwd", "/etc/passwd", "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\..\\..\\..\\etc\\passwd",
        "/%252e%252e/%252e%252e/etc/passwd", "/index.html%00.txt", "/index.html\x00",
        "file://" + absolute, "http://127.0.0.1" + absolute,
    ]
    return forms


def assert_refused(server, path: str) -> None:
    status, _, body = server.get(path)
    assert server.token.encode() not in body, path
    assert b"root:" not in body, path
    assert status in (400, 404), (path, status)


def test_no_traversal_form_reaches_a_file_outside(server):
    paths = traversals(server.secret)
    assert len(paths) > 500
    for path in paths:
        assert_refused(server, path)


def test_symlinks_leading_out_are_not_followed(server):
    (server.site / "leak.txt").symlink_to(server.secret)
    (server.site / "leakdir").symlink_to(server.secret.parent, target_is_directory=True)
    (server.slides / "leak.txt").symlink_to(server.secret)
    (server.site / "alpha" / "up").symlink_to("../../../../..", target_is_directory=True)
    try:
        for path in ("/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/slides/leak.txt", "/alpha/up/secret.txt",
                     "/%6ceak.txt", "/alpha/up/", "/leakdir"):
            assert_refused(server, path)
    finally:
        for p in (server.site / "leak.txt", server.site / "leakdir", server.slides / "leak.txt", server.site / "alpha" / "up"):
            p.unlink()


def test_no_directory_listings(server):
    (server.site / "empty-folder").mkdir()
    (server.site / "empty-folder" / "note.txt").write_text("hello", encoding="utf-8")
    try:
        for path in ("/empty-folder/", "/empty-folder", "/_static/", "/_static", "/slides/", "/slides", "/slides/alpha/"):
            status, _, body = server.get(path)
            assert status == 404, path
            assert b"note.txt" not in body and b"Directory listing" not in body
        assert server.get("/empty-folder/note.txt")[0] == 200  # a file inside is fine
        assert server.get("/alpha/first.html/")[0] == 404  # a file is not a folder
    finally:
        shutil.rmtree(server.site / "empty-folder")


def test_only_get_and_head(server):
    status, headers, body = server.raw("HEAD /alpha/first.html HTTP/1.1")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"):
        status, headers, _ = server.raw(f"{method} /alpha/first.html HTTP/1.1", extra="Content-Length: 0\r\n")
        assert status == 405 and headers["allow"] == "GET, HEAD", method
    assert server.raw("BREW /alpha/first.html HTTP/1.1")[0] == 501


def test_a_wrong_host_header_is_refused(server):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1."""
    port = server.port
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "127.0.0.1", f"localhost.evil.example:{port}",
                 f"127.0.0.2:{port}", f"0.0.0.0:{port}", ""):
        status, _, body = server.get("/alpha/first.html", host=host)
        assert status in (403, 421), host
        assert b"Everyone introduces" not in body
    # two Host headers
    status, _, _ = server.get("/alpha/first.html", extra=f"Host: evil.example:{port}\r\n")
    assert status in (403, 421)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert server.get("/alpha/first.html", host=host)[0] == 200, host


def test_the_server_listens_on_loopback_only(server):
    with socket.socket() as s:
        s.settimeout(5)
        assert s.connect_ex(("127.0.0.1", server.port)) == 0
    out = subprocess.run(["ss", "-ltn"], capture_output=True, text=True) if shutil.which("ss") else None
    if out is not None and out.returncode == 0:
        listening = [line.split()[3] for line in out.stdout.splitlines()[1:] if line.split()[3].endswith(f":{server.port}")]
        assert listening == [f"127.0.0.1:{server.port}"], listening


def test_a_saved_source_reloads_the_page(server):
    """The live reload still works: the version changes and the page has the new text."""
    _, _, before = server.get("/__samizdat/version")
    module = server.root / "curriculum/alpha/first.md"
    module.write_text(module.read_text(encoding="utf-8").replace("Everyone introduces themselves.", "Everyone waves hello."), encoding="utf-8")
    deadline = time.monotonic() + 120
    while server.get("/__samizdat/version")[2] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.get("/__samizdat/version")[2] != before
    status, _, body = server.get("/alpha/first.html")
    assert status == 200 and b"Everyone waves hello." in body


def test_the_server_process_is_still_healthy(server):
    """After all the bad requests: still answering, no traceback printed."""
    assert server.proc.poll() is None
    assert server.get("/alpha/first.html")[0] == 200
    assert "Traceback" not in "".join(server.output)


# the pieces, without a server


@pytest.mark.parametrize("raw, expected", [
    ("/", ""), ("/alpha/first.html", "alpha/first.html"), ("/alpha/", "alpha/"), ("/a/./b", "a/b"), ("//a//b", "a/b"),
    ("/x?q=../../etc/passwd", "x"), ("/%252e%252e/x", "%2e%2e/x"), ("/caf%C3%A9.html", "café.html"),
    ("/../x", None), ("/%2e%2e/x", None), ("/a/..%2fb", None), ("/a\\b", None), ("/a%5cb", None), ("/a%00b", None),
    ("/%ff", None), ("*", None), ("http://evil/x", None), ("/a%0ab", None),
])
def test_request_path(raw, expected):
    assert serve_mod.request_path(raw) == expected


@pytest.mark.parametrize("header, host, port, ok", [
    ("127.0.0.1:8000", "127.0.0.1", 8000, True), ("localhost:8000", "127.0.0.1", 8000, True),
    ("[::1]:8000", "::1", 8000, True), ("localhost:8001", "127.0.0.1", 8000, False),
    ("evil.example:8000", "127.0.0.1", 8000, False), (None, "127.0.0.1", 8000, False),
    ("192.168.1.5:8000", "192.168.1.5", 8000, True), ("localhost:8000", "192.168.1.5", 8000, False),
    ("box.lan:8000", "box.lan", 8000, True), ("192.168.1.5:8000", "0.0.0.0", 8000, True),
    ("evil.example:8000", "0.0.0.0", 8000, False), ("127.0.0.1", "127.0.0.1", 80, True),
])
def test_host_check(header, host, port, ok):
    assert serve_mod.host_ok(header, host, port) is ok


def test_loopback_or_a_warning():
    assert serve_mod.is_loopback("127.0.0.1") and serve_mod.is_loopback("::1") and serve_mod.is_loopback("localhost")
    assert not serve_mod.is_loopback("0.0.0.0") and not serve_mod.is_loopback("192.168.1.5") and not serve_mod.is_loopback("box.lan")


def test_cli_has_host_and_refuses_a_busy_port(mini):
    from conftest import samizdat

    res = samizdat(mini, "serve", "--help")
    assert res.code == 0 and "--host ADDRESS" in res.out and "127.0.0.1" in res.out
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        res = samizdat(mini, "serve", "--port", str(s.getsockname()[1]), timeout=120)
    assert res.code == 2 and "cannot listen" in res.err and "Traceback" not in res.err


def test_a_non_loopback_host_warns(mini):
    """192.0.2.1 (a documentation address, on no machine): the warning comes first, then
    the address is refused, so the test never listens on a real network."""
    from conftest import samizdat

    res = samizdat(mini, "serve", "--port", "0", "--host", "192.0.2.1", timeout=120)
    assert "warning: --host 192.0.2.1 is not a loopback address" in res.err
    assert res.code == 2 and "cannot listen on 192.0.2.1" in res.err and "Traceback" not in res.err
