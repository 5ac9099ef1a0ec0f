"""The goals the report holds the figures to (bench/report.py): 50 users with no error,
p95 under 250 ms for pages and 150 ms for searches, constant queries per page, Lighthouse's
thresholds, and any goal a result file states itself (faults.json...)."""

PAGE_P95_MS = 250
SEARCH_P95_MS = 150
USERS = 50
# Request categories of bench/locustfile.py and the p95 goal each is held to.
CATEGORY_GOALS = {"page": PAGE_P95_MS, "download": PAGE_P95_MS, "action": PAGE_P95_MS}
CATEGORY_GOALS["search"] = SEARCH_P95_MS


def goal(name, target, measured, passed, detail=""):
    return {
        "goal": name,
        "target": target,
        "measured": measured,
        "status": "PASS" if passed else "FAIL",
        "detail": detail,
    }


def load_goals(load):
    goals = []
    total = load.get("total") or {}
    errors = total.get("failures", 0)
    users = load.get("users", 0)
    goals.append(
        goal(
            f"{USERS} concurrent users with zero errors",
            f"{USERS} users, 0 errors",
            f"{users} users, {errors} errors in {total.get('requests', 0)} requests",
            users >= USERS and errors == 0,
        )
    )
    for category_name, limit in CATEGORY_GOALS.items():
        endpoints = [e for e in load.get("endpoints", []) if e["category"] == category_name]
        if not endpoints:
            continue
        worst = max(endpoints, key=lambda e: e["p95_ms"] or 0)
        over = [e["name"] for e in endpoints if (e["p95_ms"] or 0) >= limit]
        goals.append(
            goal(
                f"p95 of every {category_name} endpoint under {limit} ms",
                f"< {limit} ms",
                f"worst {worst['p95_ms']:.0f} ms ({worst['name']})",
                not over,
                f"{len(over)} of {len(endpoints)} over: {', '.join(over)}" if over else "",
            )
        )
    return goals


def queries_goal(queries):
    pages = queries.get("pages", [])
    differing = [row["page"] for row in pages if not row.get("constant")]
    errors = queries.get("errors", [])
    return goal(
        "queries per page constant as data grows",
        "same count at every data size",
        f"{queries.get('constant_pages', 0)} of {queries.get('total_pages', 0)} pages constant",
        not differing and not errors,
        "; ".join(filter(None, [", ".join(differing), "; ".join(errors)])),
    )


def lighthouse_goals(lighthouse):
    """One goal per threshold of lighthouse.json's "goals" ({"performance": 95, …,
    "kilobytes": 200}), over every page and language measured."""
    pages = lighthouse.get("pages", [])
    thresholds = lighthouse.get("goals", {})
    found = []
    for key, threshold in thresholds.items():
        if key == "kilobytes":
            values = {f"{p['page']} {p['lang']}": p["total_bytes"] / 1024 for p in pages}
            misses = [name for name, value in values.items() if value > threshold]
            worst = max(values.items(), key=lambda item: item[1], default=("—", 0))
            target, measured = f"≤ {threshold} KB", f"worst {worst[1]:.0f} KB ({worst[0]})"
        else:
            values = {f"{p['page']} {p['lang']}": p["scores"].get(key, 0) for p in pages}
            misses = [name for name, value in values.items() if value < threshold]
            worst = min(values.items(), key=lambda item: item[1], default=("—", 0))
            target = f"= {threshold}" if threshold == 100 else f"≥ {threshold}"
            measured = f"worst {worst[1]} ({worst[0]})"
        found.append(
            goal(
                f"Lighthouse {key}, {len(pages)} pages in fr and ar (lighthouse)",
                target,
                measured,
                bool(pages) and not misses,
                ", ".join(misses),
            )
        )
    return found


def foreign_goals(name, result):
    """Goals another script states itself: a list under "goals" with goal/target/measured
    and either status ("PASS"/"FAIL") or passed (bool)."""
    found = []
    items = result.get("goals", []) or []
    if not isinstance(items, list):
        return found
    for item in items:
        status = item.get("status")
        if status not in ("PASS", "FAIL"):
            status = "PASS" if item.get("passed") else "FAIL"
        found.append(
            {
                "goal": f"{item.get('goal', '?')} ({name})",
                "target": item.get("target", ""),
                "measured": item.get("measured", ""),
                "status": status,
                "detail": item.get("detail", ""),
            }
        )
    return found


def all_goals(results):
    goals = []
    if "load" in results:
        goals += load_goals(results["load"])
    if "queries" in results:
        goals.append(queries_goal(results["queries"]))
    if "lighthouse" in results:
        goals += lighthouse_goals(results["lighthouse"])
    for name, result in results.items():
        if name not in ("load", "queries", "lighthouse") and not name.endswith("_before"):
            goals += foreign_goals(name, result)
    return goals
