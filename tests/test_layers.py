"""The layout shows the design: each layer imports only itself and the layers below it
(docs/architecture.md). Lower layers never reach up."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "samizdat"
# the model and configuration; the Sphinx front end; writers; builders; the pipeline and
# the translators' tools; the commands beside the build; the command line
RANK = {"core": 0, "sphinx_ext": 1, "writers": 2, "builders": 3, "i18n": 4, "pipeline": 4, "tools": 5, "cli": 6}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cli"


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            yield node.lineno, "relative"
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("samizdat"):
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("samizdat"):
                    yield node.lineno, alias.name


def test_every_module_sits_in_a_layer():
    flat = [p.name for p in SRC.glob("*.py") if p.name not in ("__init__.py", "cli.py")]
    assert not flat, f"modules outside the layers: {flat}"


def test_layers_import_only_downwards():
    checked, wrong = 0, []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        me = layer_of(".".join(p for p in rel.parts if p != "__init__"))
        assert me in RANK, f"{rel}: not in a known layer"
        for line, target in imports(path):
            checked += 1
            if target == "relative":
                wrong.append(f"{rel}:{line}: a relative import (write samizdat.<layer>...)")
            elif RANK[layer_of(target)] > RANK[me]:
                wrong.append(f"{rel}:{line}: {me} imports {target}")
    assert checked > 100, "the scan found almost no imports"
    assert not wrong, "\n".join(wrong)
