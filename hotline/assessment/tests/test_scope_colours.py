"""Three-level assessment through the unit tree; colour warnings from administrators' thresholds."""

import datetime as dt

import pytest

from hotline import clock
from hotline.assessment import colours, scope
from hotline.assessment.metrics import Figures
from hotline.assessment.models import ColourThreshold, RateName
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User

from .helpers import MONDAY, handled

pytestmark = pytest.mark.django_db


def test_city_assesses_departments_and_streets_a_street_its_communities(city):
    assert [lvl for lvl, _ in scope.levels_for(city.leader)][:3] == ["department", "district", "street"]
    assert set(scope.units_for("department")) == {city.market, city.urban, city.housing, city.water}
    assert set(scope.units_for("street")) == {city.s11, city.s12, city.s21}
    assert scope.levels_for(city.s11_handler) == [("sub", city.s11)]
    assert list(scope.units_for("sub", city.s11)) == [city.c111]
    assert list(scope.units_for("sub", city.market)) == []  # a department without sub-units sees no peers
    assert scope.may_read(city.s11_handler, "sub", city.s11)
    assert not scope.may_read(city.s11_handler, "sub", city.s21)
    assert not scope.may_read(city.s11_handler, "street", None)
    assert scope.levels_for(city.inspector) == []
    team = Unit.objects.create(code="market-food", name="食品科", kind=UnitKind.DEPARTMENT, parent=city.market)
    assert list(scope.units_for("sub", city.market)) == [team]
    leader = User.objects.create_user("m_lead", password="x", role=Role.UNIT_LEADER, unit=city.market)
    assert scope.may_read(leader, "sub", city.market) and not scope.may_read(leader, "sub", city.urban)


def _fig(cases, response, resolution, satisfaction) -> Figures:
    return Figures(cases=cases, rounds=cases, response_due=100, responded_in_time=response, rated=100,
                   resolved=resolution, satisfied=satisfaction)


def test_colours_follow_the_thresholds_administrators_set(db):
    bounds = colours.thresholds()
    assert bounds[RateName.SATISFACTION] == (85, 70)  # seeded
    assert colours.colour_of(_fig(20, 99, 90, 90), bounds, 10) == "green"
    assert colours.colour_of(_fig(20, 99, 70, 90), bounds, 10) == "blue"
    assert colours.colour_of(_fig(20, 99, 90, 60), bounds, 10) == "red"
    assert colours.colour_of(_fig(5, 99, 90, 90), bounds, 10) == "grey"
    ColourThreshold.objects.filter(rate=RateName.SATISFACTION).update(red_below=50)
    assert colours.colour_of(_fig(20, 99, 90, 60), colours.thresholds(), 10) == "blue"


def test_public_board_lists_every_unit_down_to_the_community(city, django_assert_num_queries):
    clock.set_now(MONDAY)
    handled(city)
    with django_assert_num_queries(4):  # units, facts, thresholds, scheme
        rows = colours.public_board(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    names = [r.name for r in rows]
    assert city.c111.name in names and city.market.name in names and city.centre.name not in names
    market = next(r for r in rows if r.name == city.market.name)
    assert (market.cases, market.satisfaction_rate, market.colour) == (1, 1.0, "grey")
