"""The centre desk lists open supervision orders, overdue ones first, at a fixed cost."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import clock
from hotline.cases.actors import Actor
from hotline.supervision import actions
from hotline.supervision.choices import Level
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db

MONDAY = clock.local(2026, 11, 23, 9, 30)


def _order(city, case, level=Level.GENERAL):
    return actions.issue(case, actor=Actor.staff(city.supervisor), level=level, reason="群众多次反映").items.get()


def _supervised_rows(html: str) -> list[str]:
    section = html.split('id="supervised"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-supervised="(\d+)"', section)


def test_desk_lists_open_orders_with_level_and_deadline_overdue_first(client, city):
    clock.set_now(MONDAY)
    answered = new_case(city, title="已答复待审核", citizen_phone="13800000004")
    answered_item = _order(city, answered, Level.KEY)
    clock.set_now(MONDAY + dt.timedelta(days=1))
    answered_item = actions.answer(answered_item, actor=Actor.staff(city.market_handler), text="已整改")
    late = new_case(city, title="逾期未答复的督办", citizen_phone="13800000001")
    late_item = _order(city, late)  # general: 5 working days, due after the answered one's deadline
    assert late_item.due_at > answered_item.due_at
    clock.set_now(MONDAY + dt.timedelta(days=9))
    soon = new_case(city, title="领导督办件", citizen_phone="13800000002")
    _order(city, soon, Level.LEADER)  # 2 working days
    calm = new_case(city, title="一般督办件", citizen_phone="13800000003")
    _order(city, calm)
    done = new_case(city, title="已办结的督办", citizen_phone="13800000005")
    done_item = actions.answer(_order(city, done), actor=Actor.staff(city.market_handler), text="已处理")
    actions.accept(done_item, actor=Actor.staff(city.supervisor))

    assert client.login(username="dispatcher", password=PASSWORD)
    html = client.get("/desk/").content.decode()
    # The late one first although the answered one's deadline is earlier; then by deadline.
    assert _supervised_rows(html) == [late.number, answered.number, soon.number, calm.number]
    assert done.number not in _supervised_rows(html)
    section = html.split('id="supervised"', 1)[1].split("</section>", 1)[0]
    assert "一般督办" in section and "领导督办" in section and "重点督办" in section
    assert late_item.order.number in section and f'href="/supervision/items/{late_item.pk}/"' in section
    assert late_item.due_at.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") in section
    assert section.count("ts-row-red") == 1  # only the one past its deadline and still unanswered

    # Agents use the desk for callbacks; supervision is not theirs to read.
    assert client.login(username="agent", password=PASSWORD)
    assert 'id="supervised"' not in client.get("/desk/").content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_supervised_list_costs_the_same_for_one_order_or_twelve(client, city):
    clock.set_now(MONDAY)
    _order(city, new_case(city, citizen_phone="13900000000"))
    assert client.login(username="supervisor", password=PASSWORD)
    one = _count(client, "/desk/")
    for i in range(1, 12):
        _order(city, new_case(city, citizen_phone=f"139000000{i:02d}"), Level.KEY if i % 2 else Level.GENERAL)
    clock.set_now(MONDAY + dt.timedelta(days=6))  # some now overdue
    assert _count(client, "/desk/") == one
