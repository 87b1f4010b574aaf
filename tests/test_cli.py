"""The command line: help, exit codes, scaffolding."""

from __future__ import annotations

from conftest import samizdat


def test_help_for_each_command(mini):
    for args in ([], ["build"], ["check"], ["new", "module"], ["i18n", "sync"], ["verify"]):
        res = samizdat(mini, *args, "--help")
        assert res.code == 0, res.text
        assert "usage: samizdat" in res.out


def test_usage_errors_exit_2(mini):
    assert samizdat(mini, "build", "--lang", "xx").code == 2
    assert samizdat(mini, "build", "--format", "pdfx").code == 2
    assert samizdat(mini, "frobnicate").code == 2
    res = samizdat(mini, "new", "module", "no-such-theme", "Title")
    assert res.code == 2 and "no theme folder" in res.err and "Traceback" not in res.text


def test_new_module_passes_check_and_is_built(mini):
    res = samizdat(mini, "new", "module", "beta", "Reading a court decision")
    assert res.code == 0, res.text
    path = mini / "curriculum/beta/reading-a-court-decision.md"
    assert path.is_file()
    assert "reading-a-court-decision" in (mini / "curriculum/curriculum.yaml").read_text()
    res = samizdat(mini, "check")
    assert res.code == 0, res.text
    # every sample sentence is reported, at its line, until the author replaces it
    rel = "curriculum/beta/reading-a-court-decision.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    sample = next(n for n, line in enumerate(lines, 1) if line.startswith("Write the learner-facing explanation here"))
    assert f"{rel}:{sample}: warning: sample text from 'samizdat new module' not replaced yet" in res.out, res.out
    assert res.out.count("not replaced yet") >= 10
    path.write_text(path.read_text(encoding="utf-8").replace(lines[sample - 1], "Courts publish their decisions in several places."), encoding="utf-8")
    assert f"{rel}:{sample}:" not in samizdat(mini, "check").out
    res = samizdat(mini, "build", "--lang", "en", "--format", "html")
    assert res.code == 0, res.text
    assert (mini / "build/en/html/beta/reading-a-court-decision.html").is_file()
    # twice is refused
    assert samizdat(mini, "new", "module", "beta", "Reading a court decision").code == 2


def test_check_is_clean_on_fixture(mini):
    res = samizdat(mini, "check")
    assert res.code == 0, res.text


def test_check_stale_lists_cited_and_old_sources(mini):
    res = samizdat(mini, "check", "--stale", "--months", "1")
    assert res.code == 0, res.text
    assert "curriculum/alpha/first.md:" in res.out and "only cited, never verified" in res.out
    assert "verified" in res.out and "months ago (2026-01-10)" in res.out


def test_new_theme_and_translation(mini):
    res = samizdat(mini, "new", "theme", "Housing and work")
    assert res.code == 0, res.text
    assert (mini / "curriculum/03-housing-and-work/index.md").is_file()
    res = samizdat(mini, "new", "module", "03-housing-and-work", "Finding a room")
    assert res.code == 0, res.text
    res = samizdat(mini, "new", "translation", "pl")
    assert res.code == 0, res.text
    assert "languages: [uk, pl]" in (mini / "curriculum/curriculum.yaml").read_text()
    assert (mini / "locales/pl/LC_MESSAGES/03-housing-and-work/finding-a-room.po").is_file()
    assert (mini / "locales/pl/glossary.tbx").is_file()
    res = samizdat(mini, "check")
    assert res.code == 0, res.text
    # a language the fonts can't draw is refused, with the reason
    res = samizdat(mini, "new", "translation", "ka")
    assert res.code == 2 and "cannot draw ka" in res.err
    res = samizdat(mini, "new", "translation", "ua")
    assert res.code == 2 and "Ukrainian is 'uk'" in res.err


def test_serve_rebuilds_on_save(mini):
    import re
    import subprocess
    import sys
    import time
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-u", "-m", "samizdat.cli", "--root", str(mini), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        deadline = time.time() + 120
        while "serving" not in line and time.time() < deadline:
            line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        page = urllib.request.urlopen(url + "alpha/first.html", timeout=10).read().decode()
        assert "Everyone introduces themselves." in page and "/__samizdat/reload.js" in page
        version = urllib.request.urlopen(url + "__samizdat/version", timeout=10).read()
        module = mini / "curriculum/alpha/first.md"
        module.write_text(module.read_text(encoding="utf-8").replace("Everyone introduces themselves.", "Everyone waves hello."), encoding="utf-8")
        deadline = time.time() + 60
        while time.time() < deadline:
            if urllib.request.urlopen(url + "__samizdat/version", timeout=10).read() != version:
                break
            time.sleep(0.1)
        page = urllib.request.urlopen(url + "alpha/first.html", timeout=10).read().decode()
        assert "Everyone waves hello." in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)
