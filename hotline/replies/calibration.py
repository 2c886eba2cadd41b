"""Calibrate the reply scorer on real replies: score them all, describe the distribution,
choose the threshold at a low percentile of the overall score.

The reference set is the shared data's `teddy2020/replies.csv` (real messages to a city's
message board with the government's real reply and its time). Its rows carry no case
deadline, so timeliness is measured against the default reply limit
(`sla.deadlines.DEFAULT_REPLY_DAYS` working days) on the official calendar.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hotline.clock import LOCAL_TZ
from hotline.sla.workdays import WorkCalendar

from . import scoring

DIMENSIONS = ("relevance", "completeness", "interpretability", "timeliness", "overall")
PERCENTILES = (5, 10, 15, 25, 50, 75, 90, 95)
DEFAULT_PERCENTILE = 10


def default_source() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "teddy2020" / "replies.csv"


@dataclass(frozen=True)
class Row:
    number: str
    request: scoring.Request
    reply: scoring.Reply


def _when(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def read_rows(path: Path) -> Iterator[Row]:
    """Rows with a reply and both times; others are skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            asked, answered = _when(row.get("留言时间", "")), _when(row.get("答复时间", ""))
            reply = (row.get("答复意见") or "").strip()
            if asked is None or answered is None or not reply or answered < asked:
                continue
            yield Row(row.get("留言编号", ""), scoring.Request(row.get("留言主题", ""), row.get("留言详情", ""), asked),
                      scoring.Reply(reply, answered))


def percentile(sorted_values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


@dataclass(frozen=True)
class Result:
    rows: int
    threshold: float
    percentile: int
    distribution: dict
    median_ms: float


def calibrate(rows: list[Row], *, at_percentile: int = DEFAULT_PERCENTILE,
              calendar: WorkCalendar | None = None) -> Result:
    calendar = calendar or WorkCalendar()
    scores, took = [], []
    for row in rows:
        began = time.perf_counter()
        scores.append(scoring.score(row.request, row.reply, calendar=calendar))
        took.append(time.perf_counter() - began)
    values = {name: sorted(getattr(s, name) for s in scores) for name in DIMENSIONS}
    n = len(scores) or 1
    distribution = {
        name: {"mean": round(sum(v) / n, 3), **{f"p{p}": round(percentile(v, p), 3) for p in PERCENTILES}}
        for name, v in values.items()
    }
    distribution["histogram"] = [sum(1 for v in values["overall"] if lo / 10 <= v < (lo + 1) / 10 or (lo == 9 and v == 1))
                                 for lo in range(10)]
    distribution["perfunctory_share"] = round(sum(s.perfunctory for s in scores) / n, 3)
    distribution["late_share"] = round(sum(s.late_days > 0 for s in scores) / n, 3)
    threshold = round(percentile(values["overall"], at_percentile), 3)
    distribution["flagged_share"] = round(
        sum(s.perfunctory or s.overall < threshold for s in scores) / n, 3)
    return Result(len(scores), threshold, at_percentile, distribution,
                  round(percentile(sorted(took), 50) * 1000, 2))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
