"""The GIN text indexes of the case search, kept out of the intake's way.

PostgreSQL adds a new case's keys to a GIN index's *pending list* (fastupdate) and merges
the list into the index when it outgrows `gin_pending_list_limit` (4 MB) — in whichever
backend inserted the row that crossed it. At a million cases that merge took up to 1.8 s
for one unlucky registration (`pgbench`, one INSERT of a case, p50 1.2 ms, max 1,786 ms),
which is the whole p99 of intake. The `search_index` job (`jobs/schedule.py`) merges the
lists every few seconds instead, so a registration only appends, and a search reads a
short list. Nothing to do on SQLite (no GIN indexes; search scans there).
"""

from __future__ import annotations

from django.db import connection

# The GIN indexes on cases_case: migrations 0006 (trigram, title and content) and 0007 (bigram).
GIN_INDEXES = ("case_title_trgm", "case_content_trgm", "case_text_bigram")


def flush_pending() -> dict[str, int]:
    """Merge each GIN index's pending list into the index; pages merged, by index.

    Safe beside inserts, searches and another flush (PostgreSQL serialises the merges).
    """
    if connection.vendor != "postgresql":
        return {}
    merged: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'i' AND relname = ANY(%s)", [list(GIN_INDEXES)])
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
            merged[name] = cursor.fetchone()[0]
    return merged
