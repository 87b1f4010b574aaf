"""Two classes of translation slips ``samizdat i18n check`` reports: numbers written with
English thousands separators, and one termbase term rendered with different words in
different catalogs of a language."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import samizdat
from samizdat.i18n.catalogs import Catalog
from samizdat.i18n.qa import number_format_problems, termbase_problems, termbase_warnings
from samizdat.i18n.termbase import Term, read_tbx, read_termbase

NBSP, NNBSP = "\u00a0", "\u202f"


def make_catalog(tmp_path: Path, name: str, pairs: list[tuple[str, str]], lang: str = "uk", fuzzy: tuple[int, ...] = ()) -> Catalog:
    """A catalog written to tmp_path and read back, so entries carry their line numbers."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for i, (msgid, msgstr) in enumerate(pairs):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if i in fuzzy else []))
    path = tmp_path / f"{name}.po"
    po.save(str(path))
    return Catalog(lang, name, path, polib.pofile(str(path)))


def line_of(cat: Catalog, msgid: str) -> int:
    return next(e.linenum for e in cat.po if e.msgid == msgid)


# --- numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["uk", "ru", "cs"])
def test_english_thousands_separator_is_an_error_with_path_line_and_the_locale_form(lang, tmp_path):
    msgid = "About 3,427 men and 80,000 people in 2024."
    cat = make_catalog(tmp_path, "m", [("Intro.", "Вступ."), (msgid, "Близько 3,427 чоловіків і 80,000 людей у 2024.")], lang)
    found = number_format_problems(cat, tmp_path)
    assert len(found) == 2 and all(p.severity == "error" for p in found)
    line = line_of(cat, msgid)
    assert {(p.path, p.line) for p in found} == {("m.po", line)}
    text = " ".join(str(p) for p in found)
    assert f"m.po:{line}:" in text and "3,427" in text and "80,000" in text
    assert "3 427" in text and "80 000" in text and "U+00A0" in text  # babel's grouping for the locale


@pytest.mark.parametrize("written", [f"3{NBSP}427", f"3{NNBSP}427", "3427"])
def test_locale_grouping_is_accepted(written, tmp_path):
    cat = make_catalog(tmp_path, "m", [("About 3,427 men.", f"Близько {written} чоловіків.")])
    assert number_format_problems(cat, tmp_path) == []


def test_ordinary_space_grouping_is_a_warning(tmp_path):
    cat = make_catalog(tmp_path, "m", [("About 16,000 men.", "Близько 16 000 чоловіків.")])
    (p,) = number_format_problems(cat, tmp_path)
    assert p.severity == "warning" and "no-break space" in p.message


@pytest.mark.parametrize("msgid,msgstr", [
    ("It lasts 2.5 years.", "Це триває 2,5 року."),                          # a decimal comma is right
    ("Articles 210, 211 and 1,5 are cited.", "Цитують статті 210, 211 і 1,5."),  # not thousands
    ("In 1914-1916, under Act 65/2022.", "У 1914–1916 роках, за законом 65/2022."),
    ("Run `wc -l` on 3,427 files.", "Запустіть `wc -l` на 3 427 файлах."),
    ("See https://example.org/?n=3,427 now.", "Див. https://example.org/?n=3,427 зараз."),  # inside a URL
    ("Only 3427 were counted.", "Порахували лише 3427."),                    # no separator in the source
])
def test_no_false_alarms(msgid, msgstr, tmp_path):
    cat = make_catalog(tmp_path, "m", [(msgid, msgstr.replace("3 427", f"3{NBSP}427"))])
    assert number_format_problems(cat, tmp_path) == []


def test_fuzzy_and_untranslated_entries_are_skipped(tmp_path):
    cat = make_catalog(tmp_path, "m", [("About 3,427 men.", "Близько 3,427 чоловіків."), ("About 80,000 people.", "")], fuzzy=(0,))
    assert number_format_problems(cat, tmp_path) == []


def test_a_language_that_groups_with_commas_is_left_alone(tmp_path):
    cat = make_catalog(tmp_path, "m", [("About 3,427 men.", "About 3,427 men.")], lang="en")
    assert number_format_problems(cat, tmp_path) == []


# --- termbase: one term, one rendering across catalogs -----------------------------------

DEBRIEF = {"Debrief": Term("Debrief", ["Підсумок"], ["Підбиття підсумків", "Підсумкове обговорення"], "Debrief")}


def test_a_rendering_not_to_use_is_reported_with_path_line_and_what_the_others_use(tmp_path):
    a = make_catalog(tmp_path, "a", [("Debrief: ask what surprised people.", "Підсумок: запитайте, що здивувало людей."),
                                     ("(3 min) Debrief: one question.", "(3 хв) Підсумок: одне запитання.")])
    b = make_catalog(tmp_path, "b", [("Intro.", "Вступ."), ("Debrief: thank everyone.", "Підбиття підсумків: подякуйте всім.")])
    found = termbase_problems([a, b], tmp_path, {"uk": DEBRIEF})
    assert len(found) == 1
    (p,) = found
    assert (p.path, p.line, p.severity) == ("b.po", line_of(b, "Debrief: thank everyone."), "warning")
    assert "'Підбиття підсумків'" in p.message and "use 'Підсумок'" in p.message
    assert "2 entries in 1 other catalog(s)" in p.message and "'Підсумок' 2x" in p.message


