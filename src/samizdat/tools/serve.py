"""``samizdat serve``: a live preview of the reader (or facilitator) site on localhost.

One process keeps Sphinx warm for one language; a watcher thread polls the sources
(curriculum, that language's catalogs, design files) and rebuilds only what changed; the
pages reload themselves through a small script served by the preview only (the
published site never has it). Decks from the last build are served under /slides/.

The server answers from the preview's site folder and the decks folder only: a request
path is percent-decoded once, refused if it has a ``..`` segment, a backslash or a NUL,
normalised, joined to its base and resolved (symlinks too); what does not resolve to a
file inside the base is 404. No directory listings, only GET and HEAD, and a request
whose Host header is not the address it listens on is refused (a web page on another
site, through DNS rebinding, cannot read the preview)."""

from __future__ import annotations

import http.server
import io
import ipaddress
import mimetypes
import posixpath
import socket
import sys
import threading
import time
import urllib.parse
from functools import partial
from http import HTTPStatus
from pathlib import Path

from samizdat.core.config import Config, load_config
from samizdat.core.errors import UsageError

RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch('/__samizdat/version', {cache: 'no-store'}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {}).finally(function () { setTimeout(poll, 300); });
  }
  poll();
})();
"""


class Preview:
    def __init__(self, cfg: Config, lang: str, facilitator: bool):
        from sphinx.application import Sphinx
        from sphinx.util import console

        from samizdat.sphinx_ext.conf import sphinx_overrides
        from samizdat.sphinx_ext.labels import compile_labels
        from samizdat.pipeline.sphinx_run import reproducible_environment, sync_catalogs

        console.nocolor()
        reproducible_environment(cfg)
        self.cfg, self.lang = cfg, lang
        # a cache of its own: a build running meanwhile never sees a half-written preview
        self.cache = cfg.cache_dir / "serve" / lang
        self.sync_catalogs = partial(sync_catalogs, cfg, lang, self.cache)
        locale_dir = self.sync_catalogs()
        overrides = sphinx_overrides(cfg, lang, locale_dir, compile_labels(lang, self.cache, cfg.locales_dir))
        name = "samizdat-facilitator-html" if facilitator else "samizdat-html"
        self.outdir = self.cache / f"serve-{name}"
        self.warnings = io.StringIO()
        from samizdat.pipeline.publish import build_lock

        with build_lock(cfg.build_dir):  # the one lock: never beside a build or a check
            self.app = Sphinx(cfg.curriculum_dir, None, self.outdir, self.cache / "doctrees", name,
                              confoverrides=overrides, status=None, warning=self.warnings)
        self.version = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()
        self.rebuild()

    def rebuild(self) -> float:
        from samizdat.pipeline.sphinx_run import parse_warnings

        from samizdat.i18n.catalogs import preflight_catalogs
        from samizdat.pipeline.publish import build_lock

        start = time.monotonic()
        with self.lock, build_lock(self.cfg.build_dir):  # waits while a build or check runs
            self.warnings.seek(0)
            self.warnings.truncate()
            unsafe = preflight_catalogs(self.cfg, (self.lang,)) if self.lang != self.cfg.source_language else []
            if unsafe:  # a hostile catalog is shown, never read
                self.problems = [str(p) for p in unsafe]
                self.version += 1
                return time.monotonic() - start
            self.sync_catalogs()
            failure = None
            try:
                self.app.build()
            except Exception as exc:  # content problems stop the build; they are shown below
                failure = f"the build stopped: {type(exc).__name__}: {exc}"
            self.problems = [str(p) for p in parse_warnings(self.warnings.getvalue(), self.cfg.root)]
            if failure and not self.problems:  # never a silent failure: say why nothing changed
                self.problems.append(failure)
            self.version += 1
        return time.monotonic() - start

    def watched(self) -> dict[Path, int]:
        out = {}
        for base in (self.cfg.curriculum_dir, self.cfg.locales_dir / self.lang, self.cfg.handouts_dir, self.cfg.slides_dir):
            if base.is_dir():
                for p in base.rglob("*"):
                    if p.is_file() and p.suffix != ".mo":
                        out[p] = p.stat().st_mtime_ns
        return out

    def watch(self, stop: threading.Event, interval: float = 0.15) -> None:
        seen = self.watched()
        while not stop.wait(interval):
            now = self.watched()
            if now != seen:
                seen = now
                took = self.rebuild()
                status = f"{len(self.problems)} problem(s)" if self.problems else "ok"
                print(f"rebuilt in {took:.2f} s: {status}", flush=True)
                for p in self.problems:
                    print(p, flush=True)


# What the standard library's table may lack or get wrong (and with nosniff, a wrong type
# means a script or font that does not load).
TYPES = {
    ".html": "text/html; charset=utf-8", ".xhtml": "application/xhtml+xml", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".txt": "text/plain; charset=utf-8", ".pdf": "application/pdf", ".epub": "application/epub+zip",
}
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
)
SLIDES = "slides"


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def request_path(raw: str) -> str | None:
    """The request target as a clean relative path ("" for the root), or None if it may
    not be answered: not starting with "/", not UTF-8, or with a ``..`` segment, a
    backslash or a NUL byte (raw or percent-encoded; decoded once, so ``%252e`` stays a
    literal name)."""
    target = raw.split("?", 1)[0].split("#", 1)[0]
    if not target.startswith("/"):
        return None  # "*", absolute-form "http://...", or garbage
    try:
        decoded = urllib.parse.unquote(target, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in decoded or "\\" in decoded or any(seg == ".." for seg in decoded.split("/")):
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
        return None
    clean = posixpath.normpath(decoded).lstrip("/")  # "//x" stays "//x" in normpath: strip it
    if clean in ("", "."):
        return ""
    return clean + "/" if decoded.endswith("/") else clean  # a folder asked for as a folder


def inside(base: Path, rel: str) -> Path | None:
    """``base/rel`` resolved (symlinks followed), if it is still inside ``base``."""
    try:
        root = base.resolve(strict=True)
        target = (root / rel).resolve()
    except (OSError, RuntimeError):  # missing base, symlink loop
        return None
    return target if target.is_relative_to(root) else None


def locate(rel: str, site: Path, slides: Path) -> tuple[str, Path | None]:
    """("file", path) for a file to send, ("redirect", None) for a folder asked for without
    its trailing slash, ("missing", None) for everything else."""
    base, sub = site, rel
    if rel == SLIDES or rel.startswith(SLIDES + "/"):
        base, sub = slides, rel[len(SLIDES) + 1:]
    target = inside(base, sub)
    if target is None:
        return "missing", None
    if target.is_dir():
        index = inside(base, posixpath.join(sub, "index.html"))
        if index is None or not index.is_file():
            return "missing", None  # no directory listings
        return ("file", index) if rel == "" or rel.endswith("/") else ("redirect", None)
    return ("file", target) if target.is_file() and not rel.endswith("/") else ("missing", None)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host header values the preview answers: its own address and port (and
    localhost, 127.0.0.1, [::1] when it listens on loopback)."""
    names = {host.lower()}
    try:
        ip = ipaddress.ip_address(host)
        names = {f"[{ip.compressed}]" if ip.version == 6 else ip.compressed}
    except ValueError:
        pass
    if is_loopback(host):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    out = {f"{n}:{port}" for n in names}
    if port == 80:  # browsers leave the default port out
        out |= names
    return out


