"""``samizdat serve``: a live preview of the reader (or facilitator) site on localhost.

One process keeps Sphinx warm for one language; a watcher thread polls the sources
(curriculum, that language's catalogs, design files) and rebuilds only what changed; the
pages reload themselves through a small script served by the preview only (the
published site never has it). Decks from the last build are served under /slides/."""

from __future__ import annotations

import http.server
import io
import threading
import time
from functools import partial
from pathlib import Path

from .config import Config, load_config

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

        from .sphinx_conf import sphinx_overrides
        from .sphinx_ext.labels import compile_labels
        from .sphinx_run import reproducible_environment, sync_catalogs

        console.nocolor()
        reproducible_environment(cfg)
        self.cfg, self.lang = cfg, lang
        self.cache = cfg.cache_dir / lang
        self.sync_catalogs = partial(sync_catalogs, cfg, lang, self.cache)
        locale_dir = self.sync_catalogs()
        overrides = sphinx_overrides(cfg, lang, locale_dir, compile_labels(lang, self.cache, cfg.locales_dir))
        name = "samizdat-facilitator-html" if facilitator else "samizdat-html"
        self.outdir = self.cache / f"serve-{name}"
        self.warnings = io.StringIO()
        self.app = Sphinx(cfg.curriculum_dir, None, self.outdir, self.cache / "doctrees", name,
                          confoverrides=overrides, status=None, warning=self.warnings)
        self.version = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()
        self.rebuild()

    def rebuild(self) -> float:
        from .sphinx_run import parse_warnings

        start = time.monotonic()
        with self.lock:
            self.warnings.seek(0)
            self.warnings.truncate()
            self.sync_catalogs()
            try:
                self.app.build()
            except Exception:  # content problems stop the build; they are shown below
                pass
            self.problems = [str(p) for p in parse_warnings(self.warnings.getvalue(), self.cfg.root)]
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


def handler_for(preview: Preview, slides_dir: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def translate_path(self, path: str) -> str:
            clean = path.split("?", 1)[0].split("#", 1)[0]
            if clean.startswith("/slides/"):
                return str(slides_dir / clean[len("/slides/"):])
            return str(preview.outdir / clean.lstrip("/"))

        def send(self, body: bytes, content_type: str) -> None:
            """A page or script that is never cached (it changes with every rebuild)."""
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/__samizdat/version"):
                return self.send(f"{preview.version}".encode(), "text/plain")
            if self.path.startswith("/__samizdat/reload.js"):
                return self.send(RELOAD_JS, "text/javascript")
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file() and not self.path.startswith("/slides/"):
                html = target.read_bytes()
                html = html.replace(b"</body>", b'<script src="/__samizdat/reload.js"></script></body>', 1)
                if preview.problems:
                    import html as h

                    box = "".join(f"<li>{h.escape(p)}</li>" for p in preview.problems)
                    html = html.replace(b"<body>", f'<body><ul role="alert" style="background:#fdd;padding:1em">{box}</ul>'.encode(), 1)
                return self.send(html, "text/html; charset=utf-8")
            super().do_GET()

    return Handler


def serve(root: Path, lang: str, port: int, facilitator: bool) -> None:
    cfg = load_config(root)
    preview = Preview(cfg, lang, facilitator)
    stop = threading.Event()
    threading.Thread(target=preview.watch, args=(stop,), daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(preview, cfg.build_dir / lang / "slides"))
    print(f"serving {lang} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
