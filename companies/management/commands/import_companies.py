from django.core.management.base import BaseCommand, CommandError

from companies.register_io import import_register

HELP = """Import a register of companies from a CSV file (UTF-8, comma-separated, header row).

Columns (only `name` is required; unknown columns are ignored):
  name        the company name as registered
  legal_form  a legal form code: sarl, sarl_au, sa, sas, snc, scs, ppc, ae
  status      being_created | registered | struck_off (default: registered)
  capital     share capital in MAD, e.g. 100000 or 100000.00
  city_code   the head office town's official code (chambers.City.code, e.g. 06.141.01.0)
  address     head office address
  rc_number   trade register number      } required when status is registered
  rc_court    trade register court
  ice         ICE: 15 digits, ISO 7064 mod 97-10 check digits  } required when registered
  if_number   tax identifier (IF): 7 to 10 digits               } required when registered

Every row is validated (and names compared, once normalised, with the register and with
the other rows). Rejected rows are listed with their line number. If any row is
rejected, nothing is loaded, unless --partial is given (then the valid rows are loaded).
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument(
            "--partial", action="store_true", help="load the valid rows even if some are rejected"
        )

    def handle(self, *args, file, partial, **options):
        try:
            handle = open(file, newline="", encoding="utf-8-sig")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        with handle:
            report = import_register(handle, partial=partial)
        for line, errors in report.rejected:
            for error in errors:
                self.stderr.write(f"line {line}: {error}")
        if report.rejected and not partial:
            raise CommandError(
                f"{len(report.rejected)} row(s) rejected: nothing loaded "
                "(fix them, or use --partial to load the valid rows)."
            )
        self.stdout.write(
            f"{report.loaded} companies loaded, {len(report.rejected)} row(s) rejected."
        )