def test_a_label_rendered_with_other_words_is_reported(tmp_path):
    terms = {"Debrief": Term("Debrief", ["Підсумок"], [], "Debrief")}
    a = make_catalog(tmp_path, "a", [("Debrief: ask one question.", "Підсумок: поставте одне запитання.")])
    b = make_catalog(tmp_path, "b", [("Debrief: ask one question, then stop.", "Обговорення: поставте одне запитання.")])
    (p,) = termbase_problems([a, b], tmp_path, {"uk": terms})
    assert p.path == "b.po" and "'Обговорення'" in p.message and "not an agreed rendering" in p.message
    # the agreed label followed by more words is the agreed label
    c = make_catalog(tmp_path, "c", [("Debrief: one sentence: thanks.", "Підсумок, одним реченням: дякуємо.")])
    assert termbase_problems([a, c], tmp_path, {"uk": terms}) == []


def test_each_language_is_compared_with_itself(tmp_path):
    ru_terms = {"Debrief": Term("Debrief", ["Подведение итогов"], ["Разбор"], "Debrief")}
    uk = make_catalog(tmp_path, "uk", [("Debrief: thank everyone.", "Підсумок: подякуйте всім.")])
    ru = make_catalog(tmp_path, "ru", [("Debrief: thank everyone.", "Разбор: поблагодарите всех.")], lang="ru")
    (p,) = termbase_problems([uk, ru], tmp_path, {"uk": DEBRIEF, "ru": ru_terms})
    assert p.path == "ru.po" and "use 'Подведение итогов'" in p.message and "ru renderings" in p.message


def test_variants_of_one_entry_are_counted_together_and_a_longer_term_wins(tmp_path):
    terms = {
        "asylum": Term("asylum", ["притулок"], [], "asylum"),
        "asylum application": Term("asylum application", ["заява про надання притулку"], ["заява на притулок"], "asylum application"),
        "asylum claim": Term("asylum claim", ["заява про надання притулку"], ["заява на притулок"], "asylum application"),
    }
    a = make_catalog(tmp_path, "a", [("Submit an asylum application.", "Подайте заяву про надання притулку.")])
    b = make_catalog(tmp_path, "b", [("His asylum claim was refused.", "Його заяву на притулок відхилили.")])
    (p,) = termbase_problems([a, b], tmp_path, {"uk": terms})  # no second warning for "asylum" alone
    assert p.path == "b.po" and "'asylum claim'" in p.message and "1 entry in 1 other catalog(s)" in p.message


def test_missing_agreed_term_keeps_its_warning_once(tmp_path):
    cat = make_catalog(tmp_path, "a", [("Temporary protection ends.", "Тимчасове прихисток закінчується.")])
    found = termbase_warnings(cat, tmp_path, {"temporary protection": ["тимчасовий захист"]})
    assert [p.message for p in found] == ["termbase: 'temporary protection' should be translated as 'тимчасовий захист'"]


def test_source_term_ending_in_a_full_stop_is_found(tmp_path):
    terms = {"Sb.": Term("Sb.", ["Sb."], ["Зб."], "Sb.")}
    good = make_catalog(tmp_path, "a", [("Act No. 65/2022 Sb. (Czechia).", "Закон № 65/2022 Sb. (Чехія).")])
    bad = make_catalog(tmp_path, "b", [("Act No. 67/2022 Sb.", "Закон № 67/2022 Зб.")])
    (p,) = termbase_problems([good, bad], tmp_path, {"uk": terms})
    assert p.path == "b.po" and "'Зб.'" in p.message


def test_tbx_deprecated_renderings_are_read_and_never_agreed(tmp_path):
    tbx = tmp_path / "glossary.tbx"
    tbx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
 <termEntry id="t1">
  <langSet xml:lang="en"><tig><term>asylum application</term></tig><tig><term>asylum claim</term></tig></langSet>
  <langSet xml:lang="ru"><tig><term>заявление о предоставлении убежища</term></tig>
   <tig><term>ходатайство</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
 </termEntry>
