from django.core.management.base import BaseCommand

from carres.statistics.compute import rebuild_statistics


class Command(BaseCommand):
    help = "Recompute the public statistics and decision estimates now (the nightly task's work)."

    def handle(self, *args, **options):
        done = rebuild_statistics()
        for code, rows in done.items():
            self.stdout.write(f"{code}: {rows} rows")
