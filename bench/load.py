"""Load and faults: agents and portal users for minutes against gunicorn on PostgreSQL.

--agents virtual phone agents each register a case (POST /api/v1/cases, own bearer
token) then look it up (GET /api/v1/cases/<number>); --portal virtual citizens each
submit (POST /api/v1/public/cases) then track it (GET /api/v1/public/cases/<n>?code=);
every user thinks (uniform 0.5x..1.5x of --agent-think / --portal-think seconds)
between actions. Every POST carries an Idempotency-Key and is retried with the same key
after a connection error or a 5xx (backoff 0.5..2 s) until it is acknowledged (201),
so a fault may delay a case but must not lose or duplicate it.

After the run, every acknowledged case is looked up by number in the database, and
the cases carrying this run's marker are counted per key (a key with two cases is a
duplicate). With --restart-at S, PostgreSQL is restarted S seconds into the run
(`pg_ctlcluster --skip-systemctl-redirect 15 main restart`); the answers given while it
was down are listed (expected: 503 with the clear message, quickly, never a hang), and
the time until the first success after it came back. On a shared machine, --drop-db-at S
--drop-for D gives the application the same fault without touching the cluster: the
server reaches PostgreSQL through a TCP proxy on 127.0.0.1 (hotline/security/tests/
tcpproxy.py) that drops every connection and refuses new ones for D seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench \\
        .venv/bin/python bench/load.py --agents 50 --portal 200 --duration 300
    ... bench/load.py --duration 120 --restart-at 40        # fault run (disrupts PG!)
    ... bench/load.py --duration 120 --drop-db-at 40 --drop-for 10   # same fault, proxy only

Rate limits are scaled up (HOTLINE_RATE_LIMIT_SCALE=1000) because every virtual
citizen comes from 127.0.0.1. Exit code 0 only when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import harness

RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
RETRYABLE = {0, 500, 502, 503, 504, 409}


class Client(harness.Client):
    """A request on a keep-alive connection that the server closed while it sat idle
    (gunicorn's keep-alive is 30 s; a citizen thinks up to 90 s) never reached the
    application: like any HTTP client, send it once more on a new connection."""

    STALE = ("RemoteDisconnected", "BrokenPipeError")

    def send(self, req: harness.Request, keep_body: bool = False) -> harness.Result:
        reused = self.conn is not None
        res = super().send(req, keep_body)
        if reused and res.status == 0 and res.error.startswith(self.STALE):
            res = super().send(req, keep_body)
        return res


class Run:
    def __init__(self, args, tokens, cases):
        self.args, self.tokens, self.cases = args, tokens, cases
        self.marker = f"load-{int(time.time())}"
        self.lock = threading.Lock()
        self.results: list[harness.Result] = []
        self.acked: dict[str, str] = {}  # key -> number
        self.gave_up: list[str] = []
        self.outage: tuple[float, float] | None = None
        self.rng = random.Random(11)

    def record(self, res: harness.Result) -> None:
        with self.lock:
            self.results.append(res)

    def think(self, base: float, stop: float) -> bool:
        with self.lock:
            pause = base * self.rng.uniform(0.5, 1.5)
        time.sleep(max(0.0, min(pause, stop - time.perf_counter())))
        return time.perf_counter() < stop

    def post_until_acked(self, client, req, key: str, hard_stop: float):
        delay = 0.5
        while True:
            res = client.send(req, keep_body=True)
            self.record(res)
            if res.status == 201:
                body = json.loads(res.body)
                with self.lock:
                    self.acked[key] = body["number"]
                return body
            if res.status not in RETRYABLE or time.perf_counter() > hard_stop:
                with self.lock:
                    self.gave_up.append(key)
                return None
            time.sleep(delay)
            delay = min(2.0, delay * 2)

    def get_with_retry(self, client, req, hard_stop: float) -> None:
        delay = 0.5
        while True:
            res = client.send(req)
            self.record(res)
            if res.status not in RETRYABLE or time.perf_counter() > hard_stop:
                return
            time.sleep(delay)
            delay = min(2.0, delay * 2)

    def agent(self, i: int, port: int, stop: float, hard_stop: float) -> None:
        token = self.tokens[i % len(self.tokens)]
        client = Client(port, timeout=30)
        if not self.think(self.args.agent_think / 2, stop):
            return
        while time.perf_counter() < stop:
            with self.lock:
                payload = self.cases.payload()
            key = self.cases.key()
            payload["content"] += f"\n[{self.marker}:{key}]"
            req = harness.json_request("POST", "/api/v1/cases", payload, token=token,
                                       headers={"Idempotency-Key": key}, tag="agent register")
            body = self.post_until_acked(client, req, key, hard_stop)
            if body is None or not self.think(self.args.agent_think, stop):
                continue
            self.get_with_retry(client, harness.json_request(
                "GET", f"/api/v1/cases/{body['number']}", token=token, tag="agent query"), hard_stop)
            self.think(self.args.agent_think, stop)
        client.close()

    def citizen(self, i: int, port: int, stop: float, hard_stop: float) -> None:
        client = Client(port, timeout=30)
        if not self.think(self.args.portal_think / 2, stop):
            return
        while time.perf_counter() < stop:
            with self.lock:
                payload = self.cases.public_payload()
            key = self.cases.key()
            payload["content"] += f"\n[{self.marker}:{key}]"
            req = harness.json_request("POST", "/api/v1/public/cases", payload,
                                       headers={"Idempotency-Key": key}, tag="portal submit")
            body = self.post_until_acked(client, req, key, hard_stop)
            if body is None or not self.think(self.args.portal_think, stop):
                continue
            self.get_with_retry(client, harness.json_request(
                "GET", f"/api/v1/public/cases/{body['number']}?code={body['query_code']}", tag="portal track"),
                hard_stop)
            self.think(self.args.portal_think, stop)
        client.close()

    def restart_postgres(self, at: float) -> None:
        time.sleep(at)
        t0 = time.perf_counter()
        done = subprocess.run(RESTART, capture_output=True, text=True, check=False)  # noqa: S603
        self.outage = (t0, time.perf_counter())
        print(f"PostgreSQL restarted (exit {done.returncode}) in {self.outage[1] - t0:.1f} s {done.stderr.strip()}",
              flush=True)

    def drop_database(self, proxy, at: float, seconds: float) -> None:
        time.sleep(at)
        t0 = time.perf_counter()
        proxy.stop()
        time.sleep(seconds)
        proxy.start()
        self.outage = (t0, time.perf_counter())
        print(f"database connections dropped for {self.outage[1] - t0:.1f} s (proxy)", flush=True)


def proxied(url: str):
    """A TCP proxy in front of the database of `url`, and the same URL through it."""
    from urllib.parse import urlsplit, urlunsplit

    sys.path.insert(0, str(harness.ROOT / "hotline" / "security" / "tests"))
    from tcpproxy import TcpProxy

    parts = urlsplit(url)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    netloc = f"{parts.username + '@' if parts.username else ''}127.0.0.1:{proxy.port}"
    return proxy, urlunsplit(parts._replace(netloc=netloc))


def verify(run: Run) -> dict:
    from django.db import close_old_connections

    from hotline.cases.models import Case

    close_old_connections()
    numbers = list(run.acked.values())
    found = set()
    for i in range(0, len(numbers), 1000):
        found |= set(Case.objects.filter(number__in=numbers[i:i + 1000]).values_list("number", flat=True))
    per_key = Counter()
    for content in Case.objects.filter(content__contains=f"[{run.marker}:").values_list("content", flat=True).iterator():
        per_key[content.rsplit(f"[{run.marker}:", 1)[1].rstrip("]")] += 1
    duplicates = {k: n for k, n in per_key.items() if n > 1}
    return {"acknowledged": len(numbers), "acknowledged_missing": len(set(numbers) - found),
            "cases_with_marker": sum(per_key.values()), "keys_with_two_cases": len(duplicates),
            "unacknowledged_cases": len(set(per_key) - set(run.acked)), "gave_up": len(run.gave_up)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", harness.DEFAULT_URL))
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--portal", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--agent-think", type=float, default=15, help="mean seconds between an agent's actions")
    parser.add_argument("--portal-think", type=float, default=60, help="mean seconds between a citizen's actions")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--restart-at", type=float, default=None, help="restart PostgreSQL this many seconds in")
    parser.add_argument("--drop-db-at", type=float, default=None,
                        help="cut the server's database connections (TCP proxy) this many seconds in")
    parser.add_argument("--drop-for", type=float, default=10, help="seconds the proxy stays down")
    parser.add_argument("--p99-limit", type=float, default=500)
    parser.add_argument("--out", default=str(harness.ROOT / "bench" / "out" / "load.json"))
    args = parser.parse_args()
    harness.setup(args.database_url)
    from workload import NewCases

    from hotline.orgs.models import ApiToken, User

    agents = list(User.objects.filter(role__in=["agent", "dispatcher"], is_active=True))
    tokens = [ApiToken.issue(agents[i % len(agents)], label="load") for i in range(args.agents)]
    run = Run(args, tokens, NewCases(seed=int(time.time())))
    proxy, server_url = proxied(args.database_url) if args.drop_db_at is not None else (None, args.database_url)
    with harness.Server(server_url, workers=args.workers, threads=args.threads) as server:
        start = time.perf_counter()
        stop, hard_stop = start + args.duration, start + args.duration + 60
        threads = [threading.Thread(target=run.agent, args=(i, server.port, stop, hard_stop), daemon=True)
                   for i in range(args.agents)]
        threads += [threading.Thread(target=run.citizen, args=(i, server.port, stop, hard_stop), daemon=True)
                    for i in range(args.portal)]
        if args.restart_at is not None:
            threads.append(threading.Thread(target=run.restart_postgres, args=(args.restart_at,), daemon=True))
        if proxy is not None:
            threads.append(threading.Thread(target=run.drop_database, args=(proxy, args.drop_db_at, args.drop_for),
                                            daemon=True))
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.duration + 120)
        wall = time.perf_counter() - start
    figures = {"machine": harness.machine(), "marker": run.marker, "wall_s": round(wall, 1),
               "command": (f"bench/load.py --agents {args.agents} --portal {args.portal} --duration {args.duration:g} "
                           f"--agent-think {args.agent_think:g} --portal-think {args.portal_think:g}"
                           + (f" --restart-at {args.restart_at:g}" if args.restart_at is not None else "")
                           + (f" --drop-db-at {args.drop_db_at:g} --drop-for {args.drop_for:g}"
                              if args.drop_db_at is not None else "")),
               "gunicorn": {"workers": args.workers, "threads": args.threads}}
    ok = [r for r in run.results if 200 <= r.status < 300]
    figures["all_ok"] = harness.summary([r.seconds for r in ok], wall)
    figures["by_action"] = {tag: harness.summary([r.seconds for r in ok if r.tag == tag])
                            for tag in sorted({r.tag for r in ok})}
    errors = [r for r in run.results if not 200 <= r.status < 300]
    figures["error_statuses"] = dict(Counter(str(r.status) for r in errors))
    figures["connection_errors"] = dict(Counter(f"{r.tag}: {r.error[:80]}" for r in errors if r.status == 0))
    checks = {}
    if run.outage:
        t0, t1 = run.outage
        during = [r for r in errors if r.started >= t0 - 1]
        before = [r for r in errors if r.started < t0 - 1]
        first_ok = min((r.started + r.seconds for r in ok if r.started >= t1), default=None)
        figures["outage"] = {
            "restart_seconds": round(t1 - t0, 1),
            "answers_while_down": dict(Counter(str(r.status) for r in during)),
            "max_error_latency_ms": round(max((r.seconds for r in during), default=0) * 1000, 1),
            "sample_503": next((r.body.decode()[:200] for r in during if r.status == 503), ""),
            "first_success_after_restart_s": round(first_ok - t1, 2) if first_ok else None,
        }
        checks["no_error_before_the_fault"] = not before
        checks["errors_while_down_are_clean_503"] = all(r.status == 503 for r in during)
        checks["no_hang_while_down"] = all(r.seconds < 10 for r in during)
        checks["recovered"] = first_ok is not None
    else:
        checks["no_error_responses"] = not errors
        checks["p99_under_limit"] = figures["all_ok"]["p99_ms"] < args.p99_limit
    figures["integrity"] = verify(run)
    checks["every_acknowledged_case_present"] = figures["integrity"]["acknowledged_missing"] == 0
    checks["no_case_duplicated"] = figures["integrity"]["keys_with_two_cases"] == 0
    figures["checks"] = checks
    print(harness.fmt("all successful requests", figures["all_ok"]))
    for tag, s in figures["by_action"].items():
        print(harness.fmt(f"  {tag}", s))
    print("error statuses:", figures["error_statuses"] or "none")
    if figures["connection_errors"]:
        print("connection errors:", json.dumps(figures["connection_errors"], ensure_ascii=False))
    if "outage" in figures:
        print("outage:", json.dumps(figures["outage"], ensure_ascii=False))
    print("integrity:", json.dumps(figures["integrity"]))
    print("checks:", json.dumps(checks))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