def host_ok(header: str | None, host: str, port: int) -> bool:
    if not header:
        return False
    value = header.strip().lower()
    if value in allowed_hosts(host, port):
        return True
    # Listening on every address (0.0.0.0 or ::): any IP literal with our port. DNS
    # rebinding needs a host *name*, so literal addresses are safe to accept.
    try:
        wildcard = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        wildcard = False
    if wildcard:
        name, _, p = value.rpartition(":")
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return p == str(port)
    return False


def handler_for(preview: Preview, slides_dir: Path, host: str = "127.0.0.1", port: int | None = None):
    """The request handler; ``port`` None means "the port the server is bound to"."""

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = 60  # a client that sends nothing does not hold a thread forever

        def version_string(self) -> str:  # no Python version for whoever asks
            return "samizdat-preview"

        def log_message(self, *args) -> None:  # quiet
            pass

        def reply(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
                  extra: tuple[tuple[str, str], ...] = ()) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (*SECURITY_HEADERS, *extra):
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send(self, body: bytes, content_type: str) -> None:
            """A page or script that is never cached (it changes with every rebuild)."""
            self.reply(200, body, content_type)

        def not_found(self) -> None:
            self.reply(404, b"not found\n")

        def do_GET(self) -> None:
            listening = port if port is not None else self.server.server_address[1]
            if not host_ok(self.headers.get("Host") if len(self.headers.get_all("Host") or []) == 1 else None, host, listening):
                self.close_connection = True
                return self.reply(HTTPStatus.MISDIRECTED_REQUEST, b"refused: this preview answers only requests for its own address\n")
            rel = request_path(self.path)
            if rel is None:
                return self.not_found()
            if rel == "__samizdat/version":
                return self.send(f"{preview.version}".encode(), "text/plain; charset=utf-8")
            if rel == "__samizdat/reload.js":
                return self.send(RELOAD_JS, "text/javascript")
            kind, target = locate(rel, preview.outdir, slides_dir)
            if kind == "redirect":
                return self.reply(301, b"", extra=(("Location", urllib.parse.quote("/" + rel + "/")),))
            if target is None:
                return self.not_found()
            try:
                data = target.read_bytes()
            except OSError:
                return self.not_found()
            if target.suffix == ".html" and not (rel == SLIDES or rel.startswith(SLIDES + "/")):
                data = data.replace(b"</body>", b'<script src="/__samizdat/reload.js"></script></body>', 1)
                if preview.problems:
                    import html as h

                    box = "".join(f"<li>{h.escape(p)}</li>" for p in preview.problems)
                    data = data.replace(b"<body>", f'<body><ul role="alert" style="background:#fdd;padding:1em">{box}</ul>'.encode(), 1)
            return self.send(data, content_type(target))

        do_HEAD = do_GET

        def refuse_method(self) -> None:
            self.close_connection = True
            self.reply(405, b"only GET and HEAD\n", extra=(("Allow", "GET, HEAD"),))

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = refuse_method

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """Errors from the request parser (bad request line, unknown method): plain
            text, with the same headers as everything else."""
            self.close_connection = True
            try:
                self.reply(code, f"{code}\n".encode())
            except OSError:
                pass

    return Handler


def server_class(host: str):
    family = socket.AF_INET
    try:
        family = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][0]
    except OSError:
        pass

    class Server(http.server.ThreadingHTTPServer):
        address_family = family
        daemon_threads = True

    return Server


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(root: Path, lang: str, port: int, facilitator: bool, host: str = "127.0.0.1") -> None:
    cfg = load_config(root)
    if not is_loopback(host):
        print(f"warning: --host {host} is not a loopback address: anyone who can reach this machine "
              "on that network can read the preview (drafts and facilitator notes included)", file=sys.stderr, flush=True)
    try:  # listen first: a busy port or a wrong address is said before the first build
        server = server_class(host)((host, port), http.server.BaseHTTPRequestHandler)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    try:
        preview = Preview(cfg, lang, facilitator)
        threading.Thread(target=preview.watch, args=(stop,), daemon=True).start()
        server.RequestHandlerClass = handler_for(preview, cfg.build_dir / lang / "slides", host)
        print(f"serving {lang} on http://{url_host(host)}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
