"""Assessment facts: one `AssignmentFact` per (case, dispatch round, unit), from the timeline.

Public API (names are stable; `hotline.analytics` reads them):

- `facts_from_events(case, events, *, complexity=None, category_top_id=None) -> list[AssignmentFact]`
  pure replay of one case's events (ordered by seq) into unsaved facts;
- `refresh_case(case_id) -> int` recompute and store one case's facts (number stored);
- `rebuild_facts(cases=None, *, chunk=500) -> int` recompute the facts of the given cases
  (a queryset, ids or Case objects; all cases when None) from their events;
- `check_facts(cases=None, *, chunk=500) -> list[int]` the ids of cases whose stored facts
  differ from a recomputation (`hotline assessment_facts check`);
- `exclude_case` / `include_case` live in `actions.py`.

How the timeline becomes facts (`facts_from_events`):
- `dispatch`, `redispatch`, `arbitrate`, `reopen` (with a lead) open a round: one fact for
  the lead and one per co-handler, dispatched at the event's time, with the round's
  sign-for and reply deadlines from the event. Facts of earlier rounds still active are
  cancelled (as the workflow cancels their assignments).
- `sign` / `return` by a unit: its response time (`signed_in_time` = responded by the
  sign-for deadline). `return` ends its round (`returned`); an `arbitrate` ruling the
  return unjustified marks that fact `unjustified_return`.
- `approve_extension`: the current lead fact is `extended` and gets the new deadline.
- `reply`: `completed_in_time` = replied by the (extended) deadline; `handling_seconds`.
- `callback` (not "unreachable"): `resolved` and `satisfied` (satisfied or basically) on
  the lead fact that replied last; unresolved also marks it `fake_closure` (replied as
  done, not done). A later `reopen` marks that fact `reopened`.
- `second_callback` (the independent re-check, `callbacks.py`) finding the problem
  unresolved, and `repeated_by` with reason "same_problem" (the problem came back after
  closure) mark the last replying lead fact `fake_closure`.
- `repeat_of` (the case repeats a closed one) and `supervision_issued` make every fact of
  the case harder (`repeat`, `supervised`); `assessment_excluded` / `assessment_included`
  (the last one wins) set `excluded` (an unreasonable demand, listed for audit).
- `merge`, `transfer_out`, `transfer_external` cancel the active facts.
Category, channel and place are fixed at registration and read from the case.

Kept correct as cases change: `signals.py` refreshes a case's facts when one of the
events above is written, inside the same transaction as the event (under the case's
row lock that `workflow.perform` / `workflow.annotate` already hold), so the facts
commit or roll back with the event and two writers can never interleave a refresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from hotline import clock
from hotline.cases.choices import ArbitrationRuling, Satisfaction
from hotline.cases.models import Case, CaseEvent
from hotline.catalog.models import Category

from .models import AssignmentFact

ROUND_VERBS = frozenset({"dispatch", "redispatch", "arbitrate", "reopen"})
CANCEL_VERBS = frozenset({"merge", "transfer_out", "transfer_external"})
CASE_NOTES = frozenset({
    "repeat_of", "repeated_by", "supervision_issued", "assessment_excluded", "assessment_included",
    "second_callback",
})
# Events after which a case's facts are recomputed.
RELEVANT_VERBS = frozenset({
    *ROUND_VERBS, *CANCEL_VERBS, *CASE_NOTES,
    "sign", "return", "approve_extension", "reply", "callback",
})
FIELDS = [
    f.attname for f in AssignmentFact._meta.concrete_fields if f.attname != "id"
]


def _parse(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _top_id(category: Category | None) -> int | None:
    if category is None:
        return None
    ids = category.ancestor_ids()
    return ids[0] if ids else category.pk


def facts_from_events(case: Case, events: Iterable[CaseEvent], *, complexity: Decimal | None = None,
                      category_top_id: int | None = None) -> list[AssignmentFact]:
    """Replay one case's events (in seq order) into unsaved facts."""
    facts: list[AssignmentFact] = []
    current: dict[int, AssignmentFact] = {}  # unit id → fact of the current round
    last_lead_replied: AssignmentFact | None = None
    repeat = supervised = excluded = False
    base = {
        "case_id": case.pk, "category_id": case.category_id, "category_top_id": category_top_id,
        "district_id": case.district_id, "street_id": case.street_id, "community_id": case.community_id,
        "channel": case.channel, "complexity": complexity if complexity is not None else Decimal("1"),
    }

    def end_active(at: dt.datetime) -> None:
        for fact in current.values():
            if fact.active:
                fact.active, fact.cancelled, fact.ended_at = False, True, at

    def respond(fact: AssignmentFact, at: dt.datetime) -> None:
        if fact.responded_at is None:
            fact.responded_at = at
            fact.signed_in_time = fact.sign_due_at is None or at <= fact.sign_due_at

    for event in events:
        verb, data, at = event.verb, event.data or {}, event.at
        if verb in ROUND_VERBS:
            if verb == "reopen" and last_lead_replied is not None:
                last_lead_replied.reopened = True
            if verb == "arbitrate" and data.get("ruling") == ArbitrationRuling.UNJUSTIFIED:
                returned = [f for f in facts if f.returned and f.unit_id == data.get("returned_by")]
                if returned:
                    returned[-1].unjustified_return = True
            if not data.get("lead_unit"):
                continue  # a reopen with no earlier lead goes back to registration
            end_active(at)
            units = [(data["lead_unit"], True), *[(u, False) for u in data.get("co_units") or []]]
            current = {}
            for unit_id, is_lead in units:
                fact = AssignmentFact(
                    **base, unit_id=unit_id, round=int(data.get("round") or 1), is_lead=is_lead,
                    period=at.astimezone(clock.LOCAL_TZ).date(), dispatched_at=at,
                    sign_due_at=_parse(data.get("sign_due_at")), due_at=_parse(data.get("due_at")),
                    units_involved=len(units), first_for_unit=not any(f.unit_id == unit_id for f in facts),
                )
                current[unit_id] = fact
                facts.append(fact)
        elif verb == "sign":
            fact = current.get(event.actor_unit_id)
            if fact is not None:
                respond(fact, at)
        elif verb == "return":
            fact = current.get(data.get("unit") or event.actor_unit_id)
            if fact is not None:
                respond(fact, at)
                fact.returned, fact.active, fact.ended_at = True, False, at
        elif verb == "approve_extension":
            lead = next((f for f in current.values() if f.is_lead), None)
            if lead is not None:
                lead.extended = True
                lead.due_at = _parse(data.get("due_at")) or lead.due_at
        elif verb == "reply":
            fact = current.get(event.actor_unit_id)
            if fact is not None and fact.replied_at is None:
                respond(fact, at)
                fact.replied_at, fact.active, fact.ended_at = at, False, at
                fact.completed_in_time = fact.due_at is None or at <= fact.due_at
                fact.handling_seconds = max(0, int((at - fact.dispatched_at).total_seconds()))
                if fact.is_lead:
                    last_lead_replied = fact
        elif verb == "callback":
            if data.get("satisfaction") == Satisfaction.UNREACHABLE or last_lead_replied is None:
                continue
            resolved = data.get("resolved")
            last_lead_replied.resolved = resolved if isinstance(resolved, bool) else None
            last_lead_replied.satisfied = data.get("satisfaction") in {Satisfaction.SATISFIED, Satisfaction.BASIC}
            if resolved is False:
                last_lead_replied.fake_closure = True
        elif verb in CANCEL_VERBS:
            end_active(at)
        elif verb == "second_callback":
            if data.get("resolved") is False and last_lead_replied is not None:
                last_lead_replied.fake_closure = True
        elif verb == "repeated_by":
            if data.get("reason") == "same_problem" and last_lead_replied is not None:
                last_lead_replied.fake_closure = True
        elif verb == "repeat_of":
            repeat = True
        elif verb == "supervision_issued":
            supervised = True
        elif verb == "assessment_excluded":
            excluded = True
        elif verb == "assessment_included":
            excluded = False
    for fact in facts:
        fact.repeat, fact.supervised, fact.excluded = repeat, supervised, excluded
    return facts


