"""Does an open case already look like this one? (A simple first version.)

An open case registered in the last 30 days matches when it has the same street and
category, the same caller (phone digest), or a similar title (shared character pairs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import jieba
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.privacy.crypto import phone_digest

WINDOW = dt.timedelta(days=30)
TITLE_SIMILARITY = 0.35
MAX_CANDIDATES = 60


@dataclass
class Match:
    case: Case
    reasons: list[str] = field(default_factory=list)


def _pairs(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)}


def title_similarity(a: str, b: str) -> float:
    pa, pb = _pairs(a), _pairs(b)
    if not pa or not pb:
        return 0.0
    return len(pa & pb) / len(pa | pb)


def _title_words(title: str) -> list[str]:
    words = {w for w in jieba.cut(title) if len(w.strip()) >= 2}
    return sorted(words, key=len, reverse=True)[:5]


def similar_open_cases(
    user, *, category_id: int | None = None, street_id: int | None = None, phone: str = "",
    title: str = "", exclude_pk: int | None = None, limit: int = 5,
) -> list[Match]:
    since = clock.now() - WINDOW
    base = visible_cases(user).filter(status__in=Status.open_states(), registered_at__gte=since)
    if exclude_pk is not None:
        base = base.exclude(pk=exclude_pk)
    digest = phone_digest(phone) if phone else ""
    title = (title or "").strip()
    words = _title_words(title) if title else []
    clauses = [Q(title__icontains=word) for word in words]
    if category_id and street_id:
        clauses.append(Q(category_id=category_id, street_id=street_id))
    if digest:
        clauses.append(Q(phone_digest=digest))
    if not clauses:
        return []
    match = clauses[0]
    for clause in clauses[1:]:
        match |= clause
    found: list[Match] = []
    candidates = base.filter(match).select_related("category", "street", "lead_unit").order_by("-registered_at")
    for case in candidates[:MAX_CANDIDATES]:
        reasons = []
        if category_id and street_id and case.category_id == category_id and case.street_id == street_id:
            reasons.append(_("same street and category"))
        if digest and case.phone_digest == digest:
            reasons.append(_("same caller"))
        if title and title_similarity(title, case.title) >= TITLE_SIMILARITY:
            reasons.append(_("similar title"))
        if reasons:
            found.append(Match(case, reasons))
    found.sort(key=lambda m: (-len(m.reasons), -m.case.registered_at.timestamp()))
    return found[:limit]
