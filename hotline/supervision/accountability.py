"""Accountability records (问责) derived from the case timeline, and their decisions.

`scan()` reads CaseEvents and turns each failing into one record against a unit:
- late sign-for / late reply: `sign` / `reply` events carrying `late: true`, against
  the unit of the assignment (lead or co-handler);
- buck-passing (推诿): `arbitrate` events ruling a return `unjustified`, against the
  unit that returned the case (`returned_by`);
- fake closure (虚假办结): a `callback` finding the problem unresolved or the citizen
  unsatisfied after the lead's `reply`, against the unit that replied; or a repeat of
  the same problem at the same place after closure (`RepeatLink` same_problem), against
  the unit that closed the earlier case.

A record is unique per (kind, the event that makes it), so scanning again — or two
scans at once — adds nothing. Each record keeps its evidence: the events (ids, times,
texts) that show the failing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentRole, Satisfaction
from hotline.cases.errors import Forbidden, Invalid
from hotline.cases.models import Assignment, CaseEvent
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit

from .choices import AccountabilityKind, Decision, RepeatReason
from .models import AccountabilityRecord, RepeatLink

DECIDERS = frozenset({Role.SUPERVISOR, Role.LEADER})
ROUND_VERBS = ("dispatch", "redispatch", "arbitrate", "reopen")


def _event_text(event: CaseEvent) -> str:
    d = event.data or {}
    if event.verb == "reply":
        return str(d.get("reply", ""))
    if event.verb == "return":
        return " ".join(x for x in (str(d.get("reason", "")), str(d.get("note", ""))) if x)
    if event.verb == "callback":
        resolved = {True: "resolved", False: "unresolved"}.get(d.get("resolved"), "")
        return " ".join(x for x in (str(d.get("satisfaction", "")), resolved, str(d.get("note", ""))) if x)
    if event.verb in ROUND_VERBS:
        return " ".join(x for x in (
            str(d.get("lead_unit_name", "")), str(d.get("note", "") or d.get("instructions", "")),
            f"due {d['due_at']}" if d.get("due_at") else "",
        ) if x)
    if event.verb == "register":
        return f"{event.case.title}: {event.case.content}"
    if event.verb == "repeat_of":
        return f"{d.get('earlier', '')} {d.get('reason', '')} {d.get('score', '')}"
    return ""


def evidence_of(event: CaseEvent, role: str) -> dict[str, Any]:
    """One line of evidence: what happened, when, by whom, in the words on the timeline."""
    return {
        "role": role, "event": event.pk, "case": event.case.number, "seq": event.seq, "verb": event.verb,
        "at": event.at.astimezone(clock.LOCAL_TZ).isoformat(), "actor_role": event.actor_role, "actor_unit": event.actor_unit_id,
        "text": _event_text(event)[:2000],
    }


@dataclass
class Found:
    kind: str
    unit_id: int
    event: CaseEvent
    evidence: list[dict[str, Any]]
    repeat_link: RepeatLink | None = None
    case_id: int | None = None  # the case the failing is about, when not the event's own


@dataclass
class ScanResult:
    created: Counter = field(default_factory=Counter)
    seen: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _window(qs: QuerySet[CaseEvent], since, until) -> QuerySet[CaseEvent]:
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return qs.select_related("case")


def _delays(since, until) -> list[Found]:
    events = list(_window(CaseEvent.objects.filter(verb__in=["sign", "reply"], data__late=True), since, until))
    assignments = Assignment.objects.in_bulk([e.data.get("assignment") for e in events if e.data.get("assignment")])
    rounds: dict[tuple[int, dt.datetime], CaseEvent] = {
        (r.case_id, r.at): r for r in CaseEvent.objects.filter(
            case_id__in={e.case_id for e in events}, verb__in=ROUND_VERBS,
        ).select_related("case")
    }
    found = []
    for event in events:
        assignment = assignments.get(event.data.get("assignment"))
        unit_id = assignment.unit_id if assignment else event.actor_unit_id
        if unit_id is None:
            continue
        kind = AccountabilityKind.LATE_SIGN if event.verb == "sign" else AccountabilityKind.LATE_REPLY
        evidence = []
        if assignment is not None:
            origin = rounds.get((event.case_id, assignment.dispatched_at))
            if origin is not None:
                evidence.append(evidence_of(origin, "dispatched"))
        line = evidence_of(event, "late")
        if assignment is not None:
            due = assignment.sign_due_at if event.verb == "sign" else assignment.due_at
            if due is not None:
                line["due_at"] = due.astimezone(clock.LOCAL_TZ).isoformat()
                line["late_by_hours"] = round((event.at - due).total_seconds() / 3600, 1)
        evidence.append(line)
        found.append(Found(kind, unit_id, event, evidence))
    return found


def _buck_passing(since, until) -> list[Found]:
    events = _window(CaseEvent.objects.filter(verb="arbitrate", data__ruling="unjustified"), since, until)
    found = []
    for event in events:
        unit_id = event.data.get("returned_by")
        if not unit_id:
            continue
        returned = (
            CaseEvent.objects.filter(case_id=event.case_id, verb="return", seq__lt=event.seq, data__unit=unit_id)
            .select_related("case").order_by("-seq").first()
        )
        evidence = [evidence_of(returned, "return")] if returned else []
        evidence.append(evidence_of(event, "ruling"))
        found.append(Found(AccountabilityKind.BUCK_PASSING, unit_id, event, evidence))
    return found


def _last_lead_reply(case_id: int, before_seq: int | None = None) -> CaseEvent | None:
    qs = CaseEvent.objects.filter(case_id=case_id, verb="reply", data__role=AssignmentRole.LEAD)
    if before_seq is not None:
        qs = qs.filter(seq__lt=before_seq)
    return qs.select_related("case").order_by("-seq").first()


def _fake_closures(since, until) -> list[Found]:
    found = []
    bad = Q(data__resolved=False) | Q(data__satisfaction=Satisfaction.UNSATISFIED)
    for event in _window(CaseEvent.objects.filter(bad, verb="callback"), since, until):
        reply = _last_lead_reply(event.case_id, event.seq)
        if reply is None:
            continue
        assignment = Assignment.objects.filter(pk=reply.data.get("assignment")).first()
        unit_id = assignment.unit_id if assignment else reply.actor_unit_id
        if unit_id is None:
            continue
        evidence = [evidence_of(reply, "reply"), evidence_of(event, "callback")]
        found.append(Found(AccountabilityKind.FAKE_CLOSURE, unit_id, event, evidence))
    links = RepeatLink.objects.filter(
        reason=RepeatReason.SAME_PROBLEM, unit__isnull=False, case_event__isnull=False,
    ).select_related("case_event__case", "earlier", "case")
    if since is not None:
        links = links.filter(created_at__gte=since)
    if until is not None:
        links = links.filter(created_at__lt=until)
    for link in links:
        evidence = []
        reply = _last_lead_reply(link.earlier_id)
        if reply is not None:
            evidence.append(evidence_of(reply, "reply"))
        closing = (
            CaseEvent.objects.filter(case_id=link.earlier_id, to_status="closed").exclude(from_status="closed")
            .select_related("case").order_by("-seq").first()
        )
        if closing is not None:
            evidence.append(evidence_of(closing, "closed"))
        registered = CaseEvent.objects.filter(case_id=link.case_id, verb="register").select_related("case").first()
        if registered is not None:
            evidence.append(evidence_of(registered, "came_back"))
        evidence.append(evidence_of(link.case_event, "repeat"))
        found.append(Found(AccountabilityKind.FAKE_CLOSURE, link.unit_id, link.case_event, evidence, link,
                           case_id=link.earlier_id))
    return found


def scan(*, since: dt.datetime | None = None, until: dt.datetime | None = None) -> ScanResult:
    """Derive records from the events in [since, until) (the whole timeline by default)."""
    result = ScanResult()
    found = [*_delays(since, until), *_buck_passing(since, until), *_fake_closures(since, until)]
    result.seen = len(found)
    by_kind: dict[str, list[Found]] = defaultdict(list)
    for item in found:
        by_kind[item.kind].append(item)
    now = clock.now()
    for kind, items in by_kind.items():
        with transaction.atomic():
            known = set(AccountabilityRecord.objects.filter(
                kind=kind, event_id__in=[i.event.pk for i in items],
            ).values_list("event_id", flat=True))
            fresh = [i for i in items if i.event.pk not in known]
            AccountabilityRecord.objects.bulk_create([
                AccountabilityRecord(
                    kind=kind, unit_id=i.unit_id, case_id=i.case_id or i.event.case_id, event=i.event,
                    repeat_link=i.repeat_link, occurred_at=i.event.at, evidence=i.evidence, found_at=now,
                ) for i in fresh
            ], ignore_conflicts=True)  # a scan running at the same time may have added some
        if fresh:
            result.created[kind] += len(fresh)
    return result


def records(start: dt.datetime | None = None, end: dt.datetime | None = None, *,
            unit: Unit | None = None) -> QuerySet[AccountabilityRecord]:
    """Records whose failing happened in [start, end), for a unit and the units under it."""
    qs = AccountabilityRecord.objects.all()
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    if end is not None:
        qs = qs.filter(occurred_at__lt=end)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def counts_by_unit(start: dt.datetime, end: dt.datetime, *, unit: Unit | None = None) -> dict[int, Counter]:
    """{unit id: Counter(kind → number of records)} for assessment."""
    out: dict[int, Counter] = defaultdict(Counter)
    for unit_id, kind in records(start, end, unit=unit).values_list("unit_id", "kind"):
        out[unit_id][kind] += 1
    return dict(out)


def decide(record: AccountabilityRecord | int, *, actor: Actor, decision: str, note: str = "") -> AccountabilityRecord:
    """A supervisor or leader records what was decided (warning, notice of criticism...)."""
    if actor.role not in DECIDERS or actor.user is None:
        raise Forbidden()
    if decision not in Decision.values or decision == Decision.NONE:
        raise Invalid(_("Choose a decision."), field="decision")
    note = (note or "").strip()
    if len(note) > 2000:
        raise Invalid(_("Too long."), field="note")
    with transaction.atomic():
        pk = record.pk if isinstance(record, AccountabilityRecord) else record
        row = AccountabilityRecord.objects.select_for_update().get(pk=pk)
        row.decision, row.decision_note, row.decided_by, row.decided_at = decision, note, actor.user, clock.now()
        row.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return row
