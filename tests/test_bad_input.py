"""Every bad input: a clear ``path:line: message``, a non-zero exit, no traceback, and
``build/`` exactly as it was (each case runs check and build against a built project)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import samizdat, tree_snapshot

MODULE = "curriculum/alpha/first.md"


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        p = root / path
        text = p.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {path}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(path: str, data: bytes | str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        p = root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def remove(path: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        p = root / path
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return apply


CASES = {
    "malformed front matter": (edit(MODULE, "duration: 60", "duration: [60"), f"{MODULE}:3:", "malformed YAML"),
    "front matter wrong type": (edit(MODULE, "duration: 60", "duration: an hour"), f"{MODULE}:3:", "duration must be"),
    "front matter unknown key": (edit(MODULE, "level: introductory", "levle: introductory"), f"{MODULE}:4:", "unknown key 'levle'"),
    "missing id": (edit(MODULE, "id: first\n", ""), f"{MODULE}:2:", "missing 'id'"),
    "missing duration": (edit(MODULE, "duration: 60\n", ""), f"{MODULE}:2:", "missing 'duration'"),
    "duplicate id": (edit("curriculum/beta/second.md", "id: second", "id: first"), "curriculum/beta/second.md:2:", "duplicate id 'first'"),
    "not UTF-8": (write(MODULE, "---\nid: first\nduration: 60\n---\n\n# Caf\xe9\n".encode("latin-1")), f"{MODULE}:6:", "not valid UTF-8"),
    "empty file": (write(MODULE, ""), f"{MODULE}:1:", "is empty"),
    "very large file": (write(MODULE, "---\nid: first\nduration: 60\n---\n\n# Big\n\n" + "word " * 120_000), f"{MODULE}:", "over the 512 KiB limit"),
    "unknown directive": (edit(MODULE, ":::{summary}", ":::{sumary}"), f"{MODULE}:", "directive {sumary} is not part of the module format"),
    "directive with bad option": (edit(MODULE, ":format: plenary", ":format: dancing"), f"{MODULE}:", "dancing"),
    "activity without minutes": (edit(MODULE, ":minutes: 20\n", ""), f"{MODULE}:", "needs ':minutes:'"),
    "activities do not add up": (edit(MODULE, ":minutes: 40", ":minutes: 45"), f"{MODULE}:3:", "add up to 65 minutes"),
    "image outside curriculum": (edit(MODULE, "## Second section", "![a map](../../secret.png)\n\n## Second section"), f"{MODULE}:", "outside curriculum/"),
    "missing image": (edit(MODULE, "## Second section", "![a map](missing.png)\n\n## Second section"), f"{MODULE}:", "missing.png"),
    "remote image": (edit(MODULE, "## Second section", "![tracker](https://tracker.example/p.png)\n\n## Second section"), f"{MODULE}:", "remote or inline image"),
    "raw HTML block": (edit(MODULE, "## Second section", "<script>alert(1)</script>\n\n## Second section"), f"{MODULE}:", "raw HTML"),
    "raw HTML inline": (edit(MODULE, "Everyone introduces themselves.", "Everyone <b onclick='x()'>introduces</b> themselves."), f"{MODULE}:", "raw HTML"),
    "broken cross-reference": (edit(MODULE, "Everyone introduces themselves.", "See {ref}`no-such-label`."), f"{MODULE}:", "no-such-label"),
    "catalog does not parse": (write("locales/uk/LC_MESSAGES/alpha/first.po", 'msgid "a"\nmsgstr "b\n'), "locales/uk/LC_MESSAGES/alpha/first.po:3:", "does not compile"),
    "catalog for unknown language": (write("locales/de/LC_MESSAGES/index.po", 'msgid ""\nmsgstr ""\n'), "locales/de:", "not in curriculum.yaml"),
    "curriculum.yaml missing": (remove("curriculum/curriculum.yaml"), "curriculum/curriculum.yaml:", "missing"),
    "curriculum.yaml malformed": (edit("curriculum/curriculum.yaml", "languages: [uk]", "languages: [uk"), "curriculum/curriculum.yaml:5:", "malformed YAML"),
    "theme folder missing": (remove("curriculum/beta"), "curriculum/curriculum.yaml:", "has no folder"),
    "theme folder not listed": (write("curriculum/gamma/index.md", "# Gamma\n"), "curriculum/gamma:", "not listed"),
    "module listed but missing": (remove("curriculum/beta/second.md"), "curriculum/curriculum.yaml:", "listed but does not exist"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case, mini_built, tmp_path):
    mutate, where, what = CASES[case]
    root = tmp_path / "p"
    shutil.copytree(mini_built, root, symlinks=True)
    before = tree_snapshot(root / "build")
    mutate(root)
    for command in (["check"], ["build"]):
        res = samizdat(root, *command)
        assert res.code == 1, f"{command}: exit {res.code}\n{res.text}"
        assert "Traceback" not in res.text, res.text
        lines = [ln for ln in res.text.splitlines() if ln.startswith(where)]
        assert any(what in ln for ln in lines), f"{command}: expected '{where} ... {what}' in:\n{res.text}"
    assert tree_snapshot(root / "build") == before, "a failed build changed build/"


def test_dangerous_links_are_inert(mini):
    """markdown-it refuses javascript:/data:/vbscript: link targets: they stay text."""
    edit(MODULE, "(https://example.org/)", "(javascript:alert(1)) and [x](data:text/html;base64,PHNjcmlwdD4=)")(mini)
    res = samizdat(mini, "build", "--format", "html", "--lang", "en")
    assert res.code == 0, res.text
    page = (mini / "build/en/html/alpha/first.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in page and 'href="data:' not in page
    assert "javascript:alert(1)" in page  # shown as text, not lost
