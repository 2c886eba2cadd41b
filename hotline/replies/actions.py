"""Writes of reply quality: score a reply, note a flagged one on the timeline, calibrate.

`score_reply` runs inside the transaction that writes the `reply` event (see `hooks`),
so the score commits or rolls back with the reply; it is idempotent (one row per event,
a second call returns the first row). The timeline note of a flagged reply is written
after commit by `note_flagged`, which claims the row with a conditional UPDATE, so a
retry, the sweep and a second worker write it once between them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentRole
from hotline.cases.models import Assignment, CaseEvent
from hotline.sla import calendar

from . import scoring, thresholds
from .models import Calibration, ReplyScore

log = logging.getLogger("hotline.replies")
NOTE_VERB = "reply_flagged"


def is_scored_reply(event: CaseEvent) -> bool:
    """The reply the citizen hears: a lead unit's `reply` event."""
    return event.verb == "reply" and (event.data or {}).get("role") == AssignmentRole.LEAD


def score_reply(event: CaseEvent, *, actor: Actor) -> ReplyScore:
    """Score a lead reply once; a second call (retry, backfill) returns the stored row."""
    existing = ReplyScore.objects.filter(event_id=event.pk).first()
    if existing is not None:
        return existing
    if not is_scored_reply(event):
        raise ValueError(f"event {event.pk} is not a lead unit's reply")
    case = event.case
    data = event.data or {}
    assignment = Assignment.objects.filter(pk=data.get("assignment"), case_id=case.pk).first()
    result = scoring.score(
        scoring.Request(case.title, case.content, case.registered_at),
        scoring.Reply(str(data.get("reply", "")), event.at),
        calendar=calendar.current(),
        due_at=assignment.due_at if assignment is not None else case.due_at,
    )
    threshold, calibration = thresholds.current()
    fields = result.as_dict()
    try:
        with transaction.atomic():
            row = ReplyScore.objects.create(
                event=event, case=case, unit_id=assignment.unit_id if assignment else event.actor_unit_id,
                threshold=threshold, calibration=calibration, scorer_version=scoring.VERSION,
                flagged=result.perfunctory or result.overall < threshold, scored_at=clock.now(), **fields,
            )
    except IntegrityError:  # scored meanwhile by another writer
        return ReplyScore.objects.get(event_id=event.pk)
    log.debug("reply quality case=%s event=%s overall=%.3f flagged=%s actor=%s",
             case.number, event.pk, row.overall, row.flagged, actor.role)
    return row


def note_flagged(score_id: int, *, actor: Actor) -> CaseEvent | None:
    """Write the timeline note of a flagged score, once; None when there is nothing to write."""
    with transaction.atomic():
        claimed = ReplyScore.objects.filter(pk=score_id, flagged=True, noted_at__isnull=True).update(
            noted_at=clock.now())
        if claimed != 1:
            return None
        row = ReplyScore.objects.select_related("case", "event").get(pk=score_id)
        return workflow.annotate(row.case, NOTE_VERB, actor=actor, data={
            "score": row.overall, "threshold": row.threshold, "perfunctory": row.perfunctory,
            "reply_seq": row.event.seq, "unit": row.unit_id,
            "concerns": [r.code for r in row.concerns],
        })


def note_pending(*, actor: Actor, older_than: dt.timedelta = dt.timedelta(minutes=1), limit: int = 500) -> int:
    """The sweep: notes of flagged scores whose after-commit step never ran (a crash)."""
    due = ReplyScore.objects.filter(flagged=True, noted_at__isnull=True, scored_at__lte=clock.now() - older_than)
    written = 0
    for pk in due.order_by("scored_at").values_list("pk", flat=True)[:limit]:
        written += note_flagged(pk, actor=actor) is not None
    return written


def backfill(*, actor: Actor, since: dt.datetime | None = None) -> int:
    """Score lead replies that have no score yet (replies written before this app existed)."""
    events = CaseEvent.objects.filter(verb="reply", data__role=AssignmentRole.LEAD).exclude(
        pk__in=ReplyScore.objects.values("event_id"))
    if since is not None:
        events = events.filter(at__gte=since)
    count = 0
    for event in events.select_related("case").order_by("pk").iterator(chunk_size=200):
        with transaction.atomic():
            score_reply(event, actor=actor)
        count += 1
    return count


def record_calibration(*, actor: Actor, source: str, source_sha256: str, rows: int, percentile: int,
                       threshold: float, distribution: dict, activate: bool) -> Calibration:
    """Store a calibration run; with `activate`, it becomes the one whose threshold is used."""
    with transaction.atomic():
        if activate:
            _deactivate_others(None)
        calibration = Calibration.objects.create(
            source=source[:200], source_sha256=source_sha256, rows=rows, scorer_version=scoring.VERSION,
            percentile=percentile, threshold=round(threshold, 3), active=activate, distribution=distribution,
        )
    log.info("reply quality calibration %s by %s: p%s = %.3f over %s replies%s", calibration.pk,
             actor.role, percentile, threshold, rows, " (active)" if activate else "")
    return calibration


def _deactivate_others(keep: Calibration | None) -> None:
    # save(), not update(): each switch-off goes through the audit trail like the switch-on.
    for other in Calibration.objects.select_for_update().filter(active=True).exclude(pk=getattr(keep, "pk", None)):
        other.active = False
        other.save(update_fields=["active"])


def activate(calibration: Calibration, *, actor: Actor) -> Calibration:
    with transaction.atomic():
        _deactivate_others(calibration)
        calibration.active = True
        calibration.save(update_fields=["active"])
    log.info("reply quality calibration %s activated by %s", calibration.pk, actor.role)
    return calibration
