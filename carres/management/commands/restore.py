"""Restore a backup made by `manage.py backup` into an empty database and media directory."""

from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from carres import backup as archive


class Command(BaseCommand):
    help = (
        "Restore BACKUP (a directory made by `manage.py backup`) into the configured database "
        "and media directory, which must be empty unless --force is given. The backup is "
        "checked against its manifest first (a damaged one is refused before anything is "
        "touched), and the result after (row counts per table, files' SHA-256)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database and the media directory hold (it is deleted)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            self.restore(Path(options["backup"]), force=options["force"], alias=options["database"])
        except archive.BackupError as error:
            raise CommandError(str(error)) from error

    def restore(self, directory, *, force, alias):
        manifest = archive.read_manifest(directory)
        problems = archive.verify_backup(directory, manifest)
        if problems:
            raise archive.BackupError(
                f"The backup {directory} does not match its manifest; nothing was restored.\n  "
                + "\n  ".join(problems)
            )
        connection = connections[alias]
        connection.close()  # ours would hold the old schema's locks and cached types
        settings_dict = connection.settings_dict
        name = settings_dict["NAME"]
        storage = storages["default"]
        media_root = Path(storage.location) if isinstance(storage, FileSystemStorage) else None
        files = manifest["media"]["files"]

        # Everything that could refuse is checked before anything is deleted.
        source_major = int(manifest["database"]["server_version"].split(".")[0])
        target_major = archive.server_major(settings_dict)
        if target_major < source_major:
            raise archive.BackupError(
                f"The backup comes from PostgreSQL {manifest['database']['server_version']} and "
                f"the database {name} runs PostgreSQL {target_major}: PostgreSQL's dumps do "
                f"not load into an older server. Restore into PostgreSQL {source_major} or newer."
            )
        database_empty = archive.database_is_empty(settings_dict)
        present = archive.list_files(media_root) if media_root else []
        if not force and not database_empty:
            raise archive.BackupError(
                f"The database {name} is not empty: restore into an empty database, "
                f"or pass --force to replace what it holds."
            )
        if not force and present:
            raise archive.BackupError(
                f"The media directory {media_root} holds {len(present)} files: restore into "
                f"an empty one, or pass --force to replace them."
            )
        if files and media_root is None:
            self.stderr.write(
                self.style.WARNING(
                    f"Stored files are on S3: the backup's {len(files)} files are not copied. "
                    f"Upload them with `aws s3 sync {directory / archive.MEDIA} "
                    f"s3://BUCKET`."
                )
            )
        if manifest["media"]["storage"] == "s3":
            self.stderr.write(
                self.style.WARNING(
                    archive.S3_ADVICE.format(bucket=manifest["media"].get("bucket", ""))
                )
            )

        if force and not database_empty:
            archive.empty_database(settings_dict)
        if force and present:
            archive.clear_directory(media_root)

        dump = manifest["database"]
        tool = archive.restore_database(
            settings_dict, directory / dump["file"], dump_major=dump["pg_dump_major"]
        )
        counts = archive.database_counts(settings_dict)
        if counts != dump["tables"]:
            differences = [
                f"{table}: {dump['tables'].get(table, 'absent')} in the backup, "
                f"{counts.get(table, 'absent')} restored"
                for table in sorted(set(counts) | set(dump["tables"]))
                if counts.get(table) != dump["tables"].get(table)
            ]
            raise archive.BackupError(
                f"The database {name} was restored but differs from the manifest:\n  "
                + "\n  ".join(differences)
            )

        if media_root is not None:
            for entry in files:
                size, digest = archive.copy_file(
                    directory / archive.MEDIA / entry["path"], media_root / entry["path"]
                )
                if (size, digest) != (entry["size"], entry["sha256"]):
                    raise archive.BackupError(
                        f"{media_root / entry['path']} does not match the manifest after copying."
                    )
        self.stdout.write(
            f"Restored {directory} into database {name} (pg_restore {tool.version}): "
            f"{len(counts)} tables, {sum(counts.values())} rows, as in the manifest.\n"
            f"Stored files: {len(files) if media_root else 0} copied to "
            f"{media_root or 'S3 (not copied)'}, checksums verified."
        )
