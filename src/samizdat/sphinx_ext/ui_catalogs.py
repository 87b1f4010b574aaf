"""Sphinx's own UI strings that the reader site shows, completed for uk, ru and cs
(Sphinx's catalogs for them are incomplete or missing). Written to the package's
``sphinx.po`` per language; compiled with the labels into the build cache, where
Sphinx finds them before its own catalogs (and ``sphinx.js`` for the search page)."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

UI: dict[str, dict[str, str | list[str]]] = {
    "Search": {"uk": "Пошук", "ru": "Поиск", "cs": "Hledat"},
    "search": {"uk": "шукати", "ru": "искать", "cs": "hledat"},
    "Go": {"uk": "Шукати", "ru": "Найти", "cs": "Hledat"},
    "Link to this heading": {"uk": "Посилання на цей заголовок", "ru": "Ссылка на этот заголовок", "cs": "Odkaz na tento nadpis"},
    "Navigation": {"uk": "Навігація", "ru": "Навигация", "cs": "Navigace"},
    "Searching": {"uk": "Шукаємо", "ru": "Идёт поиск", "cs": "Hledám"},
    "Search Results": {"uk": "Результати пошуку", "ru": "Результаты поиска", "cs": "Výsledky hledání"},
    "Preparing search...": {"uk": "Готуємо пошук...", "ru": "Подготовка поиска...", "cs": "Připravuji hledání..."},
    ", in ": {"uk": ", у ", "ru": ", в ", "cs": ", v "},
    "Hide Search Matches": {"uk": "Сховати результати пошуку", "ru": "Скрыть результаты поиска", "cs": "Skrýt výsledky hledání"},
    "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.": {
        "uk": "Нічого не знайдено. Перевірте, чи правильно написано всі слова.",
        "ru": "Ничего не найдено. Проверьте, правильно ли написаны все слова.",
        "cs": "Nic nebylo nalezeno. Zkontrolujte, zda jsou všechna slova napsána správně.",
    },
    "Search finished, found one page matching the search query.": {
        "uk": ["Пошук завершено: знайдено ${resultCount} сторінку.", "Пошук завершено: знайдено ${resultCount} сторінки.", "Пошук завершено: знайдено ${resultCount} сторінок."],
        "ru": ["Поиск завершён: найдена ${resultCount} страница.", "Поиск завершён: найдено ${resultCount} страницы.", "Поиск завершён: найдено ${resultCount} страниц."],
        "cs": ["Hledání skončilo: nalezena ${resultCount} stránka.", "Hledání skončilo: nalezeny ${resultCount} stránky.", "Hledání skončilo: nalezeno ${resultCount} stránek."],
    },
}
PLURAL_OF = {"Search finished, found one page matching the search query.": "Search finished, found ${resultCount} pages matching the search query."}


def write_ui_catalogs(package_locales: Path, languages: tuple[str, ...]) -> None:
    from samizdat.core.pofile import new_pofile, save

    for lang in languages:
        po = new_pofile(lang)
        for msgid, tr in UI.items():
            if lang not in tr:
                continue
            if msgid in PLURAL_OF:
                po.append(polib.POEntry(msgid=msgid, msgid_plural=PLURAL_OF[msgid], msgstr_plural=dict(enumerate(tr[lang]))))
            else:
                po.append(polib.POEntry(msgid=msgid, msgstr=tr[lang]))
        save(po, package_locales / lang / "LC_MESSAGES" / "sphinx.po")


def compile_ui(src: Path, out_dir: Path, lang: str) -> None:
    """sphinx.mo for templates and sphinx.js for the search page's scripts."""
    if not src.is_file():
        return
    with src.open("rb") as f:
        catalog = read_po(f, locale=lang)
    target = out_dir / lang / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    buf = __import__("io").BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    mo = target / "sphinx.mo"
    if not mo.is_file() or mo.read_bytes() != buf.getvalue():  # unchanged bytes keep the mtime Sphinx tracks
        mo.write_bytes(buf.getvalue())
    messages: dict[str, object] = {}
    for m in catalog:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            messages[m.id[0]] = list(m.string)
        elif m.string:
            messages[m.id] = m.string
    # Not Documentation.addTranslations(): it compiles the plural rule with new Function(),
    # which the pages' CSP (no 'unsafe-eval') forbids. The rule is written out as code.
    js = (
        "Object.assign(Documentation.TRANSLATIONS, " + json.dumps(messages, ensure_ascii=False, sort_keys=True, indent=4) + ");\n"
        f"Documentation.PLURAL_EXPR = function (n) {{ return Number({catalog.plural_expr}); }};\n"
        f"Documentation.LOCALE = {json.dumps(lang)};\n"
    )
    js_path = target / "sphinx.js"
    if not js_path.is_file() or js_path.read_text(encoding="utf-8") != js:
        js_path.write_text(js, encoding="utf-8")
