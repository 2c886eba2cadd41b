"""The period and area a leader's view is filtered by, parsed from a query string."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hotline import clock
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

MAX_DAYS = 366


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def start_of(day: dt.date) -> dt.datetime:
    """Local midnight at the start of `day`, aware."""
    return dt.datetime.combine(day, dt.time(), clock.LOCAL_TZ)


@dataclass
class Filters:
    start: dt.date
    end: dt.date  # inclusive
    district: Unit | None = None
    street: Unit | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def since(self) -> dt.datetime:
        return start_of(self.start)

    @property
    def until(self) -> dt.datetime:
        return start_of(self.end + dt.timedelta(days=1))

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def query(self) -> str:
        parts = [f"start={self.start:%Y-%m-%d}", f"end={self.end:%Y-%m-%d}"]
        if self.district:
            parts.append(f"district={self.district.pk}")
        if self.street:
            parts.append(f"street={self.street.pk}")
        return "&".join(parts)


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()) if raw else None
    except ValueError:
        return None


def _place(raw: str | None, kind: str) -> Unit | None:
    raw = (raw or "").strip()
    if not raw.isdigit():
        return None
    return Unit.objects.filter(pk=int(raw), kind=kind).first()


def parse(params, *, default: str = "month") -> Filters:
    """Read start/end (or month=YYYY-MM), district and street. Bad input is reported and ignored."""
    today = clock.today()
    errors: list[str] = []
    start, end = month_start(today), today
    if default == "last_month":
        end = month_start(today) - dt.timedelta(days=1)
        start = month_start(end)
    month = (params.get("month") or "").strip()
    if month:
        first = _date(f"{month}-01")
        if first is None:
            errors.append(_("The month must look like 2026-05."))
        else:
            start, end = first, month_end(first)
    elif params.get("start") or params.get("end"):
        s, e = _date(params.get("start")), _date(params.get("end"))
        if s is None or e is None:
            errors.append(_("Dates must look like 2026-05-31."))
        elif e < s:
            errors.append(_("The period ends before it starts."))
        elif (e - s).days >= MAX_DAYS:
            errors.append(_("The period may cover at most a year."))
        else:
            start, end = s, e
    district = _place(params.get("district"), UnitKind.DISTRICT)
    street = _place(params.get("street"), UnitKind.STREET)
    if params.get("district") and district is None:
        errors.append(_("Unknown district."))
    if params.get("street") and street is None:
        errors.append(_("Unknown street."))
    if district and street and street.parent_id != district.pk:
        errors.append(_("That street is not in that district."))
        street = None
    return Filters(start=start, end=end, district=district, street=street, errors=errors)


def presets() -> list[tuple[str, str]]:
    """Quick periods for the filter bar: this month, last month, the last 30 days."""
    today = clock.today()
    last = month_start(month_start(today) - dt.timedelta(days=1))
    thirty = today - dt.timedelta(days=29)
    return [
        (_("This month"), f"month={today:%Y-%m}"),
        (_("Last month"), f"month={last:%Y-%m}"),
        (_("Last 30 days"), f"start={thirty:%Y-%m-%d}&end={today:%Y-%m-%d}"),
    ]
