"""The benchmarks and the load test: `python -m bench COMMAND` (`make bench` runs them all).

One module per phase, each with a `command()` that `python -m bench NAME` runs (the list
is `COMMANDS` in bench/__main__.py; `python -m bench --help` prints it). `bench/run_all.py`
is `make bench`'s order of phases. Each phase writes its figures to var/bench/<name>.json
(bench.common.write_result) and bench/report.py turns them into docs/bench/REPORT.md.

A new phase: a module here with `command()` (and `main()` doing the work), a line in
`COMMANDS`, a step in bench/run_all.py and its result name in `run_all.bench_names()`;
its figures reach the report as a generic section (or one of its own in bench/report.py,
its goals in bench/report_goals.py).

The servers the phases start and break come from `carres.testservers`; the data set
(bench/data/) is derived from the models and from `carres.workflow`'s transitions.
Lighthouse's Node tools are pinned beside these modules (package.json, package-lock.json).
"""
