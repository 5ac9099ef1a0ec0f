from django.core.management.base import BaseCommand, CommandError

from ip_filings.services.nice import import_ncl_files


class Command(BaseCommand):
    help = (
        "Load the classes and goods/services terms of a Nice edition from WIPO NCL master "
        "files (XML, one file per language: fr, en, ar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("xml_files", nargs="+")
        parser.add_argument("--edition", default="NCL 12-2025")
        parser.add_argument(
            "--language",
            choices=["fr", "ar", "en"],
            help="Language of the files when neither the file nor its name says it.",
        )

    def handle(self, *args, xml_files, edition, language, **options):
        try:
            result = import_ncl_files(xml_files, edition=edition, language=language)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['classes']} classes and {result['terms']} terms loaded "
                f"({', '.join(result['languages'])})."
            )
        )
