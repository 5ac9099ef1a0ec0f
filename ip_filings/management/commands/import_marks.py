from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ip_filings.services import register


class Command(BaseCommand):
    help = (
        "Import a trademark register from CSV (columns: number, mark, classes, owner, status, "
        "filed_on, registered_on, expires_on; see ip_filings/services/register.py). Every row is "
        "validated; with a rejected row nothing is loaded unless --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument(
            "--partial", action="store_true", help="Load the valid rows even if some are rejected."
        )

    def handle(self, *args, csv_file, partial, **options):
        path = Path(csv_file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        report = register.import_register_csv(path.read_bytes(), partial=partial)
        for line, message in report.rejected:
            self.stderr.write(f"line {line}: {message}")
        if report.rejected and not report.committed:
            raise CommandError(
                f"{len(report.rejected)} rejected row(s): nothing loaded (use --partial to load "
                "the valid rows)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{report.loaded} mark(s) loaded, {len(report.rejected)} rejected.")
        )
