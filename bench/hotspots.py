"""Hotspot mining benchmark: the shared message board (4,326 messages with votes).

    .venv/bin/python bench/hotspots.py [--runs 3]

Mines `teddy2020/hot_messages.csv` with the board's parameters (what `make run` shows),
`--runs` times in one process (jieba's dictionary loads once first), and prints ONE JSON
line: wall and CPU seconds per run (median), messages per second, and the top issues.
The machine is shared: the CPU time says what a run costs when no one else competes.
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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from hotline.hotspots import mining, sources
    from hotline.hotspots.actions import params_for
    from hotline.hotspots.models import Source

    items = sources.from_board()
    now = max(i.at for i in items)
    p = params_for(Source.BOARD)
    mining.tokens("热线")  # load jieba once, as a long-running worker has
    walls, cpus, issues = [], [], []
    for _ in range(args.runs):
        t, c = time.perf_counter(), time.process_time()
        issues = mining.mine(items, now=now, p=p)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    print(json.dumps({
        "command": ".venv/bin/python bench/hotspots.py " + " ".join(sys.argv[1:]),
        "messages": len(items), "runs": args.runs,
        "wall_s_median": round(statistics.median(walls), 2), "cpu_s_median": round(statistics.median(cpus), 2),
        "messages_per_cpu_s": round(len(items) / statistics.median(cpus)),
        "load_average": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
        "top": [{"issue": i.label, "example": i.example, "messages": len(i.items), "people": i.people,
                 "votes": i.votes, "heat": i.heat} for i in issues[:5]],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
