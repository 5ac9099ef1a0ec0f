"""The demo's last step: the public statistics and decision estimates computed from it."""

from carres.statistics.compute import rebuild_statistics


def seed_demo(stdout):
    done = rebuild_statistics()
    stdout.write(f"Statistics: {sum(done.values())} rows in {len(done)} data sets.")
