"""Staff case search: by case number, by the caller's phone, or by words in title/content.

Always inside `access.visible_cases(user)`: a case outside the scope is never found, exactly
like a missing one. A phone number is matched through the keyed digest (never the stored
ciphertext); words match title or content case-insensitively, every word required. On
PostgreSQL every word of two characters or more is looked up in the bigram GIN index of
migration 0007, `hotline_bigrams(UPPER(title) || ' ' || UPPER(content))` (it must hold
the word's pairs of characters). A two-character word (most Chinese words) is its one
pair, so the index answers it exactly (what STRPOS answers on SQLite); a longer word is
then checked with STRPOS on the candidates (what `icontains` answers). A one-character
word has no pair: STRPOS, the newest cases walked until a page is full. The text query
runs with a larger `work_mem`, so that a common word's bitmap stays exact (a lossy page
would be rechecked by computing the pairs of each of its cases). Pages are newest first,
looked for in the last 7, then 30 days' cases before all of them (`_newest`), and
counted by "is there one more", never by COUNT(*) over a million rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan

from hotline import clock
from hotline.privacy.crypto import normalise_phone, phone_digest

from .access import visible_cases

PAGE = 20
MAX_WORDS = 5
TRIGRAM = 3
BIGRAM = 2
SPANS_DAYS = (7, 30)  # registration spans searched before all cases (see `_newest`)
# A bitmap of 100,000 candidate cases stays exact (4 MB, the default, makes it lossy).
WORK_MEM = "32MB"
NUMBER = re.compile(r"^\d{13}$")  # yyyymmdd + a five-digit daily serial
PHONE = re.compile(r"^\+?[\d\s\-()]{7,20}$")

NUMBER_KIND, PHONE_KIND, TEXT_KIND = "number", "phone", "text"


@dataclass
class Results:
    query: str
    kind: str = ""
    page: int = 1
    cases: list = field(default_factory=list)
    has_next: bool = False
    jump_to: str = ""  # a case number when the query named exactly one visible case


def kind_of(query: str) -> str:
    if NUMBER.match(query):
        return NUMBER_KIND
    if PHONE.match(query) and len(normalise_phone(query)) >= 7:
        return PHONE_KIND
    return TEXT_KIND if query else ""


def matching(user, query: str):
    """The visible cases matching `query`, newest first (a queryset)."""
    query = (query or "").strip()
    qs = visible_cases(user)
    kind = kind_of(query)
    if kind == NUMBER_KIND:
        return qs.filter(number=query)
    if kind == PHONE_KIND:
        return qs.filter(phone_digest=phone_digest(query))
    words = query.split()[:MAX_WORDS]
    if not words:
        return qs.none()
    if connections[qs.db].vendor != "postgresql":
        for word in words:
            qs = qs.filter(_contains(word))
        return qs
    for word in words:
        if len(word) < BIGRAM:
            qs = qs.filter(_contains(word))
            continue
        # UPPER(word) in SQL for three characters or more, as `icontains` compares; Python's
        # upper for two, as the STRPOS of `_contains` (and of SQLite) compares.
        needle = Upper(Value(word)) if len(word) >= TRIGRAM else Value(word.upper())
        qs = qs.filter(HoldsBigrams(needle))
        if len(word) >= TRIGRAM or len(word.upper()) != BIGRAM:
            qs = qs.filter(_occurs(needle))
        # else: the needle is one pair, and a pair with no space in it occurs in
        # UPPER(title) || ' ' || UPPER(content) exactly when it occurs in one of them, so the
        # bigram index answers what STRPOS would, without reading every candidate's content.
    return qs


def _contains(word: str):
    if len(word) >= TRIGRAM:
        return Q(title__icontains=word) | Q(content__icontains=word)
    # A word shorter than a trigram gives the trigram index nothing to look up, and
    # PostgreSQL would read the whole GIN index; STRPOS is not indexable (SQLite, and a
    # one-character word on PostgreSQL, walk the newest cases until a page is full).
    return _occurs(Value(word.upper()))


def _occurs(needle):
    """STRPOS of `needle` in UPPER(title) or UPPER(content): the same test as `icontains`
    on PostgreSQL (UPPER(col) LIKE UPPER('%word%')), but one no index serves. On
    PostgreSQL the bigram index finds the candidates; a trigram condition beside it would
    be combined with it in one bitmap, whose recheck computes every candidate's pairs."""
    return (GreaterThan(StrIndex(Upper("title"), needle), 0)
            | GreaterThan(StrIndex(Upper("content"), needle), 0))


class HoldsBigrams(Func):
    """PostgreSQL: the case's indexed pairs of characters include every pair of `needle`
    (for a two-character needle: the needle occurs in the title or the content).

    The left side is written exactly as the expression of the `case_text_bigram` index
    (migration 0007), so that the planner uses it.
    """

    output_field = BooleanField()

    def __init__(self, needle):
        super().__init__(F("title"), F("content"), needle)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        title, content, needle = parts
        return f"hotline_bigrams(UPPER({title}) || ' ' || UPPER({content})) @> hotline_bigrams({needle})", params


def search(user, query: str, *, page: int = 1) -> Results:
    query = (query or "").strip()[:100]
    results = Results(query=query, kind=kind_of(query), page=max(1, page))
    if not query:
        return results
    qs = matching(user, query)
    if results.kind == NUMBER_KIND:
        found = qs.values_list("number", flat=True).first()
        results.jump_to = found or ""
        return results
    start = (results.page - 1) * PAGE
    qs = qs.select_related("category", "lead_unit", "street", "district").order_by("-registered_at")
    rows = _newest(qs, start, PAGE + 1) if results.kind == TEXT_KIND else list(qs[start:start + PAGE + 1])
    results.has_next = len(rows) > PAGE
    results.cases = rows[:PAGE]
    return results


def _newest(qs, start: int, size: int) -> list:
    """Rows [start, start + size) of `qs` newest first, looked for in the last days first.

    A common word matches thousands of cases; sorting them all for one page is what made
    it slow. If the cases registered since the cut-off hold the whole slice, no older case
    can be in it (every one of them is older than all of those), so the slice is the same
    as over every case; otherwise the next, wider span is read (skipped on the first page
    when the narrower one's rate of matches would not fill it either: a rare word), and
    the last is unbounded.
    """
    now = clock.now()
    connection = connections[qs.db]
    postgresql = connection.vendor == "postgresql"
    # Not on SQLite: its transactions begin IMMEDIATE, taking the write lock for a read.
    with transaction.atomic(using=qs.db) if postgresql else contextlib.nullcontext():
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        found = None  # (days, matches) of the last span read, on the first page
        for days in SPANS_DAYS:
            if found is not None and found[1] * days < size * found[0]:
                continue  # at the same rate this span would not fill the page either
            recent = qs.filter(registered_at__gte=now - dt.timedelta(days=days))
            rows = list(recent[start:start + size])
            if len(rows) == size:
                return rows
            found = (days, len(rows)) if start == 0 else None
        return list(qs[start:start + size])
