"""The body each workflow verb takes over HTTP: one schema per verb of the transition table.

The workflow checks values again (it is the rule); these schemas make the API typed,
documented, and safe against input the layers below were never meant to see.
"""

from typing import Annotated

from pydantic import Field

from hotline.cases.choices import ArbitrationRuling, ReturnReason, Satisfaction
from hotline.cases.transitions import TRANSITIONS

from .schemas import Id, In, LongText, text

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
    to: text(40, 1)
    peer_name: text(100) = ""
    transfer_id: text(64) = ""
    reason: text(1000) = ""


class PeerUpdateIn(VerbIn):
    peer: text(40, 1)
    remote_status: text(20, 1)
    remote_verb: text(30) = ""
    remote_number: text(40) = ""
    note: text(5000) = ""
    at: text(40) = ""


class TransferExternalIn(VerbIn):
    to: text(10, 1)
    unit: Id
    matter: text(20) = ""
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
