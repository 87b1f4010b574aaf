"""Translators' own tools on samizdat's catalogs: GNU gettext (msgcat, msgmerge) leaves
every shipped catalog byte-identical, sphinx-intl works on the layout and agrees with
``samizdat i18n stats``, and the translation memory suggests (fuzzy, sourced, checked)."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import ROOT, copy_project, require_tool, samizdat, tree_snapshot
from samizdat.core.config import load_config
from samizdat.core.pofile import render
from samizdat.i18n.memory import ORIGIN, THRESHOLD, TranslationMemory
from samizdat.i18n.sync import Message, merge, update_language

LOCALES = ROOT / "locales"
CATALOGS = sorted(p for p in LOCALES.rglob("*.po") if "templates" not in p.parts)
TEMPLATES = sorted((LOCALES / "templates").rglob("*.pot"))


def translator_copy(dst: Path) -> Path:
    """A copy of the project as a translator clones it (with the conf.py sphinx-intl reads)."""
    root = copy_project(ROOT, dst)
    shutil.copy(ROOT / "conf.py", root / "conf.py")
    return root


def template_of(po: Path) -> Path:
    rel = po.relative_to(LOCALES).parts[2:]  # <lang>/LC_MESSAGES/...
    return (LOCALES / "templates" / Path(*rel)).with_suffix(".pot")


def test_every_catalog_has_its_template():
    assert len(CATALOGS) >= 78 and TEMPLATES
    missing = [str(p) for p in CATALOGS if not template_of(p).is_file()]
    assert not missing


def test_msgcat_leaves_every_shipped_catalog_and_template_unchanged():
    msgcat = require_tool("msgcat")
    changed = []
    for path in CATALOGS + TEMPLATES:
        out = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout
        if out != path.read_bytes():
            changed.append(str(path.relative_to(ROOT)))
    assert not changed, f"{len(changed)} of {len(CATALOGS) + len(TEMPLATES)} differ from msgcat's output: {changed[:5]}"


def test_msgmerge_with_its_template_leaves_every_catalog_unchanged(tmp_path):
    msgmerge = require_tool("msgmerge")
    changed = []
    for path in CATALOGS:
        copy = tmp_path / "c.po"
        shutil.copy(path, copy)
        subprocess.run([msgmerge, "--quiet", "--update", "--backup=none", str(copy), str(template_of(path))], check=True)
        if copy.read_bytes() != path.read_bytes():
            changed.append(str(path.relative_to(ROOT)))
    assert not changed, f"msgmerge --update changes {len(changed)} of {len(CATALOGS)}: {changed[:5]}"


HARD = [
    "A sentence long enough to wrap, with a \"quoted phrase\" (and brackets) right at the edge of it.",
    "Break after a hyphen: well-known-thing-here-and-there-and-everywhere-else, near https://example.org/path/to/x.html ok",
    "Короткий рядок.\nДругий рядок, достатньо довгий, щоб перенестися: 10 000 гривень — це не 1,5 тис.; «лапки» …",
    "Question?\" then more text that is long enough to need a second line of the catalog at 79 columns",
    "*Critics ask,* as someone did: does supporting a state's war strengthen that state? And then again and again.",
    "x" * 120 + " tail",
    "",
]


@pytest.mark.parametrize("text", HARD)
def test_writer_wraps_as_gnu_gettext(tmp_path, text):
    msgcat = require_tool("msgcat")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=text or "empty", msgstr=text, tcomment="translator", comment="where", occurrences=[("curriculum/a.md", "3")]))
    po.append(polib.POEntry(msgid="old " + text, msgstr="old", obsolete=True))
    fuzzy = polib.POEntry(msgid="new", msgstr="x", flags=["fuzzy"], previous_msgid="previous " + text)
    po.append(fuzzy)
    ours = render(po)
    (tmp_path / "a.po").write_text(ours, encoding="utf-8")
    assert subprocess.run([msgcat, str(tmp_path / "a.po")], capture_output=True, text=True, check=True).stdout == ours


def test_sync_on_a_fresh_copy_changes_nothing_and_undoes_sphinx_intl(tmp_path):
    """The acceptance path: a fresh clone's sync is a no-op; sphinx-intl update (babel's
    wrapping) keeps every translation, samizdat's tools read its output, and the next sync
    puts the canonical form back."""
    sphinx_intl = require_tool("sphinx-intl")
    root = translator_copy(tmp_path / "p")
    before = tree_snapshot(root / "locales")
    res = samizdat(root, "i18n", "sync")
    assert res.code == 0, res.text
    assert "0 catalog(s) updated" in res.err
    assert tree_snapshot(root / "locales") == before
    stats = counts(samizdat(root, "i18n", "stats", "--json").out)
    proc = subprocess.run([sphinx_intl, "update", "-p", "locales/templates", "-l", "uk"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Not Changed: ") == 29, proc.stdout  # the catalogs match their templates
    assert tree_snapshot(root / "locales") == before
    # a source change: the maintainer's template, then sphinx-intl (babel's merge and its
    # wrapping at 76) on the translator's side; samizdat reads the result, nothing is lost,
    # and the next sync puts the canonical form back, keeping the fuzzy translation
    old_text, new_text = (f"Apply the five questions of a security plan to a realistic situation{end}" for end in ".!")
    md = root / "curriculum/02-infosec/threat-modelling.md"
    md.write_text(md.read_text(encoding="utf-8").replace(old_text, new_text), encoding="utf-8")
    pot = root / "locales/templates/02-infosec/threat-modelling.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace(old_text, new_text), encoding="utf-8")
    page = root / "locales/uk/LC_MESSAGES/02-infosec/threat-modelling.po"
    proc = subprocess.run([sphinx_intl, "update", "-p", "locales/templates", "-l", "uk"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.count("Update: ") == 1, proc.stdout + proc.stderr
    msgcat = require_tool("msgcat")
    assert subprocess.run([msgcat, str(page)], capture_output=True).stdout != page.read_bytes()  # babel's form
    now = counts(samizdat(root, "i18n", "stats", "--json").out)["uk"]["all"]
    was = stats["uk"]["all"]
    assert (now["translated"] + now["fuzzy"], now["untranslated"], now["fuzzy"]) == (was["translated"] + was["fuzzy"], was["untranslated"], was["fuzzy"] + 1)  # fuzzy, not lost
    assert samizdat(root, "i18n", "check", "--no-sync").code == 0
    assert samizdat(root, "i18n", "sync").code == 0
    assert subprocess.run([msgcat, str(page)], capture_output=True).stdout == page.read_bytes()
    entry = next(e for e in polib.pofile(str(page)) if e.msgid == new_text)
    # sphinx-intl writes no #| previous msgid (babel's write_po without include_previous):
    # the fuzzy translation survives, its previous source does not (docs/translating.md)
    assert "fuzzy" in entry.flags and entry.msgstr
    after = tree_snapshot(root / "locales")
    assert {k for k in before if after.get(k) != before[k]} == {"uk/LC_MESSAGES/02-infosec/threat-modelling.po",
                                                                 "ru/LC_MESSAGES/02-infosec/threat-modelling.po",
                                                                 "cs/LC_MESSAGES/02-infosec/threat-modelling.po",
                                                                 "templates/02-infosec/threat-modelling.pot"}


def counts(stats_json: str) -> dict:
    """``i18n stats --json`` without the ``path:line`` lists (lines move when rewrapped)."""
    import json

    data = json.loads(stats_json)
    return {lang: {theme: {k: v for k, v in c.items() if k != "left"} for theme, c in per.items()} for lang, per in data.items()}


STAT_RE = re.compile(r"^(?P<path>\S+\.po): (?P<t>\d+) translated, (?P<f>\d+) fuzzy, (?P<u>\d+) untranslated\.$", re.M)


def test_sphinx_intl_stat_agrees_with_samizdat_stats(tmp_path):
    """sphinx-intl counts a fuzzy entry with a msgstr as translated and fuzzy; samizdat
    counts it as fuzzy only. Some entries are made fuzzy or emptied so the test sees all
    three kinds."""
    sphinx_intl = require_tool("sphinx-intl")
    root = copy_project(ROOT, tmp_path / "p")
    rng = random.Random(7)
    for path in sorted((root / "locales/cs").rglob("*.po"))[:6]:
        po = polib.pofile(str(path))
        for e in po:
            r = rng.random()
            if r < 0.1:
                e.flags.append("fuzzy")
            elif r < 0.2:
                e.msgstr = ""
        po.save(str(path))
    proc = subprocess.run([sphinx_intl, "stat", "-d", "locales"], cwd=root, capture_output=True, text=True)
    # sphinx-intl's exit status is 1 when something is left to translate
    assert len(STAT_RE.findall(proc.stdout)) == len(CATALOGS), proc.stdout + proc.stderr
    theirs: dict[str, list[int]] = {}
    for m in STAT_RE.finditer(proc.stdout):
        lang = Path(m["path"]).parts[1]
        t = theirs.setdefault(lang, [0, 0, 0])
        for i, k in enumerate("tfu"):
            t[i] += int(m[k])
    import json

    ours = json.loads(samizdat(root, "i18n", "stats", "--json").out)
    assert set(theirs) == set(ours) == {"uk", "ru", "cs"}
    for lang, (t, f, u) in theirs.items():
        a = ours[lang]["all"]
        assert (t, f, u) == (a["translated"] + a["fuzzy"], a["fuzzy"], a["untranslated"]), lang
    assert ours["cs"]["all"]["fuzzy"] > 0 and ours["cs"]["all"]["untranslated"] > 0


def test_a_new_language_from_the_templates_is_accepted(tmp_path):
    """A translator starts Polish from the templates with sphinx-intl, as docs/translating.md
    says; once the language is in curriculum.yaml, samizdat's check reads the catalogs."""
    sphinx_intl = require_tool("sphinx-intl")
    root = translator_copy(tmp_path / "p")
    proc = subprocess.run([sphinx_intl, "update", "-p", "locales/templates", "-l", "pl"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    made = sorted((root / "locales/pl/LC_MESSAGES").rglob("*.po"))
    assert len(made) == len(TEMPLATES)
    res = samizdat(root, "i18n", "check", "--no-sync")
    assert res.code != 0 and "'pl'" in res.text  # not a language of the project yet
    cfg_file = root / "curriculum" / "curriculum.yaml"
    text = cfg_file.read_text(encoding="utf-8")
    cfg_file.write_text(re.sub(r"(languages:\s*\[[^\]]*)\]", r"\1, pl]", text, count=1), encoding="utf-8")
    assert "pl" in load_config(root).languages
    res = samizdat(root, "i18n", "check", "--no-sync")
    assert res.code == 0, res.text
    stats = samizdat(root, "i18n", "stats", "--json")
    assert '"pl"' in stats.out


# --- the translation memory --------------------------------------------------------------

def _nudge(text: str, rng: random.Random) -> str | None:
    """A slight edit: a word changed, a number changed, or punctuation."""
    words = text.split(" ")
    kind = rng.choice(["word", "number", "punct"])
    if kind == "number" and re.search(r"\d", text):
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text, count=1)
    if kind == "punct":
        return text[:-1] + "!" if text[-1:] in ".:;?" else text + "."
    plain = [i for i, w in enumerate(words) if w.isalpha() and len(w) > 3]
    if not plain:
        return text + "."
    i = rng.choice(plain)
    words[i] = {"the": "a"}.get(words[i], "new" if words[i] != "new" else "old")
    return " ".join(words)


def test_memory_suggests_for_slightly_changed_messages(tmp_path):
    """10 % of the shipped uk messages change slightly; sync's update (the memory reads
    every uk catalog) suggests a translation for at least 80 % of them, every one fuzzy
    with where it came from; no other entry changes."""
    root = copy_project(ROOT, tmp_path / "p")
    cfg = load_config(root)
    rng = random.Random(20)
    messages: dict[str, list[Message]] = {}
    changed: dict[tuple[str, str], str] = {}
    before: dict[tuple[str, str], tuple[str, list[str]]] = {}
    base = root / "locales/uk/LC_MESSAGES"
    for path in sorted(base.rglob("*.po")):
        doc = path.relative_to(base).with_suffix("").as_posix()
        out = []
        for e in polib.pofile(str(path)):
            if e.obsolete:
                continue
            msgid = e.msgid
            if e.msgstr and rng.random() < 0.10:
                new = _nudge(msgid, rng)
                if new and new != msgid:
                    changed[(doc, new)] = msgid
                    msgid = new
            else:
                before[(doc, msgid)] = (e.msgstr, list(e.flags))
            out.append(Message(msgid, int(e.occurrences[0][1]) if e.occurrences else 0, e.comment))
        messages[doc] = list({m.msgid: m for m in out}.values())
    assert len(changed) > 100
    update_language(cfg, "uk", messages)
    suggested = unmarked = 0
    for path in sorted(base.rglob("*.po")):
        doc = path.relative_to(base).with_suffix("").as_posix()
        for e in polib.pofile(str(path)):
            if e.obsolete:
                continue
            if (doc, e.msgid) in changed:
                if e.msgstr:
                    suggested += 1
                    unmarked += "fuzzy" not in e.flags or ORIGIN not in e.tcomment or not e.previous_msgid
            elif (doc, e.msgid) in before:
                assert (e.msgstr, e.flags) == before[(doc, e.msgid)]
            if ORIGIN in (e.tcomment or ""):
                assert "fuzzy" in e.flags and re.search(r"locales/uk/LC_MESSAGES/\S+\.po \(similarity \d+%\)", e.tcomment)
    rate = suggested / len(changed)
    print(f"memory: {suggested}/{len(changed)} slightly changed messages got a suggestion ({rate:.0%})")
    assert rate >= 0.8
    assert unmarked == 0


def test_memory_takes_a_translation_from_another_catalog(tmp_path):
    mem = TranslationMemory(tmp_path, "uk")
    other = polib.POFile()
    other.append(polib.POEntry(msgid="Keep copies of your documents in two places.", msgstr="Зберігайте копії документів у двох місцях."))
    other.append(polib.POEntry(msgid="Unreviewed sentence here.", msgstr="Неперевірене.", flags=["fuzzy"]))
    mem.add(other, tmp_path / "locales/uk/LC_MESSAGES/a/b.po")
    po = merge(None, [Message("Keep copies of your documents in three places.", 1, ""), Message("Unreviewed sentence here!", 2, ""),
                      Message("Something else entirely, nothing like the others.", 3, "")], "t/doc", "uk", memory=mem,
               path=tmp_path / "locales/uk/LC_MESSAGES/t/doc.po")
    first, second, third = list(po)
    assert first.msgstr == "Зберігайте копії документів у двох місцях." and "fuzzy" in first.flags
    assert first.previous_msgid == "Keep copies of your documents in two places."
    assert first.tcomment.startswith(ORIGIN + "locales/uk/LC_MESSAGES/a/b.po (similarity ")
    assert second.msgstr == ""  # a fuzzy translation is nobody's reference
    assert third.msgstr == ""


def test_the_memory_note_goes_once_a_translator_clears_fuzzy(tmp_path):
    mem = TranslationMemory(tmp_path, "uk")
    src = polib.POFile()
    src.append(polib.POEntry(msgid="Bring a pen and paper.", msgstr="Візьміть ручку й папір."))
    mem.add(src, tmp_path / "x.po")
    po = merge(None, [Message("Bring a pen and some paper.", 1, "")], "d", "uk", memory=mem, path=tmp_path / "y.po")
    assert ORIGIN in po[0].tcomment
    again = merge(polib.pofile(render(po)), [Message("Bring a pen and some paper.", 1, "")], "d", "uk")
    assert ORIGIN in again[0].tcomment and "fuzzy" in again[0].flags  # still to review: kept
    po[0].flags.remove("fuzzy")
    po[0].tcomment += "\nmy own note"
    reviewed = merge(polib.pofile(render(po)), [Message("Bring a pen and some paper.", 1, "")], "d", "uk")
    assert reviewed[0].tcomment == "my own note" and reviewed[0].msgstr == "Візьміть ручку й папір."


def test_memory_never_overwrites_a_translators_entry(tmp_path):
    mem = TranslationMemory(tmp_path, "uk")
    src = polib.POFile()
    src.append(polib.POEntry(msgid="Bring a pen.", msgstr="Візьміть ручку."))
    mem.add(src, tmp_path / "x.po")
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Bring a pen.", msgstr="Мій переклад."))
    assert mem.fill(po, tmp_path / "y.po") == []
    assert po[0].msgstr == "Мій переклад." and "fuzzy" not in po[0].flags


def test_memory_refuses_a_suggestion_that_brings_in_a_link(tmp_path):
    """A msgstr is checked against the msgid it would be attached to: a local link its
    own source had is an injection under a source that lacks it."""
    mem = TranslationMemory(tmp_path, "uk")
    src = polib.POFile()
    src.append(polib.POEntry(msgid="Read [the notes](notes.md) before the session.", msgstr="Прочитайте [нотатки](notes.md) перед заняттям."))
    src.append(polib.POEntry(msgid="Read the rules before the session starts.", msgstr="Прочитайте правила до початку."))
    mem.add(src, tmp_path / "x.po")
    assert mem.best("Read the notes before the session.") is not None  # similar enough...
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Read the notes before the session.", msgstr=""))
    mem.fill(po, tmp_path / "y.po")
    assert "notes.md" not in po[0].msgstr  # ...but refused; another match may be taken


def test_threshold_is_the_documented_one():
    assert THRESHOLD == 0.7
    assert "0.7" in (ROOT / "docs/translating.md").read_text(encoding="utf-8")


def test_i18n_suggest_command(tmp_path):
    """``samizdat i18n suggest`` fills an untranslated entry from another catalog of the
    language and says so; a second run has nothing left to do."""
    root = copy_project(ROOT, tmp_path / "p")
    base = root / "locales/uk/LC_MESSAGES"
    a, b = base / "02-infosec/threat-modelling.po", base / "01-documents/index.po"
    donor = next(e for e in polib.pofile(str(a)) if e.msgstr and not e.obsolete and len(e.msgid) > 40)
    pb = polib.pofile(str(b))
    pb.append(polib.POEntry(msgid=donor.msgid.rstrip(".") + "!", msgstr="", occurrences=[("x.md", "1")]))
    pb.save(str(b))
    res = samizdat(root, "i18n", "suggest", "--lang", "uk")
    assert res.code == 0, res.text
    assert "1 suggestion(s) in 1 catalog(s)" in res.text
    got = next(e for e in polib.pofile(str(b)) if e.msgid == donor.msgid.rstrip(".") + "!")
    assert got.msgstr == donor.msgstr and "fuzzy" in got.flags
    assert "locales/uk/LC_MESSAGES/02-infosec/threat-modelling.po" in got.tcomment
    res = samizdat(root, "i18n", "suggest", "--lang", "uk")
    assert "0 suggestion(s)" in res.text
    assert samizdat(root, "i18n", "suggest", "--lang", "xx").code != 0
