"""Accountability records as an Excel workbook for discipline inspection (纪检监察).

Two sheets: one row per record, and one row per piece of evidence (the timeline events
that show the failing, with their times and texts). No citizen's personal data.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hotline import clock
from hotline.orgs.models import Unit

from . import accountability
from .choices import AccountabilityKind, Decision


def period_bounds(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Dates count whole local days, `end` included; datetimes are taken as they are."""
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(0, 0), tzinfo=clock.LOCAL_TZ)
    if not isinstance(end, dt.datetime):
        end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=clock.LOCAL_TZ)
    return start, end


def _cell(value):
    if isinstance(value, str):
        # Excel refuses control characters and would run a leading = + - @ as a formula.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return "'" + value if value[:1] in {"=", "+", "-", "@"} else value
    return value


def _when(value) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if value else ""


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def export_accountability(start, end, unit: Unit | None = None) -> bytes:
    """Records whose failing happened from `start` to `end`, for `unit` and the units under it."""
    start, end = period_bounds(start, end)
    rows = (
        accountability.records(start, end, unit=unit)
        .select_related("unit", "case", "decided_by").order_by("occurred_at", "pk")
    )
    units = dict(Unit.objects.values_list("pk", "name"))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Records")
    sheet.append([_("Record"), _("Kind"), _("Unit"), _("Case number"), _("Case title"), _("Occurred at"),
                  _("Evidence events"), _("Decision"), _("Decision note"), _("Decided by"), _("Decided at")])
    proof = book.create_sheet(_("Evidence"))
    proof.append([_("Record"), _("Case number"), _("Event"), _("Seq"), _("Action"), _("Time"),
                  _("Acting role"), _("Acting unit"), _("Text"), _("Deadline"), _("Hours late")])
    for record in rows:
        sheet.append([_cell(v) for v in (
            record.pk, _label(AccountabilityKind, record.kind), record.unit.name, record.case.number,
            record.case.title, _when(record.occurred_at),
            ", ".join(str(e.get("event")) for e in record.evidence),
            _label(Decision, record.decision) if record.decision else "", record.decision_note,
            (record.decided_by.display_name or record.decided_by.username) if record.decided_by else "",
            _when(record.decided_at) if record.decided_at else "",
        )])
        for line in record.evidence:
            proof.append([_cell(v) for v in (
                record.pk, line.get("case", ""), line.get("event"), line.get("seq"), line.get("verb", ""),
                _when(line.get("at")), line.get("actor_role", ""), units.get(line.get("actor_unit"), ""),
                line.get("text", ""), _when(line["due_at"]) if line.get("due_at") else "",
                line.get("late_by_hours", ""),
            )])
    for ws, widths in ((sheet, [8, 22, 24, 16, 40, 17, 16, 16, 30, 14, 17]),
                       (proof, [8, 16, 8, 6, 16, 17, 12, 24, 60, 17, 10])):
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
