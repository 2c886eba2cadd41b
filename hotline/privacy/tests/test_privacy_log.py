"""The auditor's log of reveals and exports: what is listed, who may read it, what gets logged."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from hotline import clock
from hotline.privacy import reveal
from hotline.privacy.models import ExportKind, ExportLog
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("privacy:log"), params, HTTP_ACCEPT_LANGUAGE="en")


def test_a_reveal_appears_in_the_auditors_list_with_its_reason(client, city):
    case = new_case(city)
    other = new_case(city, title="另一件事")
    reveal.reveal(case, city.agent, reason="回访需要联系市民", source_ip="10.0.0.5")
    reveal.reveal(other, city.market_handler, reason="上门核实")
    page = _page(client, city.auditor)
    assert page.status_code == 200
    body = page.content.decode()
    assert case.number in body and "回访需要联系市民" in body and "10.0.0.5" in body
    assert other.number in body and "上门核实" in body
    # Filters: the case number, the person, their unit.
    by_case = _page(client, city.auditor, case=case.number).content.decode()
    assert "回访需要联系市民" in by_case and "上门核实" not in by_case
    by_person = _page(client, city.auditor, person="market_handler").content.decode()
    assert "上门核实" in by_person and "回访需要联系市民" not in by_person
    by_unit = _page(client, city.admin, unit=city.market.pk).content.decode()
    assert "上门核实" in by_unit and "回访需要联系市民" not in by_unit


def test_the_date_range_counts_whole_local_days(client, city):
    clock.set_now(clock.local(2026, 3, 2, 23, 50))
    case = new_case(city)
    reveal.reveal(case, city.agent, reason="三月二日晚")
    clock.set_now(clock.local(2026, 3, 3, 0, 10))
    reveal.reveal(case, city.agent, reason="三月三日凌晨")
    body = _page(client, city.auditor, start="2026-03-02", end="2026-03-02").content.decode()
    assert "三月二日晚" in body and "三月三日凌晨" not in body


@pytest.mark.parametrize("who", ["market_handler", "market_leader", "agent", "supervisor", "leader"])
def test_only_auditors_and_administrators_see_the_screen(client, city, who):
    case = new_case(city)
    reveal.reveal(case, city.agent, reason="回访需要联系市民")
    client.force_login(getattr(city, who))
    assert client.get(reverse("privacy:log")).status_code == 403
    assert client.get(reverse("privacy:download", args=["csv"])).status_code == 403
    assert not ExportLog.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("privacy:log"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_log_downloads_as_csv_and_the_download_is_logged(client, city):
    case = new_case(city)
    reveal.reveal(case, city.agent, reason="回访需要联系市民")
    client.force_login(city.auditor)
    response = client.get(reverse("privacy:download", args=["csv"]), {"case": case.number})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][3] == case.number and rows[1][6] == "回访需要联系市民"
    logged = ExportLog.objects.get()
    assert (logged.actor, logged.kind, logged.rows, logged.filters) == (
        city.auditor, ExportKind.PRIVACY_LOG, 1, {"case": case.number})
    xlsx = client.get(reverse("privacy:download", args=["xlsx"]), {"show": "exports"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_download_with_bad_filters_is_refused_not_widened_to_the_whole_log(client, city):
    reveal.reveal(new_case(city), city.agent, reason="回访需要联系市民")
    client.force_login(city.auditor)
    response = client.get(reverse("privacy:download", args=["csv"]), {"start": "2026-13-01"})
    assert response.status_code == 400 and "请先更正筛选条件" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_a_case_export_writes_a_log_row_and_shows_on_the_exports_tab(client, city):
    new_case(city)
    new_case(city, category=city.cat_noise, street=city.s11)
    client.force_login(city.market_handler)
    response = client.get("/exchange/export.csv", {"status": "dispatched"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    logged = ExportLog.objects.get()
    assert logged.actor == city.market_handler and logged.kind == ExportKind.CASES
    assert logged.rows == 1 and logged.masked and logged.file_format == "csv"
    assert logged.filters == {"status": "dispatched"} and logged.source_ip == "10.1.2.3"
    body = _page(client, city.auditor, show="exports").content.decode()
    assert "market_handler" in body or "市场监管承办人" in body
    assert "status=dispatched" in body


def test_the_report_workbook_and_printed_ledger_are_logged(client, city):
    new_case(city)
    client.force_login(city.leader)
    assert client.get(reverse("analytics:report_xlsx")).status_code == 200
    assert client.get(reverse("analytics:report"), {"ledger": "1"}).status_code == 200
    kinds = sorted(ExportLog.objects.filter(actor=city.leader).values_list("kind", flat=True))
    assert kinds == [ExportKind.LEDGER_PRINT, ExportKind.REPORT]


def test_the_accountability_command_is_logged_without_a_person(city, tmp_path):
    out = tmp_path / "records.xlsx"
    call_command("accountability_export", "--from", "2026-11-01", "--to", "2026-12-31", "--out", str(out),
                 "--no-scan", stdout=io.StringIO())
    logged = ExportLog.objects.get()
    assert logged.actor is None and logged.kind == ExportKind.ACCOUNTABILITY
    assert logged.filters == {"from": "2026-11-01", "to": "2026-12-31"}
