"""The main pages cost the same number of queries with 5 or 50 cases in their lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db


def fill(city, n):
    """n cases for the market unit in every state the desk and workbench list."""
    handler = Actor.staff(city.market_handler)
    for i in range(n):
        case = new_case(city, citizen_phone=f"1380000{i:04d}", street=city.s11)
        kind = i % 5
        if kind >= 1:
            case = workflow.perform(case, "sign", actor=handler)
        if kind == 2:
            workflow.perform(case, "request_extension", actor=handler, days=2, reason="需要时间")
        if kind == 3:
            workflow.perform(case, "reply", actor=handler, reply="已处理完毕。")
        if kind == 4:
            workflow.perform(case, "return", actor=handler, reason="not_our_matter", note="不归我们")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [("market_handler", "/workbench/"), ("dispatcher", "/desk/"), ("leader", "/overview/"),
         ("agent", "/agent/"), ("agent", "/agent/lookup/?citizen_phone=13800000001")]


def test_page_queries_do_not_grow_with_the_number_of_cases(client, city):
    fill(city, 5)
    small = {}
    for username, url in PAGES:
        client.login(username=username, password=PASSWORD)
        small[url] = count(client, url)
    fill(city, 45)
    for username, url in PAGES:
        client.login(username=username, password=PASSWORD)
        assert count(client, url) == small[url], url


def test_queue_of_fifty_within_budget(client, city, django_assert_max_num_queries):
    fill(city, 50)
    client.login(username="market_handler", password=PASSWORD)
    with django_assert_max_num_queries(12):
        page = client.get("/workbench/").content.decode()
    assert page.count('data-case="') == 30  # pending + signed + extension-pending parts
    client.login(username="dispatcher", password=PASSWORD)
    with django_assert_max_num_queries(14):
        client.get("/desk/")


def test_case_page_queries_do_not_grow_with_the_timeline(client, city):
    case = new_case(city)
    client.login(username="agent", password=PASSWORD)
    short = count(client, f"/cases/{case.number}/")
    for i in range(20):
        case = workflow.perform(case, "supplement", actor=Actor.staff(city.agent), text=f"补充{i}")
    assert count(client, f"/cases/{case.number}/") == short
