"""``samizdat present``: one module's deck, live on every participant's phone, in the
language each one picks, from one process on the facilitator's laptop.

The facilitator opens the presenter page (the built reveal.js deck, speaker view
included); its script posts each slide change with a random token that only the
terminal shows. Participants open the short address (printed, and shown as a QR code on
the title slide and in a corner of the deck), pick a language, and get that language's
slides as an ordinary responsive page: each slide's ``<section>`` cut out of the built
deck (already-sanitised build output) with its speaker notes removed, one shown at a
time. Slide changes reach them through server-sent events.

What it promises: it listens only where told (127.0.0.1 unless ``--host``); the Host
header must name that address (as in ``tools/serve.py``); only the token moves the
deck (403 otherwise); no cookies, no access log, nothing written to disk; every
response carries a Content-Security-Policy that allows only the server itself (the
presenter's deck keeps its own hashed inline scripts)."""

from __future__ import annotations

import asyncio
import html
import ipaddress
import json
import re
import secrets
import socket
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from string import Template
from typing import AsyncIterator, Callable

from samizdat.core.config import Config, load_config
from samizdat.core.errors import UsageError
from samizdat.tools.serve import SECURITY_HEADERS, host_ok, is_loopback, url_host

STATIC = Path(__file__).resolve().parent.parent / "theme" / "present"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream


# --- the decks -------------------------------------------------------------------------

@dataclass(frozen=True)
class Deck:
    lang: str
    path: Path
    html: str  # the whole built deck (the presenter's page)
    title: str
    slides: tuple[str, ...]  # each slide's <section> inner HTML, speaker notes removed
    kinds: tuple[str, ...] = ()  # each slide's class attribute (title, activity, sources...)


class _Slides(HTMLParser):
    """Finds the offsets of the top-level slide ``<section>``s of a pandoc reveal.js deck
    and of the ``<aside class="notes">`` inside them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0  # depth of <section> nesting
        self.aside_depth = 0
        self.sections: list[tuple[int, int]] = []  # (start of inner HTML, start of </section>)
        self.kinds: list[str] = []  # each top-level section's class attribute
        self.notes: list[tuple[int, int]] = []  # (start of <aside>, end of </aside>)
        self._open = 0
        self._aside = 0

    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "section":
            if self.depth == 0:
                self._open = self.position() + len(self.get_starttag_text() or "")
                self.kinds.append(dict(attrs).get("class") or "")
            self.depth += 1
        elif tag == "aside" and self.depth:
            if self.aside_depth == 0 and "notes" in (dict(attrs).get("class") or "").split():
                self._aside = self.position()
                self.aside_depth = 1
            elif self.aside_depth:
                self.aside_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.sections.append((self._open, self.position()))
        elif tag == "aside" and self.aside_depth:
            self.aside_depth -= 1
            if self.aside_depth == 0:
                self.notes.append((self._aside, self.text.index(">", self.position()) + 1))


def split_slides(text: str) -> tuple[list[str], list[str]]:
    """Each top-level slide's inner HTML without its speaker notes, and each slide's
    class attribute."""
    parser = _Slides(text)
    parser.feed(text)
    parser.close()
    out = []
    for start, end in parser.sections:
        pieces, at = [], start
        for a, b in parser.notes:
            if start <= a < end:
                pieces.append(text[at:a])
                at = b
        pieces.append(text[at:end])
        out.append("".join(pieces).strip())
    return out, parser.kinds


def deck_path(cfg: Config, lang: str, theme: str, module: str) -> Path:
    return cfg.build_dir / "current" / lang / "slides" / theme / f"{module}.html"


def find_theme(cfg: Config, module: str) -> str:
    for theme in cfg.themes:
        if module in theme.modules:
            return theme.folder
    import difflib

    known = [m for t in cfg.themes for m in t.modules]
    close = difflib.get_close_matches(module, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else f" (the modules: {', '.join(known)})"
    raise UsageError(f"unknown module {module!r}: it is not in curriculum/curriculum.yaml{hint}")


def load_decks(cfg: Config, module: str) -> dict[str, Deck]:
    """Every built language's deck of ``module``, in curriculum.yaml's order; refused if
    none was built or if the languages' slides do not line up."""
    theme = find_theme(cfg, module)
    decks: dict[str, Deck] = {}
    for lang in cfg.all_languages:
        path = deck_path(cfg, lang, theme, module)
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        slides, kinds = split_slides(text)
        decks[lang] = Deck(lang, path, text, html.unescape(title.group(1)).strip() if title else module, tuple(slides), tuple(kinds))
    if not decks:
        rel = f"build/current/<lang>/slides/{theme}/{module}.html"
        raise UsageError(f"{module} has no deck in the last build ({rel} is missing): build it first with "
                         f"`samizdat build --format slides --theme {theme}`")
    counts = {lang: len(d.slides) for lang, d in decks.items()}
    if len(set(counts.values())) > 1 or 0 in counts.values():
        listed = ", ".join(f"{lang} {n}" for lang, n in counts.items())
        raise UsageError(f"the {module} decks do not have the same slides in every language ({listed} slides), so "
                         f"slide N would not be the same slide for everyone: rebuild them with "
                         f"`samizdat build --format slides --theme {theme}`")
    first = next(iter(decks.values()))
    for deck in decks.values():
        for i, (a, b) in enumerate(zip(first.kinds, deck.kinds)):
            if a != b:
                raise UsageError(f"the {module} decks do not line up: slide {i + 1} is {a or 'a plain slide'!r} in {first.lang} "
                                 f"but {b or 'a plain slide'!r} in {deck.lang}: rebuild them with "
                                 f"`samizdat build --format slides --theme {theme}`")
    return decks


