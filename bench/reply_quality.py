"""Bench: reply-quality scoring latency and the calibrated distribution, on the shared replies.

No database: `replies.scoring.score` over every row of `teddy2020/replies.csv` (2,816 real
messages with the government's reply), with the official calendar. One JSON line: the cold
first call (jieba's dictionary and IDF table load once per process), median / p95 / max ms
per reply, and the distribution `hotline reply_quality calibrate` would store.

    .venv/bin/python bench/reply_quality.py [--percentile 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--percentile", type=int, default=10)
    args = parser.parse_args()
    import django

    django.setup()
    from hotline.replies import calibration, scoring
    from hotline.sla.workdays import WorkCalendar

    rows = list(calibration.read_rows(calibration.default_source()))
    cal = WorkCalendar()
    began = time.perf_counter()
    scoring.score(rows[0].request, rows[0].reply, calendar=cal)
    cold_ms = (time.perf_counter() - began) * 1000
    took = []
    for row in rows:
        began = time.perf_counter()
        scoring.score(row.request, row.reply, calendar=cal)
        took.append((time.perf_counter() - began) * 1000)
    took.sort()
    result = calibration.calibrate(rows, at_percentile=args.percentile, calendar=cal)
    print(json.dumps({
        "bench": "reply_quality", "rows": len(rows), "cold_first_ms": round(cold_ms, 1),
        "median_ms": round(statistics.median(took), 2), "p95_ms": round(took[int(len(took) * 0.95)], 2),
        "max_ms": round(took[-1], 2), "threshold": result.threshold, "percentile": args.percentile,
        "distribution": result.distribution,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
