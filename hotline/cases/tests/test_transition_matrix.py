"""Every verb × every state × every role, generated from the transition table.

For each combination the workflow must refuse a role the table does not list (403),
refuse a state the table does not list (409), and carry out what the table allows.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from hotline.cases import workflow
from hotline.cases.actors import CITIZEN, SYSTEM, Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, InvalidTransition
from hotline.cases.transitions import ALL_ROLES, TRANSITIONS, VERBS
from hotline.orgs.choices import Role
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def actor_for(city, role: str, *, co_handler: bool = False) -> Actor:
    if co_handler and role in {Role.HANDLER, Role.UNIT_LEADER}:
        return Actor.staff(city.urban_handler if role == Role.HANDLER else city.urban_leader)
    if role == CITIZEN:
        return Actor.citizen()
    if role == SYSTEM:
        return Actor.system()
    user = {
        Role.AGENT: city.agent, Role.DISPATCHER: city.dispatcher, Role.HANDLER: city.market_handler,
        Role.UNIT_LEADER: city.market_leader, Role.INSPECTOR: city.inspector,
        Role.SUPERVISOR: city.supervisor, Role.LEADER: city.leader, Role.AUDITOR: city.auditor,
        Role.ADMIN: city.admin,
    }[role]
    return Actor.staff(user)


def build(city, status: str, verb: str):
    """A case in `status`, made through real actions, ready for `verb`."""
    h = Actor.staff(city.market_handler)
    if status == Status.HANDLING and verb == "sign":
        # Once the lead has signed, only a co-handler still has something to sign.
        case = new_case(city, category=city.cat_noise, street=city.s11)
        return workflow.perform(case, "sign", actor=Actor.staff(city.s11_handler))
    if status == Status.REGISTERED:
        return new_case(city, dispatch=False)
    if status == Status.CLOSED and verb == "peer_update":
        # Only a case transferred to another platform hears back from it.
        case = new_case(city, dispatch=False)
        return workflow.perform(case, "transfer_out", actor=Actor.staff(city.dispatcher), to="city")
    case = new_case(city)
    if status == Status.DISPATCHED:
        return case
    if status == Status.RETURNED:
        return workflow.perform(case, "return", actor=h, reason="not_our_matter")
    if status == Status.MERGED:
        other = new_case(city)
        return workflow.perform(case, "merge", actor=Actor.staff(city.agent), into=other.number)
    case = workflow.perform(case, "sign", actor=h)
    if status == Status.HANDLING:
        if verb in {"approve_extension", "refuse_extension"}:
            case = workflow.perform(case, "request_extension", actor=h, days=3, reason="需要检测")
        return case
    case = workflow.perform(case, "reply", actor=h, reply="已处理完毕")
    if status == Status.REPLIED:
        return case
    assert status == Status.CLOSED
    return workflow.perform(case, "callback", actor=Actor.staff(city.agent), satisfaction="satisfied", resolved=True)


def data_for(city, verb: str) -> dict:
    return {
        "answer_on_spot": {"reply": "已当场解答"},
        "dispatch": {"lead_unit": city.market.pk},
        "return": {"reason": "not_our_matter"},
        "redispatch": {"lead_unit": city.urban.pk},
        "arbitrate": {"ruling": "unjustified", "note": "属于该单位职责"},
        "request_extension": {"days": 3, "reason": "需要现场勘查"},
        "approve_extension": {},
        "refuse_extension": {"note": "不符合延期条件"},
        "reply": {"reply": "已处理"},
        "callback": {"satisfaction": "satisfied", "resolved": True},
        "close": {"note": "无需回访"},
        "reopen": {"reason": "复核未解决"},
        "merge": {"into": new_case(city).number},
        "supplement": {"text": "补充：问题仍在持续"},
        "transfer_out": {"to": "city"},
        "peer_update": {"peer": "city", "remote_status": "handling"},
        "transfer_external": {"to": "110", "unit": city.police.pk, "matter": "police"},
    }.get(verb, {})


def outcome(city, case, verb: str, role: str) -> str:
    co_handler = verb == "sign" and case.status == Status.HANDLING
    try:
        with transaction.atomic():
            actor = actor_for(city, role, co_handler=co_handler)
            result = workflow.perform(case, verb, actor=actor, **data_for(city, verb))
            assert result.events.order_by("-seq").values_list("verb", flat=True).first() in {
                verb, "reopen", "merged_in"}
            raise Rollback
    except Rollback:
        return "done"
    except Forbidden:
        return "forbidden"
    except InvalidTransition:
        return "invalid_state"


@pytest.mark.parametrize("status", [s.value for s in Status])
def test_every_verb_and_role_in_state(city, status):
    mismatches = []
    cases = {}
    for verb in VERBS:
        rule = TRANSITIONS[verb]
        key = {"approve_extension": "ext", "refuse_extension": "ext", "sign": "sign",
               "peer_update": "peer"}.get(verb, "plain")
        if key not in cases:
            cases[key] = build(city, status, verb)
        case = cases[key]
        for role in ALL_ROLES:
            expected = (
                "forbidden" if role not in rule.roles
                else "invalid_state" if status not in rule.sources
                else "done"
            )
            got = outcome(city, case, verb, role)
            if got != expected:
                mismatches.append((verb, role, expected, got))
    assert mismatches == []


def test_unit_verbs_refuse_a_unit_that_holds_no_assignment(city):
    case = new_case(city)
    with pytest.raises(Forbidden):
        workflow.perform(case, "sign", actor=Actor.staff(city.urban_handler))
    with pytest.raises(Forbidden):
        workflow.perform(case, "return", actor=Actor.staff(city.urban_handler), reason="not_our_matter")
