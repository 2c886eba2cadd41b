"""Bench: assessment figures for a month on the 1,000,000-case PostgreSQL database.

Read-only on the database `bench/generate.py` fills (default `hotline_bench`); its facts
must be there (`hotline assessment_facts rebuild`, or `bench/dashboard.py`, which rebuilds
them when empty). Times, after two warm-up calls each, the month ranking of departments
and of streets (`scoring.rankings`), the public colour board (`colours.public_board`),
`metrics.unit_metrics` for the month and, when a leader account exists, the whole
assessment page through the test client; prints the plan of the grouped query and one JSON
line with medians and p99 (ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench .venv/bin/python bench/assessment.py --runs 20
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def timed(fn, runs: int) -> dict:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(samples), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))], 1), "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--month", help="YYYY-MM (default: the busiest month of facts)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client

    from hotline.assessment import colours, metrics, scoring
    from hotline.assessment.models import AssignmentFact
    from hotline.cases.models import Case
    from hotline.orgs.models import User

    result: dict = {"bench": "assessment", "cases": Case.objects.count(), "facts": AssignmentFact.objects.count()}
    if args.month:
        start = dt.date.fromisoformat(f"{args.month}-01")
    else:
        busiest = (AssignmentFact.objects.annotate(m=TruncMonth("period")).values("m").annotate(n=Count("id"))
                   .order_by("-n").first())
        start = busiest["m"]
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    result["month"] = f"{start:%Y-%m}"
    result["month_facts"] = AssignmentFact.objects.filter(period__gte=start, period__lt=end).count()
    qs = metrics.facts_in(start, end)
    sql, params = qs.order_by().values("unit_id").annotate(n=Count("id")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    result["ranking_departments"] = timed(lambda: scoring.rankings(start, end, "department"), args.runs)
    result["ranking_streets"] = timed(lambda: scoring.rankings(start, end, "street"), args.runs)
    result["public_board"] = timed(lambda: colours.public_board(start, end), args.runs)
    result["unit_metrics"] = timed(lambda: metrics.unit_metrics(start, end), args.runs)
    leader = User.objects.filter(role="leader", is_active=True).first()
    if leader is not None:  # the whole page, as a leader reads it (ranking, categories, places, audit list)
        client = Client()
        client.force_login(leader)
        url = f"/assessment/?level=department&month={start:%Y-%m}"
        result["page_departments"] = timed(lambda: client.get(url), args.runs)
    print("\n".join(plan), file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
