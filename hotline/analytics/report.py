"""The content of a period report (台账): volume summaries, unit rates and the case ledger.

Shared by the Excel export (`excel.py`) and the printable page. The ledger holds no
plaintext personal data: the citizen's name and phone are masked as the reader would
see them in the console (`privacy.reveal.masked`), so no PII export needs logging.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import CaseType, Channel, Satisfaction, Status
from hotline.catalog.models import Category
from hotline.privacy.reveal import masked

from . import extras
from .periods import Filters
from .sources import sees_city, source_for

OPEN_UNREPLIED = {s for s in Status.open_states() if s != Status.REPLIED}


@dataclass
class Report:
    filters: Filters
    title: str
    scope: str
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    unit_rates: list[dict[str, Any]] | None = None
    generated_at: dt.datetime | None = None

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_channel)


def title_for(filters: Filters) -> str:
    first_of_month = filters.start.day == 1
    if first_of_month and filters.end == (filters.start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1):
        return _("12345 hotline monthly report, %(month)s") % {"month": f"{filters.start:%Y-%m}"}
    return _("12345 hotline report, %(start)s to %(end)s") % {
        "start": f"{filters.start:%Y-%m-%d}", "end": f"{filters.end:%Y-%m-%d}"}


def build(user, filters: Filters) -> Report:
    source = source_for(user, filters)
    channels, types = dict(Channel.choices), dict(CaseType.choices)
    place = filters.street or filters.district
    scope = place.name if place else (_("Whole city") if sees_city(user) else (user.unit.name if user.unit else ""))
    report = Report(filters=filters, title=title_for(filters), scope=scope, generated_at=clock.now())
    by_channel = dict(source.group("channel"))
    report.by_channel = [(str(channels[c]), by_channel.get(c, 0)) for c in Channel.values]
    by_type = dict(source.group("case_type"))
    report.by_type = [(str(types[t]), by_type.get(t, 0)) for t in CaseType.values]
    cats = source.group("category")
    names = dict(Category.objects.filter(pk__in=[c for c, _ in cats if c]).values_list("pk", "name"))
    report.by_category = sorted(((names.get(c, _("Unclassified")) if c else _("Unclassified"), n) for c, n in cats),
                                key=lambda r: (-r[1], r[0]))
    report.unit_rates = extras.unit_rates(user, filters)
    return report


def ledger_cases(user, filters: Filters):
    qs = visible_cases(user).filter(registered_at__gte=filters.since, registered_at__lt=filters.until)
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    if filters.street is not None:
        qs = qs.filter(street=filters.street)
    return (qs.select_related("category", "district", "street", "community", "lead_unit").defer("content")
            .order_by("registered_at", "pk"))


def is_overdue(case, now: dt.datetime) -> bool:
    """Replied after its deadline, or still open past it."""
    if case.due_at is None:
        return False
    if case.replied_at is not None:
        return case.replied_at > case.due_at
    return case.status in OPEN_UNREPLIED and case.due_at < now


def place_of(case) -> str:
    parts = [u.name for u in (case.district, case.street, case.community) if u is not None]
    if case.address:
        parts.append(case.address)
    return " ".join(parts)


def ledger_rows(user, filters: Filters) -> Iterator[dict[str, Any]]:
    now = clock.now()
    statuses, satisfaction = dict(Status.choices), dict(Satisfaction.choices)
    channels, types = dict(Channel.choices), dict(CaseType.choices)
    for index, case in enumerate(ledger_cases(user, filters).iterator(chunk_size=2000), start=1):
        citizen = masked(case, user)
        yield {
            "index": index,
            "number": case.number,
            "registered_at": case.registered_at.astimezone(clock.LOCAL_TZ),
            "channel": str(channels.get(case.channel, case.channel)),
            "case_type": str(types.get(case.case_type, case.case_type)),
            "category": case.category.name if case.category else "",
            "title": case.title,
            "place": place_of(case),
            "lead_unit": case.lead_unit.name if case.lead_unit else "",
            "status": str(statuses.get(case.status, case.status)),
            "due_at": case.due_at.astimezone(clock.LOCAL_TZ) if case.due_at else None,
            "overdue": is_overdue(case, now),
            "satisfaction": str(satisfaction.get(case.satisfaction, "")) if case.satisfaction else "",
            "citizen": citizen.name,
            "phone": citizen.phone,
        }
