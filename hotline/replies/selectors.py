"""Reads of reply scores for the centre's screens, always through `cases.access`."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from hotline.cases.access import visible_cases
from hotline.cases.choices import Status
from hotline.orgs.choices import UNIT_ROLES

from .models import ReplyScore


def may_see(user) -> bool:
    """The centre, leaders and auditors read scores; the units being scored do not."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or getattr(user, "role", "") not in UNIT_ROLES)


def _latest_per_case():
    return Subquery(ReplyScore.objects.filter(case_id=OuterRef("case_id")).order_by("-event_id").values("pk")[:1])


def suspect_replies(user, *, limit: int = 50) -> list[ReplyScore]:
    """Cases waiting for callback whose current reply is flagged, worst first."""
    if not may_see(user):
        return []
    waiting = visible_cases(user).filter(status=Status.REPLIED).values("pk")
    return list(
        ReplyScore.objects.filter(flagged=True, case_id__in=waiting, pk=_latest_per_case())
        .select_related("case", "unit").order_by("overall", "scored_at")[:limit]
    )


def attach_latest(cases, user) -> None:
    """Set `case.reply_score` (the latest lead reply's score, or None) on each case, in one query."""
    by_case: dict[int, ReplyScore] = {}
    if may_see(user) and cases:
        rows = ReplyScore.objects.filter(case_id__in=[c.pk for c in cases], pk=_latest_per_case())
        by_case = {row.case_id: row for row in rows}
    for case in cases:
        case.reply_score = by_case.get(case.pk)


def latest_for(case, user) -> ReplyScore | None:
    if not may_see(user):
        return None
    return ReplyScore.objects.filter(case_id=case.pk).order_by("-event_id").first()
