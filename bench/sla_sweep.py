"""Bench: the SLA sweep over 1,000,000 open cases on PostgreSQL.

Loads N open cases (with their lead assignment, 15% with a co-handler too) into a
dedicated database with COPY, deadlines spread the way a live city's are (dispatched
over the last four weeks, limits from 2 hours to 15 working days, one in ten not yet
signed for, a share overdue), plus the sweep's own state as a sweep running every minute
would have left it. Then it times the sweep, minute after minute, and prints EXPLAIN for
its queries.

    .venv/bin/python bench/sla_sweep.py --cases 1000000          # load and time
    .venv/bin/python bench/sla_sweep.py --reuse                  # time again, no reload

The database is `hotline_bench_sla` (created and migrated when missing; override with
--url). Timed: `sweep.run()` as the periodic job runs it (discovery + firing + writing
reminders, timeline notes and outbox rows), median of --runs runs one minute apart, and
one catch-up run after an hour without sweeping.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_bench_sla"
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Wednesday
UNITS = 400

# (share, case_type, urgency, sign minutes or None, sign working hours, reply days or None, reply minutes)
LIMITS = [
    (0.22, "consultation", "normal", None, 24, 3, None),
    (0.28, "help", "normal", None, 24, 5, None),
    (0.30, "complaint", "normal", None, 24, 15, None),
    (0.12, "report", "normal", None, 24, 15, None),
    (0.07, "help", "urgent", None, 4, 2, None),
    (0.01, "help", "emergency", 30, None, None, 120),
]


def ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    with psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432,
                         user=cfg["USER"] or "postgres", dbname="postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_org(rng: random.Random):
    from hotline.orgs.choices import Role, UnitKind
    from hotline.orgs.models import Unit, User

    city = Unit.objects.create(code="city", name="A市", kind=UnitKind.CITY)
    centre = Unit.objects.create(code="centre", name="A市12345热线中心", kind=UnitKind.CENTRE, parent=city)
    units = []
    for i in range(UNITS):
        kind = UnitKind.DEPARTMENT if i % 4 == 0 else UnitKind.STREET
        units.append(Unit.objects.create(code=f"u{i}", name=f"承办单位{i}", kind=kind, parent=city))
    users = [User(username=f"dispatcher{i}", role=Role.DISPATCHER, unit=centre) for i in range(6)]
    for unit in units:
        users += [User(username=f"h{unit.pk}_{j}", role=Role.HANDLER, unit=unit) for j in range(3)]
        if rng.random() < 0.9:  # a tenth of the units have no leader on record
            users.append(User(username=f"l{unit.pk}", role=Role.UNIT_LEADER, unit=unit))
    User.objects.bulk_create(users, batch_size=1000)
    return [u.pk for u in units]


def load(n: int, seed: int) -> None:
    from django.db import connection

    from hotline.sla import calendar as live
    from hotline.sla.models import Stage, SweepMark
    from hotline.sla.status import fast
    from hotline.sla.sweep import DISCOVERY_MARK, Policy

    rng = random.Random(seed)
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE cases_caseevent, cases_assignment, cases_extension, cases_attachment, cases_case, "
            "sla_watch, sla_reminder, sla_sweepmark, notifications_inboxmessage, notifications_notification, "
            "orgs_user, orgs_unit RESTART IDENTITY CASCADE"
        )
    unit_ids = build_org(rng)
    base = live.current()
    cal = fast(base, NOW)
    policy = Policy(calendar=cal, threshold=0.75, centre_hours=24)

    @cache
    def reply_due(day: dt.date, days: int) -> dt.datetime:
        start = dt.datetime.combine(day, dt.time(12), tzinfo=NOW.tzinfo)
        return base.add_working_days(start, days)[0]

    cumulative, acc = [], 0.0
    for row in LIMITS:
        acc += row[0]
        cumulative.append((acc, row))
    prev = NOW - dt.timedelta(minutes=1)  # where the last (simulated) sweep stood

    started = time.perf_counter()
    raw = connection.connection
    case_cols = ("id", "number", "query_code", "channel", "case_type", "urgency", "title", "content", "address",
                 "citizen_name", "citizen_phone", "citizen_id_number", "phone_digest", "anonymous", "confidential",
                 "status", "version", "lead_unit_id", "sign_due_at", "due_at", "due_estimated", "extension_pending",
                 "registered_at", "satisfaction", "reopen_count", "updated_at")
    asg_cols = ("id", "case_id", "unit_id", "role", "status", "round", "dispatched_at", "sign_due_at", "due_at",
                "signed_at", "reply", "return_reason", "return_note", "instructions")
    watch_cols = ("assignment_id", "case_id", "kind", "stage", "fire_at", "due_at")
    assignment_id = 0
    watches = 0
    chunk: dict[str, list] = {"cases": [], "assignments": [], "watches": []}

    def flush() -> None:
        with raw.cursor() as cur:
            for table, cols, key in (("cases_case", case_cols, "cases"), ("cases_assignment", asg_cols, "assignments"),
                                     ("sla_watch", watch_cols, "watches")):
                with cur.copy(f"COPY {table} ({','.join(cols)}) FROM STDIN") as copy:
                    for row in chunk[key]:
                        copy.write_row(row)
                chunk[key].clear()

    for case_id in range(1, n + 1):
        pick = rng.random()
        limit = next(row for edge, row in cumulative if pick <= edge)
        _share, case_type, urgency, sign_min, sign_hours, reply_days, reply_min = limit
        if urgency == "emergency":
            dispatched = NOW - dt.timedelta(minutes=rng.uniform(0, 240))
        else:
            # Open cases in flight: most dispatched lately, a tail from weeks ago.
            dispatched = NOW - dt.timedelta(days=min(rng.expovariate(1 / 6.0), 28))
        sign_due = (dispatched + dt.timedelta(minutes=sign_min) if sign_min
                    else cal.add_working_hours(dispatched, sign_hours)[0])
        if reply_min:
            due = dispatched + dt.timedelta(minutes=reply_min)
        else:
            due = reply_due(dispatched.astimezone(NOW.tzinfo).date(), reply_days)
        due = max(due, sign_due)
        signed = rng.random() < (0.95 if sign_due < NOW else 0.6)
        status = "signed" if signed else "pending"
        signed_at = min(dispatched + dt.timedelta(hours=rng.uniform(0.2, 20)), NOW) if signed else None
        lead = rng.choice(unit_ids)
        chunk["cases"].append((
            case_id, f"B{case_id:012d}", "000000", "phone", case_type, urgency, "bench case", "bench",
            "", "", "", "", "", False, False, "handling" if signed else "dispatched", 2, lead, sign_due,
            due, False, False, dispatched - dt.timedelta(minutes=5), "", 0, dispatched,
        ))
        handlers = [(lead, "lead", status, signed_at)]
        if rng.random() < 0.15:
            co_signed = rng.random() < 0.8
            handlers.append((rng.choice(unit_ids), "co", "signed" if co_signed else "pending",
                             signed_at if co_signed else None))
        for unit, role, a_status, a_signed in handlers:
            assignment_id += 1
            chunk["assignments"].append((assignment_id, case_id, unit, role, a_status, 1, dispatched, sign_due,
                                         due, a_signed, "", "", "", ""))
            for kind, deadline in (("sign", sign_due), ("reply", due)):
                if kind == "sign" and a_status != "pending":
                    continue
                reached = policy.reached(dispatched, deadline, prev)
                stage = Stage.REMIND if reached is None else reached + 1
                fire_at = policy.fire_time(stage, dispatched, deadline)
                chunk["watches"].append((assignment_id, case_id, kind, stage, fire_at, deadline))
                watches += 1
        if case_id % 100_000 == 0 or case_id == n:
            flush()
            print(f"  {case_id:>9,} cases  {time.perf_counter() - started:6.1f} s", flush=True)
    SweepMark.objects.update_or_create(name=DISCOVERY_MARK, defaults={"value": assignment_id})
    with connection.cursor() as cur:
        for table in ("cases_case", "cases_assignment"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    with connection.cursor() as cur:
        for table in ("cases_case", "cases_assignment", "sla_watch", "orgs_user"):
            cur.execute(f"VACUUM ANALYZE {table}")
    print(f"loaded {n:,} cases, {assignment_id:,} assignments, {watches:,} watches "
          f"in {time.perf_counter() - started:.1f} s")


def explain() -> None:
    from django.db import connection

    from hotline.cases.models import Assignment
    from hotline.sla.models import Watch
    from hotline.sla.status import overdue_assignments

    now = NOW + dt.timedelta(minutes=1)
    queries = {
        "due watches (sweep, step 2)": Watch.objects.filter(fire_at__lte=now).order_by("fire_at")[:500],
        "new assignments (sweep, step 1)": Assignment.objects.filter(pk__gt=10**12).order_by("pk")[:2000],
        "overdue sign-for in the last hour (status helper)": overdue_assignments(now=now).filter(
            sign_due_at__gte=now - dt.timedelta(hours=1), status="pending"),
    }
    with connection.cursor() as cur:
        for title, qs in queries.items():
            sql, params = qs.query.sql_with_params()
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            print(f"\n-- {title}")
            print("\n".join("   " + row[0] for row in cur.fetchall()))


def time_sweeps(runs: int) -> None:
    from django.db import connection

    from hotline import clock
    from hotline.notifications.models import Notification
    from hotline.sla import sweep
    from hotline.sla.models import Reminder

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM cases_case WHERE status IN ('dispatched', 'handling')")
        print(f"\nopen cases: {cur.fetchone()[0]:,}")
    timings = []
    for i in range(runs):
        clock.set_now(NOW + dt.timedelta(minutes=i))
        result = sweep.run()
        timings.append(result.seconds)
        print(f"run {i + 1}: {result.seconds * 1000:7.1f} ms  {result.as_dict()}")
    print(f"median of {runs} one-minute sweeps: {statistics.median(timings) * 1000:.1f} ms")
    clock.set_now(NOW + dt.timedelta(minutes=runs + 60))
    result = sweep.run()
    print(f"catch-up after an hour without sweeping: {result.seconds * 1000:.1f} ms  {result.as_dict()}")
    print(f"reminders: {Reminder.objects.count():,}  notifications: {Notification.objects.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reuse", action="store_true",
                        help="Time the sweep on the cases already loaded (as earlier runs left them).")
    args = parser.parse_args()
    ensure_database(args.url)
    setup(args.url)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM cases_case")
        present = cur.fetchone()[0]
    if args.reuse and present:
        print(f"reusing {present:,} cases already loaded")
    else:
        load(args.cases, args.seed)
    explain()
    time_sweeps(args.runs)


if __name__ == "__main__":
    main()