# --- the labels ------------------------------------------------------------------------

def _(message: str) -> str:
    """Marks a label for extraction into samizdat.po; ``labels_for`` translates it."""
    return message


LABELS = {
    "join": _("Follow the slides on your phone, in your language:"),
    "choose": _("Choose your language"),
    "live": _("Live"),
    "back": _("Back to live"),
    "previous": _("Previous slide"),
    "next": _("Next slide"),
    "slide": _("Slide %(n)s of %(total)s"),
    "offline": _("Connection lost: reconnecting…"),
    "languages": _("Other languages"),
    "navigation": _("Slides"),
}


def labels_for(cfg: Config, lang: str) -> dict[str, str]:
    """``LABELS`` in ``lang`` from samizdat's own catalog (the project's, if it has one)."""
    import polib

    from samizdat.sphinx_ext.labels import label_catalog

    path = label_catalog(lang, cfg.locales_dir)
    found: dict[str, str] = {}
    if lang != cfg.source_language and path.is_file():
        found = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.fuzzy and not e.obsolete}
    out = {key: found.get(msgid, msgid) for key, msgid in LABELS.items()}
    try:  # a translation must keep the placeholders, or the English label is used
        out["slide"] % {"n": 1, "total": 2}
    except (KeyError, ValueError, TypeError):
        out["slide"] = LABELS["slide"]
    return out


def language_name(lang: str) -> str:
    """The language's name in itself: English, Українська, Русский, Čeština."""
    from babel import Locale

    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


# --- live state ------------------------------------------------------------------------

class Hub:
    """The slide the presenter is on, and a wake-up for every waiting event stream.
    Each change replaces the Event the streams wait on, so a stream never misses the
    latest slide (quick successive changes may reach a slow phone as one)."""

    def __init__(self) -> None:
        self.slide = 0
        self.version = 0
        self.closed = False
        self._changed = asyncio.Event()

    def move(self, slide: int) -> None:
        if slide == self.slide and self.version:
            return
        self.slide, self.version = slide, self.version + 1
        self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def stream(self) -> AsyncIterator[bytes]:
        """The event stream for one participant: the current slide at once, then each change."""
        yield b"retry: 1000\n\n"
        seen = -1
        while not self.closed:
            if seen != self.version:
                seen = self.version
                yield f"id: {seen}\ndata: {json.dumps({'slide': self.slide, 'v': seen})}\n\n".encode()
                continue
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), HEARTBEAT)
            except TimeoutError:
                yield b": still here\n\n"


# --- the pages -------------------------------------------------------------------------

def _template(name: str) -> Template:
    return Template((STATIC / name).read_text(encoding="utf-8"))


def choose_page(decks: dict[str, Deck], labels: dict[str, dict[str, str]]) -> str:
    heading = " · ".join(f'<span lang="{lang}">{html.escape(labels[lang]["choose"])}</span>' for lang in decks)
    items = "\n".join(
        f'<li><a href="/{lang}" lang="{lang}" hreflang="{lang}">{html.escape(language_name(lang))}</a></li>'
        for lang in decks)
    first = next(iter(decks.values()))
    return _template("choose.html").substitute(
        lang=first.lang, title=html.escape(first.title), heading=heading, items=items)


