"""What the centre may send to a case from its page: a partner provider's service, volunteers,
mediation. Resolves the submitted choices and calls the actions in `providers`, `volunteers`
and `mediation`.

A provider serves the territory its unit hangs under (the nearest district, street or
community above it); one hung under the city or the centre serves the whole city. Only
active providers with a contract in force are offered.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.errors import Invalid
from hotline.cases.models import Case
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from . import mediation, providers, volunteers
from .models import (
    DisputeKind,
    Mediation,
    ProviderOrder,
    ProviderStatus,
    ServiceOffer,
    Volunteer,
    VolunteerTask,
)


def place_of(case: Case) -> Unit | None:
    return case.community or case.street or case.district


def area_of(provider) -> Unit | None:
    """The territory the provider serves (None: the whole city)."""
    ids = provider.unit.ancestor_ids()[:-1]
    territory = {u.pk: u for u in Unit.objects.filter(pk__in=ids, kind__in=UnitKind.territorial())}
    for pk in reversed(ids):
        if pk in territory:
            return territory[pk] if territory[pk].kind != UnitKind.CITY else None
    return None


def offers_for(place: Unit | None, *, service: str = "") -> list[ServiceOffer]:
    """Offers that may be ordered for a place, optionally narrowed to a service name or skill."""
    today = clock.today()
    wanted = (service or "").strip()
    offers = (ServiceOffer.objects.filter(provider__status=ProviderStatus.ACTIVE, provider__unit__is_active=True)
              .select_related("provider__unit").order_by("provider__unit__name", "name"))
    areas: dict[int, Unit | None] = {}
    found = []
    for offer in offers:
        provider = offer.provider
        if not providers.in_contract(provider, today):
            continue
        if provider.pk not in areas:
            areas[provider.pk] = area_of(provider)
        area = areas[provider.pk]
        if area is not None and (place is None or not place.is_within(area)):
            continue
        if wanted and wanted not in offer.name and wanted not in offer.skills:
            continue
        found.append(offer)
    return found


def _pk(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def order_service(case: Case, offer_id, *, actor: Actor, price="") -> ProviderOrder:
    """Order one of the offers available at the case's place, at the quoted price."""
    pk = _pk(offer_id)
    offer = next((o for o in offers_for(place_of(case)) if o.pk == pk), None) if pk else None
    if offer is None:
        raise Invalid(_("Choose a service offered at this case's place."), field="offer")
    return providers.dispatch_order(case, offer.provider, actor=actor, offer=offer, price=price)


def send_volunteers(case: Case, volunteer_ids, *, actor: Actor) -> list[VolunteerTask]:
    ids = {pk for pk in (_pk(v) for v in volunteer_ids) if pk}
    chosen = list(Volunteer.objects.filter(pk__in=ids).select_related("team").order_by("name")) if ids else []
    if len(chosen) != len(ids):
        raise Invalid(_("Choose at least one volunteer."), field="volunteers")
    return volunteers.dispatch(case, chosen, actor=actor)


def refer_to_mediation(case: Case, *, kind: str, parties: str, actor: Actor) -> Mediation:
    return mediation.open_mediation(case, kind=kind, actor=actor, parties=parties)


def routes(case: Case) -> list[tuple[str, str, Unit | None]]:
    """Each kind of dispute with the organisation it would go to from this case's place."""
    place = place_of(case)
    return [(value, label, mediation.route(value, place)) for value, label in DisputeKind.choices]
