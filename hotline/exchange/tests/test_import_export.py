"""Historical import (CSV/Excel, rejected-row report, idempotent) and scoped, masked export."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Channel, Status
from hotline.cases.models import Case
from hotline.exchange import export
from hotline.exchange.importer import PRESETS, import_rows, read_rows
from hotline.exchange.models import ImportedRecord
from hotline.orgs.models import ApiToken
from hotline.testing import new_case

pytestmark = pytest.mark.django_db
DATA = settings.SHARED_DATA_DIR


def excerpt(path, n):
    return list(itertools.islice(read_rows(path), n))


def test_teddy_replies_import_as_closed_cases_at_their_own_times_and_only_once(city):
    rows = excerpt(DATA / "teddy2020" / "replies.csv", 15)
    preset = PRESETS["teddy2020"]
    report = import_rows(rows, source="teddy2020", columns=preset["columns"], actor=Actor.staff(city.dispatcher),
                         channel=preset["channel"])
    assert (report.created, report.existing, report.rejected) == (15, 0, [])
    record = ImportedRecord.objects.get(source="teddy2020", external_id=rows[0]["留言编号"])
    case = record.case
    assert case.status == Status.CLOSED and case.channel == Channel.PORTAL
    assert case.number.startswith("20190425")
    assert case.registered_at == clock.local(2019, 4, 25, 9, 32).replace(second=9)
    assert [e.verb for e in case.events.all()] == ["register", "answer_on_spot", "close"]
    assert case.events.get(verb="close").at == clock.local(2019, 5, 10, 14, 56).replace(second=53)

    again = import_rows(rows, source="teddy2020", columns=preset["columns"], actor=Actor.staff(city.dispatcher))
    assert (again.created, again.existing) == (0, 15)
    assert Case.objects.count() == 15


def test_shangluo_mailbox_import_keeps_the_answering_agency(city, tmp_path):
    src = DATA / "shangluo" / "mayor_mailbox.csv"
    path = tmp_path / "mail.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        rows = excerpt(src, 5)
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    call_command("import_cases", str(path), "--preset", "shangluo", "--as", "dispatcher", stdout=out)
    assert "created 5, already imported 0, rejected 0" in out.getvalue()
    record = ImportedRecord.objects.get(external_id=rows[0]["url"])
    assert record.case.channel == Channel.MAILBOX and record.extra == {"agency": rows[0]["reply_agency"]}


def test_bad_rows_are_reported_with_row_field_and_reason_from_excel(city, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "标题", "内容", "时间", "答复", "答复时间", "类别"])
    sheet.append(["a1", "路灯不亮", "东风路路灯不亮", "2024-03-01 10:00:00", "已修复", "2024-03-02 10:00:00", "路灯照明"])
    sheet.append(["a2", "", "", "2024-03-01 10:00:00", "", "", ""])
    sheet.append(["a3", "x", "内容", "yesterday", "", "", ""])
    sheet.append(["a4", "x", "内容", "2024-03-05", "答复", "2024-03-01", ""])
    sheet.append(["a5", "x", "内容", "2024-03-05", "", "", "不存在的类别"])
    sheet.append(["a1", "x", "重复", "2024-03-05", "", "", ""])
    sheet.append(["a6", "", "只有内容\n第二行", "2024/03/06", "", "", ""])
    path = tmp_path / "old.xlsx"
    book.save(path)
    report_path = tmp_path / "rejected.csv"
    out = io.StringIO()
    call_command("import_cases", str(path), "--as", "dispatcher", "--source", "old-system", "--report",
                 str(report_path), "--map", "external_id=编号", "--map", "title=标题", "--map", "content=内容",
                 "--map", "registered_at=时间", "--map", "reply=答复", "--map", "replied_at=答复时间",
                 "--map", "category=类别", stdout=out)
    assert "created 2, already imported 0, rejected 5" in out.getvalue()
    with open(report_path, encoding="utf-8-sig") as fh:
        rejected = list(csv.reader(fh))
    assert rejected == [
        ["row", "field", "reason"],
        ["3", "content", "required"],
        ["4", "registered_at", "not a date/time: yesterday"],
        ["5", "replied_at", "before registered_at"],
        ["6", "category", "unknown category: 不存在的类别"],
        ["7", "external_id", "repeated in this file"],
    ]
    lamp = ImportedRecord.objects.get(source="old-system", external_id="a1").case
    assert lamp.category == city.cat_lights and lamp.status == Status.CLOSED
    only_content = ImportedRecord.objects.get(source="old-system", external_id="a6").case
    assert only_content.title == "只有内容" and only_content.status == Status.REGISTERED


def test_export_is_scoped_masked_and_opens_in_excel(city, client):
    mine = new_case(city, title="=HYPERLINK(\"x\")")
    other = new_case(city, category=city.cat_water, title="停水", content="停水三天\x0b了")
    handler_rows = list(export.rows(city.market_handler, export.filter_cases(city.market_handler, {})))
    assert [r[0] for r in handler_rows] == [mine.number]
    assert handler_rows[0][-2:] == ["张*", "138****1234"]

    client.force_login(city.dispatcher)
    r = client.get("/exchange/export.csv", {"status": "dispatched", "from": "2000-01-01"})
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.csv"')
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 3 and {rows[1][0], rows[2][0]} == {mine.number, other.number}
    assert "13812341234" not in r.content.decode("utf-8-sig")
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)

    r = client.get("/exchange/export.xlsx", {"category": city.cat_water.pk})
    sheet = load_workbook(io.BytesIO(r.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == other.number and values[1][-1] == "138****1234"
    assert values[1][7] == "停水三天了"  # a control character Excel refuses is dropped
    assert client.get("/exchange/export.csv", {"status": "nonsense"}).status_code == 400


def test_export_needs_a_signed_in_staff_member_or_a_token(city, client):
    new_case(city)
    r = client.get("/exchange/export.csv")
    assert r.status_code == 302 and "login" in r["Location"]
    assert client.get("/exchange/export.csv", headers={"Authorization": "Bearer nope"}).status_code == 401
    token = ApiToken.issue(city.urban_handler)
    r = client.get("/exchange/export.csv", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and len(r.content.decode("utf-8-sig").splitlines()) == 1  # header only