def _categories() -> dict[int, tuple[Decimal, int | None]]:
    return {c.pk: (c.complexity, _top_id(c)) for c in Category.objects.only("pk", "path", "complexity")}


def _compute(cases: list[Case], events: dict[int, list[CaseEvent]],
             categories: dict[int, tuple[Decimal, int | None]]) -> list[AssignmentFact]:
    out: list[AssignmentFact] = []
    for case in cases:
        complexity, top = categories.get(case.category_id, (Decimal("1"), None))
        out.extend(facts_from_events(case, events.get(case.pk, []), complexity=complexity, category_top_id=top))
    return out


def _store(case_ids: list[int], facts: list[AssignmentFact]) -> None:
    AssignmentFact.objects.filter(case_id__in=case_ids).delete()
    AssignmentFact.objects.bulk_create(facts, batch_size=1000)


def _load_events(case_ids: list[int]) -> dict[int, list[CaseEvent]]:
    events: dict[int, list[CaseEvent]] = {}
    qs = (CaseEvent.objects.filter(case_id__in=case_ids, verb__in=RELEVANT_VERBS)
          .only("case_id", "seq", "verb", "at", "actor_unit_id", "data").order_by("case_id", "seq"))
    for event in qs:
        events.setdefault(event.case_id, []).append(event)
    return events


