"""Every interface string is translated into Arabic and English, and nothing is fuzzy."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import BASE_DIR

SOURCE_DIRS = [
    "carres",
    "accounts",
    "companies",
    "ip_filings",
    "chambers",
    "trainings",
    "templates",
]


def catalogues():
    found = sorted(
        path
        for path in BASE_DIR.glob("**/locale/*/LC_MESSAGES/*.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )
    return found


def test_every_language_has_a_catalogue():
    languages = {path.parts[-3] for path in catalogues()}
    assert languages == {"ar", "en"}


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_catalogues_hold_every_string_of_the_source(tmp_path):
    """Extract the strings afresh and compare: a new string without translation fails here."""
    for name in SOURCE_DIRS:
        shutil.copytree(
            BASE_DIR / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("*.mo", "__pycache__", "*.po"),
        )
    shutil.copy(BASE_DIR / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ar",
            "--no-obsolete",
            "--ignore=tests",
            "-v0",
        ],
        cwd=tmp_path,
        check=True,
        env={
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "carres.settings",
            "DATABASE_URL": "postgres://unused@127.0.0.1:1/x",
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
    )
    missing = {}
    for fresh in Path(tmp_path).glob("**/locale/ar/LC_MESSAGES/django.po"):
        committed = BASE_DIR / fresh.relative_to(tmp_path)
        known = {e.msgid for e in polib.pofile(str(committed))} if committed.exists() else set()
        new = {e.msgid for e in polib.pofile(str(fresh))} - known
        if new:
            missing[str(fresh.relative_to(tmp_path))] = sorted(new)
    assert missing == {}
