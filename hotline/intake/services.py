"""Intake (受理): validate a request, place it, route it, register and dispatch it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Urgency
from hotline.cases.errors import Invalid
from hotline.cases.models import Case
from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.routing import rules

from . import territory


@dataclass
class Draft:
    channel: str
    case_type: str
    title: str
    content: str
    urgency: str = Urgency.NORMAL
    category_id: int | None = None
    address: str = ""
    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    citizen_name: str = ""
    citizen_phone: str = ""
    citizen_id_number: str = ""
    anonymous: bool = False
    confidential: bool = False
    dispatch: bool = True
    find_place: bool = True  # no place given: look for one in the address and text (territory.locate)


def _place(kind: str, pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, kind=kind, is_active=True).first()
    if unit is None:
        raise Invalid(_("No such place."), field=field)
    return unit


def resolve_place(draft: Draft) -> tuple[Unit | None, Unit | None, Unit | None]:
    """District, street and community, consistent with each other (parents filled in)."""
    district = _place(UnitKind.DISTRICT, draft.district_id, "district")
    street = _place(UnitKind.STREET, draft.street_id, "street")
    community = _place(UnitKind.COMMUNITY, draft.community_id, "community")
    if community is not None:
        parent = community.parent
        if street is not None and parent.pk != street.pk:
            raise Invalid(_("This community is not in that street."), field="community")
        street = street or parent
    if street is not None:
        if district is not None and street.parent_id != district.pk:
            raise Invalid(_("This street is not in that district."), field="street")
        district = district or street.parent
    return district, street, community


def take_in(actor: Actor, draft: Draft) -> tuple[Case, rules.Decision]:
    """Register a case and, when the catalogue names a lead unit, dispatch it at once."""
    category = None
    if draft.category_id is not None:
        category = Category.objects.filter(pk=draft.category_id, is_active=True).first()
        if category is None:
            raise Invalid(_("No such category."), field="category")
    district, street, community = resolve_place(draft)
    found = None
    if draft.find_place and not (district or street or community):
        found = territory.locate(address=draft.address, text=f"{draft.title}\n{draft.content}")
        if found.resolved:  # an ambiguous place is left for the agent or the centre to pick
            district, street, community = found.place.district, found.place.street, found.place.community
    decision = rules.decide(category, district=district, street=street)
    if found is not None and found.mentions:  # what was found, or why it was not used
        decision.reason = f"{found.note()} {decision.reason}"
    with transaction.atomic():
        case = workflow.register(
            actor,
            channel=draft.channel, case_type=draft.case_type, urgency=draft.urgency,
            category=category, title=draft.title, content=draft.content,
            address=draft.address, district=district, street=street, community=community,
            latitude=draft.latitude, longitude=draft.longitude,
            citizen_name=draft.citizen_name, citizen_phone=draft.citizen_phone,
            citizen_id_number=draft.citizen_id_number,
            anonymous=draft.anonymous, confidential=draft.confidential,
        )
        if draft.dispatch and decision.found:
            case = workflow.perform(
                case, "dispatch", actor=Actor.system(),
                lead_unit=decision.lead_unit, co_units=decision.co_units, reason=decision.reason,
            )
    if category is not None and case.category_id == category.pk:
        case.category = category  # already read above; the repeat check needs its path
    # The same caller or the same problem back after closure: linked and counted
    # against the unit that closed it (notes only; the new case is already safe).
    from hotline.supervision.repeats import detect_repeats

    detect_repeats(case)
    return case, decision
