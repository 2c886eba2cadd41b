"""Staff case search: by case number, by the caller's phone, or by words in title/content.

Always inside `access.visible_cases(user)`: a case outside the scope is never found, exactly
like a missing one. A phone number is matched through the keyed digest (never the stored
ciphertext); words match title or content case-insensitively, every word required. On
PostgreSQL the text match is backed by pg_trgm GIN indexes on UPPER(title) and
UPPER(content) (migration 0006), so a word of three characters or more is an index
lookup; a shorter word (most two-character Chinese words) is matched with STRPOS, which
no index serves, so the newest cases are walked and the walk stops at one page.
Pages are newest first and counted by "is there one more", never by COUNT(*) over a
million rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan

from hotline.privacy.crypto import normalise_phone, phone_digest

from .access import visible_cases

PAGE = 20
MAX_WORDS = 5
TRIGRAM = 3
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
    for word in words:
        qs = qs.filter(_contains(word))
    return qs


def _contains(word: str):
    if len(word) >= TRIGRAM:
        return Q(title__icontains=word) | Q(content__icontains=word)
    # A word shorter than a trigram gives the index nothing to look up, and PostgreSQL would
    # read the whole GIN index; STRPOS is not indexable, so the newest cases are walked
    # instead (common words fill a page quickly).
    needle = Value(word.upper())
    return (GreaterThan(StrIndex(Upper("title"), needle), 0)
            | GreaterThan(StrIndex(Upper("content"), needle), 0))


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
    rows = list(
        qs.select_related("category", "lead_unit", "street", "district")
        .order_by("-registered_at")[start:start + PAGE + 1]
    )
    results.has_next = len(rows) > PAGE
    results.cases = rows[:PAGE]
    return results

