"""Collect the translations of several catalogues into one JSON table for fill_po.py.

Usage: python scripts/po_union.py OUT.json CATALOGUE.po [CATALOGUE.po ...]
Each catalogue's language is read from its path (.../<lang>/LC_MESSAGES/...). Used when
merging branches: regenerate the catalogues, then refill them from every branch's copy.
"""

import json
import sys
from pathlib import Path

import polib


def main(out, *paths):
    table = {}
    for path in paths:
        language = Path(path).parts[-3]
        for entry in polib.pofile(path):
            if not entry.translated() or "fuzzy" in entry.flags:
                continue
            key = entry.msgctxt + "\x04" + entry.msgid if entry.msgctxt else entry.msgid
            value = (
                [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                if entry.msgid_plural
                else entry.msgstr
            )
            table.setdefault(key, {})[language] = value
    Path(out).write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
