"""Links from a screen's list to the export of the same cases (`/exchange/export.xlsx|csv`).

Each screen's filters are mapped to the export's parameters, so the file holds what the
list shows (without its page limit); the export itself is scoped and masked.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from hotline.cases.choices import AssignmentStatus, Status

# The centre desk's lists, as export filters.
DESK = {
    "returned": {"status": Status.RETURNED},
    "waiting": {"status": Status.REGISTERED},
    "callbacks": {"status": Status.REPLIED},
    "overdue": {"status": f"{Status.DISPATCHED},{Status.HANDLING}", "overdue": "1"},
}


def links(params: dict) -> dict[str, str]:
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return {fmt: reverse("exchange:export", kwargs={"fmt": fmt}) + (f"?{query}" if query else "")
            for fmt in ("xlsx", "csv")}


def workbench(unit_id: int, *, status: str, overdue: bool, category_id: int | None) -> dict[str, str]:
    """The unit's active parts, with the workbench's status, overdue and category filters."""
    return links({
        "assigned_to": unit_id, "part_status": status if status in AssignmentStatus.active() else "",
        "overdue": "1" if overdue else "", "category": category_id,
    })


def desk() -> dict[str, dict[str, str]]:
    return {name: links(params) for name, params in DESK.items()}
