"""``samizdat present``: the facilitator's deck live on participants' phones, each in
their language. Loopback only. The shipped decks of one theme are built once (slides
only) for the browser, accessibility and load tests (``e2e``); the refusals use the
small fixture project."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from artefacts import html_deck_slides, plain
from conftest import FIXTURES, ROOT, copy_project, require_module, require_tool, samizdat
from test_accessibility import axe_source

MODULE = "temporary-protection"
THEME = "01-documents"
LANGS = ("en", "uk", "ru", "cs")


# --- helpers ---------------------------------------------------------------------------

@dataclass
class Running:
    proc: subprocess.Popen
    presenter: str  # the presenter's URL, with its token
    base: str  # the participants' address, "http://127.0.0.1:PORT"
    lines: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.presenter.rsplit("/", 1)[1]

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


@contextmanager
def presenting(root: Path, *args: str, port: int = 0):
    """``samizdat present`` in a process of its own, until Ctrl-C (SIGINT) at the end."""
    proc = subprocess.Popen([sys.executable, "-m", "samizdat.cli", "--root", str(root), "present", *args, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []  # everything it prints, as it prints it
    reader = threading.Thread(target=lambda: seen.extend(proc.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    while not any(line.startswith("participants:") for line in list(seen)):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"present did not start: {''.join(seen)} {proc.stderr.read()}")
        time.sleep(0.05)
    text = "".join(seen)
    presenter = re.search(r"^presenter.*?(http://\S+)$", text, re.M).group(1)
    base = re.search(r"^participants: (http://\S+)/$", text, re.M).group(1)
    running = Running(proc, presenter, base, seen)
    try:
        yield running
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                pytest.fail("present did not stop on Ctrl-C within 15 s")


def get(url: str, **kw):
    import httpx

    return httpx.get(url, timeout=10, **kw)


def post_slide(base: str, slide: int, token: str | None):
    import httpx

    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Samizdat-Token"] = token
    return httpx.post(base + "/api/slide", content=json.dumps({"slide": slide}), headers=headers, timeout=10)


def live_slide(base: str) -> int:
    """The slide the event stream announces first (the current one)."""
    import httpx

    with httpx.stream("GET", base + "/events", timeout=10) as r:
        for line in r.iter_lines():
            if line.startswith("data: "):
                return json.loads(line[6:])["slide"]
    raise AssertionError("no event")


def chromium(pw):
    require_tool("chromium")
    return pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])


# --- fixtures --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def mini_decks(tmp_path_factory) -> Path:
    """The small fixture project with its decks built (en, uk)."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("present-mini"))
    res = samizdat(root, "build", "--format", "slides")
    assert res.code == 0, res.text
    return root


@pytest.fixture(scope="session")
def documents_decks(tmp_path_factory) -> Path:
    """The shipped curriculum with the decks of one theme built in all four languages."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("present-shipped"))
    res = samizdat(root, "build", "--format", "slides", "--theme", THEME, timeout=1800)
    assert res.code == 0, res.text
    return root


@pytest.fixture(scope="module")
def mini_server(mini_decks):
    with presenting(mini_decks, "first") as running:
        yield running


# --- unit ------------------------------------------------------------------------------

def test_slides_are_cut_from_the_deck_without_their_notes():
    from samizdat.tools.present import split_slides

    deck = """<div class="slides">
