"""Bulk import of historical cases from CSV or Excel, with a report of rejected rows.

A column mapping names, for each case field, the source column. Each accepted row becomes
an ordinary case through the workflow, at its historical times: registered when the
message was left; when the source has a reply, answered (`answer_on_spot`) and closed at
the reply time. `ImportedRecord(source, external_id)` makes a re-import a no-op.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from openpyxl import load_workbook

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel
from hotline.cases.errors import CaseError
from hotline.catalog.models import Category

from .models import ImportedRecord

FIELDS = ("external_id", "title", "content", "registered_at", "reply", "replied_at", "category", "agency",
          "citizen_name", "citizen_phone", "address")
REQUIRED = ("external_id", "content", "registered_at")
PRESETS: dict[str, dict] = {
    # ../shared/data/teddy2020/replies.csv: a provincial capital's message board, with replies.
    "teddy2020": {
        "channel": Channel.PORTAL,
        "columns": {"external_id": "留言编号", "title": "留言主题", "content": "留言详情",
                    "registered_at": "留言时间", "reply": "答复意见", "replied_at": "答复时间"},
    },
    # ../shared/data/shangluo/mayor_mailbox.csv: mail_id is not unique, the url is.
    "shangluo": {
        "channel": Channel.MAILBOX,
        "columns": {"external_id": "url", "title": "title", "content": "query", "registered_at": "query_date",
                    "reply": "reply", "replied_at": "reply_date", "agency": "reply_agency"},
    },
}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d",
                "%Y/%m/%d")


@dataclass
class Rejection:
    row: int  # the line in the file (the header is line 1)
    field: str
    reason: str


@dataclass
class Report:
    created: int = 0
    existing: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def write_csv(self, path: Path) -> None:
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["row", "field", "reason"])
            writer.writerows([r.row, r.field, r.reason] for r in self.rejected)


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a .csv (UTF-8, with or without BOM) or .xlsx file, as dicts by header."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(values, [])]
        for row in values:
            yield {h: ("" if v is None else (v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, dt.datetime) else str(v)))
                   for h, v in zip(header, row, strict=False)}
        book.close()
        return
    with open(path, newline="", encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh)


def _time(raw: str) -> dt.datetime | None:
    raw = (raw or "").strip()
    for fmt in TIME_FORMATS:
        try:
            value = dt.datetime.strptime(raw, fmt)  # noqa: DTZ007 - local time, zone added below
        except ValueError:
            continue
        if fmt in {"%Y-%m-%d", "%Y/%m/%d"}:
            value = value.replace(hour=9)  # a date alone: count it from the morning
        return value.replace(tzinfo=clock.LOCAL_TZ)
    return None


@dataclass
class Row:
    line: int
    external_id: str
    title: str
    content: str
    registered_at: dt.datetime
    reply: str
    replied_at: dt.datetime | None
    category: Category | None
    extra: dict


def validate(line: int, raw: dict[str, str], columns: dict[str, str], categories: dict[str, Category],
             errors: list[Rejection]) -> Row | None:
    get = {name: str(raw.get(col) or "").strip() for name, col in columns.items()}
    before = len(errors)
    for name in REQUIRED:
        if not get.get(name):
            errors.append(Rejection(line, name, "required"))
    registered = _time(get.get("registered_at", ""))
    if get.get("registered_at") and registered is None:
        errors.append(Rejection(line, "registered_at", f"not a date/time: {get['registered_at'][:30]}"))
    replied = _time(get.get("replied_at", ""))
    if get.get("replied_at") and replied is None:
        errors.append(Rejection(line, "replied_at", f"not a date/time: {get['replied_at'][:30]}"))
    if registered and replied and replied < registered:
        errors.append(Rejection(line, "replied_at", "before registered_at"))
    if registered and registered > clock.now():
        errors.append(Rejection(line, "registered_at", "in the future"))
    if get.get("replied_at") and not get.get("reply"):
        errors.append(Rejection(line, "reply", "a reply time without a reply"))
    if len(get.get("external_id", "")) > 255:
        errors.append(Rejection(line, "external_id", "longer than 255 characters"))
    category = None
    if get.get("category"):
        category = categories.get(get["category"])
        if category is None:
            errors.append(Rejection(line, "category", f"unknown category: {get['category'][:30]}"))
    if len(errors) > before:
        return None
    content = get["content"]
    title = (get.get("title") or content.splitlines()[0])[:200]
    extra = {k: get[k] for k in ("agency", "address") if get.get(k)}
    if get.get("reply") and not replied:
        replied = registered
    return Row(line, get["external_id"], title, content, registered, get.get("reply", ""), replied, category,
               extra | {"citizen_name": get.get("citizen_name", ""), "citizen_phone": get.get("citizen_phone", "")})


def _create(row: Row, *, source: str, channel: str, case_type: str, actor: Actor) -> None:
    with transaction.atomic():
        with clock.frozen(row.registered_at):
            case = workflow.register(
                actor, channel=channel, case_type=case_type, title=row.title, content=row.content,
                category=row.category, address=row.extra.get("address", ""),
                citizen_name=row.extra["citizen_name"], citizen_phone=row.extra["citizen_phone"],
                anonymous=not row.extra["citizen_name"],
                data={"imported_from": source, "external_id": row.external_id},
            )
        if row.reply:
            with clock.frozen(row.replied_at):
                case = workflow.perform(case, "answer_on_spot", actor=actor, reply=row.reply)
                note = f"imported from {source}" + (f"; answered by {row.extra['agency']}" if "agency" in row.extra else "")
                workflow.perform(case, "close", actor=actor, note=note)
        ImportedRecord.objects.create(source=source, external_id=row.external_id, case=case,
                                      extra={k: v for k, v in row.extra.items() if k == "agency"})


def import_rows(rows, *, source: str, columns: dict[str, str], actor: Actor, channel: str = Channel.PORTAL,
                case_type: str = CaseType.HELP) -> Report:
    """Import rows (dicts by column name). Historical times come from the rows themselves,
    so this must not run inside a web request (it pins the process clock per row)."""
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields in mapping: {sorted(unknown)}")
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise ValueError(f"the mapping must name a column for: {missing}")
    categories = {c.name: c for c in Category.objects.filter(is_active=True)}
    done = set(ImportedRecord.objects.filter(source=source).values_list("external_id", flat=True))
    report = Report()
    seen: set[str] = set()
    for index, raw in enumerate(rows, start=2):
        row = validate(index, raw, columns, categories, report.rejected)
        if row is None:
            continue
        if row.external_id in done:
            report.existing += 1
            continue
        if row.external_id in seen:
            report.rejected.append(Rejection(index, "external_id", "repeated in this file"))
            continue
        seen.add(row.external_id)
        try:
            _create(row, source=source, channel=channel, case_type=case_type, actor=actor)
        except CaseError as exc:
            report.rejected.append(Rejection(index, exc.field or "", str(exc.message)))
            continue
        report.created += 1
    return report
