"""The assessment screens: scoped, translated, a fixed number of queries, a public board without login."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import clock
from hotline.assessment.models import ScoreWeights, SecondCallback
from hotline.testing import PASSWORD

from .helpers import MONDAY, act, handled, new_case

pytestmark = pytest.mark.django_db
PERIOD = "start=2026-11-01&end=2026-11-30"


def fill(city, n):
    """n closed cases for market and water, one each for s11 and its community c111."""
    for i in range(n):
        handled(city, satisfaction="satisfied" if i % 3 else "unsatisfied", resolved=bool(i % 4))
        handled(city, category=city.cat_water, unit_user=city.water_handler)
    case = new_case(city, category=city.cat_noise, street=city.s11)  # territory lead: s11
    act(case, "sign", city.s11_handler)


def get(client, username, url):
    client.login(username=username, password=PASSWORD)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("url", [f"/assessment/?level=department&{PERIOD}", f"/assessment/public/?{PERIOD}",
                                  f"/assessment/cases/?level=department&metric=cases&unit=UNIT&{PERIOD}"])
def test_pages_cost_the_same_queries_with_more_cases_and_units(city, client, url):
    clock.set_now(MONDAY)
    fill(city, 2)
    url = url.replace("UNIT", str(city.market.pk))
    small = get(client, "leader", url)
    fill(city, 8)
    from hotline.orgs.models import Unit
    for i in range(5):
        Unit.objects.create(code=f"dept{i}", name=f"部门{i}", kind="department", parent=city.city)
    big = get(client, "leader", url)
    assert small[0].status_code == big[0].status_code == 200
    assert small[1] == big[1]


def test_assessment_page_in_chinese_with_ranking_and_drilldown_links(city, client):
    ScoreWeights.objects.update(min_sample=3)
    clock.set_now(MONDAY)
    fill(city, 4)
    client.login(username="leader", password=PASSWORD)
    page = client.get(f"/assessment/?level=department&{PERIOD}", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "考核" in page and "满意率" in page and city.market.name in page
    assert "未排名（案件过少）" in page  # urban and housing have no cases
    assert f"metric=unsatisfied&unit={city.market.pk}&" in page
    streets = client.get(f"/assessment/?level=street&{PERIOD}", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "按问题所在街道" in streets and streets.count(city.s11.name) == 2  # ranked unit, and place of its case
    drill = client.get(f"/assessment/cases/?level=department&metric=unsatisfied&unit={city.market.pk}&{PERIOD}")
    assert drill.status_code == 200 and drill.content.decode().count("/cases/2026") == 2  # 2 of 4 unsatisfied


def test_a_street_sees_its_communities_only(city, client):
    clock.set_now(MONDAY)
    fill(city, 1)
    client.login(username="s11_handler", password=PASSWORD)
    page = client.get(f"/assessment/?{PERIOD}").content.decode()
    assert city.c111.name in page and city.market.name not in page and city.s21.name not in page
    asked = client.get(f"/assessment/?level=department&{PERIOD}").content.decode()
    assert city.market.name not in asked  # falls back to its own sub-units
    denied = client.get(f"/assessment/cases/?level=department&metric=cases&unit={city.market.pk}&{PERIOD}")
    assert denied.status_code == 403
    client.login(username="inspector", password=PASSWORD)
    assert client.get("/assessment/").status_code == 403


def test_public_board_needs_no_login_and_shows_no_personal_data(city, client):
    clock.set_now(MONDAY)
    fill(city, 3)
    response = client.get(f"/assessment/public/?{PERIOD}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 200 and "分色预警" in page
    assert city.c111.name in page and city.market.name in page
    assert "张三" not in page and "139" not in page and "2026112" not in page  # no names, phones, case numbers
    assert client.get("/assessment/public/?month=2026-13").status_code == 200


def test_second_callback_queue_and_recording(city, client):
    ScoreWeights.objects.update(second_callback_share=100)
    clock.set_now(MONDAY)
    case = handled(city, callback_by=city.agent)
    sample = SecondCallback.objects.get(case=case)
    client.login(username="agent", password=PASSWORD)
    page = client.get("/assessment/callbacks/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert case.number in page and "13800138000" not in page
    refused = client.post(f"/assessment/callbacks/{sample.pk}/", {"satisfaction": "satisfied", "resolved": "yes"},
                          follow=True)
    assert "首次回访" in refused.content.decode() or "不同" in refused.content.decode()
    assert SecondCallback.objects.get(pk=sample.pk).done_at is None
    client.login(username="agent2", password=PASSWORD)
    client.post(f"/assessment/callbacks/{sample.pk}/", {"satisfaction": "basic", "resolved": "yes"})
    assert SecondCallback.objects.get(pk=sample.pk).satisfaction == "basic"
    client.login(username="market_handler", password=PASSWORD)
    assert client.get("/assessment/callbacks/").status_code == 403


def test_dispatcher_excludes_a_case_from_the_page(city, client):
    clock.set_now(MONDAY)
    case = handled(city)
    client.login(username="dispatcher", password=PASSWORD)
    client.post("/assessment/exclude/", {"number": case.number, "reason": "反复索要不合理赔偿"})
    page = client.get(f"/assessment/?level=department&{PERIOD}").content.decode()
    assert "反复索要不合理赔偿" in page and case.number in page
    client.login(username="market_handler", password=PASSWORD)
    assert client.post("/assessment/exclude/", {"number": case.number, "reason": "x", "include": "1"}).status_code == 403
