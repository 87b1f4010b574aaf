"""A synthetic curriculum for the scale run: N modules in 6 themes, 4 languages, with
every catalog translated (pseudo translations), built from the shipped modules' shape."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def generate(dest: Path, modules: int) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "curriculum").mkdir(parents=True)
    for d in ("handouts", "slides"):
        shutil.copytree(ROOT / d, dest / d)
    sources = sorted((ROOT / "curriculum").glob("0*/*.md"))
    sources = [s for s in sources if s.name != "index.md"]
    shutil.copy(ROOT / "curriculum/index.md", dest / "curriculum/index.md")
    themes = [f"t{i + 1}" for i in range(6)]
    listing = {t: [] for t in themes}
    for i in range(modules):
        theme = themes[i % 6]
        src = sources[i % len(sources)]
        name = f"m{i:03d}"
        text = src.read_text(encoding="utf-8")
        text = text.replace(f"id: {src.stem}", f"id: gen-{name}", 1)
        (dest / "curriculum" / theme).mkdir(exist_ok=True)
        (dest / "curriculum" / theme / f"{name}.md").write_text(text.replace("\n# ", f"\n# [{i}] ", 1), encoding="utf-8")
        listing[theme].append(name)
    for t in themes:
        (dest / "curriculum" / t / "index.md").write_text(f"# Theme {t}\n\nA generated theme.\n\n:::{{modules}}\n:::\n", encoding="utf-8")
    yaml = ["title: Generated", 'edition: "bench"', "date: 2026-11-25", "source_language: en", "languages: [uk, ru, cs]",
            "licence: CC BY-SA 4.0", "themes:"] + [f"  - folder: {t}\n    modules: [{', '.join(listing[t])}]" for t in themes]
    (dest / "curriculum/curriculum.yaml").write_text("\n".join(yaml) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "samizdat.cli", "--root", str(dest), "i18n", "sync"], check=True, capture_output=True)
    for po_path in (dest / "locales").rglob("*.po"):
        po = polib.pofile(str(po_path))
        for e in po:
            e.msgstr = e.msgid  # a complete catalog: Sphinx re-parses every msgstr, as in a real translation
        po.save(str(po_path))
    return dest


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("dest", type=Path)
    ap.add_argument("--modules", type=int, default=200)
    args = ap.parse_args()
    print(generate(args.dest, args.modules))
