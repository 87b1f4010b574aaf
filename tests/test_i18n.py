"""Catalogs: sync never loses a translation, every class of broken translation is
caught, stats agree with an independent count."""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest

from conftest import samizdat
from samizdat.i18n.catalogs import Catalog
from samizdat.i18n.qa import consistency_problems, injection_problems, termbase_warnings
from samizdat.i18n.sync import Message, merge

WORDS = "the of and protection temporary asylum document border group module facilitator rights law card".split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize() + "."


def translations(po: polib.POFile) -> set[str]:
    return {e.msgstr for e in po if e.msgstr}


def test_sync_keeps_every_translation_through_random_edits():
    rng = random.Random(20261125)
    for _round in range(60):
        msgids = list(dict.fromkeys(sentence(rng) for _ in range(rng.randint(3, 12))))
        po = merge(None, [Message(m, i, "ctx") for i, m in enumerate(msgids)], "t/doc", "uk")
        for e in po:
            if rng.random() < 0.8:
                e.msgstr = "TR:" + e.msgid
        before = translations(po)
        for _edit in range(rng.randint(1, 6)):
            op = rng.choice(["change", "remove", "add", "move"])
            if op == "change" and msgids:
                i = rng.randrange(len(msgids))
                words = msgids[i].rstrip(".").split()
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                msgids[i] = " ".join(words) + "."
            elif op == "remove" and msgids:
                msgids.pop(rng.randrange(len(msgids)))
            elif op == "add":
                msgids.insert(rng.randrange(len(msgids) + 1), sentence(rng))
            elif op == "move" and len(msgids) > 1:
                msgids.insert(rng.randrange(len(msgids)), msgids.pop())
            msgids = list(dict.fromkeys(msgids))
            po = merge(polib.pofile(str(po)), [Message(m, i, "ctx") for i, m in enumerate(msgids)], "t/doc", "uk")
            after = translations(po)
            assert before <= after, f"lost: {before - after}"
            before = after
            # every active entry is the current source, in order
            assert [e.msgid for e in po if not e.obsolete] == msgids


def test_changed_message_becomes_fuzzy_with_previous_source():
    old = merge(None, [Message("Temporary protection lasts one year.", 1, "")], "d", "uk")
    old[0].msgstr = "Тимчасовий захист триває один рік."
    new = merge(polib.pofile(str(old)), [Message("Temporary protection lasts two years.", 1, "")], "d", "uk")
    e = new[0]
    assert e.msgstr == "Тимчасовий захист триває один рік." and "fuzzy" in e.flags
    assert e.previous_msgid == "Temporary protection lasts one year."
    text = str(new)
    assert '#| msgid "Temporary protection lasts one year."' in text


def test_removed_message_becomes_obsolete_and_prune_drops_it():
    old = merge(None, [Message("Keep me.", 1, ""), Message("Completely different words here.", 2, "")], "d", "uk")
    for e in old:
        e.msgstr = "X " + e.msgid
    new = merge(polib.pofile(str(old)), [Message("Keep me.", 1, "")], "d", "uk")
    assert [e.msgid for e in new.obsolete_entries()] == ["Completely different words here."]
    assert "#~ msgid" in str(new)
    pruned = merge(polib.pofile(str(old)), [Message("Keep me.", 1, "")], "d", "uk", prune=True)
    assert not pruned.obsolete_entries()


def catalog(msgid: str, msgstr: str, tmp_path: Path) -> Catalog:
    po = polib.POFile()
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = tmp_path / "x.po"
    po.save(str(path))
    return Catalog("uk", "x", path, polib.pofile(str(path)))


BROKEN = [
    ("See {ref}`rights` for more.", "Дивіться більше.", "roles differ"),
    ("Read [the directive](https://eur-lex.europa.eu/).", "Прочитайте [директиву](https://evil.example/).", "link targets differ"),
    ("Type `sha256sum file` now.", "Введіть `sha256sum файл` зараз.", "inline code differs"),
    ("It lasts 90 days.", "Це триває кілька днів.", "number(s) 90"),
    ("Call the helpline.", "Зателефонуйте <b>на лінію</b>.", "raw HTML"),
    ("Call the helpline.", "Зателефонуйте <script>alert(1)</script>.", "raw HTML"),
    ("A picture.", "Малюнок ![x](https://tracker.example/p.png).", "remote image"),
    ("A link.", "[Посилання](javascript:alert(1)).", "javascript:"),
    ("Visit https://example.org/ today.", "Відвідайте https://example.net/ сьогодні.", "URL differs"),
]


@pytest.mark.parametrize("msgid,msgstr,message", BROKEN)
def test_each_broken_translation_is_caught(msgid, msgstr, message, tmp_path):
    cat = catalog(msgid, msgstr, tmp_path)
    found = [str(p) for p in injection_problems(cat, tmp_path) + consistency_problems(cat, tmp_path)]
    assert any(message in f for f in found), found
    assert all(f.startswith("x.po:") for f in found)


def test_good_translations_pass(tmp_path):
    for msgid, msgstr in [("It lasts 80,000 days, see [x](https://a.example/).", "Це триває 80 000 днів, див. [х](https://a.example/)."),
                          ("Verified {verified}`2026-01-01` in 1914-1916.", "Перевірено {verified}`2026-01-01` у 1914–1916.")]:
        cat = catalog(msgid, msgstr, tmp_path)
        assert injection_problems(cat, tmp_path) + consistency_problems(cat, tmp_path) == []


def test_termbase_warns_without_agreed_term_and_allows_inflection(tmp_path):
    terms = {"temporary protection": ["тимчасовий захист"]}
    bad = catalog("Temporary protection ends.", "Тимчасове прихисток закінчується.", tmp_path)
    assert termbase_warnings(bad, tmp_path, terms)
    good = catalog("Rights under temporary protection.", "Права в межах тимчасового захисту.", tmp_path)
    assert termbase_warnings(good, tmp_path, terms) == []


def test_stats_agree_with_polib(mini):
    assert samizdat(mini, "i18n", "sync").code == 0
    files = sorted((mini / "locales/uk/LC_MESSAGES").rglob("*.po"))
    assert len(files) >= 2, files  # one catalog per module
    rng = random.Random(7)
    for f in files:
        po = polib.pofile(str(f))
        for e in po:
            r = rng.random()
            if r < 0.5:
                e.msgstr = "переклад"
            elif r < 0.7:
                e.msgstr = "нечіткий"
                e.flags.append("fuzzy")
        po.save(str(f))
    res = samizdat(mini, "i18n", "stats", "--json")
    assert res.code == 0, res.text
    import json

    stats = json.loads(res.out)["uk"]["all"]
    pos = [polib.pofile(str(f)) for f in files]
    translated = sum(len(p.translated_entries()) for p in pos)
    fuzzy = sum(len(p.fuzzy_entries()) for p in pos)
    untranslated = sum(len(p.untranslated_entries()) for p in pos)
    assert (stats["translated"], stats["fuzzy"], stats["untranslated"]) == (translated, fuzzy, untranslated)
    words = sum(len(e.msgid.split()) for p in pos for e in p.translated_entries())
    assert stats["translated_words"] == words


def test_check_catches_a_source_change_without_sync(mini):
    assert samizdat(mini, "i18n", "sync").code == 0
    assert samizdat(mini, "i18n", "check").code == 0
    page = mini / "curriculum/beta/second.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Talk about it.", "Talk about it, please."), encoding="utf-8")
    res = samizdat(mini, "i18n", "check")
    assert res.code == 1 and "locales/uk/LC_MESSAGES/beta/second.po:" in res.out and "out of sync" in res.out