<section class="slide level2 sz-title-slide"><h2>One</h2><p>seen 1</p>
<aside class="notes"><p>secret 1</p><aside class="other">nested</aside><p>still secret</p></aside></section>
<section class="slide level2"><h2>Two &amp; more</h2><p>seen 2</p><aside class="notes">secret 2</aside><p>after</p></section>
</div>"""
    slides, kinds = split_slides(deck)
    assert [s.split("</h2>")[0] for s in slides] == ["<h2>One", "<h2>Two &amp; more"]
    assert "seen 1" in slides[0] and "seen 2" in slides[1] and "<p>after</p>" in slides[1]
    assert not any("secret" in s or "nested" in s or "aside" in s for s in slides), slides
    assert kinds == ["slide level2 sz-title-slide", "slide level2"]


def test_language_names_are_their_own():
    from samizdat.tools.present import language_name

    assert [language_name(lang) for lang in LANGS] == ["English", "Українська", "Русский", "Čeština"]


def test_labels_come_from_the_catalogs_and_keep_their_placeholders(mini):
    from samizdat.core.config import load_config
    from samizdat.tools.present import LABELS, labels_for

    cfg = load_config(mini)
    assert labels_for(cfg, "en") == LABELS
    uk = labels_for(cfg, "uk")
    assert uk["back"] == "До поточного слайда" and uk["slide"] % {"n": 7, "total": 21} == "Слайд 7 з 21"
    assert all(uk[k] != LABELS[k] for k in LABELS), uk  # every label translated
    own = mini / "locales/uk/LC_MESSAGES/samizdat.po"  # a collective's own wording, with a broken placeholder
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "Slide %(n)s of %(total)s"\nmsgstr "Слайд %(номер)s"\n\nmsgid "Live"\nmsgstr "Зараз"\n', encoding="utf-8")
    uk = labels_for(cfg, "uk")
    assert uk["live"] == "Зараз" and uk["slide"] == LABELS["slide"]


# --- refusals --------------------------------------------------------------------------

def test_unknown_module_is_refused(mini):
    res = samizdat(mini, "present", "frist")
    assert res.code == 2, res.text
    assert "unknown module 'frist'" in res.err and "did you mean first" in res.err, res.err
    assert "Traceback" not in res.text


def test_module_not_built_is_refused(mini):
    res = samizdat(mini, "present", "first")
    assert res.code == 2, res.text
    assert "first has no deck in the last build" in res.err and "samizdat build --format slides --theme alpha" in res.err, res.err


def test_port_taken_is_refused(mini_decks):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        res = samizdat(mini_decks, "present", "first", "--port", str(port))
    assert res.code == 2, res.text
    assert f"cannot listen on 127.0.0.1 port {port}" in res.err and "--port" in res.err, res.err
    assert "Traceback" not in res.text


def test_languages_with_different_slides_are_refused(mini_decks, tmp_path):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(mini_decks, root, symlinks=True)
    deck = root / "build/current/uk/slides/alpha/first.html"
    text = deck.read_text(encoding="utf-8")
    last = text.rindex("<section")
    deck.write_text(text[:last] + text[text.index("</section>", last) + len("</section>"):], encoding="utf-8")
    res = samizdat(root, "present", "first")
    assert res.code == 2, res.text
    assert "do not have the same slides in every language" in res.err, res.err
    n = len(html_deck_slides(root / "build/current/en/slides/alpha/first.html"))
    assert f"en {n}, uk {n - 1} slides" in res.err, res.err


def test_unspecified_host_and_unbuilt_language_are_refused(mini_decks):
    res = samizdat(mini_decks, "present", "first", "--host", "0.0.0.0")
    assert res.code == 2 and "give this laptop's address" in res.err, res.text
    res = samizdat(mini_decks, "present", "first", "--lang", "xx")
    assert res.code == 2 and "--lang xx" in res.err, res.text


# --- the server's promises -------------------------------------------------------------

def test_only_the_token_moves_the_deck(mini_server):
    base = mini_server.base
    assert post_slide(base, 1, mini_server.token).status_code == 204
    assert live_slide(base) == 1
    for token in (None, "", "wrong", mini_server.token[:-1]):
        assert post_slide(base, 0, token).status_code == 403, token
    assert live_slide(base) == 1
    assert get(base + "/presenter/wrong").status_code == 403
    assert get(mini_server.presenter).status_code == 200
    # a token with a bad body still changes nothing
    import httpx

    for body in ("{}", '{"slide": 99}', '{"slide": -1}', '{"slide": true}', "not json", '{"slide": "1"}'):
        r = httpx.post(base + "/api/slide", content=body, headers={"X-Samizdat-Token": mini_server.token}, timeout=10)
        assert r.status_code == 400, (body, r.status_code)
    assert live_slide(base) == 1
    assert httpx.get(base + "/api/slide", timeout=10).status_code == 405


def test_every_response_has_the_csp_and_no_cookie(mini_server):
    base = mini_server.base
    urls = ["/", "/en", "/uk", "/xx", "/static/participant.js", "/static/participant.css", "/_assets/reveal.js/dist/reveal.js",
            "/_assets/fonts/PT_Sans-Web-Regular.ttf", "/qr.svg", "/presenter/nope", "/nowhere/at/all"]
    codes = {}
    for rel in urls:
        r = get(base + rel)
        codes[rel] = r.status_code
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "http" not in csp and "*" not in csp, (rel, csp)
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, (rel, csp)
        assert "set-cookie" not in r.headers and "server" not in r.headers, (rel, r.headers)
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    assert codes == {**{u: 200 for u in urls}, "/xx": 404, "/presenter/nope": 403, "/nowhere/at/all": 404}
    r = get(mini_server.presenter)
    csp = r.headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "connect-src 'none'" not in r.text and "script-src 'self' 'sha256-" in csp
    assert '<script src="/static/presenter.js">' in r.text


def test_participants_never_get_the_notes_or_the_decks(mini_server, mini_decks):
    base = mini_server.base
    for lang in ("en", "uk"):
        deck = mini_decks / "build/current" / lang / "slides/alpha/first.html"
        slides = html_deck_slides(deck)
        notes = [s.notes for s in slides if s.notes]
        assert notes, "the deck has speaker notes to keep back"
        page = get(f"{base}/{lang}").text
        text = plain(page)
        for slide in slides:
            assert slide.title in text
        for note in notes:
            assert note not in text, note[:80]
        assert "<aside" not in page and 'class="notes"' not in page
    for rel in ("/_assets/../en/alpha/first.html", "/_assets/..%2F..%2Fen/slides/alpha/first.html", "/_assets/", "/_assets/fonts/",
                "/static/../../tools/present.py", "/en/alpha/first.html", "/_assets/%2e%2e/alpha/first.html"):
        r = get(base + rel)
        assert r.status_code == 404, (rel, r.status_code)
        assert "<aside" not in r.text


def test_foreign_host_header_is_refused(mini_server):
    port = mini_server.base.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1", f"192.168.1.20:{port}"):
        r = get(mini_server.base + "/en", headers={"Host": host})
        assert r.status_code == 421, host
        assert "content-security-policy" in r.headers
    assert post_slide(mini_server.base, 0, mini_server.token).status_code == 204
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert get(mini_server.base + "/en", headers={"Host": host}).status_code == 200


def test_terminal_shows_the_address_and_a_qr_code(mini_server):
    text = "".join(mini_server.lines)
    assert f"participants: {mini_server.base}/" in text
    assert "▀" in text or "█" in text  # segno's terminal QR
    svg = get(mini_server.base + "/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text and "<script" not in svg.text


def test_ctrl_c_stops_it_cleanly_with_participants_connected(mini_decks):
    import httpx

    with presenting(mini_decks, "first") as running:
        stream = httpx.stream("GET", running.base + "/events", timeout=10)
        r = stream.__enter__()
        assert r.status_code == 200
        time.sleep(0.3)
        start = time.monotonic()
        running.proc.send_signal(signal.SIGINT)
        code = running.proc.wait(timeout=10)
        took = time.monotonic() - start
        stream.__exit__(None, None, None)
        err = running.proc.stderr.read()
    time.sleep(0.2)  # the reader thread's last lines
    assert code == 0, err
    assert "Traceback" not in err, err
    assert took < 5, took
    assert running.lines[-1] == "stopped\n", running.lines[-3:]


# --- end to end: the shipped decks -----------------------------------------------------

@pytest.mark.e2e
def test_three_phones_follow_the_presenter_in_their_languages(documents_decks):
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    headings = {lang: html_deck_slides(documents_decks / "build/current" / lang / "slides" / THEME / f"{MODULE}.html")[6].title
                for lang in LANGS}
    assert len(set(headings.values())) == 4, headings  # four languages, four headings to tell apart
    with presenting(documents_decks, MODULE) as running, sync_playwright() as pw:
        browser = chromium(pw)
        outside, errors = [], []
        pres_ctx = browser.new_context(viewport={"width": 1280, "height": 720})
        presenter = pres_ctx.new_page()
        presenter.on("console", lambda m: errors.append(f"presenter: {m.text}") if m.type == "error" else None)
        presenter.on("pageerror", lambda e: errors.append(f"presenter: {e}"))
        failed = []  # every answer >= 400, to compare with the refusals this test provokes
        pres_ctx.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
        presenter.goto(running.presenter)
        presenter.wait_for_function("() => window.Reveal && Reveal.isReady()")
        phones = {}
        for lang in ("uk", "ru", "cs"):
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            ctx.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
            page = ctx.new_page()
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(running.base + "/") else None)
            page.on("console", lambda m, lang=lang: errors.append(f"{lang}: {m.text}") if m.type == "error" else None)
            page.goto(running.base + "/")
            page.get_by_role("link", name={"uk": "Українська", "ru": "Русский", "cs": "Čeština"}[lang]).click()
            page.wait_for_url(f"{running.base}/{lang}")
            page.wait_for_function("() => document.body.classList.contains('sz-p-following') && !document.body.classList.contains('sz-p-offline')")
            assert page.evaluate("document.documentElement.lang") == lang
            phones[lang] = page
        shown = "() => { const s = document.querySelector('section.sz-p-slide:not([hidden])'); return s && s.querySelector('h2').textContent.trim(); }"
        for lang, page in phones.items():  # the title slide, as the presenter's page has just said
            title = html_deck_slides(documents_decks / "build/current" / lang / "slides" / THEME / f"{MODULE}.html")[0].title
            assert " ".join(page.evaluate(shown).split()) == title, lang
        for _ in range(6):  # the facilitator presses → six times: slide 7
            presenter.keyboard.press("ArrowRight")
        moved = time.monotonic()
        assert presenter.evaluate("Reveal.getIndices().h") == 6
        for lang, page in phones.items():
            left = 1.0 - (time.monotonic() - moved)
            assert left > 0, f"{lang}: more than 1 s"
            page.wait_for_function(f"() => ({shown})() === {json.dumps(' '.join(headings[lang].split()))}", timeout=left * 1000)
        took = time.monotonic() - moved
        assert took < 1.0, took
        for lang, page in phones.items():
            assert " ".join(page.evaluate(shown).split()) == headings[lang]
            assert page.evaluate("document.querySelectorAll('section.sz-p-slide:not([hidden])').length") == 1
        # a participant tries to move the room: without the token, and with a wrong one
        uk = phones["uk"]
        codes = uk.evaluate("""async () => {
          const body = JSON.stringify({slide: 2});
          const a = await fetch('/api/slide', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
          const b = await fetch('/api/slide', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Samizdat-Token': 'guess'}, body});
          return [a.status, b.status]; }""")
        assert codes == [403, 403]
        assert post_slide(running.base, 2, None).status_code == 403
        uk.wait_for_timeout(700)
        for lang, page in phones.items():
            assert " ".join(page.evaluate(shown).split()) == headings[lang], lang
        assert live_slide(running.base) == 6
        # a participant looks back on their own, then returns to live
        uk.get_by_role("button", name="Попередній слайд").click()
        uk.get_by_role("button", name="Попередній слайд").click()
        assert uk.evaluate("document.querySelector('section.sz-p-slide:not([hidden])').id") == "slide-5"
        presenter.keyboard.press("ArrowRight")  # the room moves on: this phone stays where it is
        phones["ru"].wait_for_function("() => document.querySelector('section.sz-p-slide:not([hidden])').id === 'slide-8'", timeout=1000)
        assert uk.evaluate("document.querySelector('section.sz-p-slide:not([hidden])').id") == "slide-5"
        uk.get_by_role("button", name="До поточного слайда").click()
        assert uk.evaluate("document.querySelector('section.sz-p-slide:not([hidden])').id") == "slide-8"
        # the speaker view opens under the deck's CSP, and its previews do not move the room
        with presenter.expect_popup() as popup_info:
            presenter.keyboard.press("s")
        popup = popup_info.value
        popup.wait_for_timeout(1500)
        assert popup.locator("iframe").count() >= 2
        assert live_slide(running.base) == 7
        browser.close()
    assert not outside, outside
    assert failed == [(403, running.base + "/api/slide")] * 2, failed
    assert not [e for e in errors if "403 (Forbidden)" not in e], errors


@pytest.mark.e2e
def test_axe_on_the_participants_pages(documents_decks):
    require_module("playwright")
    axe = axe_source()
    from playwright.sync_api import sync_playwright

    found = {}
    with presenting(documents_decks, MODULE) as running, sync_playwright() as pw:
        assert post_slide(running.base, 10, running.token).status_code == 204  # an activity slide
        browser = chromium(pw)
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)  # only to inject axe
        for rel in ("/", "/uk", "/ru", "/cs", "/en"):
            page = ctx.new_page()
            page.goto(running.base + rel)
            page.wait_for_timeout(500)
            page.evaluate(axe)
            violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))")
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            if bad:
                found[rel] = bad
            if rel == "/uk":  # and once while looking back (the "back to live" button shown)
                page.click("#sz-prev")
                violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact}))")
                bad = [v for v in violations if v["impact"] in ("serious", "critical")]
                if bad:
                    found["/uk looking back"] = bad
            page.close()
        browser.close()
    assert not found, found


@pytest.mark.e2e
def test_participant_page_reflows_on_a_phone(documents_decks, tmp_path):
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    with presenting(documents_decks, MODULE) as running, sync_playwright() as pw:
        browser = chromium(pw)
        for lang in ("uk", "cs"):
            for slide in range(21):
                assert post_slide(running.base, slide, running.token).status_code == 204
                ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                page = ctx.new_page()
                page.goto(f"{running.base}/{lang}")
                page.wait_for_function("() => document.body.classList.contains('sz-p-following')")
                # no sideways scrolling, body text at a readable size
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, (lang, slide)
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('section.sz-p-slide:not([hidden]) h2')).fontSize)")
                assert size >= 20, (lang, slide, size)
                ctx.close()
        browser.close()


@pytest.mark.e2e
def test_load_100_participants_for_60_seconds(documents_decks):
    """The one timed test: 100 event-stream clients for 60 s, 30 moves; every client
    gets every move; median delay under 200 ms; the server under 200 MB."""
    require_module("httpx")
    import httpx

    clients, moves, duration = 100, 30, 60.0
    with presenting(documents_decks, MODULE) as running:
        sent: dict[int, float] = {}  # version -> when the presenter posted it
        received: list[list[tuple[int, float]]] = [[] for _ in range(clients)]
        rss: list[float] = []

        async def participant(i: int, client: httpx.AsyncClient, ready: asyncio.Event, started: list[int]) -> None:
            async with client.stream("GET", running.base + "/events") as r:
                assert r.status_code == 200
                async for line in r.aiter_lines():
                    if line.startswith("data: "):
                        now = time.perf_counter()
                        data = json.loads(line[6:])
                        received[i].append((data["v"], now))
                        if len(received[i]) == 1:
                            started.append(i)
                            if len(started) == clients:
                                ready.set()

        async def session() -> None:
            limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
            async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(10.0, read=None)) as client, \
                    httpx.AsyncClient(timeout=10) as presenter:
                ready, started = asyncio.Event(), []
                tasks = [asyncio.create_task(participant(i, client, ready, started)) for i in range(clients)]
                await asyncio.wait_for(ready.wait(), 30)
                start = time.perf_counter()
                first = max(v for v, _ in received[0])
                for k in range(moves):
                    await asyncio.sleep(max(0.0, start + (k + 1) * duration / (moves + 1) - time.perf_counter()))
                    t = time.perf_counter()
                    r = await presenter.post(running.base + "/api/slide", content=json.dumps({"slide": (k + 1) % 21}),
                                             headers={"X-Samizdat-Token": running.token})
                    assert r.status_code == 204
                    sent[first + k + 1] = t
                    rss.append(running.rss_mb())
                await asyncio.sleep(max(0.0, start + duration - time.perf_counter()))
                rss.append(running.rss_mb())
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run(session())
    delays = []
    for i, got in enumerate(received):
        versions = {v: t for v, t in got}
        missing = [v for v in sent if v not in versions]
        assert not missing, f"participant {i} missed changes {missing}"
        delays += [versions[v] - t for v, t in sent.items()]
    median, worst, top = statistics.median(delays), max(delays), max(rss)
    print(f"\npresent load: {clients} participants, {moves} moves over {duration:.0f} s: "
          f"median delay {median * 1000:.1f} ms, max {worst * 1000:.1f} ms, server RSS max {top:.1f} MB")
    assert len(delays) == clients * moves
    assert median < 0.2, median
    assert top < 200, top
