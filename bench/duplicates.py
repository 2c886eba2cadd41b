"""Bench: duplicates at intake and place finding, on the 1,000,000-case PostgreSQL database.

Read-only on the database `bench/generate.py` fills (default `hotline_bench`). Three parts,
one JSON line each:
- `find`: `intake.duplicates.duplicates_of` for open cases of the last two weeks taken as
  probes (their own registration time as "now"): median and p99 ms, candidates compared,
  plus the plan of the candidate query;
- `locate`: `intake.territory.locate` over the shared raw messages (µs per message, share
  resolved / ambiguous) against the demo city's tree in that database;
- `calibration` (no database): on the shared `hot_messages.csv`, how often two messages by
  different citizens about one problem (the 丽发新城 mixing plant; the 伊景园 parking
  spaces) reach the threshold, and how often two random messages do.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench .venv/bin/python bench/duplicates.py --probes 60
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_bench"
DATA = ROOT.parent / "shared" / "data" / "teddy2020"


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(samples), 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))], 2),
            "runs": len(samples)}


def bench_find(probes: int) -> dict:
    from hotline.cases.choices import Status
    from hotline.cases.models import Case
    from hotline.intake import duplicates

    latest = Case.objects.order_by("-registered_at").values_list("registered_at", flat=True).first()
    pool = list(Case.objects.filter(status__in=Status.open_states(), registered_at__gte=latest - duplicates.window())
                .order_by("pk").values_list("pk", flat=True))
    random.Random(7).shuffle(pool)
    cases = list(Case.objects.filter(pk__in=pool[:probes]))
    for case in cases[:2]:
        duplicates.duplicates_of(case)  # warm-up
    samples, compared, found = [], [], 0
    for case in cases:
        began = time.perf_counter()
        result = duplicates.duplicates_of(case)
        samples.append((time.perf_counter() - began) * 1000)
        found += bool(result)
        compared.append(len(duplicates.candidates(duplicates.Probe.of_case(case))[0]))
    probe = duplicates.Probe.of_case(cases[0])
    plan = Case.objects.filter(
        duplicates._prefilter(probe, probe.digest), status__in=Status.open_states(),
        registered_at__gte=probe.at - duplicates.window(), registered_at__lte=probe.at,
    ).order_by("-registered_at").values_list("pk", "title")[:duplicates.MAX_CANDIDATES].explain(
        analyze=True, buffers=True).splitlines()
    print("\n".join(plan), file=sys.stderr)
    return {"part": "find", "cases": Case.objects.count(), "open_in_window": len(pool), **_stats(samples),
            "median_candidates": statistics.median(compared), "probes_with_a_duplicate": found}


def bench_locate() -> dict:
    from hotline.intake import territory

    with open(DATA / "unlabeled_messages.csv", encoding="utf-8") as f:
        rows = [(r["留言主题"], r["留言详情"]) for r in csv.DictReader(f)]
    territory.locate(text="warm-up")
    began = time.perf_counter()
    results = [territory.locate(text=f"{t}\n{c}") for t, c in rows]
    elapsed = time.perf_counter() - began
    return {"part": "locate", "messages": len(rows), "us_per_message": round(elapsed / len(rows) * 1e6),
            "resolved": sum(r.resolved for r in results), "ambiguous": sum(r.ambiguous for r in results),
            "nothing_found": sum(not r.mentions for r in results)}


def calibration() -> dict:
    from hotline.intake.duplicates import Text, threshold

    with open(DATA / "hot_messages.csv", encoding="utf-8") as f:
        rows = [(r["留言主题"], r["留言详情"]) for r in csv.DictReader(f)]
    texts = [Text.of(t, c) for t, c in rows]
    groups = {
        "mixing_plant": [i for i, (t, c) in enumerate(rows) if "丽发新城" in t + c and "搅拌" in t + c],
        "parking": [i for i, (t, c) in enumerate(rows) if "伊景园" in t + c and "车位" in t + c],
    }
    limit = threshold()
    out = {"part": "calibration", "threshold": limit}
    for name, idx in groups.items():
        scores = [texts[a].score(texts[b]) for a, b in itertools.combinations(idx, 2)]
        out[name] = {"messages": len(idx), "pairs": len(scores), "median": round(statistics.median(scores), 3),
                     "share_at_threshold": round(sum(s >= limit for s in scores) / len(scores), 3)}
    rng = random.Random(1)
    scores = [texts[rng.randrange(len(texts))].score(texts[rng.randrange(len(texts))]) for _ in range(20000)]
    out["random_pairs"] = {"pairs": len(scores), "median": round(statistics.median(scores), 3),
                           "share_at_threshold": round(sum(s >= limit for s in scores) / len(scores), 4)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probes", type=int, default=60)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--calibration-only", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    print(json.dumps(calibration(), ensure_ascii=False))
    if not args.calibration_only:
        print(json.dumps(bench_find(args.probes), ensure_ascii=False))
        print(json.dumps(bench_locate(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
