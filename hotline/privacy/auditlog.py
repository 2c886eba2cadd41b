"""What the auditor reads: reveals and exports of personal data, filtered, and as a file.

Filters: the person (username or display name), their unit and the units under it, a
date range (local days, both ends included) and, for reveals, the case number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hotline import clock
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit

from .models import ExportLog, RevealLog

AUDITORS = (Role.AUDITOR, Role.ADMIN)
REVEALS, EXPORTS = "reveals", "exports"
MAX_DOWNLOAD = 50_000


class LogFilter(forms.Form):
    show = forms.ChoiceField(choices=[(REVEALS, gettext_lazy("Reveals")), (EXPORTS, gettext_lazy("Exports"))],
                             required=False)
    person = forms.CharField(label=gettext_lazy("Person"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.order_by("path"),
                                  required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    case = forms.CharField(label=gettext_lazy("Case number"), max_length=20, required=False,
                           help_text=gettext_lazy("Reveals only."))


@dataclass(frozen=True)
class Selection:
    show: str = REVEALS
    person: str = ""
    unit: Unit | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    case: str = ""


def parse(params) -> tuple[Selection, LogFilter]:
    form = LogFilter(params or None)
    if not form.is_valid():
        return Selection(show=EXPORTS if params.get("show") == EXPORTS else REVEALS), form
    d = form.cleaned_data
    return Selection(show=d["show"] or REVEALS, person=d["person"].strip(), unit=d["unit"], start=d["start"],
                     end=d["end"], case=d["case"].strip()), form


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), clock.LOCAL_TZ)


def _common(qs: QuerySet, s: Selection) -> QuerySet:
    if s.person:
        qs = qs.filter(Q(actor__username=s.person) | Q(actor__display_name__icontains=s.person))
    if s.unit is not None:
        qs = qs.filter(actor__unit__path__startswith=s.unit.path)
    if s.start:
        qs = qs.filter(at__gte=_midnight(s.start))
    if s.end:
        qs = qs.filter(at__lt=_midnight(s.end + dt.timedelta(days=1)))
    return qs


def reveals(s: Selection) -> QuerySet[RevealLog]:
    qs = _common(RevealLog.objects.select_related("actor", "actor__unit", "case", "case__lead_unit"), s)
    if s.case:
        qs = qs.filter(case__number=s.case)
    return qs.order_by("-at", "-pk")


def exports(s: Selection) -> QuerySet[ExportLog]:
    return _common(ExportLog.objects.select_related("actor", "actor__unit"), s).order_by("-at", "-pk")


def entries(s: Selection) -> QuerySet:
    return exports(s) if s.show == EXPORTS else reveals(s)


def _when(value) -> str:
    return value.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _who(user) -> tuple[str, str]:
    if user is None:
        return _("command line"), ""
    return (user.display_name or user.username), (user.unit.name if user.unit_id else "")


def table(s: Selection) -> tuple[list[str], list[list]]:
    """Header and rows of the selected log, for the download."""
    if s.show == EXPORTS:
        header = [_("Time"), _("Person"), _("Unit"), _("Export"), _("Format"), _("Rows"), _("Masked"),
                  _("Filters"), _("Source address")]
        rows = [[_when(e.at), *_who(e.actor), e.get_kind_display(), e.file_format, e.rows,
                 _("yes") if e.masked else _("no"), " ".join(f"{k}={v}" for k, v in e.filters.items()),
                 e.source_ip or ""] for e in exports(s)[:MAX_DOWNLOAD]]
        return header, rows
    header = [_("Time"), _("Person"), _("Unit"), _("Case number"), _("Lead unit"), _("Fields"), _("Reason"),
              _("Source address")]
    rows = [[_when(r.at), *_who(r.actor), r.case.number, r.case.lead_unit.name if r.case.lead_unit_id else "",
             r.fields, r.reason, r.source_ip or ""] for r in reveals(s)[:MAX_DOWNLOAD]]
    return header, rows


def _safe(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return "'" + value if value[:1] in {"=", "+", "-", "@"} else value
    return value


def to_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_safe(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: list[str], rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Log"))
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
