"""The export's queue filters (a unit's active parts, overdue) and category subtrees."""

import pytest
from django.http import QueryDict

from hotline import clock
from hotline.cases.errors import Invalid
from hotline.exchange import export
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def numbers(user, query: str) -> set[str]:
    return set(export.filter_cases(user, QueryDict(query)).values_list("number", flat=True))


def test_queue_filters_and_category_subtree(city):
    clock.set_now(clock.local(2026, 10, 9, 9))
    late = new_case(city)
    clock.set_now(clock.local(2026, 11, 23, 9))
    fresh = new_case(city)
    water = new_case(city, category=city.cat_water)
    who = city.dispatcher
    assert numbers(who, f"assigned_to={city.market.pk}") == {late.number, fresh.number}
    assert numbers(who, f"assigned_to={city.market.pk}&overdue=1") == {late.number}
    assert numbers(who, f"assigned_to={city.market.pk}&part_status=signed") == set()
    assert numbers(who, "overdue=1") == {late.number}
    assert numbers(who, f"category={city.cat_build.pk}") == {water.number}  # 城乡建设 › … › 供水
    assert numbers(who, f"category={city.cat_water.pk}") == {water.number}
    # A unit sees only its own cases whatever unit it names.
    assert numbers(city.market_handler, f"assigned_to={city.water.pk}") == set()


@pytest.mark.parametrize("query, field", [("part_status=pending", "part_status"), ("overdue=yes", "overdue"),
                                          ("assigned_to=x", "assigned_to"),
                                          ("assigned_to=1&part_status=replied", "part_status")])
def test_bad_queue_filters_are_named(city, query, field):
    with pytest.raises(Invalid) as error:
        export.filter_cases(city.dispatcher, QueryDict(query))
    assert error.value.field == field
