import time

from django.core.management.base import BaseCommand, CommandError

from ip_filings.services import register


class Command(BaseCommand):
    help = "Add N synthetic marks (French, English and Arabic brand-like names) to the register."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same marks.")
        parser.add_argument("--prefix", default="SYN", help="Prefix of the register numbers.")

    def handle(self, *args, count, seed, prefix, **options):
        if count < 1:
            raise CommandError("count must be at least 1")
        started = time.monotonic()
        register.generate_marks(count, seed=seed, prefix=prefix)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{count} synthetic marks added in {elapsed:.1f} s."))
