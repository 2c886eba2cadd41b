"""What the API takes and gives, as typed schemas (these are also the OpenAPI document).

Input schemas forbid unknown fields, bound every string, and refuse characters no
database or person should receive (NUL, other control characters, lone surrogates), so
that bad input is a 4xx naming the field, never a 500 from the layers below.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from hotline.cases.choices import CaseType, Channel, Satisfaction, Urgency

_BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_ID = 2**63 - 1


def clean_text(value: str) -> str:
    if _BAD_CHARACTERS.search(value):
        raise PydanticCustomError("bad_characters", "contains characters that are not allowed")
    return value


def text(max_length: int, min_length: int = 0):
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(clean_text)]


# JSON ids are strict (no true, 1.0 or "1"); query-string ids arrive as text.
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
Title = text(200, 1)
Content = text(settings.HOTLINE_MAX_TEXT, 1)
LongText = text(settings.HOTLINE_MAX_TEXT)
Note = text(2000)
Phone = Annotated[str, Field(max_length=30, pattern=r"^(\+?[0-9][0-9 ()-]{1,28})?$")]
IdNumber = Annotated[str, Field(max_length=30, pattern=r"^[0-9A-Za-z]*$")]
Latitude = Annotated[Decimal, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180, allow_inf_nan=False)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- input


class CitizenIn(In):
    name: text(60) = ""
    phone: Phone = ""
    id_number: IdNumber = ""
    anonymous: bool = False
    confidential: bool = False


class PlaceFields(In):
    address: text(255) = ""
    district: Id | None = None
    street: Id | None = None
    community: Id | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class CaseIn(PlaceFields):
    """A case registered by staff (an agent, a dispatcher or a grid inspector)."""

    channel: Channel = Channel.API
    case_type: CaseType
    urgency: Urgency = Urgency.NORMAL
    category: Id | None = None
    title: Title
    content: Content
    citizen: CitizenIn | None = None
    dispatch: bool = Field(True, description="Dispatch at once when the catalogue names a lead unit.")


class PublicCaseIn(PlaceFields):
    """A request from a citizen, without login. Routing and urgency are the centre's business."""

    case_type: CaseType
    category: Id | None = None
    title: Title
    content: Content
    citizen: CitizenIn | None = None


class RevealIn(In):
    reason: text(200, 2)
    fields: list[Literal["name", "phone", "id_number"]] = Field(default=["name", "phone"], max_length=3)


# --------------------------------------------------------------------------- output


class Ref(Schema):
    id: int
    name: str


class RoutingOut(Schema):
    found: bool
    reason: str
    lead_unit: Ref | None
    co_units: list[Ref]


class CaseSummary(Schema):
    number: str
    title: str
    status: str
    status_label: str
    case_type: str
    urgency: str
    channel: str
    category: Ref | None
    lead_unit: Ref | None
    registered_at: dt.datetime
    due_at: dt.datetime | None
    overdue: bool
    version: int


class CaseCreated(CaseSummary):
    query_code: str
    sign_due_at: dt.datetime | None
    due_estimated: bool
    routing: RoutingOut


class CitizenOut(Schema):
    name: str
    phone: str
    id_number: str
    anonymous: bool
    confidential: bool
    hidden: bool


class EventOut(Schema):
    seq: int
    verb: str
    at: dt.datetime
    actor: str | None
    actor_role: str
    actor_unit: Ref | None
    from_status: str
    to_status: str
    data: dict[str, Any]


class AssignmentOut(Schema):
    id: int
    unit: Ref
    role: str
    status: str
    round: int
    dispatched_at: dt.datetime
    sign_due_at: dt.datetime | None
    due_at: dt.datetime | None
    signed_at: dt.datetime | None
    replied_at: dt.datetime | None
    reply: str
    returned_at: dt.datetime | None
    return_reason: str
    return_note: str
    instructions: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int = Field(description="Bytes.")
    content_type: str
    uploaded_at: dt.datetime
    uploaded_by: str | None
    url: str = Field(description="Download with a signed-in session (the case page's scoped file view).")


class CaseDetail(CaseSummary):
    content: str
    address: str
    district: Ref | None
    street: Ref | None
    community: Ref | None
    latitude: float | None
    longitude: float | None
    citizen: CitizenOut
    sign_due_at: dt.datetime | None
    due_estimated: bool
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    resolved: bool | None
    satisfaction: str
    reopen_count: int
    extension_pending: bool
    merged_into: str | None
    events: list[EventOut]
    assignments: list[AssignmentOut]
    attachments: list[AttachmentOut]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[CaseSummary]


class RevealOut(Schema):
    name: str
    phone: str
    id_number: str


class PublicCreated(Schema):
    number: str
    query_code: str
    status: str
    status_label: str
    registered_at: dt.datetime
    message: str


class PublicStep(Schema):
    at: dt.datetime
    verb: str
    label: str
    status: str
    status_label: str
    unit: str | None = None
    text: str | None = None


class PublicTrack(Schema):
    number: str
    status: str
    status_label: str
    progress: str
    category: str | None
    registered_at: dt.datetime
    due_at: dt.datetime | None
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    satisfaction: Satisfaction | Literal[""]
    timeline: list[PublicStep]


class ErrorField(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[ErrorField]


class ErrorOut(Schema):
    error: ErrorBody
