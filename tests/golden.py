"""Golden files: a failing comparison prints a unified diff and the command that accepts
the new output (SAMIZDAT_ACCEPT=1, on a developer's machine: never under CI=true, where a
golden must be compared, not rewritten). Goldens are small and readable, so that a
reviewer can read the diff of an accepted one."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str, test_id: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SAMIZDAT_ACCEPT") == "1":
        if os.environ.get("CI", "").lower() == "true":
            raise AssertionError(
                f"SAMIZDAT_ACCEPT=1 under CI=true: refusing to accept golden/{name}. Goldens are accepted "
                "on a developer's machine, by someone who read the diff, and committed; CI only compares them."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.is_file() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual", n=2))
        what = f"{name} differs from its golden file" if path.is_file() else f"golden/{name} does not exist yet"
        raise AssertionError(
            f"{what}:\n{diff[:6000]}\n"
            f"If the new output is right, accept it (locally, never in CI), read the diff and commit it:\n"
            f"  SAMIZDAT_ACCEPT=1 .venv/bin/python -m pytest '{test_id}'\n  git diff tests/golden/"
        )


# -- the Pandoc AST as an outline a reviewer can read ------------------------------------

def _attr(a) -> str:
    ident, classes, kv = a
    parts = ([f"#{ident}"] if ident else []) + [f".{c}" for c in classes] + [f"{k}={v!r}" for k, v in kv]
    return "{" + " ".join(parts) + "}" if parts else ""


_WRAP = {"Emph": "*", "Strong": "**", "Underline": "_", "Strikeout": "~~", "Superscript": "^", "Subscript": "~"}


def inline_outline(inlines: list[dict]) -> str:
    out = []
    for i in inlines:
        t, c = i["t"], i.get("c")
        if t == "Str":
            out.append(c)
        elif t == "Space":
            out.append(" ")
        elif t == "SoftBreak":
            out.append("↵")
        elif t == "LineBreak":
            out.append("⏎")
        elif t in _WRAP:
            out.append(_WRAP[t] + inline_outline(c) + _WRAP[t])
        elif t == "Code":
            out.append(f"`{c[1]}`{_attr(c[0])}")
        elif t in ("Link", "Image"):
            url, title = c[2]
            out.append(("!" if t == "Image" else "") + f"[{inline_outline(c[1])}]({url}{' ' + repr(title) if title else ''}){_attr(c[0])}")
        elif t == "Span":
            out.append(f"[{inline_outline(c[1])}]{_attr(c[0]) or '{}'}")
        elif t == "RawInline":
            out.append(f"`{c[1]}`{{={c[0]}}}")
        elif t == "Quoted":
            q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
            out.append(q[0] + inline_outline(c[1]) + q[1])
        else:
            out.append(f"⟨{t} {json.dumps(c, ensure_ascii=False)}⟩")
    return "".join(out)


def block_outline(blocks: list[dict], indent: str = "") -> list[str]:
    """One line per block (children indented): type, {#id .classes key='value'}, text."""
    lines: list[str] = []
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain"):
            lines.append(f"{indent}{t}: {inline_outline(c)}")
        elif t == "Header":
            lines.append(f"{indent}Header {c[0]}{_attr(c[1])}: {inline_outline(c[2])}")
        elif t == "Div":
            lines.append(f"{indent}Div{_attr(c[0])}" + ("" if c[1] else " (empty)"))
            lines += block_outline(c[1], indent + "  ")
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            head = t if t == "BulletList" else f"OrderedList start={c[0][0]} {c[0][1]['t']} {c[0][2]['t']}"
            lines.append(indent + head)
            for item in items:  # "- " then the item's first block on the same line
                inner = block_outline(item, indent + "    ")
                lines.append(f"{indent}  - " + inner[0].lstrip() if inner else f"{indent}  - (empty)")
                lines += inner[1:]
        elif t == "DefinitionList":
            lines.append(indent + "DefinitionList")
            for term, definitions in c:
                lines.append(f"{indent}  term: {inline_outline(term)}")
                for d in definitions:
                    lines.append(f"{indent}  definition:")
                    lines += block_outline(d, indent + "    ")
        elif t == "Table":
            a, caption, colspecs, head, bodies, foot = c
            cols = " ".join(f"{s[0]['t']}/{s[1]['t'] if isinstance(s[1], dict) else s[1]}" for s in colspecs)
            lines.append(f"{indent}Table{_attr(a)} {len(colspecs)} columns: {cols}")
            if caption[1]:
                lines.append(f"{indent}  caption:")
                lines += block_outline(caption[1], indent + "    ")

            def rows(label, rs):
                for r in rs:
                    cells = []
                    for cattr, align, rowspan, colspan, content in r[1]:
                        extra = ("" if align["t"] == "AlignDefault" else f" {align['t']}") + ("" if (rowspan, colspan) == (1, 1) else f" {rowspan}x{colspan}")
                        cells.append(" / ".join(block_outline(content)) + extra + _attr(cattr))
                    lines.append(f"{indent}  {label}{_attr(r[0])} | " + " | ".join(cells) + " |")

            rows("head", head[1])
            for body in bodies:
                rows("body", body[2] + body[3])
            rows("foot", foot[1])
        elif t == "BlockQuote":
            lines.append(indent + "BlockQuote")
            lines += block_outline(c, indent + "  ")
        elif t == "CodeBlock":
            lines.append(f"{indent}CodeBlock{_attr(c[0])}: {c[1]!r}")
        elif t == "RawBlock":
            lines.append(f"{indent}RawBlock {c[0]}: {c[1]!r}")
        elif t == "HorizontalRule":
            lines.append(indent + "HorizontalRule")
        else:
            lines.append(f"{indent}{t} {json.dumps(c, ensure_ascii=False)}")
    return lines
