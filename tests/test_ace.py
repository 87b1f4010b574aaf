"""Ace by DAISY, the reference accessibility checker for EPUB, on every language's EPUB
of the shipped curriculum: no serious or critical finding, and the conformance claim in
the OPF (EPUB Accessibility 1.1, WCAG 2.1 AA) only where that holds. Ace comes from npm
into tests/.node (``.ci/run``) and drives the system Chromium (ace-puppeteer)."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, epubcheck, require_tool
from samizdat.builders.epub import CONFORMS_TO, accessibility_blockers, accessible_xhtml

ACE = ROOT / "tests/.node/node_modules/.bin/ace-puppeteer"


def ace_bin() -> Path:
    if not ACE.is_file():
        msg = "Ace is not installed (npm install --ignore-scripts --prefix tests/.node @daisy/ace; .ci/run does it)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return ACE


def ace_findings(epub: Path, out: Path) -> list[tuple[str, str, str]]:
    """(impact, rule, page) of every finding Ace reports on ``epub``."""
    chromium = require_tool("chromium")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    proc = subprocess.run([str(ace_bin()), "--silent", "--subdir", "--outdir", str(out), str(epub)],
                          capture_output=True, text=True, env=env, timeout=900)
    reports = list(out.rglob("report.json"))
    assert reports, f"Ace wrote no report: {proc.stdout[-500:]} {proc.stderr[-1500:]}"
    report = json.loads(reports[0].read_text(encoding="utf-8"))
    return [(b["earl:test"]["earl:impact"], b["earl:test"]["dct:title"], a["earl:testSubject"]["url"])
            for a in report.get("assertions", []) for b in a.get("assertions", [])]


def opf(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read("content.opf").decode("utf-8")


@pytest.mark.e2e
def test_ace_finds_nothing_serious_in_any_language(shipped, tmp_path):
    epubs = sorted((shipped / "build/current").glob("*/epub/*.epub"))
    assert len(epubs) >= 3
    for epub in epubs:
        findings = ace_findings(epub, tmp_path / epub.stem)
        print(epub.name, findings)
        serious = [f for f in findings if f[0] in ("serious", "critical")]
        assert not serious, f"{epub.name}: {serious}"
        # the claim stands where Ace passes (this test is what backs it)
        assert f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>' in opf(epub)
        assert "schema:accessibilitySummary" in opf(epub) and "schema:accessibilityHazard" in opf(epub)
        res = epubcheck(epub)
        assert res.returncode == 0, res.stdout[-2000:]


def test_empty_corner_header_becomes_a_cell():
    page = '<table><thead><tr><th class="head"><p></p></th><th class="head"><p>Year</p></th></tr></thead></table>'
    fixed = accessible_xhtml("a.xhtml", page)
    assert '<td class="head"></td>' in fixed and "<p>Year</p></th>" in fixed
    assert accessibility_blockers({"a.xhtml": page}) and not accessibility_blockers({"a.xhtml": fixed})


def test_nav_gets_its_role_and_blockers_withhold_the_claim():
    nav = '<nav epub:type="toc"><ol></ol></nav>'
    assert 'role="doc-toc"' in accessible_xhtml("nav.xhtml", nav)
    assert accessibility_blockers({"nav.xhtml": nav})
    assert accessibility_blockers({"b.xhtml": '<p><img src="x.png"/></p>'})
    assert not accessibility_blockers({"b.xhtml": '<p><img src="x.png" alt=""/></p>'})
