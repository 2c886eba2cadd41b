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
import re
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
_NOT_ALNUM = re.compile(r"[\W_]+")


def window() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "HOTLINE_REPEAT_WINDOW_DAYS", 30)))


def problem_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_SIMILARITY", 0.5))


def caller_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_CALLER_SIMILARITY", 0.2))


def _bigrams(text: str) -> Counter[str]:
    # Letters and digits only: punctuation and spaces say nothing about the problem.
    # (`[\W_]` is exactly "not str.isalnum()" in Python's re; one C pass instead of a loop.)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    chars = _NOT_ALNUM.sub("", text).lower()
    return Counter(map(str.__add__, chars, chars[1:]))


class _Vector:
    """Bigram counts with their norm, computed once."""

    __slots__ = ("counts", "norm")

    def __init__(self, text: str):
        self.counts = _bigrams(text)
        self.norm = math.sqrt(sum(n * n for n in self.counts.values()))

    def cosine(self, other: _Vector) -> float:
        if not self.norm or not other.norm:
            return 0.0
        small, big = (self.counts, other.counts) if len(self.counts) <= len(other.counts) else (other.counts, self.counts)
        dot = sum(n * big[g] for g, n in small.items() if g in big)
        return dot / (self.norm * other.norm)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of character-bigram counts, 0..1."""
    return _Vector(a).cosine(_Vector(b))


def _text(case: Case) -> str:
    return f"{case.title}\n{case.content}"


def _related_paths(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def _candidates(case: Case) -> QuerySet[Case]:
    since = case.registered_at - window()
    return (
        Case.objects.filter(status=Status.CLOSED, closed_at__gte=since, closed_at__lte=case.registered_at)
        .exclude(pk=case.pk).order_by("-closed_at", "-pk")
    )


def _scan(qs: QuerySet[Case]):
    """Only what the comparison needs: no personal data to decrypt, no joins but the path."""
    return qs.values_list("pk", "title", "content", "community_id", "category__path")[:MAX_CANDIDATES]


def _earlier(pk: int) -> Case:
    return Case.objects.select_related("category", "lead_unit").get(pk=pk)


def find_repeats(case: Case) -> list[tuple[Case, str, float]]:
    """The earlier case each reason points to (the most recently closed match), with its score."""
    found: list[tuple[Case, str, float]] = []
    words = _Vector(_text(case))
    path = case.category.path if case.category_id else None
    if case.phone_digest:
        for pk, title, content, _community, earlier_path in _scan(
            _candidates(case).filter(phone_digest=case.phone_digest)
        ):
            score = words.cosine(_Vector(f"{title}\n{content}"))
            if _related_paths(path, earlier_path) or score >= caller_threshold():
                found.append((_earlier(pk), RepeatReason.SAME_CALLER, round(score, 3)))
                break
    if case.street_id or case.community_id:
        place = _candidates(case)
        place = place.filter(street_id=case.street_id) if case.street_id else place.filter(community_id=case.community_id)
        for pk, title, content, community_id, _path in _scan(place):
            if case.community_id and community_id and case.community_id != community_id:
                continue
            score = words.cosine(_Vector(f"{title}\n{content}"))
            if score >= problem_threshold():
                found.append((_earlier(pk), RepeatReason.SAME_PROBLEM, round(score, 3)))
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