def participant_page(deck: Deck, labels: dict[str, str], live: int) -> str:
    total = len(deck.slides)
    sections = "\n".join(
        f'<section class="sz-p-slide" id="slide-{i + 1}" data-index="{i}"{"" if i == live else " hidden"}>\n{body}\n</section>'
        for i, body in enumerate(deck.slides))
    text = {k: html.escape(v) for k, v in labels.items()}
    text["live_label"] = text.pop("live")
    return _template("participant.html").substitute(
        text, lang=deck.lang, title=html.escape(deck.title), slides=sections, live=live,
        counter=html.escape(labels["slide"] % {"n": live + 1, "total": total}))


def presenter_page(deck: Deck, join_url: str, join_label: str) -> tuple[str, str]:
    """The built deck with the presenter's script and style added; the deck's own CSP
    (hashes of its inline scripts) is kept, with ``connect-src 'self'`` so that its
    script may post slide changes. Returns (HTML, the CSP header)."""
    text = deck.html
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
    if meta is None:
        raise UsageError(f"{deck.path}: this deck has no Content-Security-Policy: rebuild it")
    directives = [d.strip() for d in html.unescape(meta.group(1)).split(";") if d.strip()]
    directives = [d for d in directives if not d.startswith("connect-src")] + ["connect-src 'self'"]
    policy = "; ".join(directives)
    text = text.replace(meta.group(0), f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">', 1)
    head = (f'<meta name="samizdat-join" content="{html.escape(join_url)}" data-label="{html.escape(join_label)}">\n'
            '  <link rel="stylesheet" href="/static/presenter.css">\n</head>')
    text = text.replace("</head>", head, 1)
    text = text.replace("</body>", '<script src="/static/presenter.js"></script>\n</body>', 1)
    return text, policy + "; frame-ancestors 'self'"


def qr_svg(url: str) -> bytes:
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=8, border=2, dark="#000000", light="#ffffff",
                                    xmldecl=False, svgns=True, title=url)
    return buf.getvalue()


# --- the application -------------------------------------------------------------------

