"""Fill catalogue entries from a JSON file of {msgid: {"en": ..., "ar": ...}}.

Usage: python scripts/fill_po.py TRANSLATIONS.json LOCALE_DIR
Only empty or fuzzy entries are written; existing translations are kept.
Entries with a plural form take a list for each language.
"""

import json
import sys
from pathlib import Path

import polib


def main(source, locale_dir):
    table = json.loads(Path(source).read_text(encoding="utf-8"))
    missing = []
    for language in ("en", "ar"):
        path = Path(locale_dir) / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.translated() and "fuzzy" not in entry.flags:
                continue
            found = table.get(
                entry.msgctxt + "\x04" + entry.msgid if entry.msgctxt else entry.msgid
            )
            if found is None or language not in found:
                missing.append((language, entry.msgid))
                continue
            value = found[language]
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value]
                count = 6 if language == "ar" else 2
                values = (values + [values[-1]] * count)[:count]
                entry.msgstr_plural = dict(enumerate(values))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.save()
    for language, msgid in missing:
        print(f"missing {language}: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
