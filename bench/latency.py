"""p95 of the statistics page and of the signed-in pages at 10 users, against a served portal.

    .venv/bin/python -m bench latency --host http://127.0.0.1:8601 [--users 10]
        [--duration 20]

Each of `--users` threads keeps one connection's worth of requests going, with no pause
between them (a harder load than 10 people reading), for `--duration` seconds per group:
- statistics: /fr/statistics/ and /ar/statistics/, anonymous, each request with a query
  string of its own that the page does not read (`?nocache=N`): a page built anew each time
  from the nightly tables; then the same pages repeated (cache hits);
- signed in: each thread signs in as one account of var/bench/accounts.json (written by
  bench/data/) and asks for its dashboard and its company, trademark and patent dossiers.
The goals (issues 22 and 23): statistics p95 < 100 ms, dashboard and dossier pages
p95 <= 100 ms at 10 users. /healthz under the same load gives the ratio that a shared machine
needs to read the figures. Writes var/bench/latency.json.
"""

import argparse
import http.cookiejar
import itertools
import json
import os
import random
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.common import RESULTS_DIR, percentile, write_result

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GOAL_MS = 100
COUNTER = itertools.count(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(signed_in=False):
    handlers = [urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())]
    if signed_in:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


def _get(opener, url, headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def sign_in(host, account, headers):
    opener = _opener(signed_in=True)
    login = urllib.request.Request(host + "/fr/accounts/login/", headers=headers)  # noqa: S310
    with opener.open(login, timeout=30) as page:
        token = CSRF.search(page.read().decode())
    data = urllib.parse.urlencode(
        {
            "login": account["email"],
            "password": account["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the portal on loopback)
        host + "/fr/accounts/login/",
        data=data,
        headers={**headers, "Referer": host + "/fr/accounts/login/"},
    )
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise RuntimeError(f"sign-in answered {error.code}") from error
    return opener


def signed_in_pages(account):
    pages = [("dashboard", "/fr/dashboard/")]
    for kind, path in (
        ("company", "/fr/companies/{}/"),
        ("trademark", "/fr/trademarks/dossiers/{}/"),
        ("patent", "/fr/patents/{}/"),
    ):
        for pk in (account.get(kind) or [])[:3]:
            pages.append((f"{kind} dossier", path.format(pk)))
    return pages


def run_group(host, users, duration, worker):
    """`users` threads calling worker(number, deadline) -> [(name, ms, status)]."""
    deadline = time.monotonic() + duration
    with ThreadPoolExecutor(users) as pool:
        results = pool.map(lambda n: worker(n, deadline), range(users))
        return [line for lines in results for line in lines]


def summary(lines):
    found = {}
    for name, ms, status in lines:
        found.setdefault(name, {"times": [], "errors": 0})
        found[name]["times"].append(ms)
        if status >= 400:
            found[name]["errors"] += 1
    table = []
    for name, entry in found.items():
        times = entry["times"]
        table.append(
            {
                "page": name,
                "requests": len(times),
                "errors": entry["errors"],
                "p50_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95),
                "p99_ms": percentile(times, 0.99),
            }
        )
    every = [ms for _, ms, _ in lines]
    table.append(
        {
            "page": "all",
            "requests": len(every),
            "errors": sum(e["errors"] for e in found.values()),
            "p50_ms": percentile(every, 0.5),
            "p95_ms": percentile(every, 0.95),
            "p99_ms": percentile(every, 0.99),
        }
    )
    return table


def anonymous_worker(host, paths, *, cold):
    lock = threading.Lock()

    def worker(number, deadline):
        opener, lines = _opener(), []
        while time.monotonic() < deadline:
            name, path = random.choice(paths)
            if cold:
                with lock:
                    unique = next(COUNTER)
                path += ("&" if "?" in path else "?") + f"nocache={number}-{unique}"
            ms, status = _get(opener, host + path, {})
            lines.append((name, ms, status))
        return lines

    return worker


def signed_in_worker(host, accounts):
    def worker(number, deadline):
        account = accounts[number % len(accounts)]
        headers = {"X-Forwarded-For": f"10.23.{number // 256}.{number % 256 + 1}"}
        opener = sign_in(host, account, headers)
        pages = signed_in_pages(account)
        for _name, path in pages:  # a first look: templates and the worker's caches
            _get(opener, host + path, headers)
        lines = []
        while time.monotonic() < deadline:
            name, path = random.choice(pages)
            ms, status = _get(opener, host + path, headers)
            lines.append((name, ms, 302 if status in (301, 302) else status))
        return lines

    return worker


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8601")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument(
        "--accounts",
        default=os.environ.get("BENCH_ACCOUNTS", str(RESULTS_DIR / "accounts.json")),
    )
    args = parser.parse_args()
    host = args.host.rstrip("/")
    statistics = [("statistics fr", "/fr/statistics/"), ("statistics ar", "/ar/statistics/")]
    groups = {}
    load = {}
    for name, worker in (
        ("healthz", anonymous_worker(host, [("healthz", "/healthz")], cold=False)),
        ("statistics, built anew", anonymous_worker(host, statistics, cold=True)),
        ("statistics, cache hits", anonymous_worker(host, statistics, cold=False)),
    ):
        groups[name] = summary(run_group(host, args.users, args.duration, worker))
        load[name] = round(os.getloadavg()[0], 2)
        print(f"  {name}: {groups[name][-1]} (load {load[name]})", flush=True)
    accounts = json.loads(open(args.accounts).read())["accounts"]  # noqa: SIM115
    accounts = [a for a in accounts if a.get("company") or a.get("trademark")][: args.users]
    name = "signed-in pages"
    groups[name] = summary(
        run_group(host, args.users, args.duration, signed_in_worker(host, accounts))
    )
    load[name] = round(os.getloadavg()[0], 2)
    print(f"  {name}: {groups[name][-1]} (load {load[name]})", flush=True)

    healthz = groups["healthz"][-1]["p95_ms"] or 1
    goals = []
    for group, title in (
        ("statistics, built anew", "statistics page p95 < 100 ms at 10 users, built anew"),
        ("signed-in pages", "dashboard and dossier pages p95 <= 100 ms at 10 users"),
    ):
        rows = [row for row in groups[group] if row["page"] != "all"]
        worst = max(rows, key=lambda row: row["p95_ms"] or 0)
        errors = sum(row["errors"] for row in rows)
        passed = (worst["p95_ms"] or 0) <= GOAL_MS and errors == 0
        goals.append(
            {
                "goal": title,
                "target": f"<= {GOAL_MS} ms, no error",
                "measured": (
                    f"worst p95 {worst['p95_ms']:.0f} ms ({worst['page']}), "
                    f"{worst['p95_ms'] / healthz:.1f}x /healthz p95 "
                    f"({healthz:.0f} ms); {errors} errors; load {load[group]}"
                ),
                "passed": passed,
            }
        )
    for line in goals:
        print(f"  {'PASS' if line['passed'] else 'FAIL'} {line['goal']}: {line['measured']}")
    write_result(
        "latency",
        {
            "title": "Statistics and signed-in pages at 10 users (p95)",
            "host": host,
            "users": args.users,
            "duration_s": args.duration,
            "load_average": load,
            "groups": groups,
            "goals": goals,
        },
    )
    return 0


def command():
    return main()
