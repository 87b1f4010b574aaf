"""The starter termbase, written to ``locales/<lang>/glossary.tbx`` by
``samizdat new translation LANG`` (with the languages it knows; others start empty). Terms follow the usage of
refugee-support organisations in each language."""

TERMS: dict[str, dict[str, str]] = {
    "temporary protection": {"uk": "тимчасовий захист", "ru": "временная защита", "cs": "dočasná ochrana"},
    "asylum": {"uk": "притулок", "ru": "убежище", "cs": "azyl"},
    "international protection": {"uk": "міжнародний захист", "ru": "международная защита", "cs": "mezinárodní ochrana"},
    "conscientious objection": {"uk": "відмова від військової служби з міркувань совісті", "ru": "отказ от военной службы по соображениям совести", "cs": "odepření vojenské služby z důvodu svědomí"},
    "conscientious objector": {"uk": "відмовник за переконаннями", "ru": "отказник по убеждениям", "cs": "odpírač z důvodu svědomí"},
    "mobilisation": {"uk": "мобілізація", "ru": "мобилизация", "cs": "mobilizace"},
    "deserter": {"uk": "дезертир", "ru": "дезертир", "cs": "dezertér"},
    "refugee-support organisation": {"uk": "організація допомоги біженцям", "ru": "организация помощи беженцам", "cs": "organizace pomáhající uprchlíkům"},
    "residence permit": {"uk": "дозвіл на проживання", "ru": "вид на жительство", "cs": "povolení k pobytu"},
    "military registration": {"uk": "військовий облік", "ru": "воинский учёт", "cs": "vojenská evidence"},
    "summons": {"uk": "повістка", "ru": "повестка", "cs": "povolávací rozkaz"},
    "facilitator": {"uk": "фасилітатор", "ru": "фасилитатор", "cs": "facilitátor"},
    "threat model": {"uk": "модель загроз", "ru": "модель угроз", "cs": "model hrozeb"},
    "chain of custody": {"uk": "ланцюг зберігання доказів", "ru": "цепочка хранения доказательств", "cs": "řetězec úschovy důkazů"},
    "informed consent": {"uk": "інформована згода", "ru": "информированное согласие", "cs": "informovaný souhlas"},
    "psychological first aid": {"uk": "перша психологічна допомога", "ru": "первая психологическая помощь", "cs": "první psychická pomoc"},
    "solidarity network": {"uk": "мережа солідарності", "ru": "сеть солидарности", "cs": "síť solidarity"},
    "zine": {"uk": "зін", "ru": "зин", "cs": "zin"},
    "hypothermia": {"uk": "переохолодження", "ru": "переохлаждение", "cs": "podchlazení"},
    "apostille": {"uk": "апостиль", "ru": "апостиль", "cs": "apostila"},
}


def tbx(source: str, lang: str) -> str:
    from xml.sax.saxutils import escape

    entries = []
    for i, (src, tr) in enumerate(sorted(TERMS.items())):
        if lang in tr:
            entries.append(
                f'   <termEntry id="t{i}">\n'
                f'    <langSet xml:lang="{source}"><tig><term>{escape(src)}</term></tig></langSet>\n'
                f'    <langSet xml:lang="{lang}"><tig><term>{escape(tr[lang])}</term></tig></langSet>\n'
                f"   </termEntry>"
            )
    body = "\n".join(entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX" xml:lang="en">\n'
        " <martifHeader><fileDesc><sourceDesc><p>samizdat termbase</p></sourceDesc></fileDesc></martifHeader>\n"
        f" <text>\n  <body>\n{body}\n  </body>\n </text>\n</martif>\n"
    )