CASE_COLUMNS = ("pk", "category_id", "district_id", "street_id", "community_id", "channel")


def refresh_case(case_id: int) -> int:
    """Recompute one case's facts from its events and store them. Returns how many.

    Four queries: the case with its category, its events, a delete and an insert; inside
    the caller's transaction when there is one (no savepoint), else in its own.
    """
    case = (Case.objects.select_related("category").only(*CASE_COLUMNS, "category__path", "category__complexity")
            .filter(pk=case_id).first())
    if case is None:
        return 0
    category = case.category
    cats = {category.pk: (category.complexity, _top_id(category))} if category else {}
    facts = _compute([case], _load_events([case.pk]), cats)
    with transaction.atomic(savepoint=False):
        _store([case.pk], facts)
    return len(facts)


def _case_ids(cases) -> list[int]:
    if cases is None:
        return list(Case.objects.order_by("pk").values_list("pk", flat=True))
    if isinstance(cases, QuerySet):
        return list(cases.order_by("pk").values_list("pk", flat=True))
    return [c.pk if isinstance(c, Case) else int(c) for c in cases]


def _rows(facts: Iterable[AssignmentFact]) -> list[tuple]:
    return sorted(([getattr(f, name) for name in FIELDS] for f in facts), key=repr)


def check_facts(cases: QuerySet[Case] | Iterable | None = None, *, chunk: int = 500) -> list[int]:
    """Ids of cases whose stored facts are not what their events say (nothing is written)."""
    categories = _categories()
    ids = _case_ids(cases)
    wrong: list[int] = []
    for i in range(0, len(ids), chunk):
        batch = ids[i:i + chunk]
        fresh: dict[int, list[AssignmentFact]] = {}
        for fact in _compute(list(Case.objects.only(*CASE_COLUMNS).filter(pk__in=batch)), _load_events(batch),
                             categories):
            fresh.setdefault(fact.case_id, []).append(fact)
        stored: dict[int, list[AssignmentFact]] = {}
        for fact in AssignmentFact.objects.filter(case_id__in=batch):
            stored.setdefault(fact.case_id, []).append(fact)
        for case_id in batch:
            if _rows(fresh.get(case_id, [])) != _rows(stored.get(case_id, [])):
                wrong.append(case_id)
    return wrong


def rebuild_facts(cases: QuerySet[Case] | Iterable | None = None, *, chunk: int = 500) -> int:
    """Recompute the facts of `cases` (all when None) from their events. Returns rows stored.

    Each chunk of cases is locked and replaced in its own transaction, so a rebuild of a
    million cases does not hold one huge transaction, verbs on those cases wait for it
    instead of being overwritten, and running it twice stores the same rows.
    """
    ids_iter = _case_ids(cases)
    categories = _categories()
    stored = 0
    batch: list[int] = []

    def flush() -> int:
        with transaction.atomic():
            # The cases' row locks keep a verb from slipping in between reading the
            # events and storing the facts (the live refresh holds the same lock).
            rows = list(Case.objects.select_for_update().only(*CASE_COLUMNS).filter(pk__in=batch).order_by("pk"))
            facts = _compute(rows, _load_events(batch), categories)
            _store(batch, facts)
        return len(facts)

    for pk in ids_iter:
        batch.append(pk)
        if len(batch) >= chunk:
            stored += flush()
            batch = []
    if batch:
        stored += flush()
    return stored


def snapshot(cases: Iterable[int] | None = None) -> list[tuple]:
    """The stored facts as sorted tuples of every column but the id (for comparisons)."""
    qs = AssignmentFact.objects.all()
    if cases is not None:
        qs = qs.filter(case_id__in=list(cases))
    return sorted(qs.values_list(*FIELDS), key=repr)