</body></text></martif>
""", encoding="utf-8")
    terms = read_termbase(tbx, "en", "ru")
    assert terms["asylum claim"] == Term("asylum claim", ["заявление о предоставлении убежища"], ["ходатайство"], "asylum application")
    assert read_tbx(tbx, "en", "ru") == {"asylum application": ["заявление о предоставлении убежища"], "asylum claim": ["заявление о предоставлении убежища"]}


def test_shipped_termbases_have_the_agreed_renderings():
    from conftest import ROOT

    want = {
        "uk": {"Debrief": "Підсумок", "asylum application": "заява про надання притулку", "Council Implementing Decision": "Імплементаційне рішення Ради",
               "Official Journal": "Офіційний вісник ЄС", "TCC": "ТЦК"},
        "ru": {"Debrief": "Подведение итогов", "asylum application": "заявление о предоставлении убежища",
               "Council Implementing Decision": "Имплементационное решение Совета", "Official Journal": "Официальный журнал ЕС", "TCC": "ТЦК"},
        "cs": {"Debrief": "Reflexe", "asylum application": "žádost o mezinárodní ochranu", "Council Implementing Decision": "prováděcí rozhodnutí Rady",
               "Official Journal": "Úřední věstník EU", "TCC": "TCK"},
    }
    for lang, pairs in want.items():
        terms = read_termbase(ROOT / "locales" / lang / "glossary.tbx", "en", lang)
        for src, agreed in pairs.items():
            assert agreed in terms[src].agreed, (lang, src)
        assert "ходатайство" in read_termbase(ROOT / "locales/ru/glossary.tbx", "en", "ru")["asylum application"].deprecated


# --- the command --------------------------------------------------------------------------

def test_i18n_check_reports_both_classes(mini):
    first = mini / "curriculum/alpha/first.md"
    first.write_text(first.read_text(encoding="utf-8").replace(
        "## Second section\n", "## Second section\n\nAbout 3,427 people came.\n\nDebrief: thank everyone.\n"), encoding="utf-8")
    (mini / "locales/uk").mkdir(parents=True)
    (mini / "locales/uk/glossary.tbx").write_text("""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
 <termEntry id="t1"><langSet xml:lang="en"><tig><term>Debrief</term></tig></langSet>
  <langSet xml:lang="uk"><tig><term>Підсумок</term></tig>
   <tig><term>Підбиття підсумків</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>
""", encoding="utf-8")
    assert samizdat(mini, "i18n", "sync").code == 0
    path = mini / "locales/uk/LC_MESSAGES/alpha/first.po"
    po = polib.pofile(str(path))
    po.find("About 3,427 people came.").msgstr = "Прийшло близько 3,427 людей."
    po.find("Debrief: thank everyone.").msgstr = "Підбиття підсумків: подякуйте всім."
    po.save(str(path))
    po = polib.pofile(str(path))
    res = samizdat(mini, "i18n", "check")
    assert res.code == 1, res.text
    rel = "locales/uk/LC_MESSAGES/alpha/first.po"
    assert f"{rel}:{po.find('About 3,427 people came.').linenum}: number 3,427" in res.out
    assert f"{rel}:{po.find('Debrief: thank everyone.').linenum}: warning: termbase: 'Debrief' is rendered 'Підбиття підсумків'" in res.out


# --- glossary links ----------------------------------------------------------------------

@pytest.mark.parametrize("msgstr,ok", [
    ("Хто має {term}`тимчасовий захист <temporary protection>`?", True),
    ("Хто має {term}`тимчасовий захист <Temporary  protection>`?", True),   # Sphinx matches terms case-insensitively
    ("Хто має {term}`temporary protection`?", True),                         # left as in the source
    ("Хто має {term}`тимчасовий захист`?", False),                           # the target is lost
    ("Хто має тимчасовий захист?", False),                                   # the link is lost
    ("Хто має {term}`тимчасовий захист <international protection>`?", False),
])
def test_a_term_role_keeps_its_target_and_translates_its_text(msgstr, ok, tmp_path):
    from samizdat.i18n.qa import consistency_problems

    cat = make_catalog(tmp_path, "m", [("Who has {term}`temporary protection`?", msgstr)])
    found = [p.message for p in consistency_problems(cat, tmp_path)]
    assert (found == []) == ok, found
    cat = make_catalog(tmp_path, "n", [("See {term}`TCC <ТЦК (TCC)>`.", "Див. {term}`ТЦК <ТЦК (TCC)>`.")])
    assert consistency_problems(cat, tmp_path) == []


def test_a_term_target_in_angle_brackets_is_not_html_but_a_tag_elsewhere_still_is(tmp_path):
    from samizdat.i18n.qa import injection_problems

    ok = make_catalog(tmp_path, "a", [("Who has {term}`temporary protection`?", "Хто має {term}`тимчасовий захист <temporary protection>`?")])
    assert injection_problems(ok, tmp_path) == []
    bad = make_catalog(tmp_path, "b", [("Who has {term}`temporary protection`?", "Хто має {term}`захист <temporary protection>`? <script>x</script>")])
    assert any("raw HTML" in p.message for p in injection_problems(bad, tmp_path))


def test_a_capitalised_term_is_a_name_or_label_and_matches_only_so_written(tmp_path):
    cat = make_catalog(tmp_path, "a", [("After the session, facilitators should debrief together.", "Після заняття фасилітаторам варто разом обговорити, як усе минуло."),
                                       ("Asylum is a right.", "Прихисток — це право.")])
    terms = {"Debrief": Term("Debrief", ["Підсумок"], [], "Debrief"), "asylum": Term("asylum", ["притулок"], [], "asylum")}
    found = termbase_problems([cat], tmp_path, {"uk": terms})
    assert [p.message for p in found] == ["termbase: 'asylum' should be translated as 'притулок'"]  # "Asylum" is "asylum"; "debrief" is not "Debrief"
