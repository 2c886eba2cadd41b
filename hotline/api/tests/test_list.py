"""The case list: scoped by the accessor, filtered, paged, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def numbers(response):
    assert response.status_code == 200, response.json()
    return [c["number"] for c in response.json()["results"]]


def test_list_is_scoped_filtered_and_paged(api, city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    food = [new_case(city, title=f"餐馆{i}") for i in range(3)]
    lights = new_case(city, category=city.cat_lights, street=city.s11, title="路灯不亮")
    registered = new_case(city, dispatch=False, title="待派单")
    workflow.perform(food[0], "sign", actor=Actor.staff(city.market_handler))

    agent = api.as_(city.agent)
    page = agent.get("/cases", {"page_size": 2}).json()
    assert (page["count"], page["pages"], len(page["results"])) == (5, 3, 2)
    assert numbers(agent.get("/cases", {"page": 3, "page_size": 2})) == [food[0].number]
    assert numbers(agent.get("/cases", {"page": 4, "page_size": 2})) == []
    assert numbers(agent.get("/cases", {"status": "registered"})) == [registered.number]
    assert numbers(agent.get("/cases", {"status": "handling"})) == [food[0].number]
    assert numbers(agent.get("/cases", {"unit": city.d1.pk})) == [lights.number]  # the street is under d1
    assert set(numbers(agent.get("/cases", {"unit": city.market.pk}))) == {c.number for c in food}

    # a unit sees only what was sent to it
    assert set(numbers(api.as_(city.market_handler).get("/cases"))) == {c.number for c in food}
    assert numbers(api.as_(city.urban_handler).get("/cases")) == []

    # a month later everything not replied is late
    clock.set_now(clock.local(2026, 12, 28, 9, 0))
    assert len(numbers(agent.get("/cases", {"overdue": "true"}))) == 5
    assert numbers(agent.get("/cases", {"overdue": "false"})) == []
    late = agent.get("/cases", {"overdue": True}).json()["results"][0]
    assert late["overdue"] is True


def test_unknown_unit_filter_is_named(api, city):
    response = api.as_(city.agent).get("/cases", {"unit": 999999})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "unit"


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cases", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_makes_a_constant_number_of_queries(api, city):
    for i in range(2):
        new_case(city, title=f"餐馆{i}")
    agent, handler = api.as_(city.agent), api.as_(city.market_handler)
    few = (_queries(agent, {}), _queries(handler, {}), _queries(agent, {"unit": city.market.pk}))
    for i in range(8):
        new_case(city, title=f"更多餐馆{i}", category=city.cat_lights if i % 2 else city.cat_food, street=city.s21)
    many = (_queries(agent, {}), _queries(handler, {}), _queries(agent, {"unit": city.market.pk}))
    assert few == many
    assert many[0] <= 3  # token, count, page


def test_detail_makes_a_constant_number_of_queries(api, city):
    case = new_case(city)
    agent = api.as_(city.agent)
    with CaptureQueriesContext(connection) as before:
        agent.get(f"/cases/{case.number}")
    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    workflow.perform(case, "reply", actor=Actor.staff(city.market_handler), reply="已处理")
    workflow.perform(case, "callback", actor=Actor.staff(city.agent), satisfaction="unsatisfied", resolved=False)
    with CaptureQueriesContext(connection) as after:
        agent.get(f"/cases/{case.number}")
    assert len(before.captured_queries) == len(after.captured_queries)
