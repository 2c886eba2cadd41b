"""Callbacks that cannot be coerced: a second, independent callback on a sample.

- The rating is recorded by the centre, never by the handling unit: the `callback`
  verb allows agents, dispatchers and the citizen only (`cases.transitions`).
- `sample_case(event)`: when a callback closes a case, the case is drawn for a second
  callback when `sha256(seed + ":" + case number)` falls in the scheme's share
  (`ScoreWeights.second_callback_share`, %). The draw is deterministic and reproducible
  (same seed, same cases), and a case is sampled at most once (one row per case), so a
  retry, a reopen and a second closure never sample it twice.
- `record_second_callback(sample, *, actor, satisfaction, resolved, note="")`: an agent
  or dispatcher other than the one who made the first callback records the answer; the
  case's timeline gets a `second_callback` note (an unresolved answer marks the last
  reply a fake closure in the facts). A retry with the same answer returns the row.
- `disagreements(start, end, *, units=None) -> dict[int, Disagreement]`: per unit, the
  first callbacks' satisfaction rate on the sampled cases against the second callbacks'
  rate; `flagged` when the first is higher by more than the scheme's threshold (points)
  on at least `disagreement_min_sample` cases.
- `queue()`: the second callbacks still to make, oldest first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Satisfaction
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case, CaseEvent
from hotline.orgs.choices import Role

from .models import ScoreWeights, SecondCallback

CALLERS = frozenset({Role.AGENT, Role.DISPATCHER})
RATINGS = (Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED)


def is_drawn(number: str, share_percent: int, seed: str) -> bool:
    """The deterministic draw: the same case, share and seed always give the same answer."""
    if share_percent <= 0:
        return False
    digest = hashlib.sha256(f"{seed}:{number}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10000 < share_percent * 100


def sample_case(event: CaseEvent, scheme: ScoreWeights | None = None) -> SecondCallback | None:
    """Draw a case closed by `event` (a closing callback) for the second callback."""
    scheme = scheme or ScoreWeights.current()
    case = Case.objects.only("pk", "number", "lead_unit_id").get(pk=event.case_id)
    if not is_drawn(case.number, scheme.second_callback_share, scheme.sample_salt):
        return None
    data = event.data or {}
    satisfied = data.get("satisfaction") in {Satisfaction.SATISFIED, Satisfaction.BASIC}
    row, _created = SecondCallback.objects.get_or_create(case_id=case.pk, defaults={
        "unit_id": case.lead_unit_id, "sampled_at": event.at, "first_agent_id": event.actor_id,
        "first_satisfied": satisfied, "first_resolved": data.get("resolved"),
    })
    return row


def queue() -> QuerySet[SecondCallback]:
    return (SecondCallback.objects.filter(done_at__isnull=True)
            .select_related("case", "case__category", "unit").order_by("sampled_at", "id"))


def record_second_callback(sample: SecondCallback | int, *, actor: Actor, satisfaction: str, resolved,
                           note: str = "") -> SecondCallback:
    if actor.role not in CALLERS or actor.user is None:
        raise Forbidden()
    if satisfaction not in RATINGS:
        raise Invalid(_("Choose a satisfaction level."), field="satisfaction")
    if not isinstance(resolved, bool):
        raise Invalid(_("Say whether the problem was resolved."), field="resolved")
    note = (note or "").strip()
    if len(note) > 2000:
        raise Invalid(_("Too long."), field="note")
    pk = sample.pk if isinstance(sample, SecondCallback) else sample
    with transaction.atomic():
        row = SecondCallback.objects.select_for_update().select_related("case").filter(pk=pk).first()
        if row is None:
            raise Invalid(_("No such second callback."), field="sample")
        if row.first_agent_id is not None and row.first_agent_id == actor.user.pk:
            raise Forbidden(_("The second callback must be made by someone other than the first caller."))
        if row.done_at is not None:
            if row.satisfaction == satisfaction and row.resolved == resolved and row.agent_id == actor.user.pk:
                return row  # a retry of the same answer
            raise InvalidTransition(_("This second callback has already been recorded."))
        workflow.annotate(row.case, "second_callback", actor=actor, data={
            "sample": row.pk, "satisfaction": satisfaction, "resolved": resolved, "note": note,
            "unit": row.unit_id,
        })
        row.satisfaction, row.resolved, row.note = satisfaction, resolved, note
        row.agent, row.done_at = actor.user, clock.now()
        row.save(update_fields=["satisfaction", "resolved", "note", "agent", "done_at"])
    return row


@dataclass
class Disagreement:
    unit_id: int
    sampled: int
    first_rate: float
    second_rate: float
    flagged: bool

    @property
    def gap(self) -> float:
        return self.first_rate - self.second_rate


def disagreements(start: dt.date, end: dt.date, *, units=None,
                  scheme: ScoreWeights | None = None) -> dict[int, Disagreement]:
    """Units' first-callback satisfaction against the second callback, on cases done in [start, end)."""
    scheme = scheme or ScoreWeights.current()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)
    hi = dt.datetime.combine(end, dt.time.min, tzinfo=clock.LOCAL_TZ)
    qs = SecondCallback.objects.filter(done_at__gte=lo, done_at__lt=hi, unit__isnull=False)
    if units is not None:
        qs = qs.filter(unit_id__in=[getattr(u, "pk", u) for u in units])
    tally: dict[int, list[int]] = {}
    for unit_id, first, satisfaction in qs.values_list("unit_id", "first_satisfied", "satisfaction"):
        t = tally.setdefault(unit_id, [0, 0, 0])
        t[0] += 1
        t[1] += 1 if first else 0
        t[2] += 1 if satisfaction in {Satisfaction.SATISFIED, Satisfaction.BASIC} else 0
    out = {}
    for unit_id, (n, first, second) in tally.items():
        first_rate, second_rate = first / n, second / n
        flagged = n >= scheme.disagreement_min_sample and (first_rate - second_rate) * 100 > scheme.disagreement_threshold
        out[unit_id] = Disagreement(unit_id, n, first_rate, second_rate, flagged)
    return out
