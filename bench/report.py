"""Assemble docs/bench/REPORT.md and docs/bench/report.json from var/bench/*.json.

    .venv/bin/python -m bench report [--results var/bench] [--out docs/bench]

Every bench script writes its figures to var/bench/<name>.json (bench/common.py).
This script reads whichever are there, checks the goals that apply (50 users with no
error; p95 under 250 ms for pages and 150 ms for searches; constant queries per page;
and any goal another script states, e.g. lighthouse.json or faults.json), and writes the
report: goals first, each measured figure against it with PASS or FAIL, then every
figure in detail. A file it does not know is still listed, with its scalar figures.
Files whose name starts with "." or "accounts"/"serve" are working files, not results.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from bench import report_pages
from bench.report_goals import CATEGORY_GOALS, all_goals

BASE_DIR = Path(__file__).resolve().parent.parent
WORKING_FILES = ("accounts", "serve")
ORDER = [
    "dataset",
    "wrk_pages",
    "wrk_pages_cold",
    "latency",
    "load",
    "wrk",
    "burst",
    "queries",
    "pdf",
    "marks",
    "names",
    "trainings",
    "lighthouse",
    "faults",
]


def load_results(folder):
    results = {}
    for path in sorted(Path(folder).glob("*.json")):
        if path.name.startswith(".") or path.stem.startswith(WORKING_FILES):
            continue
        try:
            results[path.stem] = json.loads(path.read_text())
        except json.JSONDecodeError as error:
            results[path.stem] = {"unreadable": str(error)}
    return results


def _cell(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def scalars(data, prefix=""):
    """Flatten the scalar figures of a result for the generic section."""
    rows = []
    for key, value in data.items():
        if key in ("name", "title", "machine", "measured_at", "goals"):
            continue
        if isinstance(value, dict):
            rows += scalars(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            if all(not isinstance(item, dict | list) for item in value):
                rows.append((f"{prefix}{key}", ", ".join(map(str, value))))
            else:
                rows.append((f"{prefix}{key}", f"{len(value)} entries (see report.json)"))
        else:
            rows.append((f"{prefix}{key}", value))
    return rows


def section_load(load):
    total = load.get("total") or {}
    lines = [
        f"{load.get('users')} users ({load.get('spawn_rate')} new a second), "
        f"{load.get('run_time')}, think time {load.get('think_time_seconds')} s, "
        f"against `{load.get('host')}`. Load average during the run: "
        f"{_cell((load.get('load_average_during_run') or {}).get('mean'))} mean, "
        f"{_cell((load.get('load_average_during_run') or {}).get('max'))} max.",
        "",
        f"**Throughput**: {_cell(total.get('per_second'))} requests/s over the run, "
        f"{_cell(load.get('steady_per_second'))} requests/s once all users were in; "
        f"{_cell(total.get('requests'))} requests, {_cell(total.get('failures'))} errors.",
        "",
    ]
    rows = []
    for entry in load.get("endpoints", []):
        limit = CATEGORY_GOALS.get(entry["category"])
        verdict = "—" if limit is None else ("PASS" if (entry["p95_ms"] or 0) < limit else "FAIL")
        rows.append(
            (
                entry["name"],
                entry["requests"],
                entry["failures"],
                entry["p50_ms"],
                entry["p95_ms"],
                entry["p99_ms"],
                entry["per_second"],
                f"< {limit}" if limit else "—",
                verdict,
            )
        )
    rows.append(
        (
            "**all**",
            total.get("requests"),
            total.get("failures"),
            total.get("p50_ms"),
            total.get("p95_ms"),
            total.get("p99_ms"),
            total.get("per_second"),
            "",
            "",
        )
    )
    lines.append(
        table(
            [
                "endpoint",
                "requests",
                "errors",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "req/s",
                "goal p95 ms",
                "",
            ],
            rows,
        )
    )
    lines += [
        "",
        "Sign-in (`auth:`) has no latency goal: its cost is the password hash "
        "(PBKDF2, Django's default iterations), paid once per session by design.",
    ]
    inside = load.get("server_time")
    if inside:
        every = inside["all"]
        lines += [
            "",
            "**Time inside gunicorn** (from its access log, the same requests): "
            f"p50 {_cell(every['p50_ms'])} ms, p95 {_cell(every['p95_ms'])} ms, "
            f"p99 {_cell(every['p99_ms'])} ms over {_cell(every['requests'])} requests. "
            "What the users saw beyond this was spent waiting for a free worker thread "
            "(and for the CPU).",
            "",
            table(
                ["request", "requests", "p50 ms", "p95 ms", "p99 ms"],
                [
                    (
                        f"`{row['pattern']}`",
                        row["requests"],
                        row["p50_ms"],
                        row["p95_ms"],
                        row["p99_ms"],
                    )
                    for row in inside["patterns"]
                ],
            ),
        ]
    if load.get("failures"):
        lines += ["", "Errors:", ""]
        lines.append(
            table(
                ["endpoint", "error", "occurrences"],
                [(f["name"], f["error"], f["occurrences"]) for f in load["failures"]],
            )
        )
    return lines


def section_wrk(wrk):
    if "skipped" in wrk:
        return [f"Skipped: {wrk['skipped']}"]
    return [
        f"{wrk.get('connections')} connections, {wrk.get('threads')} threads, "
        f"{wrk.get('duration')} per page, no think time. Load average: "
        f"{_cell((wrk.get('load_average_during_run') or {}).get('mean'))} mean.",
        "",
        table(
            ["page", "requests/s", "p50 ms", "p90 ms", "p99 ms", "errors"],
            [
                (
                    page["page"],
                    page["per_second"],
                    page["p50_ms"],
                    page["p90_ms"],
                    page["p99_ms"],
                    page["non_2xx"] + page["socket_errors"],
                )
                for page in wrk.get("pages", [])
            ],
        ),
    ]


def section_queries(queries):
    labels = list(queries.get("sizes", {}))
    sizes = "; ".join(
        f"**{label}**: "
        + ", ".join(f"{value:,} {key}" for key, value in queries["sizes"][label].items())
        for label in labels
    )
    return [
        f"Counted with CaptureQueriesContext through Django's test client (second request "
        f"of each page). Data sizes: {sizes}.",
        "",
        table(
            ["page", "url", *labels, "constant"],
            [
                (
                    row["page"],
                    f"`{row['url']}`",
                    *(row.get(label) for label in labels),
                    "yes" if row.get("constant") else "**no**",
                )
                for row in queries.get("pages", [])
            ],
        ),
    ]


def section_generic(result):
    return [table(["figure", "value"], scalars(result))]


SECTIONS = {
    "load": section_load,
    "wrk": section_wrk,
    "queries": section_queries,
    "wrk_pages": report_pages.section_pages,
    "wrk_pages_cold": report_pages.section_pages,
    "latency": report_pages.section_latency,
}


def headline(results):
    """One line per figure a reader looks for first."""
    lines = []
    load = results.get("load")
    if load:
        total = load.get("total") or {}
        lines.append(
            f"- mixed load, {load.get('users')} users: {_cell(load.get('steady_per_second'))} "
            f"requests/s at full count ({_cell(total.get('per_second'))} over the run with its "
            f"ramp), {_cell(total.get('requests'))} requests, {_cell(total.get('failures'))} "
            f"errors, p50 {_cell(total.get('p50_ms'))} / p95 {_cell(total.get('p95_ms'))} / "
            f"p99 {_cell(total.get('p99_ms'))} ms"
        )
        inside = (load.get("server_time") or {}).get("all")
        if inside:
            lines.append(
                f"- time inside gunicorn for the same requests: p50 {_cell(inside['p50_ms'])} / "
                f"p95 {_cell(inside['p95_ms'])} / p99 {_cell(inside['p99_ms'])} ms"
            )
    for page in (results.get("wrk") or {}).get("pages", []):
        lines.append(
            f"- wrk, {page['page']}: {_cell(page['per_second'])} requests/s, "
            f"p99 {_cell(page['p99_ms'])} ms, {page['non_2xx'] + page['socket_errors']} errors"
        )
    burst = results.get("burst")
    if burst:
        lines.append(
            f"- PDF queue: {_cell(burst.get('pdf_per_minute'))} PDFs/minute through the "
            f"documents worker ({burst.get('documents_worker')}); {burst.get('pdfs')} PDFs for "
            f"{burst.get('dossiers')} submissions, all done in {_cell(burst.get('all_done_seconds'))} s"
        )
    pdf = results.get("pdf")
    if pdf:
        lines.append(
            f"- one PDF dossier ({pdf.get('pages')} pages, Arabic): p50 "
            f"{_cell(pdf.get('p50_seconds'))} s to render, peak {pdf.get('peak_rss_mb')} MB"
        )
    return lines or ["- none"]


def render(results, goals):
    machines = [r["machine"] for r in results.values() if isinstance(r.get("machine"), dict)]
    loads = [m["load_average"][0] for m in machines if m.get("load_average")]
    lines = [
        "# Load and performance report",
        "",
        "Written by `make bench` (bench/report.py) from the figures in `var/bench/`. "
        "The machine may be shared with other engineers' test runs (each figure is only as "
        "quiet as the machine was): the 1-minute load average is given with each result, "
        "and a 2-core machine is saturated above 2.",
        "",
        f"- generated: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]
    if machines:
        lines.append(
            f"- machine: {machines[0].get('cpus')} cores, Python {machines[0].get('python')}; "
            f"1-minute load average when each result was written: "
            f"{min(loads):.2f} to {max(loads):.2f}"
        )
    dataset = results.get("dataset", {}).get("counts")
    if dataset:
        lines.append(
            "- data: "
            + ", ".join(
                f"{dataset[key]:,} {label}"
                for key, label in (
                    ("ip_filings_registeredmark", "registered marks"),
                    ("companies_registeredcompany", "registered companies"),
                    ("trainings_trainingsession", "training sessions"),
                    ("accounts_user", "users"),
                )
                if key in dataset
            )
            + f"; dossiers by state: {dataset.get('dossiers_by_state')}"
        )
    passed = sum(g["status"] == "PASS" for g in goals)
    lines += [
        "",
        f"## Goals: {passed} of {len(goals)} met",
        "",
        table(
            ["goal", "target", "measured", "status", "detail"],
            [
                (g["goal"], g["target"], g["measured"], f"**{g['status']}**", g["detail"])
                for g in goals
            ],
        ),
    ]
    lines += ["", "## Headline figures", "", *headline(results)]
    names = [name for name in ORDER if name in results] + sorted(
        name for name in results if name not in ORDER
    )
    for name in names:
        if name.endswith("_before") and name.removesuffix("_before") in results:
            continue  # shown beside the figures after the change
        result = results[name]
        lines += ["", f"## {result.get('title') or name} (`{name}.json`)", ""]
        measured = result.get("measured_at")
        load_average = (result.get("machine") or {}).get("load_average")
        if measured:
            lines += [f"Measured {measured}, load average {load_average}.", ""]
        before = results.get(f"{name}_before")
        if name in SECTIONS and before is not None:
            lines += SECTIONS[name](result, before)
        else:
            lines += SECTIONS.get(name, section_generic)(result)
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=str(BASE_DIR / "var" / "bench"))
    parser.add_argument("--out", default=str(BASE_DIR / "docs" / "bench"))
    args = parser.parse_args(argv)
    results = load_results(args.results)
    if not results:
        print(f"no results in {args.results}", file=sys.stderr)
        return 1
    goals = all_goals(results) + report_pages.page_goals(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "REPORT.md").write_text(render(results, goals))
    (out / "report.json").write_text(
        json.dumps(
            {"goals": goals, "results": results}, indent=2, ensure_ascii=False, sort_keys=False
        )
        + "\n"
    )
    for item in goals:
        print(f"  {item['status']}  {item['goal']}: {item['measured']}")
    print(f"report: {out / 'REPORT.md'}")
    return 0


def command():
    return main()
