"""Back up the database and the stored files into a timestamped directory (see carres.backup)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from carres import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the stored files into "
        "DIRECTORY/<UTC timestamp>/ with a manifest (row counts per table, files' SHA-256). "
        "The last line printed is the backup's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="where to create the timestamped backup directory (default: var/backups)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, database, **options):
        settings_dict = connections[database].settings_dict
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        parent = Path(directory).resolve()
        parent.mkdir(parents=True, exist_ok=True)
        target, number = parent / stamp, 1
        while True:
            try:
                target.mkdir()
                break
            except FileExistsError:  # two backups within a second
                number += 1
                target = parent / f"{stamp}-{number}"
        try:
            manifest = {
                "format": backup.FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": backup.dump_database(settings_dict, target / backup.DUMP),
                "media": self.copy_media(target),
            }
            # Written last: a directory without a manifest is an unfinished backup.
            backup.write_manifest(target, manifest)
        except backup.BackupError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise CommandError(str(error)) from error
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        tables = manifest["database"]["tables"]
        files = manifest["media"]["files"]
        self.stdout.write(
            f"Database {settings_dict['NAME']} (PostgreSQL "
            f"{manifest['database']['server_version']}, pg_dump {manifest['database']['pg_dump']}): "
            f"{len(tables)} tables, {sum(tables.values())} rows.\n"
            f"Stored files: {len(files)} ({sum(f['size'] for f in files)} bytes)."
        )
        self.stdout.write(str(target))

    def copy_media(self, target):
        storage = storages["default"]
        if isinstance(storage, FileSystemStorage):
            files = backup.copy_media(Path(storage.location), target / backup.MEDIA)
            return {"storage": "filesystem", "root": str(storage.location), "files": files}
        bucket = getattr(storage, "bucket_name", "") or settings.AWS_STORAGE_BUCKET_NAME
        self.stderr.write(self.style.WARNING(backup.S3_ADVICE.format(bucket=bucket)))
        return {"storage": "s3", "bucket": bucket, "files": []}
