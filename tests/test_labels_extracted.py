"""Every label the code translates is in the label catalogs' template. babel's Python
extractor does not look inside f-strings, so a label used only there would be dropped from
samizdat.po by the next `i18n sync --labels`, with its translations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from samizdat.i18n.labels import extract_labels

SRC = Path(__file__).resolve().parents[1] / "src" / "samizdat"
CALL = re.compile(r"""(?<![\w.])_\(\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*\)""")


def test_every_label_in_the_code_is_extracted():
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in extract_labels() if m.id}
    used: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for literal in CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(ast.literal_eval(literal), path.relative_to(SRC).as_posix())
    assert len(used) > 50  # the scan found the labels (a scan of nothing would pass too)
    missing = {msg: where for msg, where in used.items() if msg not in template}
    assert not missing, f"labels the extractor misses (add them to a _mark_for_extraction): {missing}"
