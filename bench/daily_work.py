"""Bench: the pages of a day's work at city scale (1,000,000 cases), p50/p99.

Through Django's test client (every middleware, the real templates, signed-in users):
- the unit workbench (承办单位 queue) of the busiest unit, for its handler;
- the case detail page (timeline, assignments, masked citizen) of cases in that queue;
- the agent's caller lookup by phone number (the keyed phone digest, `privacy.lookup`);
- the staff case search (`/search/?q=`, `cases.search`): by case number (answers a
  redirect to the case), by the caller's phone, and by words in title/content (the bigram
  GIN index of migration cases/0007), each for the agent (sees every case) and words also
  for the unit's handler (scoped to the unit's cases);
- the agent's knowledge-base search (jieba), for comparison.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench \\
        .venv/bin/python bench/daily_work.py --rounds 200

Writes bench/out/daily_work.json. Each request is timed alone (no concurrency), after
--warmup untimed rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import quote

import harness

# Words as agents type them: common two-character words (the last week fills a page) and
# longer phrases; rare ones are looked for over every case.
TEXTS = ["噪音", "停车 收费", "物业 维修", "拖欠工资", "自来水 停水", "垃圾 清运", "学校 入学", "医保 报销",
         "油烟扰民", "路灯不亮", "电动车 充电", "装修 噪音"]


def pick(args):
    from django.db.models import Count

    from hotline.cases.choices import AssignmentStatus
    from hotline.cases.models import Assignment, Case
    from hotline.orgs.choices import Role
    from hotline.orgs.models import User

    busiest = (Assignment.objects.filter(status__in=AssignmentStatus.active())
               .values("unit").annotate(n=Count("id")).order_by("-n").first())
    handler = User.objects.filter(unit_id=busiest["unit"], role=Role.HANDLER, is_active=True).first()
    numbers = list(Assignment.objects.filter(unit_id=busiest["unit"], status__in=AssignmentStatus.active())
                   .order_by("-id").values_list("case__number", flat=True)[:200])
    rng = random.Random(3)
    phones = []
    top = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    for case in Case.objects.filter(pk__in=[rng.randint(1, top) for _ in range(400)]).exclude(citizen_phone="")[:100]:
        phones.append(case.citizen_phone)
    agent = User.objects.get(username="agent1")
    return handler, busiest, numbers, phones, agent


def timed(client, path: str, expect: int = 200) -> float:
    t = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - t
    if response.status_code != expect:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", harness.DEFAULT_URL))
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--out", default=str(harness.ROOT / "bench" / "out" / "daily_work.json"))
    parser.add_argument("--skip", nargs="*", default=[], help="leave out the pages whose name contains this")
    args = parser.parse_args()
    harness.setup(args.database_url)
    from django.db import connection
    from django.test import Client

    from hotline.cases.models import Case

    handler, busiest, numbers, phones, agent = pick(args)
    unit_client, agent_client = Client(), Client()
    unit_client.force_login(handler)
    agent_client.force_login(agent)
    pages = {
        "workbench (unit queue)": (unit_client, lambda i: "/workbench/", 200),
        "case detail": (unit_client, lambda i: f"/cases/{numbers[i % len(numbers)]}/", 200),
        "lookup by phone (agent console)": (
            agent_client, lambda i: f"/agent/lookup/?citizen_phone={phones[i % len(phones)]}", 200),
        "case search: number (agent)": (agent_client, lambda i: f"/search/?q={numbers[i % len(numbers)]}", 302),
        "case search: phone (agent)": (agent_client, lambda i: f"/search/?q={phones[i % len(phones)]}", 200),
        "case search: words (agent)": (agent_client, lambda i: f"/search/?q={quote(TEXTS[i % len(TEXTS)])}", 200),
        "case search: words (unit handler)": (
            unit_client, lambda i: f"/search/?q={quote(TEXTS[i % len(TEXTS)])}", 200),
        "knowledge search (agent)": (agent_client, lambda i: f"/agent/knowledge/?q={quote(TEXTS[i % len(TEXTS)])}", 200),
    }
    total = Case.objects.count()
    print(f"cases: {total:,}; unit {busiest['unit']} has {busiest['n']:,} active assignments; handler {handler.username}")
    figures = {"machine": harness.machine(), "cases": total, "unit_active_assignments": busiest["n"],
               "command": f"bench/daily_work.py --rounds {args.rounds}"
                          + "".join(f" --skip '{s}'" for s in args.skip), "pages": {}}
    pages = {name: page for name, page in pages.items() if not any(s in name for s in args.skip)}
    for name, (client, path, expect) in pages.items():
        for i in range(args.warmup):
            timed(client, path(i), expect)
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            timed(client, path(0), expect)
        seconds = [timed(client, path(i), expect) for i in range(args.rounds)]
        figures["pages"][name] = {**harness.summary(seconds), "queries": count[0]}
        print(harness.fmt(name, figures["pages"][name]), f"queries={count[0]}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