class Guard:
    """Pure ASGI middleware: refuses a foreign Host header (DNS rebinding) and adds the
    security headers and the CSP to every response (a route may bring its own CSP)."""

    def __init__(self, app, host: str, port: int):
        self.app, self.host, self.port = app, host, port

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        hosts = [v.decode("latin-1") for k, v in scope["headers"] if k == b"host"]
        if len(hosts) != 1 or not host_ok(hosts[0], self.host, self.port):
            from starlette.responses import PlainTextResponse

            response = PlainTextResponse("refused: this server answers only requests for its own address\n", 421)
            return await self._secure(response)(scope, receive, send)
        await self._secure(self.app)(scope, receive, send)

    @staticmethod
    def _secure(app):
        async def wrapped(scope, receive, send):
            async def send_secure(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"set-cookie", b"server")]
                    names = {k.lower() for k, _ in headers}
                    if b"content-security-policy" not in names:
                        headers.append((b"content-security-policy", CSP.encode()))
                    for name, value in (*SECURITY_HEADERS, ("Cross-Origin-Resource-Policy", "same-origin")):
                        if name.lower().encode() not in names:
                            headers.append((name.lower().encode(), value.encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_secure)

        return wrapped


def make_app(cfg: Config, decks: dict[str, Deck], presenter_lang: str, token: str, join_url: str,
             host: str, port: int, hub: Hub | None = None):
    """The ASGI application (starlette) for one session."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    hub = hub or Hub()
    labels = {lang: labels_for(cfg, lang) for lang in decks}
    total = len(next(iter(decks.values())).slides)
    presenter_html, presenter_csp = presenter_page(decks[presenter_lang], join_url, labels[presenter_lang]["join"])
    chooser = choose_page(decks, labels)
    qr = qr_svg(join_url)

    async def choose(request: Request) -> Response:
        return HTMLResponse(chooser)

    async def participant(request: Request) -> Response:
        lang = request.path_params["lang"]
        if lang not in decks:
            return PlainTextResponse("not found\n", 404)
        return HTMLResponse(participant_page(decks[lang], labels[lang], hub.slide))

    def token_ok(given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), token.encode())

    async def presenter(request: Request) -> Response:
        if not token_ok(request.path_params["token"]):
            return PlainTextResponse("forbidden\n", 403)
        return HTMLResponse(presenter_html, headers={"Content-Security-Policy": presenter_csp})

    async def move(request: Request) -> Response:
        if not token_ok(request.headers.get("x-samizdat-token")):
            return PlainTextResponse("forbidden: only the presenter's page moves the deck\n", 403)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > 1024:
                return PlainTextResponse("too large\n", 413)
        try:
            slide = json.loads(body)["slide"]
        except (ValueError, KeyError, TypeError):
            return PlainTextResponse("expected {\"slide\": N}\n", 400)
        if not isinstance(slide, int) or isinstance(slide, bool) or not 0 <= slide < total:
            return PlainTextResponse(f"slide must be a whole number from 0 to {total - 1}\n", 400)
        hub.move(slide)
        return Response(status_code=204)

    async def events(request: Request) -> Response:
        return StreamingResponse(hub.stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def qr_code(request: Request) -> Response:
        return Response(qr, media_type="image/svg+xml")

    routes = [
        Route("/", choose),
        Route("/events", events),
        Route("/qr.svg", qr_code),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # no icon, and no error in the console
        Route("/api/slide", move, methods=["POST"]),
        Route("/presenter/{token}", presenter),
        Mount("/static", StaticFiles(directory=STATIC, html=False)),
        # the deck's ../_assets/ from /presenter/<token>; the participants' fonts
        Mount("/_assets", StaticFiles(directory=decks[presenter_lang].path.parents[1] / "_assets", html=False)),
        Route("/{lang}", participant),
    ]
    app = Starlette(routes=routes)
    app.state.hub = hub
    return Guard(app, host, port)


# --- the command -----------------------------------------------------------------------

def listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened before anything else so that a busy port or a wrong
    address is said at once, as the user's mistake."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UsageError(f"--host {host}: not an address of this machine ({exc.strerror or exc})") from None
    family = infos[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; pick another with --port" if exc.errno in (98, 48, 10048) else ""
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}{hint}") from None
    sock.setblocking(False)
    return sock


def check_host(host: str) -> None:
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False
    if unspecified:
        raise UsageError(f"--host {host}: give this laptop's address on the room's network (for example 192.168.1.20; "
                         "`ip -brief address` or `ipconfig` shows it), so that the QR code carries an address phones can reach")


def present(root: Path, module: str, lang: str | None = None, host: str = "127.0.0.1", port: int = 8000,
            out: Callable[[str], None] = print) -> None:
    import uvicorn

    cfg = load_config(root)
    lang = lang or cfg.source_language
    if lang not in cfg.all_languages:
        raise UsageError(f"--lang {lang}: not in curriculum.yaml ({', '.join(cfg.all_languages)})")
    decks = load_decks(cfg, module)
    if lang not in decks:
        raise UsageError(f"--lang {lang}: the {module} deck was not built in this language (built: {', '.join(decks)})")
    check_host(host)
    sock = listen(host, port)
    port = sock.getsockname()[1]
    base = f"http://{url_host(host)}:{port}"
    token = secrets.token_urlsafe(24)
    hub = Hub()
    app = make_app(cfg, decks, lang, token, base + "/", host, port, hub)

    import segno

    out(f"{decks[lang].title}: {len(decks[lang].slides)} slides in {', '.join(decks)}")
    out(f"presenter (open on this laptop; keep the link to yourself): {base}/presenter/{token}")
    out(f"participants: {base}/")
    if is_loopback(host):
        out("(listening on this laptop only: give --host with its address on the room's network for phones)")
    qr = segno.make(base + "/", error="m")
    qr.terminal(out=sys.stdout, compact=True)
    out("Ctrl-C stops it")
    sys.stdout.flush()

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:  # end the event streams, or shutdown waits on them
            loop = getattr(self, "_loop", None)
            if loop is not None:
                loop.call_soon_threadsafe(hub.close)
            super().handle_exit(sig, frame)

        async def serve(self, sockets=None) -> None:
            self._loop = asyncio.get_running_loop()
            await super().serve(sockets=sockets)

    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, server_header=False,
                            proxy_headers=False, timeout_graceful_shutdown=3, lifespan="off")
    try:
        Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it caught, once it has stopped
        pass
    finally:
        sock.close()
    out("stopped")
