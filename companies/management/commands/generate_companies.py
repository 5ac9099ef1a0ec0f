import time

from django.core.management.base import BaseCommand

from companies.register_io import generate_register


class Command(BaseCommand):
    help = (
        "Add N synthetic registered companies to the register (for benchmarks): "
        "Latin and Arabic names, valid ICEs, inserted with COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        started = time.perf_counter()
        written = generate_register(count, seed=seed)
        self.stdout.write(
            f"{written} companies generated in {time.perf_counter() - started:.1f} s."
        )
