"""Bench: cases registered per second, over HTTP and through the domain function.

HTTP: POST /api/v1/cases with an agent's bearer token and an Idempotency-Key, served by
gunicorn (gthread workers) on 127.0.0.1, driven by --concurrency client threads in this
process; each case is validated, placed, routed (responsibility rules), given its
deadline from the working-day calendar, dispatched with its events, checked for repeats,
counted in the daily rollup. Domain: `intake.services.take_in` called in a loop in this
process (one connection, no HTTP). Both run against the database as it is (the 1M cases
of bench/generate.py) and add the cases they register.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench \\
        .venv/bin/python bench/intake_http.py --requests 3000 --concurrency 8

Prints p50/p90/p99/max latency and throughput; writes bench/out/intake_http.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import harness


def domain(cases, n: int) -> tuple[dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hotline.cases.actors import Actor
    from hotline.intake.services import take_in
    from hotline.orgs.models import User

    actor = Actor.staff(User.objects.get(username="agent1"))
    for _ in range(20):  # warm caches and connection
        take_in(actor, cases.draft())
    with CaptureQueriesContext(connection) as q:
        take_in(actor, cases.draft())
    seconds = []
    t0 = time.perf_counter()
    for _ in range(n):
        draft = cases.draft()
        t = time.perf_counter()
        take_in(actor, draft)
        seconds.append(time.perf_counter() - t)
    return harness.summary(seconds, time.perf_counter() - t0), len(q.captured_queries)


def http(cases, token: str, args) -> dict:
    payloads = [cases.payload() for _ in range(args.requests + args.warmup)]
    keys = [cases.key() for _ in payloads]

    def make(i: int):
        return harness.json_request("POST", "/api/v1/cases", payloads[i], token=token,
                                    headers={"Idempotency-Key": keys[i]}, tag="register")

    with harness.Server(args.database_url, workers=args.workers, threads=args.threads) as server:
        harness.run_load(server.port, make, concurrency=args.concurrency, total=args.warmup)
        offset = args.warmup
        results, wall = harness.run_load(server.port, lambda i: make(offset + i),
                                         concurrency=args.concurrency, total=args.requests)
    ok = [r for r in results if r.status == 201]
    bad = [r for r in results if r.status != 201]
    out = harness.summary([r.seconds for r in ok], wall)
    out["errors"] = len(bad)
    if bad:
        out["first_error"] = f"{bad[0].status} {bad[0].error or bad[0].body[:300]!r}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", harness.DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=3000, help="timed HTTP registrations")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (gthread)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--domain", type=int, default=500, help="take_in calls timed in-process")
    parser.add_argument("--out", default=str(harness.ROOT / "bench" / "out" / "intake_http.json"))
    args = parser.parse_args()

    harness.setup(args.database_url)
    from hotline.cases.models import Case

    cases = harness_cases()
    before = Case.objects.count()
    token = harness.staff_token("agent1")
    print(f"cases in the database: {before:,}")
    figures = {"machine": harness.machine(), "cases_before": before,
               "command": "bench/intake_http.py " + " ".join(
                   f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k not in {"database_url", "out"}),
               "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
               "concurrency": args.concurrency}
    figures["http"] = http(cases, token, args)
    print(harness.fmt(f"HTTP POST /api/v1/cases (c={args.concurrency})", figures["http"]),
          f"errors={figures['http']['errors']}")
    figures["domain"], figures["domain_queries_per_case"] = domain(cases, args.domain)
    print(harness.fmt("take_in() in-process (sequential)", figures["domain"]),
          f"queries/case={figures['domain_queries_per_case']}")
    figures["http_vs_domain_p50"] = round(figures["http"]["p50_ms"] / figures["domain"]["p50_ms"], 2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(f"written {args.out}")
    return 0 if figures["http"]["errors"] == 0 else 1


def harness_cases():
    from workload import NewCases

    return NewCases()


if __name__ == "__main__":
    raise SystemExit(main())
