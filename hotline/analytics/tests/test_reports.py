import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from hotline import clock
from hotline.analytics import excel, periods, report
from hotline.cases.choices import CaseType, Channel
from hotline.cases.models import Case
from hotline.privacy.models import ExportLog
from hotline.testing import PASSWORD

from .helpers import case_at, closed

pytestmark = pytest.mark.django_db

NOV = periods.Filters(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))


def _cases(city):
    a = case_at(city, clock.local(2026, 11, 2, 9), channel=Channel.PHONE, citizen_name="王小明",
                citizen_phone="13912345678")
    b = case_at(city, clock.local(2026, 11, 3, 9), channel=Channel.PORTAL, category=city.cat_lights, street=city.s11)
    c = case_at(city, clock.local(2026, 11, 5, 9), channel=Channel.PHONE, category=city.cat_noise, street=city.s21,
                case_type=CaseType.HELP)
    case_at(city, clock.local(2026, 12, 1, 9))  # outside the period
    clock.set_now(clock.local(2026, 11, 6, 9))
    closed(city, a, city.market_handler)
    clock.set_now(clock.local(2026, 12, 2, 9))
    return [Case.objects.get(pk=x.pk) for x in (a, b, c)]


def _open(city, user):
    data = report.build(user, NOV)
    return data, load_workbook(io.BytesIO(excel.workbook(data, user).body))


def test_summary_sheet_matches_the_database(city):
    _cases(city)
    data, wb = _open(city, city.leader)
    summary = wb.worksheets[0]
    assert summary["A1"].value == data.title and "2026-11" in data.title
    assert "A1:F1" in {str(r) for r in summary.merged_cells.ranges}
    assert summary.freeze_panes == "A3"
    rows = {summary.cell(r, 1).value: (summary.cell(r, 2).value, summary.cell(r, 3)) for r in range(4, summary.max_row + 1)}
    assert rows[str(Channel.PHONE.label)][0] == 2
    assert rows[str(Channel.PORTAL.label)][0] == 1
    assert rows[str(CaseType.HELP.label)][0] == 1
    assert rows[city.cat_trade.name][0] == 1 and rows[city.cat_env.name][0] == 1
    phone_count, phone_share = rows[str(Channel.PHONE.label)]
    assert phone_share.value == pytest.approx(2 / 3) and phone_share.number_format == "0.0%"
    totals = [summary.cell(r, 2).value for r in range(4, summary.max_row + 1) if summary.cell(r, 1).value == "合计"]
    assert totals == [3, 3, 3]  # channel, type and category tables each add up to the period's cases
    assert Case.objects.filter(registered_at__gte=NOV.since, registered_at__lt=NOV.until).count() == 3


def test_ledger_sheet_has_one_masked_row_per_case(city):
    cases = _cases(city)
    _data, wb = _open(city, city.leader)
    ledger = wb.worksheets[1]
    assert ledger.freeze_panes == "C4"
    assert ledger["A3"].value == "序号" and ledger["B3"].value == "工单编号"
    assert ledger.column_dimensions["B"].width == 16
    body = list(ledger.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in body] == [c.number for c in cases]
    first = body[0]
    assert first[2] == dt.datetime(2026, 11, 2, 9, 0)  # local wall-clock time
    assert ledger.cell(4, 3).number_format == "yyyy-mm-dd hh:mm"
    assert first[5] == city.cat_food.name and first[8] == city.market.name
    assert first[12] == str(cases[0].get_satisfaction_display())
    assert first[13] == "王**" and first[14] == "139****5678"
    flat = " ".join(str(v) for row in ledger.iter_rows(values_only=True) for v in row)
    assert "13912345678" not in flat and "王小明" not in flat
    overdue = {r[1]: r[11] for r in body}
    assert overdue[cases[0].number] == "否"  # replied in time
    assert overdue[cases[1].number] == ("是" if cases[1].is_overdue() else "否")


def test_unit_leader_ledger_holds_only_its_cases(city):
    cases = _cases(city)
    _data, wb = _open(city, city.market_leader)
    numbers = [r[1] for r in wb.worksheets[1].iter_rows(min_row=4, values_only=True)]
    assert numbers == [cases[0].number]


def test_excel_and_print_views(city, client):
    _cases(city)
    client.login(username="leader", password=PASSWORD)
    response = client.get("/analytics/report.xlsx", {"month": "2026-11"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('20261101-20261130.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.worksheets[0]["A1"].value == "12345热线月度报告（2026-11）"
    ledger_rows = wb.worksheets[1].max_row - 3  # title, scope and header lines above the rows
    log = ExportLog.objects.get(kind="report")
    assert log.rows == ledger_rows == 3 and log.file_format == "xlsx"  # the rows written, not a total
    page = client.get("/analytics/report/", {"month": "2026-11", "ledger": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and "本时段共受理工单 3 件" in html
    assert "139****5678" in html and "13912345678" not in html
    client.logout()
    client.login(username="s11_handler", password=PASSWORD)
    assert client.get("/analytics/report.xlsx").status_code == 403
