"""Where the messages of a scan come from: the platform's cases, or the shared message board."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings

from hotline import clock
from hotline.cases.models import Case
from hotline.supervision.models import RepeatLink

from .mining import Item

MAX_CASES = 50_000  # a scan reads at most this many of the newest cases in its window


def from_cases(since: dt.datetime, until: dt.datetime) -> list[Item]:
    """Cases registered in (since, until]: the caller's digest tells people apart, the
    street and community are the place, a repeat link marks a problem that came back."""
    rows = list(
        Case.objects.filter(registered_at__gt=since, registered_at__lte=until)
        .order_by("-registered_at")
        .values_list("pk", "number", "title", "content", "registered_at", "phone_digest",
                     "street__name", "community__name")[:MAX_CASES]
    )
    repeats = set(RepeatLink.objects.filter(case_id__in=[r[0] for r in rows]).values_list("case_id", flat=True))
    return [
        Item(key=number, title=title, text=content, at=at, person=digest or "",
             places=tuple(p for p in (street, community) if p), repeat=pk in repeats, case_id=pk)
        for pk, number, title, content, at, digest, street, community in rows
    ]


def board_file() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "teddy2020" / "hot_messages.csv"


def _int(value: str) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() else 0


def from_board(path: Path | None = None) -> list[Item]:
    """The shared message board with its votes (留言编号, 留言用户, 留言主题, 留言时间,
    留言详情, 反对数, 点赞数); times are local (Asia/Shanghai). Unreadable rows are skipped."""
    items = []
    with open(path or board_file(), encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                at = dt.datetime.fromisoformat((row.get("留言时间") or "").strip().replace("/", "-"))
            except ValueError:
                continue
            title = (row.get("留言主题") or "").strip()
            if not title:
                continue
            items.append(Item(
                key=(row.get("留言编号") or "").strip(), title=title[:200],
                text=(row.get("留言详情") or "").strip(), at=at.replace(tzinfo=clock.LOCAL_TZ),
                person=(row.get("留言用户") or "").strip(),
                votes=_int(row.get("点赞数", "")) + _int(row.get("反对数", "")),
            ))
    return items
