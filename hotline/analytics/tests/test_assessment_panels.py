"""The dashboard's rankings and the report's three rates come from the assessment app."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from hotline import clock
from hotline.analytics import excel, extras, periods, report
from hotline.assessment import metrics, scoring
from hotline.assessment.models import ScoreWeights
from hotline.testing import PASSWORD

from .helpers import case_at, closed

pytestmark = pytest.mark.django_db

NOV = periods.Filters(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))


def _history(city):
    assert ScoreWeights.objects.filter(active=True).update(min_sample=2) == 1
    food = [case_at(city, clock.local(2026, 11, 2 + i, 9)) for i in range(3)]  # market bureau
    closed(city, food[0], city.market_handler)
    closed(city, food[1], city.market_handler, satisfaction="unsatisfied")
    case_at(city, clock.local(2026, 11, 3, 9), category=city.cat_water)  # water company: one case, not ranked
    clock.set_now(clock.local(2026, 11, 30, 12))
    return food


def test_dashboard_shows_the_department_ranking(city, client):
    _history(city)
    panel = extras.rankings(city.leader, NOV)
    departments = panel["tables"][0]
    expected = scoring.rankings(dt.date(2026, 11, 1), dt.date(2026, 12, 1), "department")
    assert [r["unit"] for r in departments["rows"]] == [r.unit.name for r in expected.ranked] == [city.market.name]
    assert departments["rows"][0]["score"] == f"{expected.ranked[0].score.total:.1f}"
    assert departments["rows"][0]["colour"] in {"green", "blue", "red"}
    assert city.water.name in departments["unranked"]
    assert panel["url"] == "/assessment/rankings/?start=2026-11-01&end=2026-11-30"
    client.login(username="leader", password=PASSWORD)
    page = client.get("/analytics/", {"month": "2026-11"}).content.decode()
    assert 'hx-get="/analytics/rankings/?start=2026-11-01&amp;end=2026-11-30"' in page
    fragment = client.get("/analytics/rankings/", {"start": "2026-11-01", "end": "2026-11-30"}).content.decode()
    assert 'id="rankings"' in fragment and city.market.name in fragment and "考核排名" in fragment
    client.logout()
    client.login(username="market_handler", password=PASSWORD)
    assert client.get("/analytics/rankings/").status_code == 403


def test_unit_leader_sees_the_ranking_of_its_own_sub_units_only(city):
    _history(city)
    panel = extras.rankings(city.market_leader, NOV)
    assert [t["title"] for t in panel["tables"]] == [f"{city.market.name}下属单位"]


def test_report_rates_match_the_assessment_metrics(city):
    _history(city)
    data = report.build(city.leader, NOV)
    market = next(r for r in data.unit_rates if r["unit"] == city.market.name)
    figures = metrics.unit_metrics(dt.date(2026, 11, 1), dt.date(2026, 12, 1), units=[city.market])[city.market.pk]
    assert market["cases"] == figures.cases == 3
    assert market["satisfaction_rate"] == figures.satisfaction_rate == pytest.approx(0.5)
    assert market["resolution_rate"] == figures.resolution_rate == pytest.approx(0.5)
    wb = load_workbook(io.BytesIO(excel.workbook(data, city.leader).body))
    summary = wb.worksheets[0]
    rows = {summary.cell(r, 1).value: r for r in range(1, summary.max_row + 1)}
    r = rows[city.market.name]
    assert summary.cell(r, 2).value == 3
    assert summary.cell(r, 5).value == pytest.approx(0.5) and summary.cell(r, 5).number_format == "0.0%"
    assert summary.cell(r, 3).value == pytest.approx(figures.response_rate)
