"""Repeated complaints (重复投诉): a problem that comes back after its case was closed.

A new case repeats an earlier one when the earlier case was CLOSED at most N days
(`HOTLINE_REPEAT_WINDOW_DAYS`, 30) before the new one was registered, and
- the caller is the same (phone digest) and the matter is related (same category
  branch, or text at least `HOTLINE_REPEAT_CALLER_SIMILARITY` alike) — a caller who
  rings about something else is not repeating a complaint; or
- the place is the same (street, and community when both cases name one) and the text
  (title + content) is at least `HOTLINE_REPEAT_SIMILARITY` alike: cosine of
  character-bigram counts, which needs no word segmentation and no training data.

An earlier case that is still open is a duplicate (intake merges those), not a repeat.
The repeat counts against the earlier case's lead unit: the unit that closed it.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.orgs.models import Unit

from .choices import RepeatReason
from .models import RepeatLink

MAX_CANDIDATES = 200


def window() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "HOTLINE_REPEAT_WINDOW_DAYS", 30)))


def problem_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_SIMILARITY", 0.5))


def caller_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_CALLER_SIMILARITY", 0.2))


def _bigrams(text: str) -> Counter[str]:
    # Letters and digits only: punctuation and spaces say nothing about the problem.
    chars = [ch.lower() for ch in unicodedata.normalize("NFKC", text) if ch.isalnum()]
    return Counter(a + b for a, b in zip(chars, chars[1:], strict=False))


def similarity(a: str, b: str) -> float:
    """Cosine similarity of character-bigram counts, 0..1."""
    va, vb = _bigrams(a), _bigrams(b)
    if not va or not vb:
        return 0.0
    dot = sum(n * vb[g] for g, n in va.items() if g in vb)
    return dot / math.sqrt(sum(n * n for n in va.values()) * sum(n * n for n in vb.values()))


def _text(case: Case) -> str:
    return f"{case.title}\n{case.content}"


def _related_matter(case: Case, earlier: Case) -> bool:
    if not case.category_id or not earlier.category_id:
        return False
    a, b = case.category.path, earlier.category.path
    return a.startswith(b) or b.startswith(a)


def _candidates(case: Case) -> QuerySet[Case]:
    since = case.registered_at - window()
    return (
        Case.objects.filter(status=Status.CLOSED, closed_at__gte=since, closed_at__lte=case.registered_at)
        .exclude(pk=case.pk).select_related("category", "lead_unit").order_by("-closed_at", "-pk")
    )


def find_repeats(case: Case) -> list[tuple[Case, str, float]]:
    """The earlier case each reason points to (the most recently closed match), with its score."""
    found: list[tuple[Case, str, float]] = []
    text = _text(case)
    if case.phone_digest:
        for earlier in _candidates(case).filter(phone_digest=case.phone_digest)[:MAX_CANDIDATES]:
            score = similarity(text, _text(earlier))
            if _related_matter(case, earlier) or score >= caller_threshold():
                found.append((earlier, RepeatReason.SAME_CALLER, round(score, 3)))
                break
    if case.street_id or case.community_id:
        place = _candidates(case)
        place = place.filter(street_id=case.street_id) if case.street_id else place.filter(community_id=case.community_id)
        for earlier in place[:MAX_CANDIDATES]:
            if case.community_id and earlier.community_id and case.community_id != earlier.community_id:
                continue
            score = similarity(text, _text(earlier))
            if score >= problem_threshold():
                found.append((earlier, RepeatReason.SAME_PROBLEM, round(score, 3)))
                break
    return found


def detect_repeats(case: Case) -> list[RepeatLink]:
    """Link a newly taken-in case to the closed cases it repeats. Idempotent.

    Call it after intake. Each new link is noted on both timelines (`repeat_of` on the
    new case, `repeated_by` on the earlier one) and returned.
    """
    if case.status == Status.MERGED:
        return []
    links: list[RepeatLink] = []
    system = Actor.system()
    for earlier, reason, score in find_repeats(case):
        with transaction.atomic():
            if RepeatLink.objects.filter(case=case, earlier=earlier, reason=reason).exists():
                continue
            days = (case.registered_at - earlier.closed_at).total_seconds() / 86400
            unit = earlier.lead_unit
            event = workflow.annotate(case, "repeat_of", actor=system, data={
                "earlier": earlier.number, "reason": reason, "score": score,
                "unit": unit.pk if unit else None, "unit_name": unit.name if unit else "",
                "days_after_close": round(days, 2),
            })
            workflow.annotate(earlier, "repeated_by", actor=system, data={
                "case": case.number, "reason": reason, "score": score,
            })
            links.append(RepeatLink.objects.create(
                case=case, earlier=earlier, reason=reason, score=score, unit=unit,
                days_after_close=round(days, 3), created_at=event.at, case_event=event,
            ))
    return links


def repeat_counts(start: dt.datetime, end: dt.datetime, *, unit: Unit | None = None) -> dict[int, int]:
    """Repeated cases per unit held responsible, for cases registered in [start, end).

    A new case linked for two reasons counts once. `unit` limits to it and the units under it.
    """
    qs = RepeatLink.objects.filter(
        unit__isnull=False, case__registered_at__gte=start, case__registered_at__lt=end,
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = qs.values("unit").annotate(n=Count("case", distinct=True))
    return {row["unit"]: row["n"] for row in rows}
