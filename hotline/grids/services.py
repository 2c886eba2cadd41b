"""An inspector's report from the street: take it in, route it, verify it, reward it.

Routing (digital urban management, 数字城管):
1. a *simple* problem (the catalogue says so) goes to the community work station of the
   inspector's grid — the community is dispatched directly;
2. a *component* (manhole cover, street light, hydrant...) goes to its owner unit first;
3. an *event* (illegal parking, street vending...) — or a component without an owner on
   file — goes to the territory first: the street office the grid lies in;
4. when none of these is known the case stays registered for the centre's dispatchers.

A verified report whose hazard is confirmed earns the inspector one `RewardRecord`
(amount from the catalogue entry, or `HOTLINE_GRID_HAZARD_REWARD` yuan).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.console import attachments
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User

from .models import GridReport, ItemKind, RewardRecord, UrbanItem

VERIFIERS = {Role.DISPATCHER, Role.SUPERVISOR, Role.UNIT_LEADER}


@dataclass(frozen=True)
class Route:
    unit: Unit | None
    route: str  # "community", "owner", "territory" or "centre"


def place_of(inspector: User) -> tuple[Unit | None, Unit | None]:
    """(grid, community) of an inspector."""
    unit = inspector.unit
    if unit is None:
        return None, None
    if unit.kind == UnitKind.GRID:
        parent = unit.parent
        return unit, parent if parent is not None and parent.kind == UnitKind.COMMUNITY else None
    if unit.kind == UnitKind.COMMUNITY:
        return None, unit
    return None, None


def decide(item: UrbanItem, community: Unit | None) -> Route:
    """Pure routing: where a report of `item` found in `community` goes first."""
    if item.simple and community is not None:
        return Route(community, "community")
    if item.kind == ItemKind.COMPONENT and item.owner_id and item.owner.is_active:
        return Route(item.owner, "owner")
    street = community.parent if community is not None else None
    if street is not None and street.kind == UnitKind.STREET:
        return Route(street, "territory")
    return Route(None, "centre")


def _coordinate(value, name: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give a number."), field=name) from None
    if not number.is_finite() or abs(number) > limit:
        raise Invalid(_("Give a number."), field=name)
    return number.quantize(Decimal("0.000001"))


def report(inspector: User, *, item: UrbanItem, description: str, photos, latitude=None, longitude=None,
           address: str = "") -> GridReport:
    """Register the inspector's report as a case (channel `grid`), attach the photos, route it."""
    if inspector.role != Role.INSPECTOR:
        raise Forbidden()
    if not item.is_active:
        raise Invalid(_("Choose a component or event."), field="item")
    photos = [p for p in photos if p]
    if not photos:
        raise Invalid(_("Take at least one photo."), field="attachments")
    checked = attachments.check(photos, images_only=True)
    grid, community = place_of(inspector)
    lat, lng = _coordinate(latitude, "latitude", 90), _coordinate(longitude, "longitude", 180)
    route = decide(item, community)
    actor = Actor.staff(inspector)
    description = (description or "").strip()
    title = f"{item.name}：{address.strip()}" if address.strip() else item.name
    with transaction.atomic():
        case, _decision = take_in(actor, Draft(
            channel=Channel.GRID, case_type=CaseType.REPORT, title=title[:200],
            content=description or item.name, category_id=item.category_id, address=address.strip()[:255],
            community_id=community.pk if community else None, latitude=lat, longitude=lng, dispatch=False,
        ))
        attachments.store(case, checked, user=inspector)
        if route.unit is not None:
            case = workflow.perform(case, "dispatch", actor=Actor.system(), lead_unit=route.unit,
                                    reason=f"grid:{route.route}:{item.code}")
        return GridReport.objects.create(case=case, inspector=inspector, grid=grid, item=item,
                                         routed_to=route.unit, route=route.route, reported_at=clock.now())


def verify(grid_report: GridReport, *, by: User, hazard: bool, note: str = "") -> RewardRecord | None:
    """Confirm (or not) that the reported hazard was real; a confirmed hazard earns a reward once."""
    if not (by.is_superuser or by.role in VERIFIERS):
        raise Forbidden()
    if by.role == Role.UNIT_LEADER and by.unit_id != grid_report.routed_to_id:
        raise Forbidden()
    with transaction.atomic():
        locked = GridReport.objects.select_for_update().select_related("item", "case").get(pk=grid_report.pk)
        if locked.verified_at is not None:
            raise InvalidTransition(_("This report has already been verified."))
        now = clock.now()
        locked.verified_at, locked.verified_by, locked.hazard_confirmed = now, by, hazard
        locked.save(update_fields=["verified_at", "verified_by", "hazard_confirmed"])
        reward = None
        if hazard:
            amount = locked.item.reward or Decimal(str(getattr(settings, "HOTLINE_GRID_HAZARD_REWARD", 50)))
            reward = RewardRecord.objects.create(inspector=locked.inspector, case=locked.case, amount=amount,
                                                 verified_by=by, created_at=now)
        workflow.annotate(locked.case, "grid_verified", actor=Actor.staff(by), data={
            "hazard": hazard, "reward": str(reward.amount) if reward else None, "note": (note or "")[:500]})
    grid_report.refresh_from_db()
    return reward


def catalogue():
    items = list(UrbanItem.objects.filter(is_active=True).select_related("owner").order_by("kind", "name"))
    return [(str(label), [i for i in items if i.kind == kind]) for kind, label in ItemKind.choices]
