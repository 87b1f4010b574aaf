"""Keep the package's label catalogs (``samizdat/locales/<lang>/LC_MESSAGES/samizdat.po``)
in sync with the labels in the code, filling empty entries from the seed translations."""

from __future__ import annotations

from pathlib import Path

import polib

from samizdat.sphinx_ext.labels import PACKAGE_LOCALES
from samizdat.i18n.label_translations import SEED
from samizdat.i18n.labels import extract_labels
from samizdat.core.pofile import new_pofile, save


def sync_label_catalogs(languages: tuple[str, ...]) -> list[Path]:
    template = extract_labels()
    changed = []
    for lang in languages:
        path = PACKAGE_LOCALES / lang / "LC_MESSAGES" / "samizdat.po"
        old = {e.msgid: e for e in polib.pofile(str(path))} if path.is_file() else {}
        po = new_pofile(lang)
        nplurals = int(po.metadata["Plural-Forms"].split(";")[0].split("=")[1])
        for msg in template:
            if not msg.id:
                continue
            plural = isinstance(msg.id, tuple)
            msgid = msg.id[0] if plural else msg.id
            entry = polib.POEntry(msgid=msgid, occurrences=[(loc, str(line)) for loc, line in sorted(msg.locations)[:3]])
            seed = SEED.get(msgid, {}).get(lang)
            prev = old.get(msgid)
            if plural:
                entry.msgid_plural = msg.id[1]
                forms = dict(prev.msgstr_plural) if prev and prev.msgstr_plural and any(prev.msgstr_plural.values()) else {i: (seed[i] if seed else "") for i in range(nplurals)}
                entry.msgstr_plural = forms
            else:
                entry.msgstr = prev.msgstr if prev and prev.msgstr else (seed or "")
            if "%" in msgid:
                entry.flags.append("python-format")
            po.append(entry)
        if save(po, path):
            changed.append(path)
    return changed
