import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import clock
from hotline.analytics import dashboard, periods
from hotline.analytics.sources import CaseSource, RollupSource
from hotline.cases.actors import Actor
from hotline.cases.choices import Channel
from hotline.cases.models import Case
from hotline.catalog.models import Category
from hotline.orgs.choices import Role
from hotline.orgs.models import User
from hotline.supervision import actions as supervision
from hotline.testing import PASSWORD, new_case

from .helpers import case_at, closed

pytestmark = pytest.mark.django_db

NOV = periods.Filters(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))


def _month_of_cases(city):
    cases = [
        case_at(city, clock.local(2026, 11, 2, 9), channel=Channel.PHONE),  # food → market
        case_at(city, clock.local(2026, 11, 2, 10), channel=Channel.APP),  # food → market
        case_at(city, clock.local(2026, 11, 3, 9), channel=Channel.PORTAL, category=city.cat_lights,
                street=city.s11),  # lights in d1 → territory (s11)
        case_at(city, clock.local(2026, 11, 4, 9), channel=Channel.PHONE, category=city.cat_noise,
                street=city.s21),  # noise → s21, urban co-handles
        case_at(city, clock.local(2026, 10, 30, 9), channel=Channel.PHONE),  # before the period
    ]
    closed(city, cases[0], city.market_handler)
    clock.set_now(clock.local(2026, 11, 30, 12))
    return cases


def test_small_categories_are_grouped_as_other(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    for name in "ABCDEFG":
        top = Category.objects.create(name=f"分类{name}")
        new_case(city, category=Category.objects.create(name="子类", parent=top), dispatch=False)
    board = dashboard.build(city.leader, NOV)
    lines = {line["name"]: sum(line["data"]) for line in board.category_series["lines"]}
    assert len(lines) == dashboard.CATEGORY_LINES + 1 and lines["其他分类"] == 1
    assert sum(lines.values()) == board.total == 7


def _figures(board):
    return board.total, dict(board.by_channel), dict(board.by_category), {
        (d["name"], s["name"]): s["n"] for d in board.heat for s in d["streets"]}


def test_leader_sees_the_city_from_the_rollup(city):
    _month_of_cases(city)
    board = dashboard.build(city.leader, NOV)
    assert board.city_wide
    total, channels, cats, heat = _figures(board)
    assert total == 4
    assert channels == {str(Channel.PHONE.label): 2, str(Channel.APP.label): 1, str(Channel.PORTAL.label): 1}
    assert cats == {city.cat_trade.name: 2, city.cat_build.name: 1, city.cat_env.name: 1}
    assert heat[(city.d1.name, city.s11.name)] == 1 and heat[(city.d2.name, city.s21.name)] == 1
    line_total = sum(sum(line["data"]) for line in board.series["lines"])
    assert line_total == 4 and len(board.series["days"]) == 30
    by_category = {line["name"]: sum(line["data"]) for line in board.category_series["lines"]}
    assert by_category == cats
    food = next(line for line in board.category_series["lines"] if line["name"] == city.cat_trade.name)
    assert food["data"][1] == 2  # both food cases on 2 November


def test_rollup_and_case_counts_agree_for_a_city_reader(city):
    _month_of_cases(city)
    rolled, counted = RollupSource(NOV), CaseSource(city.leader, NOV)
    for dims in [("channel",), ("case_type",), ("category",), ("district", "street"), ("day", "channel")]:
        assert rolled.group(*dims) == counted.group(*dims), dims


def test_unit_leader_sees_only_its_subtree(city):
    _month_of_cases(city)
    board = dashboard.build(city.market_leader, NOV)
    assert not board.city_wide
    assert board.total == 2  # the two food cases dispatched to the market bureau
    assert dict(board.by_category) == {city.cat_trade.name: 2}
    urban = dashboard.build(city.urban_leader, NOV)
    assert urban.total == 1  # co-handler of the noise case
    district_leader = User.objects.create_user("d1_leader", password=PASSWORD, role=Role.UNIT_LEADER, unit=city.d1)
    assert dashboard.build(district_leader, NOV).total == 1  # s11 holds the lights case


def test_area_filter(city):
    _month_of_cases(city)
    only_d2 = periods.Filters(start=NOV.start, end=NOV.end, district=city.d2)
    assert dashboard.build(city.leader, only_d2).total == 1
    only_s11 = periods.Filters(start=NOV.start, end=NOV.end, street=city.s11)
    assert dashboard.build(city.leader, only_s11).total == 1


def test_overdue_and_supervised_cases(city):
    cases = _month_of_cases(city)
    board = dashboard.build(city.leader, NOV)
    # On 30 November every case still open and unreplied is past its deadline.
    open_late = {c.number for c in cases[1:]}
    assert open_late == {c.number for c in Case.objects.all() if c.is_overdue()}
    assert {c.number for c in board.overdue} == open_late
    assert board.overdue_count == len(open_late)
    supervision.issue(cases[3], actor=Actor.staff(city.supervisor), reason="群众反映强烈", days=2)
    board = dashboard.build(city.leader, NOV)
    assert board.supervised_count == 1 and board.supervised[0].case == cases[3]
    assert dashboard.build(city.market_leader, NOV).supervised_count == 0


def _queries(user, filters):
    with CaptureQueriesContext(connection) as ctx:
        dashboard.build(user, filters)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["leader", "market_leader"])
