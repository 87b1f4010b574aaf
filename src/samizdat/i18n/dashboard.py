"""``build/i18n/``: stats.json and a dashboard page (static HTML, no script) with a bar
per language and theme and the list of what is left to translate."""

from __future__ import annotations

import html
import json
from pathlib import Path

from samizdat.core.config import Config
from samizdat.sphinx_ext.html import CSP
from samizdat.i18n.stats import Counts, stats_json


def _bar(c: Counts) -> str:
    pct = c.percent
    return (f'<div class="bar" role="img" aria-label="{pct:.0f}% translated">'
            f'<svg viewBox="0 0 100 4" preserveAspectRatio="none" width="100%" height="14">'
            f'<rect width="100" height="4" fill="#ddd"/><rect width="{pct:.2f}" height="4" fill="#1b6e3a"/>'
            f'<rect x="{pct:.2f}" width="{100 * c.fuzzy / c.total if c.total else 0:.2f}" height="4" fill="#c98a00"/></svg></div>')


def write_dashboard(cfg: Config, stats: dict[str, dict[str, Counts]], outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "stats.json").write_text(json.dumps(stats_json(stats), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    rows = []
    for lang, per in stats.items():
        rows.append(f"<h2>{html.escape(lang)}: {per['all'].percent:.0f}%</h2><table><tr><th>theme</th><th>translated</th><th>fuzzy</th><th>untranslated</th><th>words left</th><th></th></tr>")
        for theme, c in sorted(per.items()):
            rows.append(
                f"<tr><td>{html.escape(theme)}</td><td>{c.translated}</td><td>{c.fuzzy}</td><td>{c.untranslated}</td>"
                f"<td>{c.fuzzy_words + c.untranslated_words}</td><td>{_bar(c)}</td></tr>"
            )
        rows.append("</table>")
        left = [item for theme, c in sorted(per.items()) if theme != "all" for item in c.left]
        if left:
            rows.append("<details><summary>What is left</summary><ul>" + "".join(f"<li><code>{html.escape(x)}</code></li>" for x in left) + "</ul></details>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation status</title></head>
<body style="font-family: sans-serif; max-width: 48rem; margin: auto; padding: 1rem">
<h1>Translation status: {html.escape(cfg.title)} {html.escape(cfg.edition)}</h1>
<p>Green: translated. Amber: fuzzy (needs review). Grey: untranslated. Update with <code>samizdat i18n sync</code>.
The same figures as data: <a href="stats.json">stats.json</a>.</p>
{''.join(rows)}
</body></html>
"""
    (outdir / "index.html").write_text(page, encoding="utf-8")
