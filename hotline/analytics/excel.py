"""The period report as an Excel workbook, in the layout offices keep (台账).

Sheet 1 "汇总" (summary): title merged across the table, scope and period, then volume by
channel, by type and by category with shares, then the three rates per unit when the
assessment app provides them. Sheet 2 "工单台账" (ledger): one row per case, masked
citizen, frozen header. Written in openpyxl's write-only mode so a month of a big city
streams instead of building every cell in memory.
"""

from __future__ import annotations

import copy
import io
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hotline import clock

from .report import Report, ledger_rows

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE = Font(bold=True, size=16)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
COUNT = "#,##0"
SHARE = "0.0%"
WHEN = "yyyy-mm-dd hh:mm"


_STYLES: dict[tuple, Any] = {}


def _cell(ws, value: Any, *, font=None, fill=None, fmt: str | None = None, align=None, border=True):
    """A styled write-only cell. Styles are resolved once per workbook and combination:
    assigning style objects cell by cell costs openpyxl a deep hash each time, which
    dominates a ledger of tens of thousands of rows."""
    cell = WriteOnlyCell(ws, value=value)
    key = (id(ws.parent), id(font), id(fill), fmt, id(align), border)
    style = _STYLES.get(key)
    if style is None:
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if fmt is not None:
            cell.number_format = fmt
        if align is not None:
            cell.alignment = align
        if border:
            cell.border = BORDER
        _STYLES[key] = copy.copy(cell._style)
    else:
        cell._style = copy.copy(style)
    return cell


def _naive(value):
    """Excel has no time zones: local wall-clock time, as the office reads it."""
    return value.astimezone(clock.LOCAL_TZ).replace(tzinfo=None) if value is not None else None


class _Sheet:
    """A write-only sheet that knows its current row, for merged titles."""

    def __init__(self, wb: Workbook, title: str, widths: list[float]):
        self.ws = wb.create_sheet(title)
        self.row = 0
        self.columns = len(widths)
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width

    def append(self, cells: list) -> None:
        self.ws.append(cells)
        self.row += 1

    def merged(self, value: str, *, font=None, height_cols: int | None = None) -> None:
        cols = height_cols or self.columns
        self.append([_cell(self.ws, value, font=font, align=CENTRE, border=False)])
        if cols > 1:
            self.ws.merged_cells.add(f"A{self.row}:{get_column_letter(cols)}{self.row}")

    def header(self, names: list[str]) -> None:
        self.append([_cell(self.ws, n, font=BOLD, fill=HEADER_FILL, align=CENTRE) for n in names])

    def blank(self) -> None:
        self.append([])


def _subtitle(report: Report) -> str:
    return _("Scope: %(scope)s    Period: %(start)s to %(end)s    Made: %(made)s") % {
        "scope": report.scope, "start": f"{report.filters.start:%Y-%m-%d}", "end": f"{report.filters.end:%Y-%m-%d}",
        "made": f"{_naive(report.generated_at):%Y-%m-%d %H:%M}",
    }


def _shares(sheet: _Sheet, heading: str, label: str, rows: list[tuple[str, int]], total: int) -> None:
    sheet.append([_cell(sheet.ws, heading, font=BOLD, border=False)])
    sheet.header([label, _("Cases"), _("Share")])
    ws = sheet.ws
    for name, n in rows:
        share = n / total if total else 0
        sheet.append([_cell(ws, name), _cell(ws, n, fmt=COUNT), _cell(ws, share, fmt=SHARE)])
    sheet.append([_cell(ws, _("Total"), font=BOLD), _cell(ws, total, fmt=COUNT, font=BOLD),
                  _cell(ws, 1 if total else 0, fmt=SHARE, font=BOLD)])
    sheet.blank()


RATE_COLUMNS = [
    ("unit", None), ("cases", COUNT), ("response_rate", SHARE), ("resolution_rate", SHARE),
    ("satisfaction_rate", SHARE), ("on_time_rate", SHARE),
]


def _rates(sheet: _Sheet, rows: list[dict[str, Any]]) -> None:
    ws = sheet.ws
    sheet.append([_cell(ws, _("Three rates by unit"), font=BOLD, border=False)])
    sheet.header([_("Unit"), _("Cases"), _("Response rate"), _("Resolution rate"), _("Satisfaction rate"),
                  _("On-time completion rate")])
    for row in rows:
        sheet.append([_cell(ws, row.get(key), fmt=fmt) for key, fmt in RATE_COLUMNS])
    sheet.blank()


def _summary(wb: Workbook, report: Report) -> None:
    sheet = _Sheet(wb, pgettext("report sheet", "Summary"), [28, 12, 14, 14, 14, 16])
    sheet.ws.freeze_panes = "A3"
    sheet.merged(report.title, font=TITLE)
    sheet.merged(_subtitle(report))
    _shares(sheet, _("1. Cases by channel"), _("Channel"), report.by_channel, report.total)
    _shares(sheet, _("2. Cases by type"), _("Type"), report.by_type, report.total)
    _shares(sheet, _("3. Cases by category"), _("Category"), report.by_category, report.total)
    if report.unit_rates is not None:
        _rates(sheet, report.unit_rates)


LEDGER = [
    ("index", gettext_noop("No."), 6, None), ("number", gettext_noop("Case number"), 16, None), ("registered_at", gettext_noop("Registered at"), 17, WHEN),
    ("channel", gettext_noop("Channel"), 12, None), ("case_type", gettext_noop("Type"), 10, None), ("category", gettext_noop("Category"), 16, None),
    ("title", gettext_noop("Title"), 30, None), ("place", gettext_noop("Place"), 30, None), ("lead_unit", gettext_noop("Lead unit"), 22, None),
    ("status", gettext_noop("Status"), 10, None), ("due_at", gettext_noop("Reply by"), 17, WHEN), ("overdue", gettext_noop("Overdue"), 8, None),
    ("satisfaction", gettext_noop("Satisfaction"), 12, None), ("citizen", gettext_noop("Citizen (masked)"), 12, None),
    ("phone", gettext_noop("Phone (masked)"), 14, None),
]


def _ledger(wb: Workbook, report: Report, user) -> int:
    sheet = _Sheet(wb, _("Case ledger"), [w for _k, _l, w, _f in LEDGER])
    ws = sheet.ws
    ws.freeze_panes = "C4"
    sheet.merged(_("%(title)s: case ledger") % {"title": report.title}, font=TITLE)
    sheet.merged(_subtitle(report))
    sheet.header([_(label) for _k, label, _w, _f in LEDGER])
    yes, no = _("Yes"), _("No")
    count = 0
    # Body cells are plain values (a styled cell costs several times more to write); only
    # the date columns carry a format, so a month of a big city stays a matter of seconds.
    for row in ledger_rows(user, report.filters):
        cells = []
        for key, _label, _width, fmt in LEDGER:
            value = row[key]
            if key == "overdue":
                value = yes if value else no
            elif fmt == WHEN:
                value = _cell(ws, _naive(value), fmt=fmt, border=False)
            cells.append(value)
        sheet.append(cells)
        count += 1
    ws.auto_filter.ref = f"A3:{get_column_letter(len(LEDGER))}{max(sheet.row, 3)}"
    return count


class Written(NamedTuple):
    body: bytes
    rows: int  # ledger rows written: what the export log records


def workbook(report: Report, user) -> Written:
    wb = Workbook(write_only=True)
    _STYLES.clear()  # style indexes belong to one workbook
    _summary(wb, report)
    rows = _ledger(wb, report, user)
    buffer = io.BytesIO()
    wb.save(buffer)
    return Written(buffer.getvalue(), rows)
