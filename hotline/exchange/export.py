"""Export a filtered case list to Excel or CSV, as the user may see it.

Rows come from `hotline.cases.access.visible_cases(user)` only, and personal data is
masked (`hotline.privacy.reveal.masked`): an export is a copy that leaves the platform.
Screens link to `/exchange/export.xlsx?…` or `.csv?…` with the same filters as their list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import AssignmentStatus, CaseType, Channel, Status, Urgency
from hotline.cases.errors import Invalid
from hotline.cases.models import Assignment, Case
from hotline.privacy.reveal import masked

MAX_ROWS = 50_000


def _list(params, name: str, allowed) -> list[str]:
    values = [v for raw in params.getlist(name) for v in raw.split(",") if v.strip()] if hasattr(params, "getlist") \
        else [v for v in str(params.get(name, "")).split(",") if v.strip()]
    values = [v.strip() for v in values]
    if any(v not in allowed for v in values):
        raise Invalid(_("Unknown value."), field=name)
    return values


def _date(params, name: str) -> dt.date | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(_("Give a date as YYYY-MM-DD."), field=name) from None


def _id(params, name: str) -> int | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid(_("Unknown value."), field=name)
    return int(raw)


def _parts(qs: QuerySet[Case], params, now) -> QuerySet[Case]:
    """A unit's queue: cases where `assigned_to` has an active part (of `part_status`,
    late with `overdue`) — the unit workbench's list."""
    unit = _id(params, "assigned_to")
    statuses = _list(params, "part_status", AssignmentStatus.active())
    if unit is None:
        if statuses:
            raise Invalid(_("Give the unit (assigned_to) as well."), field="part_status")
        return qs
    parts = Assignment.objects.filter(case=OuterRef("pk"), unit_id=unit,
                                      status__in=statuses or AssignmentStatus.active())
    if _flag(params, "overdue"):
        parts = parts.filter(due_at__lt=now)
    return qs.filter(Exists(parts))


def _flag(params, name: str) -> bool:
    raw = str(params.get(name, "") or "").strip()
    if raw not in {"", "0", "1"}:
        raise Invalid(_("Unknown value."), field=name)
    return raw == "1"


def filter_cases(user, params) -> QuerySet[Case]:
    """The user's visible cases narrowed by list filters (status, channel, type, urgency,
    category and those below it, lead unit, registered from/to, text, overdue, a unit's
    active parts)."""
    now = clock.now()
    qs = _parts(visible_cases(user), params, now)
    if _flag(params, "overdue") and _id(params, "assigned_to") is None:
        # As the API and the centre desk count it: open, not yet replied, past the reply time.
        qs = qs.filter(status__in=[s for s in Status.open_states() if s != Status.REPLIED], due_at__lt=now)
    if statuses := _list(params, "status", Status.values):
        qs = qs.filter(status__in=statuses)
    if channels := _list(params, "channel", Channel.values):
        qs = qs.filter(channel__in=channels)
    if types := _list(params, "case_type", CaseType.values):
        qs = qs.filter(case_type__in=types)
    if urgencies := _list(params, "urgency", Urgency.values):
        qs = qs.filter(urgency__in=urgencies)
    if (category := _id(params, "category")) is not None:
        qs = qs.filter(category__path__contains=f"/{category}/")
    if (lead_unit := _id(params, "lead_unit")) is not None:
        qs = qs.filter(lead_unit_id=lead_unit)
    if start := _date(params, "from"):
        qs = qs.filter(registered_at__gte=dt.datetime.combine(start, dt.time(), clock.LOCAL_TZ))
    if end := _date(params, "to"):
        qs = qs.filter(registered_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), clock.LOCAL_TZ))
    if q := str(params.get("q", "") or "").strip():
        qs = qs.filter(Q(number=q) | Q(title__icontains=q) | Q(content__icontains=q) | Q(address__icontains=q))
    return qs.select_related("category", "lead_unit", "district", "street", "community").order_by("-registered_at")


def _local(value) -> str:
    return value.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if value else ""


def headers() -> list[str]:
    return [_("case number"), _("registered at"), _("channel"), _("type"), _("urgency"), _("category"),
            _("title"), _("content"), _("address"), _("district"), _("street"), _("status"), _("lead unit"),
            _("reply by"), _("replied at"), _("closed at"), _("satisfaction"), _("citizen name"),
            _("citizen phone")]


def rows(user, qs: QuerySet[Case]):
    for case in qs[:MAX_ROWS].iterator(chunk_size=1000):
        citizen = masked(case, user)
        yield [
            case.number, _local(case.registered_at), case.get_channel_display(), case.get_case_type_display(),
            case.get_urgency_display(), case.category.name if case.category else "", case.title, case.content,
            case.address, case.district.name if case.district else "", case.street.name if case.street else "",
            case.get_status_display(), case.lead_unit.name if case.lead_unit else "", _local(case.due_at),
            _local(case.replied_at), _local(case.closed_at), case.get_satisfaction_display(),
            citizen.name, citizen.phone,
        ]


def _safe(value):
    # A cell starting with = + - @ would be run as a formula by Excel (CSV injection).
    return "'" + value if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"} else value


def to_csv(user, qs: QuerySet[Case]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows(user, qs):
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8 Chinese


def _cell(value):
    # Control characters pasted into messages are not allowed in a worksheet.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx(user, qs: QuerySet[Case]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("cases"))
    sheet.append(headers())
    for row in rows(user, qs):
        sheet.append([_cell(_safe(v)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
