"""Scans of the platform's cases: kept with their cases, one at a time, early warnings
sent once per issue, and the screens scoped to readers of the whole city."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline import clock
from hotline.hotspots import actions
from hotline.hotspots.models import Hotspot, Member, Scan, ScanClaim, Source
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db

START = clock.local(2026, 11, 16, 9)
TITLES = ["桂花坪社区旁搅拌站夜间施工噪音扰民", "桂花坪搅拌站粉尘污染严重居民无法开窗",
          "投诉桂花坪社区附近搅拌站夜间噪音", "桂花坪搅拌站灰尘太大请环保部门查处",
          "再次反映桂花坪搅拌站噪音粉尘扰民"]
OTHER = ["咨询新生儿医保办理流程", "公交12路发车间隔太长", "建议图书馆延长开放时间", "出租车拒载投诉",
         "咨询公积金提取条件", "学校周边文具店卖三无产品", "高速收费站拥堵", "退休金调整何时发放"]


def _register(city, titles, start, phones=None):
    cases = []
    for i, title in enumerate(titles):
        clock.set_now(start + dt.timedelta(hours=3 * i))
        cases.append(new_case(city, category=city.cat_noise, street=city.s21, title=title,
                              content=title + "。", citizen_phone=(phones or {}).get(i, f"1390000{i:04d}")))
    return cases


def test_a_scan_keeps_the_issue_with_its_cases_and_warns_the_centre_once(city):
    cases = _register(city, TITLES, START) + _register(city, OTHER, START)
    clock.set_now(START + dt.timedelta(days=1))
    scan = actions.scan(Source.CASES)
    assert scan.messages == len(TITLES) + len(OTHER)
    assert (scan.since, scan.until) == (START - dt.timedelta(days=29), START + dt.timedelta(days=1))  # the window
    hotspot = scan.hotspots.get()
    assert set(Member.objects.filter(hotspot=hotspot).values_list("case_id", flat=True)) == {c.pk for c in cases[:5]}
    assert hotspot.place == city.s21.name and hotspot.label.startswith(city.s21.name)
    assert {"噪音", "粉尘"} <= set(hotspot.keywords) and hotspot.example in TITLES
    assert hotspot.people == 5 and hotspot.warning and hotspot.recent == 5
    outbox.drain()
    told = set(InboxMessage.objects.values_list("user__username", flat=True))
    assert told == {"dispatcher", "supervisor", "leader"}

    # the issue grows: the next scan sees the same issue and tells nobody again
    _register(city, ["桂花坪搅拌站噪音问题还没解决"], START + dt.timedelta(days=1, hours=2))
    clock.set_now(START + dt.timedelta(days=2))
    again = actions.scan(Source.CASES)
    same = again.hotspots.get()
    assert same.items == 6 and same.alert_key == hotspot.alert_key
    outbox.drain()
    assert InboxMessage.objects.count() == len(told)


def test_a_steady_issue_is_listed_without_a_warning(city):
    _register(city, TITLES[:3], START - dt.timedelta(days=10))
    _register(city, TITLES[:3] + OTHER, START)
    clock.set_now(START + dt.timedelta(days=1))
    hotspot = actions.scan(Source.CASES).hotspots.get()
    assert hotspot.recent == 3 and hotspot.previous >= 2 and not hotspot.warning
    outbox.drain()
    assert not InboxMessage.objects.exists()


def test_one_scan_of_a_source_at_a_time(city):
    clock.set_now(START)
    ScanClaim.objects.create(source=Source.CASES, held_until=START + dt.timedelta(minutes=5), holder="other")
    with pytest.raises(actions.Busy):
        actions.scan(Source.CASES)
    assert not Scan.objects.exists()
    clock.set_now(START + dt.timedelta(minutes=6))  # the other worker's lease ran out
    actions.scan(Source.CASES)
    assert Scan.objects.count() == 1
    actions.scan(Source.CASES)  # released after each scan
    assert Scan.objects.count() == 2


def test_old_scans_are_pruned(city, settings):
    settings.HOTLINE_HOTSPOT_KEEP_SCANS = 2
    for hour in range(4):
        clock.set_now(START + dt.timedelta(hours=hour))
        actions.scan(Source.CASES)
    assert list(Scan.objects.values_list("ran_at", flat=True)) == [START + dt.timedelta(hours=h) for h in (3, 2)]


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_readers_see_the_list_and_the_cases_behind_an_issue(client, city):
    cases = _register(city, TITLES, START)
    _register(city, OTHER, START)
    clock.set_now(START + dt.timedelta(days=1))
    hotspot = actions.scan(Source.CASES).hotspots.get()
    _login(client, city.leader)
    page = client.get(reverse("hotspots:list")).content.decode()
    assert hotspot.label in page and "预警" in page
    detail = client.get(reverse("hotspots:detail", args=[hotspot.pk])).content.decode()
    assert all(c.number in detail for c in cases)
    dashboard = client.get(reverse("analytics:dashboard")).content.decode()
    assert reverse("hotspots:detail", args=[hotspot.pk]) in dashboard


def test_unit_staff_are_refused_and_only_the_centre_may_scan(client, city):
    clock.set_now(START)
    _login(client, city.market_handler)
    assert client.get(reverse("hotspots:list")).status_code in (403, 404)
    _login(client, city.agent)
    assert client.get(reverse("hotspots:list")).status_code == 200
    assert client.post(reverse("hotspots:scan"), {"source": "cases"}).status_code in (403, 404)
    assert not Scan.objects.exists()
    _login(client, city.dispatcher)
    response = client.post(reverse("hotspots:scan"), {"source": "cases"})
    assert response.status_code == 302 and Scan.objects.count() == 1


def test_the_board_scan_is_shown_but_never_sent(city, tmp_path):
    items = [
        actions.mining.Item(key=str(i), title=t, text=t, at=START - dt.timedelta(days=i), person=f"U{i}", votes=10)
        for i, t in enumerate(TITLES)
    ]
    clock.set_now(START)
    scan = actions.scan(Source.BOARD, items=items)
    hotspot = scan.hotspots.get()
    assert scan.until == START and hotspot.votes == 50 and hotspot.warning
    assert Hotspot.objects.filter(scan=scan, alert_key="").count() == 0
    outbox.drain()
    assert not InboxMessage.objects.exists()


def test_command_scans_once_with_if_missing_and_shows_json(city):
    import io
    import json

    from django.core.management import call_command

    _register(city, TITLES, START)
    clock.set_now(START + dt.timedelta(days=1))
    out = io.StringIO()
    call_command("hotspots", "scan", "--if-missing", stdout=out)
    first = json.loads(out.getvalue())
    assert first["messages"] == 5 and first["hotspots"][0]["messages"] == 5
    call_command("hotspots", "scan", "--if-missing", stdout=io.StringIO())
    assert Scan.objects.count() == 1  # already there: shown, not scanned again
