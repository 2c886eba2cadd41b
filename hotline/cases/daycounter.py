"""Per-day counters behind human numbers (case 2026112200001, incident E20261122001)."""

from __future__ import annotations

import datetime as dt

from django.db import connection as default_connection
from django.db.models import Model


def next_in_day(model: type[Model], day: dt.date, *, connection=default_connection) -> int:
    """The day's next value, in one statement: an upsert that takes the day's row lock
    (the first of a day creates the row; concurrent callers queue on it until the
    transaction holding it ends — pass a connection of its own to make that one statement).

    `model` has a `day` primary key and a `last` counter.
    """
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    day_col = ops.quote_name(model._meta.get_field("day").column)
    last_col = ops.quote_name(model._meta.get_field("last").column)
    with connection.cursor() as cursor:
        cursor.execute(  # names from the model, the day a parameter
            f"INSERT INTO {table} ({day_col}, {last_col}) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT ({day_col}) DO UPDATE SET {last_col} = {table}.{last_col} + 1 RETURNING {last_col}",
            [ops.adapt_datefield_value(day)],
        )
        (last,) = cursor.fetchone()
    return last
