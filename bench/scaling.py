"""Bench: intake throughput/latency and the daily-work p99 as the database grows.

One PostgreSQL database per size (`hotline_scale_10000`, `hotline_scale_100000`, ...),
filled by bench/generate.py unless it already holds the cases; --reuse SIZE=URL measures
a database filled earlier instead (e.g. the 1M `hotline_bench`). At each size it runs
bench/intake_http.py (HTTP with gunicorn, and take_in in-process) and bench/daily_work.py,
bounded by --requests / --domain / --rounds, then draws docs/bench/scaling.png.

    .venv/bin/python bench/scaling.py --sizes 10000 100000 1000000 \\
        --reuse 1000000=postgres://postgres@127.0.0.1:5432/hotline_bench

Each size's raw figures go to bench/out/scaling/; the summary to bench/out/scaling.json.
--measured SIZE takes that size's figures from bench/out/scaling/{intake,daily}_SIZE.json
written earlier (by intake_http.py / daily_work.py with --out); --plot-only redraws the
PNG from the summary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "scaling"
PG = "postgres://postgres@127.0.0.1:5432"
PNG = ROOT / "docs" / "bench" / "scaling.png"
PAGES = ["workbench (unit queue)", "case detail", "case search: phone (agent)",
         "case search: words (agent)", "case search: words (unit handler)"]


def run(*cmd: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "HOTLINE_DEV": "1"}
    print("$", " ".join(cmd), flush=True)
    done = subprocess.run([sys.executable, *cmd], cwd=ROOT, env=env, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{cmd[0]} failed ({done.returncode})")


def count_cases(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
            return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except psycopg.Error:
        return 0


def measure(size: int, url: str, args) -> dict:
    intake_out, daily_out = OUT / f"intake_{size}.json", OUT / f"daily_{size}.json"
    if size in args.measured:  # intake_http.py / daily_work.py already run with these --out files
        return point(size, None, intake_out, daily_out)
    have = count_cases(url)
    generated = None
    if have < size:
        t = time.perf_counter()
        run("bench/generate.py", "--cases", str(size - have), "--database-url", url, url=url)
        generated = round(time.perf_counter() - t, 1)
    run("bench/intake_http.py", "--requests", str(args.requests), "--warmup", str(args.warmup),
        "--concurrency", str(args.concurrency), "--domain", str(args.domain), "--out", str(intake_out), url=url)
    run("bench/daily_work.py", "--rounds", str(args.rounds), "--warmup", "5", "--out", str(daily_out), url=url)
    return point(size, generated, intake_out, daily_out)


def point(size: int, generated, intake_out: Path, daily_out: Path) -> dict:
    intake, daily = json.loads(intake_out.read_text()), json.loads(daily_out.read_text())
    return {"size": size, "cases": intake["cases_before"], "generate_seconds": generated,
            "intake_command": intake["command"], "daily_command": daily["command"],
            "http": intake["http"], "domain": intake["domain"], "pages": daily["pages"]}


def plot(summary: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = sorted(summary["points"], key=lambda p: p["cases"])
    xs = [p["cases"] for p in points]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(xs, [p["http"]["per_second"] for p in points], "o-", label="HTTP POST /api/v1/cases")
    left.plot(xs, [p["domain"]["per_second"] for p in points], "s--", label="take_in() in-process, 1 thread")
    left.axhline(300, color="grey", linestyle=":", label="target 300/s (HTTP)")
    left.set(xscale="log", xlabel="cases in the database", ylabel="cases registered per second",
             title="Intake throughput")
    left.set_ylim(bottom=0)
    left.legend(fontsize=8)
    right.plot(xs, [p["http"]["p99_ms"] for p in points], "o-", label="intake HTTP p99")
    for page in PAGES:
        measured = [(p["cases"], p["pages"][page]["p99_ms"]) for p in points if page in p["pages"]]
        right.plot([x for x, _ in measured], [y for _, y in measured], ".-", label=f"{page} p99")
    right.axhline(100, color="grey", linestyle=":", label="target 100 ms")
    right.set(xscale="log", yscale="log", xlabel="cases in the database", ylabel="ms", title="Latency p99")
    right.legend(fontsize=7)
    note = f" — {summary['note']}" if summary.get("note") else ""
    fig.suptitle(f"hotline on PostgreSQL, {summary['machine']} ({summary['date']}){note}", fontsize=9)
    fig.tight_layout()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PNG, dpi=110)
    print(f"written {PNG}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--reuse", action="append", default=[], help="SIZE=DATABASE_URL of a filled database")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--domain", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--measured", type=int, nargs="*", default=[],
                        help="sizes whose bench/out/scaling/{intake,daily}_SIZE.json are already there")
    parser.add_argument("--note", default="", help="a line for the plot's title (e.g. how busy the machine was)")
    parser.add_argument("--plot-only", action="store_true")
    args = parser.parse_args()
    summary_path = HERE / "out" / "scaling.json"
    if args.plot_only:
        plot(json.loads(summary_path.read_text()))
        return 0
    reuse = dict(item.split("=", 1) for item in args.reuse)
    OUT.mkdir(parents=True, exist_ok=True)
    points = []
    for size in args.sizes:
        url = reuse.get(str(size), f"{PG}/hotline_scale_{size}")
        points.append(measure(size, url, args))
    summary = {"date": time.strftime("%Y-%m-%d", time.gmtime()), "machine": f"{os.cpu_count()} cores",
               "command": "bench/scaling.py " + " ".join(sys.argv[1:]), "note": args.note, "points": points}
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    plot(summary)
    for p in points:
        pages = ", ".join(f"{k} {v['p99_ms']}" for k, v in p["pages"].items() if k in PAGES)
        print(f"{p['cases']:>9,} cases: HTTP {p['http']['per_second']}/s p50 {p['http']['p50_ms']} "
              f"p99 {p['http']['p99_ms']} ms; domain {p['domain']['per_second']}/s; p99 ms: {pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
