"""The public pages under wrk, each with its ratio to /healthz measured in the same round.

    python -m bench wrk --host http://127.0.0.1:8601 [--rounds 3]
        [--duration 10s] [--connections 10]
    python -m bench wrk --serve --database carres_bench [--port 8601]

Each round runs `wrk -t2 -cN -dD --latency` on /healthz, then on each public page in turn
(home, trainings catalogue fr/ar and its second page, caravan, chambers directory fr/ar,
statistics fr/ar, prior-mark search). A page's ratio is its median latency over /healthz's median in that
round, so that the load of a shared machine weighs on both alike; the table keeps, for each
page, the round of median requests/s. Every page is fetched a few times before it is
measured (no cold worker, and a filled cache for the cached pages: those are the figures of
cache hits). `--cold` gives every request a query string of its own (`?nocache=N`, which no
page reads): each one is a cache miss, the page built anew. With `--serve` the portal is
started in production shape (bench/serve.py) on that database and stopped at the end.

Goals (issue 23), marked in the table: the catalogue, directory, caravan and statistics pages at
>= 300 requests/s, p90 <= 50 ms and p99 <= 150 ms; the search at >= 120 requests/s; no page
slower than 3x /healthz at the median. Figures go to var/bench/wrk_pages.json.
"""

import argparse
import shutil
import statistics
import sys
import urllib.request

from bench.common import RESULTS_DIR, write_result
from bench.load import parse_wrk, wrk_output

PAGES = [
    ("home", "/fr/"),
    ("catalogue fr", "/fr/trainings/"),
    ("catalogue ar", "/ar/trainings/"),
    ("catalogue p2", "/fr/trainings/?page=2"),
    ("caravan", "/fr/trainings/caravans/{caravan}/"),
    ("directory fr", "/fr/chambers/"),
    ("directory ar", "/ar/chambers/"),
    ("statistics fr", "/fr/statistics/"),
    ("statistics ar", "/ar/statistics/"),
    ("search", "/fr/trademarks/search/?mark=baraka"),
]
# The pages whose goals are the cached list pages' (issue 23).
LIST_PAGES = {name for name, _ in PAGES} - {"home", "search"}


# Each request a new query string: a new page for the cache, the same for the view.
UNIQUE_QUERY = """
counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  local unique = "nocache=" .. counter .. "-" .. math.random(1000000000)
  return wrk.format(nil, wrk.path .. separator .. unique)
end
"""


def wrk(host, path, *, duration, connections, cold=False):
    script = None
    if cold:
        script = RESULTS_DIR / "wrk_unique_query.lua"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(UNIQUE_QUERY)
    output = wrk_output(host, path, duration=duration, connections=connections, script=script)
    return parse_wrk(output, path, path)


def warm(host, path, times=5):
    for _ in range(times):
        with urllib.request.urlopen(host + path, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()


def first_caravan(database):
    """The first caravan's id in the served database (the page needs one)."""
    if not database:
        return 1
    from bench.common import use_database

    use_database(database)
    import django

    django.setup()
    from trainings.models import Caravan

    caravan = Caravan.objects.order_by("pk").first()
    return caravan.pk if caravan else 1


def measure(host, *, rounds, duration, connections, cold, caravan, only=()):
    pages = [(name, path.format(caravan=caravan)) for name, path in PAGES]
    if only:
        pages = [(name, path) for name, path in pages if name in only]
    for _, path in [("healthz", "/healthz"), *pages]:
        warm(host, path)
    runs = {name: [] for name, _ in [("healthz", None), *pages]}
    for number in range(1, rounds + 1):
        health = wrk(host, "/healthz", duration=duration, connections=connections)
        runs["healthz"].append({**health, "ratio_p50": 1.0})
        for name, path in pages:
            figures = wrk(host, path, duration=duration, connections=connections, cold=cold)
            figures["ratio_p50"] = round(figures["p50_ms"] / health["p50_ms"], 2)
            figures["ratio_rps"] = round(health["per_second"] / figures["per_second"], 2)
            runs[name].append(figures)
            print(
                f"  round {number} {name:14} {figures['per_second']:7.0f} req/s "
                f"p50 {figures['p50_ms']:7.2f} p90 {figures['p90_ms']:7.2f} "
                f"p99 {figures['p99_ms']:7.2f} ms  x{figures['ratio_p50']} healthz p50 "
                f"(healthz {health['per_second']:.0f} req/s p50 {health['p50_ms']} ms)",
                flush=True,
            )
    table = []
    for name, figures in runs.items():
        ordered = sorted(figures, key=lambda run: run["per_second"])
        median = ordered[len(ordered) // 2]
        row = {
            "page": name,
            "url": median["url"],
            "per_second": median["per_second"],
            "p50_ms": median["p50_ms"],
            "p90_ms": median["p90_ms"],
            "p99_ms": median["p99_ms"],
            "ratio_p50": median["ratio_p50"],
            "ratio_p50_median_of_rounds": round(
                statistics.median(run["ratio_p50"] for run in figures), 2
            ),
            "errors": sum(run["non_2xx"] + run["socket_errors"] for run in figures),
            "rounds": figures,
        }
        missed = []
        if name in LIST_PAGES and not cold:
            if row["per_second"] < 300:
                missed.append("req/s < 300")
            if row["p90_ms"] > 50:
                missed.append("p90 > 50 ms")
            if row["p99_ms"] > 150:
                missed.append("p99 > 150 ms")
        if name in LIST_PAGES and cold and row["per_second"] < 100:  # goal: >= 100 on misses
            missed.append("cold req/s < 100")
        if name == "search" and row["per_second"] < 120:
            missed.append("req/s < 120")
        if row["ratio_p50_median_of_rounds"] > 3:
            missed.append("p50 > 3x healthz")
        row["missed"] = missed
        table.append(row)
    return table


def print_table(table):
    print("| page | req/s | p50 ms | p90 ms | p99 ms | p50 / healthz | goals missed |")
    print("|---|---|---|---|---|---|---|")
    for row in table:
        print(
            f"| {row['page']} | {row['per_second']:.0f} | {row['p50_ms']} | {row['p90_ms']} "
            f"| {row['p99_ms']} | {row['ratio_p50_median_of_rounds']} "
            f"| {', '.join(row['missed']) or '-'} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="a portal already running, e.g. http://127.0.0.1:8601")
    parser.add_argument("--serve", action="store_true", help="start the portal on --database")
    parser.add_argument("--database", default="", help="the served database (caravan id)")
    parser.add_argument("--port", type=int, default=8601)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--cold", action="store_true", help="every request a cache miss")
    parser.add_argument("--only", default="", help="page names, comma-separated")
    parser.add_argument("--result", default="wrk_pages")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (scripts/system-packages.sh --with-bench)")
    options = {
        "rounds": args.rounds,
        "duration": args.duration,
        "connections": args.connections,
        "cold": args.cold,
    }

    def run(host):
        caravan = first_caravan(args.database)
        only = [name.strip() for name in args.only.split(",") if name.strip()]
        table = measure(host, caravan=caravan, only=only, **options)
        print_table(table)
        write_result(
            args.result,
            {
                "title": "Public pages under wrk, with their ratio to /healthz",
                "host": host,
                **options,
                "pages": table,
            },
        )
        return table

    if args.serve:
        from bench import serve as bench_serve

        with bench_serve.serving(args.database or "carres_bench", args.port) as host:
            run(host)
    else:
        run(args.host or f"http://127.0.0.1:{args.port}")


def command():
    return main()


if __name__ == "__main__":
    main()
