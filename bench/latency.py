"""p95 of the statistics page and of the signed-in pages at 10 users, against a served portal.

    .venv/bin/python -m bench latency --host http://127.0.0.1:8601 [--users 10]
        [--duration 15s]

wrk at `--users` connections (each one a user who asks again as soon as answered: a harder
load than 10 people reading), a Lua script choosing each request and printing the p95 that
`wrk --latency` does not:
- /healthz, the reference of the same moment (the machine may be shared);
- statistics: /fr/statistics/ and /ar/statistics/ in turn, anonymous, each request with a
  query string of its own that the page does not read (`?nocache=N`): the page cache misses
  each time; then the same two addresses repeated (cache hits);
- signed in: `--users` accounts of var/bench/accounts.json (written by bench/data/) sign
  in; the requests go round their dashboards and their company, trademark and patent
  dossiers, each with its owner's session cookie.
The goals (issues 22 and 23): statistics p95 < 100 ms, dashboard and dossier pages
p95 <= 100 ms at 10 users. Writes var/bench/latency.json.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import RESULTS_DIR, write_result
from bench.load import parse_wrk, wrk_output

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GOAL_MS = 100


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(signed_in=False):
    handlers = [urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())]
    if signed_in:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


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
    jar = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    # Not the "signed in" message's cookie: a browser shows it on the next page, which
    # deletes it; replayed, every page of the run would show it again.
    return "; ".join(
        f"{cookie.name}={cookie.value}" for cookie in jar.cookiejar if cookie.name != "messages"
    )


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


LUA = """
requests_list = {%(requests)s}
unique = %(unique)s
counter = 0
request = function()
  counter = counter + 1
  local item = requests_list[(counter %% #requests_list) + 1]
  local path = item[1]
  if unique then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "nocache=" .. counter .. "-" .. math.random(1000000000)
  end
  local headers = {}
  if item[2] ~= "" then headers["Cookie"] = item[2] end
  return wrk.format(nil, path, headers)
end
done = function(summary, latency, requests)
  io.write(string.format("P95 %%.3f\\n", latency:percentile(95) / 1000))
end
"""


def _lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(host, name, items, *, duration, connections, unique=False):
    """wrk on `items` [(path, cookie header)] in turn; figures with p95 (ms)."""
    script = LUA % {
        "requests": ", ".join(f"{{{_lua_string(p)}, {_lua_string(c)}}}" for p, c in items),
        "unique": "true" if unique else "false",
    }
    lua = RESULTS_DIR / f"latency_{re.sub(r'[^a-z]+', '_', name)}.lua"
    lua.parent.mkdir(parents=True, exist_ok=True)
    lua.write_text(script)
    output = wrk_output(host, items[0][0], duration=duration, connections=connections, script=lua)
    figures = parse_wrk(output, name, items[0][0])
    p95 = re.search(r"^P95 ([\d.]+)", output, re.MULTILINE)
    figures["p95_ms"] = round(float(p95.group(1)), 2) if p95 else None
    figures["load_average"] = round(os.getloadavg()[0], 2)
    return figures


def check_signed_in(host, items):
    """Each session answers its pages itself (200), not with the sign-in page."""
    for path, cookie in items:
        request = urllib.request.Request(host + path, headers={"Cookie": cookie})  # noqa: S310
        with _opener(signed_in=True).open(request, timeout=30) as response:
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status} to its owner")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8601")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", default="15s")
    parser.add_argument(
        "--accounts",
        default=os.environ.get("BENCH_ACCOUNTS", str(RESULTS_DIR / "accounts.json")),
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (scripts/system-packages.sh --with-bench)")
    host = args.host.rstrip("/")
    options = {"duration": args.duration, "connections": args.users}
    statistics = [("/fr/statistics/", ""), ("/ar/statistics/", "")]
    accounts = json.loads(Path(args.accounts).read_text())["accounts"]
    accounts = [a for a in accounts if a.get("company") or a.get("trademark")][: args.users]
    signed_in = []
    for number, account in enumerate(accounts):
        cookie = sign_in(host, account, {"X-Forwarded-For": f"10.23.0.{number + 1}"})
        signed_in += [(path, cookie) for _name, path in signed_in_pages(account)]
    check_signed_in(host, signed_in)
    runs = [
        run_wrk(host, "healthz", [("/healthz", "")], **options),
        run_wrk(host, "statistics, page cache missed", statistics, unique=True, **options),
        run_wrk(host, "statistics, page cache hits", statistics, **options),
        run_wrk(host, "signed-in dashboard and dossiers", signed_in, **options),
        run_wrk(host, "healthz", [("/healthz", "")], **options),
    ]
    healthz = min(runs[0]["p95_ms"], runs[-1]["p95_ms"])
    for run in runs:
        run["ratio_p95"] = round(run["p95_ms"] / healthz, 2)
        print(
            f"  {run['page']:34} {run['per_second']:7.0f} req/s p50 {run['p50_ms']:7.2f} "
            f"p95 {run['p95_ms']:7.2f} p99 {run['p99_ms']:7.2f} ms  x{run['ratio_p95']} healthz "
            f"p95  errors {run['non_2xx'] + run['socket_errors']}  load {run['load_average']}",
            flush=True,
        )
    goals = []
    for run, title in (
        (runs[1], "statistics page p95 < 100 ms at 10 users, page cache missed"),
        (runs[3], "dashboard and dossier pages p95 <= 100 ms at 10 users"),
    ):
        errors = run["non_2xx"] + run["socket_errors"]
        goals.append(
            {
                "goal": title,
                "target": f"<= {GOAL_MS} ms, no error",
                "measured": (
                    f"p95 {run['p95_ms']:.0f} ms, {run['ratio_p95']}x /healthz p95 "
                    f"({healthz:.0f} ms) in the same run; {run['per_second']:.0f} req/s; "
                    f"{errors} errors; load {run['load_average']}"
                ),
                "passed": run["p95_ms"] <= GOAL_MS and errors == 0,
            }
        )
    for line in goals:
        print(f"  {'PASS' if line['passed'] else 'FAIL'} {line['goal']}: {line['measured']}")
    write_result(
        "latency",
        {
            "title": "Statistics and signed-in pages at 10 users (wrk, p95)",
            "host": host,
            "users": args.users,
            "duration": args.duration,
            "accounts": len(accounts),
            "signed_in_pages": len(signed_in),
            "runs": runs,
            "goals": goals,
        },
    )
    return 0


def command():
    return main()
