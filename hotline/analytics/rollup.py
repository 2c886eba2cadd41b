"""The DailyVolume rollup: one increment when a case is registered, a rebuild from cases.

A case's channel, type, category, district and street are set at registration and no
workflow verb changes them, so the count of a (day, channel, type, top category,
district, street) cell only grows when a case is registered. The increment runs in the
registering transaction (a rolled-back registration leaves no trace) as one upsert, so
concurrent registrations add up instead of overwriting each other. `rebuild()` recounts
a range of days from the cases, holding the table against concurrent increments on
PostgreSQL, for repair or after bulk loads that bypass the workflow.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate

from hotline import clock
from hotline.cases.models import Case
from hotline.catalog.models import Category

from .models import DailyVolume

Key = tuple[dt.date, str, str, int, int, int]
KEY_FIELDS = ("day", "channel", "case_type", "category_top", "district", "street")


def top_category_id(category: Category | None) -> int:
    if category is None:
        return 0
    ids = category.ancestor_ids()
    return ids[0] if ids else category.pk


def key_of(case: Case) -> Key:
    day = case.registered_at.astimezone(clock.LOCAL_TZ).date()
    return (day, case.channel, case.case_type, top_category_id(case.category),
            case.district_id or 0, case.street_id or 0)


def _upsert(rows: list[tuple[Key, int]]) -> None:
    table = connection.ops.quote_name(DailyVolume._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    # Table and column names come from the model; values are parameters.
    insert = f"INSERT INTO {table} ({columns}, cases) VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    sql = f"{insert} ON CONFLICT ({columns}) DO UPDATE SET cases = {table}.cases + EXCLUDED.cases"
    params = [(connection.ops.adapt_datefield_value(k[0]), *k[1:], n) for k, n in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def record_registration(case: Case) -> None:
    """Count a newly registered case (called in the registering transaction)."""
    _upsert([(key_of(case), 1)])


def recount(start: dt.date | None = None, end: dt.date | None = None) -> Counter:
    """Count cases per rollup key straight from the cases table (the truth)."""
    tops = {c.pk: top_category_id(c) for c in Category.objects.only("pk", "path")}
    qs = Case.objects.annotate(day=TruncDate("registered_at", tzinfo=clock.LOCAL_TZ))
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    rows = qs.values("day", "channel", "case_type", "category_id", "district_id", "street_id").annotate(n=Count("pk"))
    counts: Counter = Counter()
    for r in rows.order_by().iterator(chunk_size=5000):
        key = (r["day"], r["channel"], r["case_type"], tops.get(r["category_id"], 0),
               r["district_id"] or 0, r["street_id"] or 0)
        counts[key] += r["n"]
    return counts


def stored(start: dt.date | None = None, end: dt.date | None = None) -> Counter:
    """The rollup as a Counter of the same keys (zero cells left out)."""
    qs = DailyVolume.objects.filter(cases__gt=0)
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    return Counter({tuple(r[:6]): r[6] for r in qs.values_list(*KEY_FIELDS, "cases")})


def rebuild(start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Replace the rollup of [start, end] (all days if not given) by a recount. Returns rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(DailyVolume._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        qs = DailyVolume.objects.all()
        if start is not None:
            qs = qs.filter(day__gte=start)
        if end is not None:
            qs = qs.filter(day__lte=end)
        qs.delete()
        counts = recount(start, end)
        batch = [DailyVolume(**dict(zip(KEY_FIELDS, key, strict=True)), cases=n) for key, n in counts.items()]
        DailyVolume.objects.bulk_create(batch, batch_size=5000)
    return len(batch)
