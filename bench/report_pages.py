"""The report's sections for the public pages under wrk (bench/wrk.py) and the latency phase
(bench/latency.py), with the figures before a change beside those after it.

A result file named `<name>_before.json` (e.g. wrk_pages_cold_before.json: the same phase run
against the code before the change, on the same data set) is shown next to `<name>.json`.
Absolute figures of a shared machine move with its load: each table gives the ratio to
/healthz measured in the same run, the figure to compare between runs.
"""

from bench.report_goals import goal

PAGES = ("wrk_pages", "wrk_pages_cold")
COLD_GOAL_RPS = 100  # issue 23: >= 100 requests/s on a cold cache (quiet machine)
QUIET_HEALTHZ_RPS = 387  # /healthz on the quiet 2-core machine of issue 23


def _rows(result):
    return {row["page"]: row for row in result.get("pages", [])}


def _healthz(result):
    return _rows(result).get("healthz", {}).get("per_second") or 0


def section_pages(result, before=None):
    """One line per page: requests/s, latency, and its share of /healthz's throughput."""
    healthz = _healthz(result)
    old, old_healthz = (_rows(before), _healthz(before)) if before else ({}, 0)
    lines = [
        f"wrk -t2 -c{result.get('connections')} -d{result.get('duration')}, "
        f"{result.get('rounds')} round(s), "
        + (
            "every request a page-cache miss (a query string of its own). "
            if result.get("cold")
            else "cache hits. "
        )
        + f"Load average when written: {(result.get('machine') or {}).get('load_average')}."
    ]
    if before:
        lines.append(
            f"Before: the code before the change, on the same data set, measured "
            f"{before.get('measured_at')} (load average "
            f"{(before.get('machine') or {}).get('load_average')})."
        )
    headers = ["page", "req/s", "p50 ms", "p90 ms", "p99 ms", "req/s ÷ /healthz req/s"]
    if before:
        headers += ["before: req/s", "before: ÷ /healthz", "goals missed (after)"]
    else:
        headers += ["goals missed"]
    rows = []
    for name, row in _rows(result).items():
        share = round(row["per_second"] / healthz, 2) if healthz else "—"
        line = [name, row["per_second"], row["p50_ms"], row["p90_ms"], row["p99_ms"], share]
        if before:
            was = old.get(name)
            line += [
                was["per_second"] if was else "—",
                round(was["per_second"] / old_healthz, 2) if was and old_healthz else "—",
            ]
        line.append(", ".join(row.get("missed", [])) or "-")
        rows.append(line)
    from bench.report import table

    return [*lines, "", table(headers, rows)]


def section_latency(result, before=None):
    old = {run["page"]: run for run in (before or {}).get("runs", [])}
    headers = ["run", "req/s", "p50 ms", "p95 ms", "p99 ms", "p95 ÷ /healthz p95", "errors"]
    if before:
        headers += ["before: req/s", "before: p95 ms", "before: ÷ /healthz"]
    rows = []
    for run in result.get("runs", []):
        line = [
            run["page"],
            run["per_second"],
            run["p50_ms"],
            run["p95_ms"],
            run["p99_ms"],
            run.get("ratio_p95"),
            run["non_2xx"] + run["socket_errors"],
        ]
        if before:
            was = old.get(run["page"])
            line += [was["per_second"], was["p95_ms"], was.get("ratio_p95")] if was else ["—"] * 3
        rows.append(line)
    from bench.report import table

    lines = [
        f"wrk at {result.get('users')} connections, {result.get('duration')} a run; "
        f"{result.get('accounts')} accounts signed in, {result.get('signed_in_pages')} of their "
        "pages in turn."
    ]
    if before:
        lines.append(f"Before: measured {before.get('measured_at')} on the code before.")
    return [*lines, "", table(headers, rows)]


def page_goals(results):
    """The cold-cache goal of issue 23, as measured and as a share of /healthz (the figure
    a shared machine does not distort): 100 req/s on the quiet machine is 0.26 of /healthz."""
    cold = results.get("wrk_pages_cold")
    if not cold:
        return []
    healthz = _healthz(cold)
    share = COLD_GOAL_RPS / QUIET_HEALTHZ_RPS
    found = []
    for name in ("catalogue fr", "directory fr", "caravan", "statistics fr"):
        row = _rows(cold).get(name)
        if not row or not healthz:
            continue
        ratio = row["per_second"] / healthz
        found.append(
            goal(
                f"{name}, page cache missed: >= 100 req/s (>= {share:.2f} of /healthz)",
                f">= {COLD_GOAL_RPS} req/s",
                f"{row['per_second']:.0f} req/s, {ratio:.2f} of /healthz "
                f"({healthz:.0f} req/s in the same run)",
                row["per_second"] >= COLD_GOAL_RPS and ratio >= share,
                "" if row["per_second"] >= COLD_GOAL_RPS else "below on this loaded machine",
            )
        )
    return found
