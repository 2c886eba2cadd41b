"""The demo loaders of emergency, grids and partners work on a city and run twice safely."""

import pytest

from hotline.emergency.demo import load_demo as load_emergency
from hotline.emergency.models import DutyShift, Plan
from hotline.grids.demo import load_demo as load_grids
from hotline.grids.models import UrbanItem
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.partners.demo import load_demo as load_partners
from hotline.partners.models import Provider, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_loaders(city):
    for code, kind in [("gas", UnitKind.UTILITY), ("ext119", UnitKind.EXTERNAL), ("repairs", UnitKind.PROVIDER),
                       ("volunteers", UnitKind.VOLUNTEER_TEAM), ("mediation", UnitKind.MEDIATION)]:
        Unit.objects.create(code=code, name=code, kind=kind, parent=city.city)
    units = {u.code: u for u in Unit.objects.all()}
    assert load_emergency(units)["plans"] == 5
    assert load_grids(units)["urban_items"] == 12
    assert load_partners(units) == {"providers": 1, "volunteers": 6, "mediation_scopes": 5}
    for load in (load_emergency, load_grids, load_partners):
        load(units)
    assert Plan.objects.count() == 5 and UrbanItem.objects.count() == 12
    assert Provider.objects.count() == 1 and Volunteer.objects.count() == 6
    assert DutyShift.objects.filter(unit=units["urban"]).count() == 8  # urban has staff: a week of shifts
    assert UrbanItem.objects.get(code="manhole").owner == units["water"]
