import datetime as dt

import pytest

from hotline import clock
from hotline.analytics import problems
from hotline.analytics.models import MonthlyProblem, ProblemAction
from hotline.cases.errors import Invalid
from hotline.testing import PASSWORD

from .helpers import case_at

pytestmark = pytest.mark.django_db


def _noise_problem(city, **extra):
    fields = {"month": dt.date(2026, 9, 1), "title": "夜间施工噪音扰民", "lead_unit": city.urban,
              "baseline_month": dt.date(2026, 8, 1), "category": city.cat_noise, **extra}
    return problems.create(actor=city.leader, **fields)


def _history(city):
    # August (baseline) 3 noise cases, September 2, October 4, November 1; plus unrelated cases.
    for month, count in [(8, 3), (9, 2), (10, 4), (11, 1)]:
        for i in range(count):
            case_at(city, clock.local(2026, month, 3 + i, 10), category=city.cat_noise, street=city.s21,
                    title="夜间施工噪音", content="工地夜间施工噪音很大")
    case_at(city, clock.local(2026, 9, 10, 10), category=city.cat_lights, street=city.s11,
            title="路灯不亮", content="小区门口路灯坏了，晚上施工车辆经过很危险")
    case_at(city, clock.local(2026, 7, 30, 10), category=city.cat_noise, street=city.s21)  # before the baseline
    clock.set_now(clock.local(2026, 11, 20, 9))


def test_trend_counts_related_cases_month_by_month(city):
    _history(city)
    problem = _noise_problem(city)
    figures = problems.trend(problem, city.leader)
    assert [(f.month.month, f.cases) for f in figures] == [(8, 3), (9, 2), (10, 4), (11, 1)]
    assert [f.fell for f in figures] == [None, True, False, True]
    assert figures[2].change == 1 and figures[2].change_pct == pytest.approx(1 / 3)
    data = problems.chart_data(figures)
    assert data["months"] == ["2026-08", "2026-09", "2026-10", "2026-11"] and data["baseline"] == 3


def test_keywords_and_area_narrow_the_related_cases(city):
    _history(city)
    by_words = _noise_problem(city, title="施工扰民", category=None, keywords="施工, 夜间")
    assert [f.cases for f in problems.trend(by_words, city.leader)] == [3, 3, 4, 1]  # + the lights case
    by_area = _noise_problem(city, title="东风街道", category=None, keywords="施工", street=city.s11)
    assert [f.cases for f in problems.trend(by_area, city.leader)] == [0, 1, 0, 0]


def test_bad_input_changes_nothing(city):
    with pytest.raises(Invalid):
        _noise_problem(city, category=None)  # nothing says which cases are related
    with pytest.raises(Invalid):
        _noise_problem(city, baseline_month=dt.date(2026, 10, 1))
    with pytest.raises(Invalid):
        _noise_problem(city, title="  ")
    with pytest.raises(Invalid):
        _noise_problem(city, district=city.d1, street=city.s21)
    assert not MonthlyProblem.objects.exists()


def test_a_resubmitted_problem_or_action_is_not_duplicated(city):
    first, again = _noise_problem(city), _noise_problem(city)
    assert first.pk == again.pk and MonthlyProblem.objects.count() == 1
    for _ in range(2):
        problems.add_action(first, description="夜间巡查工地", owner=city.urban, due_date=dt.date(2026, 9, 30))
    action = ProblemAction.objects.get()
    clock.set_now(clock.local(2026, 9, 20, 9))
    problems.mark_done(action)
    clock.set_now(clock.local(2026, 9, 21, 9))
    assert problems.mark_done(action).done_at == clock.local(2026, 9, 20, 9)


def test_screens(city, client):
    _history(city)
    client.login(username="leader", password=PASSWORD)
    response = client.get("/analytics/problems/new/")
    assert response.status_code == 200
    assert city.cat_noise.name in response.content.decode()  # last month's frequent matters
    response = client.post("/analytics/problems/new/", {
        "month": "2026-09", "title": "夜间施工噪音扰民", "lead_unit": city.urban.pk, "category": city.cat_noise.pk,
        "baseline_month": "2026-08", "keywords": "", "description": "",
    })
    problem = MonthlyProblem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/analytics/problems/{problem.pk}/"
    client.post(f"/analytics/problems/{problem.pk}/actions/",
                {"description": "夜间巡查工地", "owner": city.urban.pk, "due_date": "2026-09-30"})
    page = client.get(f"/analytics/problems/{problem.pk}/").content.decode()
    assert "夜间巡查工地" in page and "已下降" in page and "未下降" in page
    assert 'id="problem-data" type="application/json"' in page
    bad = client.post("/analytics/problems/new/", {"month": "2026-13", "title": "x", "lead_unit": city.urban.pk,
                                                   "baseline_month": "2026-08", "category": city.cat_noise.pk})
    assert bad.status_code == 200 and "月份格式应为" in bad.content.decode()
    assert MonthlyProblem.objects.count() == 1
    client.logout()
    client.login(username="market_leader", password=PASSWORD)
    assert client.get(f"/analytics/problems/{problem.pk}/").status_code == 200
    assert client.get("/analytics/problems/new/").status_code == 403
    assert client.post(f"/analytics/problems/{problem.pk}/actions/", {}).status_code == 403
