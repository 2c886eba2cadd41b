"""City-scale data generator: N realistic cases loaded into PostgreSQL with COPY.

Texts come from ../shared/data (real citizen messages and real replies), places and
matters from the demo city (`hotline demo --cases 0` is run first), deadlines from the
working-day calendar, and every case gets assignments and a timeline shaped like the
real workflow's (register → dispatch → sign → reply → callback, with returns, reopens,
extensions and merges in realistic shares). A year of a Minhang-sized district is about
250,000 cases; the default here is 1,000,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench \
        .venv/bin/python bench/generate.py --cases 1000000

Rows go in through COPY in chunks, so the run is bound by PostgreSQL, not Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_bench"


def ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    admin = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    if url.startswith("postgres"):
        ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    from hotline.orgs.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo", cases=0, verbosity=0)


# Shares of final states in a year of cases (the rest of each row follows from it).
STATE_MIX = [
    ("closed", 0.86), ("replied", 0.03), ("handling", 0.05), ("dispatched", 0.02),
    ("returned", 0.01), ("registered", 0.01), ("merged", 0.02),
]
SATISFACTION = [("satisfied", 0.78), ("basic", 0.15), ("unsatisfied", 0.07)]
CHANNELS = [("phone", 0.62), ("portal", 0.14), ("app", 0.12), ("mailbox", 0.04), ("grid", 0.05),
            ("opinion", 0.02), ("110", 0.01)]
TYPE_DAYS = {"consultation": 3, "help": 5, "complaint": 15, "report": 15, "suggestion": 15, "praise": 5}


def pick(rng: random.Random, table):
    x = rng.random()
    for value, share in table:
        x -= share
        if x <= 0:
            return value
    return table[-1][0]


class Generator:
    def __init__(self, seed: int, end: dt.datetime, days: int, worker: int = 0, workers: int = 1):
        from hotline.cases.models import Case
        from hotline.catalog.models import Category
        from hotline.demo import messages as demo_messages
        from hotline.orgs.choices import Role, UnitKind
        from hotline.orgs.models import Unit, User
        from hotline.privacy import crypto
        from hotline.sla import calendar

        self.rng = random.Random(seed)
        self.end, self.days = end, days
        self.worker, self.workers = worker, workers
        self.crypto = crypto
        self.cal = calendar.current()
        open_pool, replied, mailbox = demo_messages.load_messages()
        self.texts = [(m.title, m.content) for m in open_pool + replied + mailbox]
        self.replies = [m.reply for m in replied + mailbox] or ["已处理。"]
        tree = {}
        cats = list(Category.objects.all())
        by_id = {c.pk: c for c in cats}
        for c in cats:
            tree[tuple(by_id[i].name for i in c.ancestor_ids())] = c
        classifier = demo_messages.Classifier(tree)
        self.leaves = [c for c in cats if c.level == 3] or cats
        # Each text's matter once, not once per case that reuses it.
        self.texts = [(title, content, classifier.category(title, content)) for title, content in self.texts]
        self.streets = list(Unit.objects.filter(kind=UnitKind.STREET))
        self.communities = defaultdict(list)
        for u in Unit.objects.filter(kind=UnitKind.COMMUNITY):
            self.communities[u.parent_id].append(u)
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.handlers = {}
        for user in User.objects.filter(role__in=[Role.HANDLER, Role.UNIT_LEADER]).order_by("role"):
            self.handlers.setdefault(user.unit_id, user.pk)
        self.agents = list(User.objects.filter(role=Role.AGENT).values_list("pk", flat=True))
        self.dispatchers = list(User.objects.filter(role=Role.DISPATCHER).values_list("pk", flat=True))
        self.decisions = {}
        self.case_id = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        from hotline.cases.models import Assignment, CaseEvent

        self.assignment_id = Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.event_id = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        from hotline.cases.models import CaseNumberSequence
        from hotline.clock import LOCAL_TZ

        self.cal_tz = LOCAL_TZ
        self.day_counter = defaultdict(int, dict(CaseNumberSequence.objects.values_list("day", "last")))
        self.previous = None  # (id, number) of the last case made: what a duplicate merges into
        self.due_cache = {}
        # Encrypting a million phones costs minutes; a pool of encrypted citizens is reused.
        self.citizens = []
        for _ in range(5000):
            name, phone = demo_messages.citizen(self.rng)
            self.citizens.append((crypto.encrypt(name), crypto.encrypt(phone), crypto.phone_digest(phone)))

    def decide(self, category, street):
        key = (category.pk, street.pk)
        if key not in self.decisions:
            from hotline.routing.rules import decide

            d = decide(category, district=self.units[street.parent_id], street=street)
            lead = d.lead_unit or street
            self.decisions[key] = (lead.pk, [u.pk for u in d.co_units][:2])
        return self.decisions[key]

    def working_due(self, start: dt.datetime, days: int) -> dt.datetime:
        key = (start.date(), days)
        if key not in self.due_cache:
            self.due_cache[key] = self.cal.add_working_days(start, days)[0]
        return self.due_cache[key]

    def working_hours_due(self, start: dt.datetime, hours: int = 24) -> dt.datetime:
        # 24 working hours from a working day lands at the same time on the next working
        # day; the calendar does the walk once per (day, hours) and the offset is reused.
        local = start.astimezone(self.cal_tz)
        key = ("h", local.date(), hours)
        if key not in self.due_cache:
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
            if self.cal.is_working_day(local.date()):
                self.due_cache[key] = self.cal.add_working_hours(midnight, hours)[0] - midnight
            else:
                self.due_cache[key] = None
        offset = self.due_cache[key]
        if offset is None:
            return self.cal.add_working_hours(start, hours)[0]
        return start + offset

    def when(self) -> dt.datetime:
        # Busier on weekdays and in office hours, as real intake is.
        while True:
            offset = self.rng.random() * self.days
            at = self.end - dt.timedelta(days=offset)
            local = at.astimezone(self.cal_tz)
            if local.date().toordinal() % self.workers != self.worker:
                continue  # another loader owns this day's case numbers
            weight = (1.0 if local.weekday() < 5 else 0.55) * (1.0 if 8 <= local.hour < 20 else 0.25)
            if self.rng.random() < weight:
                return at

    def case_rows(self, n: int):
        from hotline.clock import LOCAL_TZ

        rng = self.rng
        cases, assignments, events = [], [], []
        for _ in range(n):
            self.case_id += 1
            cid = self.case_id
            reg = self.when()
            local = reg.astimezone(LOCAL_TZ)
            self.day_counter[local.date()] += 1
            number = f"{local:%Y%m%d}{self.day_counter[local.date()]:05d}"
            title, content, category = rng.choice(self.texts)
            category = category or rng.choice(self.leaves)
            street = rng.choice(self.streets)
            community = rng.choice(self.communities[street.pk]) if self.communities[street.pk] else None
            ctype = rng.choice(list(TYPE_DAYS))
            channel = pick(rng, CHANNELS)
            age_days = (self.end - reg).total_seconds() / 86400
            state = pick(rng, STATE_MIX) if age_days < 30 else ("closed" if rng.random() < 0.96 else "merged")
            if state == "merged" and self.previous is None:
                state = "closed"
            merged_into = None
            name, phone, digest = rng.choice(self.citizens)
            lead, cos = self.decide(category, street)
            sign_due = self.working_hours_due(reg)
            due = self.working_due(reg, TYPE_DAYS[ctype])
            agent = rng.choice(self.agents)
            seq = 0
            t = reg

            def event(verb, at, frm, to, data, actor=None, unit=None, cid=cid):
                nonlocal seq
                seq += 1
                self.event_id += 1
                events.append((self.event_id, cid, seq, verb, at, actor, "", unit, frm, to, json.dumps(data)))

            event("register", t, "", "registered", {"channel": channel, "case_type": ctype, "urgency": "normal",
                                                     "category": category.pk}, agent)
            status, replied_at, closed_at, satisfaction, resolved, reopen = "registered", None, None, "", None, 0
            lead_unit = None
            if state == "merged":
                closed_at = t + dt.timedelta(minutes=rng.randint(2, 120))
                merged_into, into_number = self.previous
                event("merge", closed_at, "registered", "merged", {"into": into_number}, agent)
                status = "merged"
            elif state != "registered":
                rounds = 2 if state == "closed" and rng.random() < 0.08 else 1
                for r in range(1, rounds + 1):
                    t = t + dt.timedelta(minutes=rng.randint(1, 30))
                    lead_unit = lead
                    handler = self.handlers.get(lead)
                    sdue = self.working_hours_due(t)
                    rdue = self.working_due(t, TYPE_DAYS[ctype])
                    self.assignment_id += 1
                    lead_aid = self.assignment_id
                    row = [lead_aid, cid, lead, "lead", "pending", r, t, None, sdue, rdue, None, None, None, "",
                           None, "", "", ""]
                    assignments.append(row)
                    for co in cos:
                        self.assignment_id += 1
                        assignments.append([self.assignment_id, cid, co, "co", "pending", r, t, None, sdue, rdue,
                                            None, None, None, "", None, "", "", ""])
                    event("dispatch", t, status, "dispatched", {"lead_unit": lead, "co_units": cos, "round": r,
                                                               "due_at": rdue.isoformat()}, None)
                    status = "dispatched"
                    if state == "dispatched":
                        break
                    t = t + dt.timedelta(hours=rng.expovariate(1 / 6))
                    if state == "returned":
                        row[4], row[16], row[14] = "returned", "not_our_matter", t
                        event("return", t, status, "returned", {"unit": lead, "reason": "not_our_matter"},
                              handler, lead)
                        status = "returned"
                        break
                    row[4], row[10], row[11] = "signed", t, handler
                    event("sign", t, status, "handling", {"assignment": lead_aid, "role": "lead",
                                                         "late": t > sdue}, handler, lead)
                    status = "handling"
                    if state == "handling":
                        break
                    t = t + dt.timedelta(days=rng.expovariate(1 / 4))
                    reply = rng.choice(self.replies)
                    row[4], row[12], row[13] = "replied", t, reply
                    event("reply", t, status, "replied", {"assignment": lead_aid, "role": "lead", "reply": reply[:500],
                                                          "late": t > rdue}, handler, lead)
                    status, replied_at = "replied", t
                    if state == "replied":
                        break
                    t = t + dt.timedelta(days=rng.expovariate(1 / 1.5))
                    if r < rounds:
                        event("callback", t, status, "replied", {"satisfaction": "unsatisfied", "resolved": False},
                              rng.choice(self.agents))
                        reopen += 1
                        continue
                    satisfaction = pick(rng, SATISFACTION) if rounds == 1 else "basic"
                    resolved = satisfaction != "unsatisfied"
                    event("callback", t, status, "closed", {"satisfaction": satisfaction, "resolved": resolved,
                                                            "reopen_limit_reached": not resolved}, rng.choice(self.agents))
                    status, closed_at = "closed", t
            if status == "merged":
                lead_unit = None
            cases.append((
                cid, number, f"{rng.randrange(10**6):06d}", channel, ctype, "normal", category.pk, title, content,
                "", street.parent_id, street.pk, community.pk if community else None, None, None,
                name, phone, "", digest, False, False, None, status, seq + 1, lead_unit, sign_due, due, False, False,
                reg, agent, replied_at, closed_at, resolved, satisfaction, reopen, merged_into, t,
            ))
            self.previous = (cid, number)
        return cases, [tuple(a) for a in assignments], events


CASE_COLUMNS = (
    "id", "number", "query_code", "channel", "case_type", "urgency", "category_id", "title", "content",
    "address", "district_id", "street_id", "community_id", "latitude", "longitude",
    "citizen_name", "citizen_phone", "citizen_id_number", "phone_digest", "anonymous", "confidential",
    "personal_data_purged_at", "status", "version", "lead_unit_id", "sign_due_at", "due_at", "due_estimated",
    "extension_pending", "registered_at", "registered_by_id", "replied_at", "closed_at", "resolved",
    "satisfaction", "reopen_count", "merged_into_id", "updated_at",
)
ASSIGNMENT_COLUMNS = (
    "id", "case_id", "unit_id", "role", "status", "round", "dispatched_at", "dispatched_by_id", "sign_due_at",
    "due_at", "signed_at", "signed_by_id", "replied_at", "reply", "returned_at", "return_reason",
    "return_note", "instructions",
)
EVENT_COLUMNS = (
    "id", "case_id", "seq", "verb", "at", "actor_id", "actor_role", "actor_unit_id", "from_status",
    "to_status", "data",
)


def drop_secondary_indexes(connection) -> list[str]:
    """Drop the non-unique indexes of the big tables; return the SQL to rebuild them."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('cases_case', 'cases_assignment', 'cases_caseevent') AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        rows = cur.fetchall()
        for name, _definition in rows:
            cur.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def rebuild_indexes(definitions: list[str], workers: int) -> None:
    """Rebuild the dropped indexes in `workers` connections at once.

    CREATE INDEX takes a SHARE lock, which does not conflict with another CREATE INDEX on
    the same table, so the builds overlap. The GIN text indexes are the long ones (minutes
    each at 1M); they are dealt out first, longest-processing-time style, so the B-trees
    fill the gaps beside them.
    """
    import threading

    from django.db import connections

    def cost(definition: str) -> int:
        return 20 if "USING gin" in definition else 1

    lanes: list[list[str]] = [[] for _ in range(max(1, workers))]
    loads = [0] * len(lanes)
    for definition in sorted(definitions, key=cost, reverse=True):
        lane = loads.index(min(loads))
        lanes[lane].append(definition)
        loads[lane] += cost(definition)
    errors: list[BaseException] = []

    def build(lane: list[str]) -> None:
        try:
            with connections["default"].cursor() as cur:  # this thread's own connection
                cur.execute("SET maintenance_work_mem = '1GB'")
                for definition in lane:
                    cur.execute(definition)
        except BaseException as exc:  # noqa: BLE001 - reported and re-raised by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=build, args=(lane,)) for lane in lanes if lane]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def copy_rows(cursor, table: str, columns, rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def work(worker: int, workers: int, n: int, args, end: dt.datetime, id_base: tuple[int, int, int], queue) -> None:
    """One loader process: its own share of days (so case numbers never clash), its own
    id ranges, its own connection."""
    from django.db import connection

    gen = Generator(args.seed + worker, end, args.days, worker=worker, workers=workers)
    span = n * 20  # room for the assignments and events of n cases
    gen.case_id = id_base[0] + worker * n
    gen.assignment_id = id_base[1] + worker * span
    gen.event_id = id_base[2] + worker * span
    with connection.cursor() as cur:
        # Generated rows are consistent by construction: skip per-row FK triggers while
        # loading (needs a superuser, as the local benchmark database has).
        cur.execute("SET session_replication_role = replica")
    done = 0
    while done < n:
        size = min(args.chunk, n - done)
        cases, assignments, events = gen.case_rows(size)
        with connection.cursor() as cur:
            raw = cur.cursor
            copy_rows(raw, "cases_case", CASE_COLUMNS, cases)
            copy_rows(raw, "cases_assignment", ASSIGNMENT_COLUMNS, assignments)
            copy_rows(raw, "cases_caseevent", EVENT_COLUMNS, events)
        done += size
        queue.put(("progress", worker, len(cases), len(assignments), len(events)))
    queue.put(("days", worker, dict(gen.day_counter)))
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=25_000)
    parser.add_argument("--days", type=int, default=365, help="spread over this many days before now")
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--workers", type=int, default=2, help="loader processes (one per core)")
    parser.add_argument("--index-workers", type=int, default=3, help="connections rebuilding indexes at once")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    started = time.perf_counter()
    setup(args.database_url)
    import multiprocessing

    from django.db import connection, connections

    from hotline import clock
    from hotline.cases.models import Assignment, Case, CaseEvent

    if connection.vendor != "postgresql":
        print("generate.py loads with COPY: point --database-url at PostgreSQL", file=sys.stderr)
        return 2
    end = clock.now()
    id_base = tuple(
        (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        for model in (Case, Assignment, CaseEvent)
    )
    dropped = drop_secondary_indexes(connection) if args.cases >= 100_000 else []
    connections.close_all()  # children open their own connections
    prepared = time.perf_counter()
    workers = max(1, args.workers)
    share = -(-args.cases // workers)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = []
    for k in range(workers):
        n = min(share, args.cases - k * share)
        if n > 0:
            procs.append(ctx.Process(target=work, args=(k, workers, n, args, end, id_base, queue)))
    for proc in procs:
        proc.start()
    counts = {"cases": 0, "assignments": 0, "events": 0}
    days: dict = {}
    finished = 0
    while finished < len(procs):
        message = queue.get()
        if message[0] == "days":
            days.update(message[2])
            finished += 1
            continue
        counts["cases"] += message[2]
        counts["assignments"] += message[3]
        counts["events"] += message[4]
        rate = counts["cases"] / (time.perf_counter() - prepared)
        print(f"  {counts['cases']:>9,} cases  ({rate:,.0f} cases/s)", flush=True)
    for proc in procs:
        proc.join()
        if proc.exitcode:
            print(f"loader {proc.pid} failed with exit code {proc.exitcode}", file=sys.stderr)
            return 1
    loaded = time.perf_counter()
    rebuild_indexes(dropped, args.index_workers)
    with connection.cursor() as cur:
        for table in ("cases_case", "cases_assignment", "cases_caseevent"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608 - fixed names
        for day, last in days.items():
            cur.execute(
                "INSERT INTO cases_casenumbersequence (day, last) VALUES (%s, %s) "
                "ON CONFLICT (day) DO UPDATE SET last = GREATEST(cases_casenumbersequence.last, EXCLUDED.last)",
                [day, last],
            )
        cur.execute("ANALYZE cases_case; ANALYZE cases_assignment; ANALYZE cases_caseevent")
    now = time.perf_counter()
    counts["indexes_rebuilt"] = len(dropped)
    print(json.dumps({"generated": counts, "seconds_total": round(now - started, 1),
                      "seconds_loading": round(loaded - prepared, 1), "seconds_indexing": round(now - loaded, 1),
                      "database": args.database_url.rsplit("@", 1)[-1]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
