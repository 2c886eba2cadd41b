"""What the HTTP benches share: Django set-up, a gunicorn server on loopback, a
thread-pool load generator with keep-alive connections, and latency summaries.

The load generator runs in the bench's own process; the server is a separate gunicorn
process (its workers are what is measured). Every request loop is bounded in count and
time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_bench"
HOST = "127.0.0.1"


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()


def machine() -> dict:
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) // (1024 * 1024)
    except OSError:
        pass
    pg = ""
    try:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            pg = cur.fetchone()[0]
    except Exception:  # noqa: BLE001, S110 - SQLite or no connection: leave it blank
        pass
    return {"nproc": os.cpu_count(), "ram_gib": mem, "postgresql": pg,
            "python": sys.version.split()[0], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load_average_1min": round(os.getloadavg()[0], 1)}  # a shared machine: how busy it was


def staff_token(username: str) -> str:
    from hotline.orgs.models import ApiToken, User

    return ApiToken.issue(User.objects.get(username=username), label="bench")


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving hotline.wsgi on 127.0.0.1:<port> (gthread workers), until stopped."""

    def __init__(self, url: str, *, workers: int = 3, threads: int = 4, port: int | None = None,
                 env: dict | None = None, log: Path | None = None, timeout: int = 30,
                 jobs: tuple[str, ...] = ("search_index",)):
        self.url, self.workers, self.threads = url, workers, threads
        # `hotline jobs --only …` beside the web server, as production runs it (the search
        # index's pending lists are merged there, not in the requests); () for none.
        self.jobs = tuple(jobs)
        self.jobs_proc: subprocess.Popen | None = None
        self.port = port or free_port()
        self.env = {**os.environ, "DATABASE_URL": url, "HOTLINE_DEV": "1",
                    "HOTLINE_RATE_LIMIT_SCALE": os.environ.get("HOTLINE_RATE_LIMIT_SCALE", "1000"),
                    "PYTHONPATH": str(ROOT), **(env or {})}
        self.log = log or ROOT / "bench" / "out" / f"gunicorn-{self.port}.log"
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn), "hotline.wsgi:application", "--bind", f"{HOST}:{self.port}",
               "--workers", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
               "--timeout", str(self.timeout), "--graceful-timeout", "5", "--keep-alive", "30",
               "--chdir", str(ROOT), "--log-level", "warning"]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.logfile = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self.logfile, stderr=subprocess.STDOUT,  # noqa: S603
                                     start_new_session=True)
        if self.jobs:
            hotline = Path(sys.executable).with_name("hotline")
            self.jobs_proc = subprocess.Popen([str(hotline), "jobs", "--only", *self.jobs], env=self.env,  # noqa: S603
                                              stdout=self.logfile, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180  # a busy shared machine can take a minute to import
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()  # the jobs process too: __exit__ never runs when __enter__ raised
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/api/v1/openapi.json")
                conn.getresponse().read()
                conn.close()
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 180 s")

    def stop(self) -> None:
        if self.jobs_proc and self.jobs_proc.poll() is None:
            self.jobs_proc.terminate()
            try:
                self.jobs_proc.wait(15)
            except subprocess.TimeoutExpired:
                self.jobs_proc.kill()
                self.jobs_proc.wait(5)
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if getattr(self, "logfile", None):
            self.logfile.close()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)],  # noqa: S603, S607
                             capture_output=True, text=True, check=False).stdout
        return [int(p) for p in out.split()]

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- client


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    tag: str = ""


@dataclass
class Result:
    tag: str
    status: int  # 0 = connection error / timeout
    seconds: float
    started: float
    body: bytes = b""
    error: str = ""


def json_request(method: str, path: str, payload=None, *, token: str | None = None, tag: str = "",
                 headers: dict | None = None) -> Request:
    h = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
    if token:
        h["Authorization"] = f"Bearer {token}"
    body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
    return Request(method, path, body, h, tag)


class Client:
    """One keep-alive connection; reconnects after an error."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout, self.conn = port, timeout, None

    def send(self, req: Request, keep_body: bool = False) -> Result:
        t0 = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self.conn.request(req.method, req.path, body=req.body, headers=req.headers)
            resp = self.conn.getresponse()
            data = resp.read()
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return Result(req.tag, resp.status, time.perf_counter() - t0, t0, data if keep_body or resp.status >= 400 else b"")
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Result(req.tag, 0, time.perf_counter() - t0, t0, error=f"{type(exc).__name__}: {exc}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_load(port: int, next_request: Callable[[int], Request | None], *, concurrency: int,
             duration: float | None = None, total: int | None = None, keep_body: bool = False,
             on_result: Callable[[Result], None] | None = None) -> tuple[list[Result], float]:
    """`concurrency` threads send requests (from `next_request(i)`, None = that thread stops)
    back to back until `total` requests were sent or `duration` seconds passed."""
    assert duration or total, "bound the loop"
    results: list[Result] = []
    lock = threading.Lock()
    counter = iter(range(total if total is not None else 10**9))
    stop_at = time.perf_counter() + (duration or 3600)

    def worker() -> None:
        client = Client(port)
        while time.perf_counter() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            req = next_request(i)
            if req is None:
                break
            res = client.send(req, keep_body)
            if on_result:
                on_result(res)
            with lock:
                results.append(res)
        client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


# --------------------------------------------------------------------------- figures


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def summary(seconds: list[float], wall: float | None = None) -> dict:
    ms = [s * 1000 for s in seconds]
    out = {"n": len(ms), "p50_ms": round(statistics.median(ms), 1) if ms else None,
           "p90_ms": round(pct(ms, 90), 1), "p99_ms": round(pct(ms, 99), 1),
           "max_ms": round(max(ms), 1) if ms else None}
    if wall:
        out["per_second"] = round(len(ms) / wall, 1)
    return out


def fmt(name: str, s: dict) -> str:
    rate = f"{s['per_second']:>7.1f}/s " if "per_second" in s else ""
    return (f"{name:<34} n={s['n']:<6} {rate}p50 {s['p50_ms']:>7.1f} ms  p90 {s['p90_ms']:>7.1f}  "
            f"p99 {s['p99_ms']:>7.1f}  max {s['max_ms']:>7.1f}")


def shuffled(items: list, seed: int = 1) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items
