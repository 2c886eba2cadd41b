"""The workbench and the centre desk link to the export of the very list they show."""

import csv
import html
import io
import re

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

CSV_LINK = re.compile(r'<a href="([^"]+)" data-export="csv"')
XLSX_LINK = re.compile(r'<a href="([^"]+)" data-export="xlsx"')


def exported(client, page: str) -> tuple[list[str], str]:
    """The case numbers in the CSV the page's link downloads, and the CSV text."""
    links = CSV_LINK.findall(page)
    assert len(links) == 1, links
    response = client.get(html.unescape(links[0]))
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode("utf-8-sig")
    return [row[0] for row in list(csv.reader(io.StringIO(text)))[1:]], text


@pytest.fixture
def queue(city):
    """Cases of the market unit in several states, categories and ages, and one of another unit."""
    clock.set_now(clock.local(2026, 10, 9, 9))
    late = new_case(city, title="早已超期")
    clock.set_now(clock.local(2026, 11, 23, 9))
    pending = new_case(city)
    signed = workflow.perform(new_case(city), "sign", actor=Actor.staff(city.market_handler))
    lights = new_case(city, category=city.cat_lights, street=city.s11, dispatch=False)
    lights = workflow.perform(lights, "dispatch", actor=Actor.staff(city.dispatcher), lead_unit=city.market.pk)
    other = new_case(city, category=city.cat_water, title="停水")
    return {"late": late, "pending": pending, "signed": signed, "lights": lights, "other": other}


@pytest.mark.parametrize("filters, expected", [
    ({}, {"late", "pending", "signed", "lights"}),
    ({"status": "pending"}, {"late", "pending", "lights"}),
    ({"status": "signed"}, {"signed"}),
    ({"overdue": "1"}, {"late"}),
    ("trade", {"late", "pending", "signed"}),
    ("build+pending", {"lights"}),
])
def test_the_workbench_export_link_holds_the_filtered_queue(client, city, queue, filters, expected):
    if filters == "trade":
        filters = {"category": city.cat_trade.pk}
    elif filters == "build+pending":
        filters = {"category": city.cat_build.pk, "status": "pending"}
    client.force_login(city.market_handler)
    page = client.get("/workbench/", filters).content.decode()
    listed = set(re.findall(r'data-case="(\d+)"', page))
    assert listed == {queue[name].number for name in expected}
    numbers, text = exported(client, page)
    assert sorted(numbers) == sorted(listed)
    assert "138****1234" in text and "13812341234" not in text  # still masked
    xlsx = XLSX_LINK.findall(page)
    assert len(xlsx) == 1 and html.unescape(xlsx[0]).startswith("/exchange/export.xlsx?assigned_to=")


def test_the_desk_links_each_list_to_its_export(client, city):
    clock.set_now(clock.local(2026, 10, 9, 9))
    overdue = new_case(city)
    clock.set_now(clock.local(2026, 11, 23, 9))
    waiting = new_case(city, dispatch=False)
    returned = workflow.perform(new_case(city), "return", actor=Actor.staff(city.market_handler),
                                reason="not_our_matter", note="应由城管处理")
    replied = workflow.perform(new_case(city), "sign", actor=Actor.staff(city.market_handler))
    replied = workflow.perform(replied, "reply", actor=Actor.staff(city.market_handler), reply="已责令整改。")
    new_case(city)  # dispatched, on time: in none of the lists
    client.force_login(city.dispatcher)
    page = client.get("/desk/").content.decode()
    for section, case in [("returned", returned), ("waiting", waiting), ("callbacks", replied),
                          ("overdue", overdue)]:
        block = re.search(rf'<section class="panel" id="{section}">(.*?)</section>', page, re.S).group(1)
        listed = set(re.findall(r'href="/cases/(\d+)/"', block))
        assert listed == {case.number}, section
        numbers, _text = exported(client, block)
        assert numbers == [case.number], section