def test_query_count_does_not_grow_with_cases(city, who):
    def user():  # a fresh object each time, as each request has (its scope is read once per object)
        return User.objects.get(pk=getattr(city, who).pk)

    _month_of_cases(city)
    few = _queries(user(), NOV)
    for day in range(5, 25):
        case_at(city, clock.local(2026, 11, day, 9), street=city.s11 if day % 2 else city.s21,
                channel=Channel.PORTAL if day % 3 else Channel.PHONE)
    clock.set_now(clock.local(2026, 11, 30, 12))
    assert _queries(user(), NOV) == few
    assert few <= 13  # 12 for figures and rankings, one for the hotspots panel


def test_view_renders_charts_data_in_chinese(city, client):
    _month_of_cases(city)
    client.login(username="leader", password=PASSWORD)
    response = client.get("/analytics/", {"start": "2026-11-01", "end": "2026-11-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "领导驾驶舱" in html
    assert 'id="dashboard-data" type="application/json"' in html
    assert "vendor/echarts.min.js" in html and "<script>" not in html
    data = response.context["chart_data"]
    assert sum(sum(line["data"]) for line in data["series"]["lines"]) == 4
    json.dumps(data)


def test_view_refuses_handlers_and_reports_bad_filters(city, client):
    clock.set_now(clock.local(2026, 11, 20, 9))
    client.login(username="market_handler", password=PASSWORD)
    assert client.get("/analytics/").status_code == 403
    client.logout()
    client.login(username="leader", password=PASSWORD)
    response = client.get("/analytics/", {"start": "2026-11-30", "end": "2026-11-01", "district": "x"})
    assert response.status_code == 200
    assert len(response.context["filters"].errors) == 2
    html = response.content.decode()
    assert "时段的结束早于开始" in html and "未知的区" in html
    # The bad period is ignored: the default (this month to date) is shown.
    assert response.context["filters"].start == dt.date(2026, 11, 1)


def test_period_parsing():
    clock.set_now(clock.local(2026, 11, 20, 9))
    f = periods.parse({})
    assert (f.start, f.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 20))
    f = periods.parse({"month": "2026-02"})
    assert (f.start, f.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert periods.parse({"month": "2026-2x"}).errors
    assert periods.parse({"start": "2025-01-01", "end": "2026-11-01"}).errors
    f = periods.parse({}, default="last_month")
    assert (f.start, f.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_view_query_count_is_fixed(city, client):
    _month_of_cases(city)
    client.login(username="leader", password=PASSWORD)
    url = "/analytics/?start=2026-11-01&end=2026-11-30"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for day in range(5, 25):
        case_at(city, clock.local(2026, 11, day, 9), street=city.s12, category=city.cat_lights)
    clock.set_now(clock.local(2026, 11, 30, 12))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries) <= 20
