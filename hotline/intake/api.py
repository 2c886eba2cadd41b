"""API: what the text of a draft case suggests (category, confidence, words, lead unit).

    POST /api/v1/intake/suggestion  {"title", "content", "category"?, "district"?, "street"?}
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from hotline.api.auth import BearerToken
from hotline.api.schemas import Content, ErrorOut, Id, In, Ref, Title
from hotline.cases.errors import Forbidden, Invalid
from hotline.catalog.models import Category
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit

from . import suggest as suggesting

router = Router(auth=BearerToken(), tags=["intake"])
ROLES = {Role.AGENT, Role.DISPATCHER, Role.INSPECTOR}


class SuggestionIn(In):
    title: Title
    content: Content
    category: Id | None = None
    district: Id | None = None
    street: Id | None = None


class SuggestedOut(Schema):
    category: Ref | None
    label: str
    path: list[str]
    confidence: float
    is_confident: bool
    words: list[str]
    alternatives: list[tuple[str, float]]
    model_version: str
    reason: str


class SuggestionOut(Schema):
    suggestion: SuggestedOut
    from_suggestion: bool
    category: Ref | None
    lead_unit: Ref | None
    co_units: list[Ref]
    reason: str
    rule_reason: str


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _unit(pk: int | None, kind: str, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, kind=kind, is_active=True).first()
    if unit is None:
        raise Invalid(_("No such place."), field=field)
    return unit


@router.post("/suggestion", response={200: SuggestionOut, **{c: ErrorOut for c in (400, 401, 403, 413, 422, 429, 503)}},
             summary="Suggest a category and lead unit from the text")
def suggestion(request: HttpRequest, payload: SuggestionIn):
    """The classifier's category with its confidence and the words that drove it, and the
    lead unit the responsibility rules give for it. Below `HOTLINE_CLASSIFIER_MIN_CONFIDENCE`
    (or with no model) the suggestion is not used: `from_suggestion` is false and `reason` says why.
    A `category` you send wins over the suggestion. Nothing is stored."""
    if request.auth.role not in ROLES:
        raise Forbidden(_("Your role may not register cases."))
    chosen = None
    if payload.category is not None:
        chosen = Category.objects.filter(pk=payload.category, is_active=True).first()
        if chosen is None:
            raise Invalid(_("No such category."), field="category")
    routing = suggesting.route(
        payload.title, payload.content, chosen=chosen,
        district=_unit(payload.district, UnitKind.DISTRICT, "district"),
        street=_unit(payload.street, UnitKind.STREET, "street"),
    )
    s, d = routing.suggestion, routing.decision
    return {
        "suggestion": {
            "category": _ref(s.category), "label": s.label, "path": s.path,
            "confidence": round(s.confidence, 4), "is_confident": s.is_confident,
            "words": [w for w, _weight in s.top_words], "alternatives": s.alternatives,
            "model_version": s.model_version, "reason": str(s.reason),
        },
        "from_suggestion": routing.from_suggestion, "category": _ref(routing.category),
        "lead_unit": _ref(d.lead_unit), "co_units": [_ref(u) for u in d.co_units],
        "reason": str(routing.reason), "rule_reason": str(d.reason),
    }
