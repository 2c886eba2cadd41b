"""The transition table: which verb may be done from which state, by which role.

This table is the single source of truth for permissions on the workflow; the tests
walk every verb × state × role against it. `scope` says what else must hold:
- "centre": the centre's own staff (roles already imply it);
- "assignee": the actor's unit holds an active assignment on the case (lead or co);
- "lead": the actor's unit holds the active lead assignment.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.orgs.choices import Role

from .actors import CITIZEN, SYSTEM
from .choices import Status as S

UNIT = frozenset({Role.HANDLER, Role.UNIT_LEADER})
OPEN_BEFORE_REPLY = frozenset({S.REGISTERED, S.DISPATCHED, S.HANDLING, S.RETURNED})


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    roles: frozenset[str]
    scope: str = "centre"
    # The usual target; some verbs decide at run time (callback, co-handlers' sign/reply).
    target: str | None = None


TRANSITIONS: dict[str, Transition] = {
    "answer_on_spot": Transition(frozenset({S.REGISTERED}), frozenset({Role.AGENT, Role.DISPATCHER}), target=S.REPLIED),
    "dispatch": Transition(frozenset({S.REGISTERED}), frozenset({Role.AGENT, Role.DISPATCHER, SYSTEM}), target=S.DISPATCHED),
    "sign": Transition(frozenset({S.DISPATCHED, S.HANDLING}), UNIT, scope="assignee", target=S.HANDLING),
    "return": Transition(frozenset({S.DISPATCHED, S.HANDLING}), UNIT, scope="lead", target=S.RETURNED),
    "redispatch": Transition(frozenset({S.RETURNED}), frozenset({Role.DISPATCHER}), target=S.DISPATCHED),
    "arbitrate": Transition(frozenset({S.RETURNED}), frozenset({Role.DISPATCHER, Role.SUPERVISOR}), target=S.DISPATCHED),
    "request_extension": Transition(frozenset({S.HANDLING}), UNIT, scope="lead"),
    "approve_extension": Transition(frozenset({S.HANDLING}), frozenset({Role.DISPATCHER})),
    "refuse_extension": Transition(frozenset({S.HANDLING}), frozenset({Role.DISPATCHER})),
    "reply": Transition(frozenset({S.HANDLING}), UNIT, scope="assignee", target=S.REPLIED),
    "callback": Transition(frozenset({S.REPLIED}), frozenset({Role.AGENT, Role.DISPATCHER, CITIZEN})),
    "close": Transition(frozenset({S.REPLIED}), frozenset({Role.DISPATCHER}), target=S.CLOSED),
    "reopen": Transition(frozenset({S.REPLIED, S.CLOSED}), frozenset({Role.DISPATCHER, Role.SUPERVISOR}), target=S.DISPATCHED),
    "merge": Transition(OPEN_BEFORE_REPLY, frozenset({Role.AGENT, Role.DISPATCHER}), target=S.MERGED),
    "supplement": Transition(
        frozenset({*OPEN_BEFORE_REPLY, S.REPLIED}),
        frozenset({Role.AGENT, Role.DISPATCHER, CITIZEN}),
    ),
    # Handed over to another instance of the platform (hotline.exchange): the case is
    # closed here, with the peer named on the event; the peer's progress flows back as
    # `peer_update` events that do not change the status.
    "transfer_out": Transition(frozenset({S.REGISTERED, S.RETURNED}), frozenset({Role.AGENT, Role.DISPATCHER}), target=S.CLOSED),
    "peer_update": Transition(frozenset({S.CLOSED}), frozenset({SYSTEM})),
    # A police, fire, ambulance or traffic matter handed to 110/119/120/122 (hotline.emergency.linkage).
    "transfer_external": Transition(frozenset({S.REGISTERED, S.DISPATCHED, S.RETURNED}), frozenset({Role.AGENT, Role.DISPATCHER}), target=S.CLOSED),
}

VERBS = tuple(TRANSITIONS)
ALL_ROLES = (*[r.value for r in Role], CITIZEN, SYSTEM)


def allowed(verb: str, status: str, role: str) -> bool:
    rule = TRANSITIONS.get(verb)
    return rule is not None and status in rule.sources and role in rule.roles
