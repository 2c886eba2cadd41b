"""The body each workflow verb takes over HTTP: one schema per verb of the transition table.

The workflow checks values again (it is the rule); these schemas make the API typed,
documented, and safe against input the layers below were never meant to see.

Most verbs are one workflow step. A transfer is more: `transfer_out` goes through
`exchange.actions.transfer_case` (the peer checked, a `Transfer` recorded, the case queued
for delivery) and `transfer_external` through `emergency.linkage.transfer_to_external` (the
110/119/120/122 unit found, an `ExternalTransfer` kept, the first-receiver rule applied).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from hotline.cases import access, workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import ArbitrationRuling, ReturnReason, Satisfaction
from hotline.cases.errors import Invalid
from hotline.cases.models import Case
from hotline.cases.transitions import TRANSITIONS
from hotline.emergency import linkage
from hotline.emergency.models import Matter
from hotline.exchange.actions import transfer_case
from hotline.exchange.models import Peer

from . import present
from .errors import error_body
from .schemas import Id, In, LongText, text

if TYPE_CHECKING:
    from hotline.orgs.models import User

UnitIn = Annotated[Id | text(40, 1), Field(description="A unit's id or code.")]
Units = Annotated[list[UnitIn], Field(max_length=20)]
Days = Annotated[int, Field(strict=True, ge=1, le=30, description="Working days.")]
CaseNumber = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z-]+$")]


class VerbIn(In):
    version: Id | None = Field(None, description="The version you saw; a stale one is refused with 409.")


class AnswerOnSpotIn(VerbIn):
    reply: text(10_000, 1)


class DispatchIn(VerbIn):
    lead_unit: UnitIn
    co_units: Units = []
    instructions: text(5000) = ""
    reason: text(500) = ""


class SignIn(VerbIn):
    pass


class ReturnIn(VerbIn):
    reason: ReturnReason
    note: text(1000) = ""


class RedispatchIn(VerbIn):
    lead_unit: UnitIn
    co_units: Units = []
    instructions: text(5000) = ""
    note: text(1000) = ""


class ArbitrateIn(VerbIn):
    ruling: ArbitrationRuling
    lead_unit: UnitIn | None = None
    co_units: Units = []
    note: text(2000, 1)


class RequestExtensionIn(VerbIn):
    days: Days
    reason: text(1000, 1)


class ApproveExtensionIn(VerbIn):
    days: Days | None = None
    note: text(1000) = ""


class RefuseExtensionIn(VerbIn):
    note: text(1000, 1)


class ReplyIn(VerbIn):
    reply: LongText


class CallbackIn(VerbIn):
    satisfaction: Satisfaction
    resolved: bool | None = None
    note: text(2000) = ""


class CloseIn(VerbIn):
    note: text(1000, 1)


class ReopenIn(VerbIn):
    reason: text(1000, 1)


class MergeIn(VerbIn):
    into: CaseNumber
    note: text(1000) = ""


class SupplementIn(VerbIn):
    text: text(5000, 1)


class TransferOutIn(VerbIn):
    to: Annotated[text(40, 1), Field(description="The peer platform's code (an active peer).")]
    reason: text(1000) = ""


class PeerUpdateIn(VerbIn):
    peer: text(40, 1)
    remote_status: text(20, 1)
    remote_verb: text(30) = ""
    remote_number: text(40) = ""
    note: text(5000) = ""
    at: text(40) = ""


class TransferExternalIn(VerbIn):
    matter: Annotated[Matter, Field(description=(
        "police → 110, fire → 119, medical → 120, traffic → 122; `unclear` keeps the case here "
        "(first-receiver rule) and answers 409 `kept_by_first_receiver`."))]
    reason: text(1000) = ""


VERB_SCHEMAS: dict[str, type[VerbIn]] = {
    "answer_on_spot": AnswerOnSpotIn,
    "dispatch": DispatchIn,
    "sign": SignIn,
    "return": ReturnIn,
    "redispatch": RedispatchIn,
    "arbitrate": ArbitrateIn,
    "request_extension": RequestExtensionIn,
    "approve_extension": ApproveExtensionIn,
    "refuse_extension": RefuseExtensionIn,
    "reply": ReplyIn,
    "callback": CallbackIn,
    "close": CloseIn,
    "reopen": ReopenIn,
    "merge": MergeIn,
    "supplement": SupplementIn,
    "transfer_out": TransferOutIn,
    "peer_update": PeerUpdateIn,
    "transfer_external": TransferExternalIn,
}
assert set(VERB_SCHEMAS) == set(TRANSITIONS), "every workflow verb needs an API schema"


# --------------------------------------------------------------------------- actions

Act = Callable[[Case, str, "User", int | None, dict], tuple[int, dict]]


def perform_verb(case: Case, verb: str, user, version: int | None, data: dict) -> tuple[int, dict]:
    case = workflow.perform(case, verb, actor=Actor.staff(user), version=version, **data)
    return 200, present.detail(case, user)


def _transfer_out(case: Case, verb: str, user, version: int | None, data: dict) -> tuple[int, dict]:
    peer = Peer.objects.filter(code=data["to"], active=True).first()
    if peer is None:
        raise Invalid(_("No active peer platform has this code."), field="to", code="unknown_peer")
    transfer = transfer_case(case, peer, actor=Actor.staff(user), reason=data["reason"], version=version)
    return 200, present.detail(transfer.case, user)


def _transfer_external(case: Case, verb: str, user, version: int | None, data: dict) -> tuple[int, dict]:
    try:
        linkage.transfer_to_external(case, actor=Actor.staff(user), matter=data["matter"],
                                     reason=data["reason"], version=version)
    except linkage.Kept:
        # Not an error to roll back: the refusal and its reason stay on the case's record.
        return 409, error_body("kept_by_first_receiver", _(
            "Responsibility is unclear: the case stays here (the first platform to receive it keeps it)."))
    return 200, present.detail(access.case_for(user, case.number), user)


VERB_ACTIONS: dict[str, Act] = {"transfer_out": _transfer_out, "transfer_external": _transfer_external}
