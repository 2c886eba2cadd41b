"""PostgreSQL goes away in the middle of a load and comes back (PostgreSQL only).

A real server process (`hotline runserver`) reaches the test database through a TCP proxy
that the test cuts — every open connection dropped, new ones refused, as in a restart —
and restores, without touching the shared PostgreSQL cluster itself. Agents and citizens
keep posting cases with an Idempotency-Key and retry the same key until it is
acknowledged. While the database is away every answer is a quick, clean 503 with
Retry-After in the API's error shape (never a 500 or a traceback); once it is back the
server recovers by itself; every acknowledged case is in the database exactly once.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from hotline.cases.models import Case
from hotline.orgs.models import ApiToken

from .tcpproxy import TcpProxy

ROOT = Path(__file__).resolve().parents[3]
HOTLINE = str(Path(sys.executable).with_name("hotline"))
HOST = "127.0.0.1"
WARM_UP, DOWN_FOR, AFTER = 2.0, 3.0, 3.0

pytestmark = pytest.mark.django_db(transaction=True)
needs_server_db = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the server runs in another process and reaches the database over TCP",
)


@dataclass
class Answer:
    started: float
    ended: float
    status: int  # 0: the HTTP connection to our server failed
    body: bytes
    retry_after: str | None
    replayed: bool


class Caller:
    """One agent or citizen: posts cases one after another, retrying each key until a 201."""

    def __init__(self, port: int, path: str, payload: dict, marker: str, token: str | None = None):
        self.port, self.path, self.payload, self.marker, self.token = port, path, payload, marker, token
        self.answers: list[Answer] = []
        self.acked: dict[str, str] = {}  # key -> case number
        self.conn: http.client.HTTPConnection | None = None

    def send(self, key: str, body: bytes) -> Answer:
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        started = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=20)
            self.conn.request("POST", self.path, body=body, headers=headers)
            response = self.conn.getresponse()
            answer = Answer(started, time.monotonic(), response.status, response.read(),
                            response.getheader("Retry-After"), response.getheader("Idempotent-Replayed") == "true")
        except (OSError, http.client.HTTPException):
            self.conn = None
            answer = Answer(started, time.monotonic(), 0, b"", None, False)
        self.answers.append(answer)
        return answer

    def run(self, stop: threading.Event, give_up_at: float) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            key = f"{self.marker}-{n}"
            body = json.dumps({**self.payload, "content": f"{self.payload['content']} [{key}]"}).encode()
            while time.monotonic() < give_up_at:
                answer = self.send(key, body)
                if answer.status == 201:
                    self.acked[key] = json.loads(answer.body)["number"]
                    break
                if answer.status not in {0, 503}:
                    return  # anything else is a failure the test reports
                time.sleep(0.2)
            time.sleep(0.05)


def start_server(port: int, database_port: int, log) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{HOST}:{database_port}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "HOTLINE_DEV": "1", "DEBUG": "0", "PYTHONPATH": str(ROOT),
           "HOTLINE_RATE_LIMIT_SCALE": "1000", "DB_CONN_MAX_AGE": "60"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    server = subprocess.Popen([HOTLINE, "runserver", f"{HOST}:{port}", "--noreload"],  # noqa: S603
                              env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/api/v1/public/cases/0?code=0")  # 404 once the database answers
            status = conn.getresponse().status
            conn.close()
            if status == 404:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    pytest.fail("the server did not come up")


@needs_server_db
def test_database_outage_is_a_clean_503_and_no_case_is_lost_or_doubled(city, tmp_path):
    db = settings.DATABASES["default"]
    proxy = TcpProxy((db["HOST"] or HOST, int(db["PORT"] or 5432))).start()
    port = TcpProxy((HOST, 0)).port  # just a free port
    log_path = tmp_path / "server.log"
    marker = f"restart-{time.time_ns()}"
    with open(log_path, "w") as log:
        server = start_server(port, proxy.port, log)
        try:
            agent = {"case_type": "complaint", "category": city.cat_food.pk, "title": "过期食品",
                     "content": "超市出售过期牛奶。"}
            citizen = {"case_type": "help", "title": "路灯不亮", "content": "东风路路灯不亮。"}
            callers = [Caller(port, "/api/v1/cases", agent, f"{marker}-agent{i}", ApiToken.issue(city.agent))
                       for i in range(2)]
            callers += [Caller(port, "/api/v1/public/cases", citizen, f"{marker}-citizen{i}") for i in range(2)]
            stop = threading.Event()
            give_up_at = time.monotonic() + WARM_UP + DOWN_FOR + AFTER + 30
            threads = [threading.Thread(target=c.run, args=(stop, give_up_at), daemon=True) for c in callers]
            for t in threads:
                t.start()
            time.sleep(WARM_UP)
            down_at = time.monotonic()
            proxy.stop()  # PostgreSQL "restarts": connections dropped, new ones refused
            time.sleep(DOWN_FOR)
            proxy.start()
            up_at = time.monotonic()
            time.sleep(AFTER)
            stop.set()
            for t in threads:
                t.join(60)
            openapi = json.loads(_get(port, "/api/v1/openapi.json"))
        finally:
            server.terminate()
            server.wait(15)
            proxy.stop()

    answers = [a for c in callers for a in c.answers]
    statuses = Counter(a.status for a in answers)
    assert set(statuses) <= {201, 503}, statuses  # never a 500, never a dropped HTTP connection
    while_down = [a for a in answers if a.started > down_at + 0.1 and a.ended < up_at]
    assert while_down and all(a.status == 503 for a in while_down), Counter(a.status for a in while_down)
    for a in while_down:
        assert a.ended - a.started < 2, "an outage must be answered at once, not after a hang"
        assert a.retry_after == "5"
        assert json.loads(a.body)["error"]["code"] == "unavailable"
    for path in ("/api/v1/cases", "/api/v1/public/cases"):
        assert "503" in openapi["paths"][path]["post"]["responses"]  # the outage answer is documented

    # recovered by itself: every caller was served again soon after the database came back
    for c in callers:
        first_ok = min((a.ended for a in c.answers if a.status == 201 and a.started >= up_at), default=None)
        assert first_ok is not None and first_ok - up_at < 5, c.marker
    assert all(t.is_alive() is False for t in threads)

    # every acknowledged case exactly once, and no case that was never acknowledged
    acked = {key: number for c in callers for key, number in c.acked.items()}
    per_key = Counter(content.rsplit("[", 1)[1].rstrip("]")
                      for content in Case.objects.filter(content__contains=f"[{marker}-").values_list("content", flat=True))
    assert set(per_key) == set(acked)
    assert all(n == 1 for n in per_key.values()), [k for k, n in per_key.items() if n > 1]
    assert set(Case.objects.filter(number__in=acked.values()).values_list("number", flat=True)) == set(acked.values())
    assert len(acked) >= 4 * 2

    log_text = log_path.read_text()
    assert "Traceback" not in log_text, log_text[-3000:]


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()
