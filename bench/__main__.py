"""`python -m bench COMMAND [ARGUMENTS]`: one benchmark phase, or all of them (`all`).

`python -m bench --help` lists the commands; `python -m bench COMMAND --help` tells one's
arguments. Run from the checkout's folder (the project's packages are imported from there).
"""

import importlib
import os
import sys
from typing import NamedTuple


class Command(NamedTuple):
    module: str  # a module of this package with a command() function, imported when run
    help: str


# A new phase: a module with a command() (its arguments from sys.argv[1:], returns the exit
# status), a line here, and a step in bench/run_all.py if `make bench` should run it.
COMMANDS = {
    "all": Command("bench.run_all", "every phase in order, then the report (make bench)"),
    "data": Command("bench.data.command", "load the load-test data set into a database"),
    "queries": Command("bench.queries", "queries per page on databases of two sizes"),
    "pdf": Command("bench.pdf", "render an Arabic PDF dossier N times in this process"),
    "burst": Command("bench.burst", "N submissions at once through real workers"),
    "trainings": Command("bench.trainings", "the trainings catalogue on many sessions"),
    "marks": Command("bench.marks", "the prior-mark search on millions of marks"),
    "names": Command("bench.names", "company-name availability on the register"),
    "serve": Command("bench.serve", "the portal in production shape (gunicorn, workers)"),
    "load": Command("bench.load", "the mixed load (locust) against a served portal"),
    "faults": Command("bench.faults", "kill a worker, Redis, PostgreSQL; measure recovery"),
    "export": Command("bench.export", "the personal-data export of a busy account"),
    "uploads": Command("bench.uploads", "the upload checks made in the web request"),
    "lighthouse": Command("bench.lighthouse", "Lighthouse scores of the main pages"),
    "wrk": Command("bench.wrk", "wrk on each public page, with its ratio to /healthz"),
    "latency": Command("bench.latency", "statistics and signed-in pages at 10 users: p95"),
    "report": Command("bench.report", "docs/bench/REPORT.md from the figures in var/bench"),
}


def usage():
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {command.help}" for name, command in COMMANDS.items()]
    return (
        "usage: python -m bench COMMAND [ARGUMENTS]  (python -m bench COMMAND --help)\n\n"
        + (__doc__.split("\n\n")[1].strip() + "\n\ncommands:\n")
        + "\n".join(lines)
    )


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    name, arguments = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"python -m bench: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    # The tests' settings (production's, with public stand-in secrets) unless told otherwise.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.argv = [f"python -m bench {name}", *arguments]  # argparse's prog, and the arguments
    module = importlib.import_module(COMMANDS[name].module)
    return module.command() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
