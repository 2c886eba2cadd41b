"""Bench: the leaders' dashboard and the month ranking on a 1,000,000-case PostgreSQL database.

Uses the database `bench/generate.py` fills (default `hotline_bench`; run that first, it
takes about five minutes for a million cases):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench \
        .venv/bin/python bench/generate.py --cases 1000000
    .venv/bin/python bench/dashboard.py --runs 20 [--ledger-days 7]

Migrates the database if needed; rebuilds the dashboard rollup when it does not match
the number of cases (bulk-loaded cases bypass the workflow) and the assessment facts
when the assessment app offers a rebuild and holds none, timing both. Then it times,
through the Django test client as a signed-in user, after two warm-up requests each:
the city dashboard for last month (leader, rollup), the dashboard for this month to date,
a unit leader's dashboard (counted from the cases the unit sees), the printable report
(with the three rates per unit), the dashboard's rankings panel (two rankings, fetched by
the page after it has drawn) and the assessment app's month ranking page. Prints one JSON line with
the median and p99 (ms) of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_bench"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(client, url: str, runs: int) -> dict:
    for _ in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return {"median_ms": round(statistics.median(samples), 1), "p99_ms": round(percentile(samples, 0.99), 1),
            "runs": runs, "url": url}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--ledger-days", type=int, default=0,
                        help="also time the Excel report whose ledger covers this many days (once)")
    parser.add_argument("--no-migrate", action="store_true",
                        help="time the database as it is (e.g. while a long index migration is pending)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from hotline import clock
    from hotline.analytics import rollup
    from hotline.analytics.models import DailyVolume
    from hotline.analytics.periods import month_start
    from hotline.cases.models import Case
    from hotline.orgs.models import User

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    result: dict = {"bench": "dashboard"}
    cases = Case.objects.count()
    result["cases"] = cases
    kept = sum(DailyVolume.objects.values_list("cases", flat=True))
    if kept != cases:
        began = time.perf_counter()
        rollup.rebuild()
        result["rollup_rebuild_s"] = round(time.perf_counter() - began, 1)
    result["rollup_rows"] = DailyVolume.objects.count()

    assessment_rebuild = _assessment_rebuild()
    if assessment_rebuild is not None:
        began = time.perf_counter()
        if assessment_rebuild():
            result["assessment_rebuild_s"] = round(time.perf_counter() - began, 1)

    today = clock.today()
    last_end = month_start(today) - dt.timedelta(days=1)
    last = f"start={month_start(last_end):%Y-%m-%d}&end={last_end:%Y-%m-%d}"
    leader = User.objects.get(username="leader")
    unit_leader = User.objects.get(username="market_leader")
    client = Client()
    client.force_login(leader)
    result["dashboard_last_month"] = timed(client, f"/analytics/?{last}", args.runs)
    result["dashboard_this_month"] = timed(client, "/analytics/", args.runs)
    result["report_last_month"] = timed(client, f"/analytics/report/?{last}", args.runs)
    if importlib.util.find_spec("hotline.assessment.scoring"):
        result["rankings_panel_last_month"] = timed(client, f"/analytics/rankings/?{last}", args.runs)
    ranking = _ranking_url(last_end)
    if ranking:
        result["ranking_last_month"] = timed(client, ranking, args.runs)
    unit_client = Client()
    unit_client.force_login(unit_leader)
    result["unit_dashboard_last_month"] = timed(unit_client, f"/analytics/?{last}", args.runs)
    if args.ledger_days:
        first = month_start(last_end)
        span = f"start={first:%Y-%m-%d}&end={first + dt.timedelta(days=args.ledger_days - 1):%Y-%m-%d}"
        began = time.perf_counter()
        response = client.get(f"/analytics/report.xlsx?{span}")
        result["excel_report"] = {"seconds": round(time.perf_counter() - began, 1), "days": args.ledger_days,
                                  "bytes": len(response.content), "status": response.status_code}
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _assessment_rebuild():
    """The assessment app's rebuild when it has one and holds no facts yet (else None)."""
    try:
        facts = importlib.import_module("hotline.assessment.facts")
        models = importlib.import_module("hotline.assessment.models")
    except ImportError:
        return None
    model = getattr(models, "AssignmentFact", None)
    rebuild = getattr(facts, "rebuild_facts", None)
    if model is None or rebuild is None or model.objects.exists():
        return None
    return lambda: rebuild() or True


def _ranking_url(month_end: dt.date) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in ("assessment:rankings", "assessment:ranking"):
        try:
            return f"{reverse(name)}?month={month_end:%Y-%m}"
        except NoReverseMatch:
            continue
    return None


if __name__ == "__main__":
    raise SystemExit(main())
