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
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.intake.duplicates import bigrams as text_bigrams  # the one definition of the bigrams
from hotline.orgs.models import Unit

from .choices import RepeatReason
from .models import RepeatLink

MAX_CANDIDATES = 200
VECTOR_CACHE = 8192  # texts; about 5.5 KB each with its vector and text, 45 MB at most


def window() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "HOTLINE_REPEAT_WINDOW_DAYS", 30)))


def problem_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_SIMILARITY", 0.5))


def caller_threshold() -> float:
    return float(getattr(settings, "HOTLINE_REPEAT_CALLER_SIMILARITY", 0.2))


class _Vector:
    """Bigram counts as two sorted arrays (bigram hash, count) with their norm.

    Hashes are Python's own string hashes: stable within a process, which is all the
    cache and the comparison need (a 64-bit collision between two bigrams is not a
    practical concern next to the threshold's own fuzziness).
    """

    __slots__ = ("keys", "counts", "norm")

    def __init__(self, text: str):
        bigrams = text_bigrams(text)
        keys = np.fromiter(map(hash, bigrams), dtype=np.int64, count=len(bigrams))
        counts = np.fromiter(bigrams.values(), dtype=np.float64, count=len(bigrams))
        order = np.argsort(keys)
        self.keys, self.counts = keys[order], counts[order]
        self.norm = float(np.sqrt(counts @ counts))

    def cosines(self, others: list[_Vector]) -> np.ndarray:
        """Cosine with each of `others`, in one vectorised pass (no loop per candidate)."""
        out = np.zeros(len(others))
        if not others or not self.norm:
            return out
        sizes = [len(o.keys) for o in others]
        keys = np.concatenate([o.keys for o in others])
        counts = np.concatenate([o.counts for o in others])
        rows = np.repeat(np.arange(len(others)), sizes)
        at = np.searchsorted(self.keys, keys)
        at[at == len(self.keys)] = 0
        hit = self.keys[at] == keys
        dots = np.bincount(rows[hit], weights=counts[hit] * self.counts[at[hit]], minlength=len(others))
        norms = np.array([o.norm for o in others])
        np.divide(dots, norms * self.norm, out=out, where=norms > 0)
        return out


@lru_cache(maxsize=VECTOR_CACHE)
def _vector(text: str) -> _Vector:
    """A text's vector, remembered by the text itself (content-addressed: never stale).

    The same closed cases are the candidates of every new case in their street for a
    month, so a serving process computes each one's bigrams once, not once per intake.
    """
    return _Vector(text)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of character-bigram counts, 0..1."""
    return float(_Vector(a).cosines([_Vector(b)])[0])


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
        rows = list(_scan(_candidates(case).filter(phone_digest=case.phone_digest)))
        scores = words.cosines([_vector(f"{title}\n{content}") for _pk, title, content, _c, _p in rows])
        for (pk, _title, _content, _community, earlier_path), score in zip(rows, scores, strict=True):
            if _related_paths(path, earlier_path) or score >= caller_threshold():
                found.append((_earlier(pk), RepeatReason.SAME_CALLER, round(float(score), 3)))
                break
    if case.street_id or case.community_id:
        place = _candidates(case)
        place = place.filter(street_id=case.street_id) if case.street_id else place.filter(community_id=case.community_id)
        rows = [row for row in _scan(place)
                if not (case.community_id and row[3] and case.community_id != row[3])]
        scores = words.cosines([_vector(f"{title}\n{content}") for _pk, title, content, _c, _p in rows])
        for (pk, *_rest), score in zip(rows, scores, strict=True):
            if score >= problem_threshold():
                found.append((_earlier(pk), RepeatReason.SAME_PROBLEM, round(float(score), 3)))
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
