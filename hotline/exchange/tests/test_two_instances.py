"""Two instances of the platform on loopback: a district line transfers a case to the city
line, delivery fails once and is retried, a resend is not duplicated, the city handles the
case and its progress flows back onto the district's timeline.

The peer is a real second server process (`hotline runserver`) on its own SQLite file;
this side is pytest-django's live server on the test database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.exchange.actions import transfer_case
from hotline.exchange.delivery import deliver_due, send
from hotline.exchange.models import Direction, OutboxMessage, Peer, Transfer
from hotline.testing import new_case

HOTLINE = str(Path(sys.executable).with_name("hotline"))
KEY = "loopback-shared-key-0123456789"

SEED = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from hotline.testing import build_city
from hotline.exchange.models import Peer
build_city()
Peer.objects.create(name="一区热线", code="d1", our_code="city", base_url={base!r}, shared_key={key!r})
"""

HANDLE_THERE = """
from django.core.management import call_command
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.models import Case
from hotline.orgs.models import User
case = Case.objects.get(number={number!r})
handler = User.objects.get(username="s11_handler")
assert case.lead_unit_id == handler.unit_id, case.lead_unit
case = workflow.perform(case, "sign", actor=Actor.staff(handler))
workflow.perform(case, "reply", actor=Actor.staff(handler), reply="路灯已修复，感谢反映。")
call_command("exchange_deliver")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env, script: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command line
        [HOTLINE, "shell", "-c", script], env=env, capture_output=True, text=True, timeout=240,  # a second process migrating on a busy 2-core machine
        check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
def peer_env(tmp_path, live_server):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'peer.sqlite3'}", HOTLINE_VAR_DIR=str(tmp_path),
               HOTLINE_DEV="1", HOTLINE_TESTING="0", DEBUG="0")
    run(env, SEED.format(base=live_server.url, key=KEY))
    return env


def peer_cases(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "peer.sqlite3") as db:
        return db.execute("select number, channel, status from cases_case").fetchall()


@pytest.mark.django_db(transaction=True)
def test_transfer_retry_no_duplicate_and_status_flowing_back(city, tmp_path, peer_env, live_server):
    port = free_port()
    peer_url = f"http://127.0.0.1:{port}"
    peer = Peer.objects.create(name="市级平台", code="city", our_code="d1", base_url=peer_url, shared_key=KEY)

    # The street says the broken lamp is not theirs: the district line hands it to the city line.
    case = new_case(city, category=city.cat_lights, street=city.s11, title="路灯不亮",
                    content="东风路与解放路口三盏路灯连续一周不亮。")
    case = workflow.perform(case, "return", actor=Actor.staff(city.s11_handler), reason="not_our_territory")
    transfer = transfer_case(case, peer, actor=Actor.staff(city.dispatcher), reason="市管道路路灯")
    case.refresh_from_db()
    assert case.status == Status.CLOSED

    # 1. The peer is down: the delivery fails and waits for its backoff.
    stats = deliver_due()
    assert (stats.delivered, stats.failed) == (0, 1)
    message = OutboxMessage.objects.get(transfer=transfer)
    assert message.attempts == 1 and message.delivered_at is None and message.last_error
    assert deliver_due().failed == 0  # not due yet

    server = subprocess.Popen(  # noqa: S603
        [HOTLINE, "runserver", f"127.0.0.1:{port}", "--noreload"], env=peer_env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"{peer_url}/open311/v2/discovery.json", time.monotonic() + 20)

        # 2. After the backoff the retry is delivered and acknowledged.
        clock.set_now(timezone.now() + dt.timedelta(seconds=31))
        assert deliver_due().delivered == 1
        transfer.refresh_from_db()
        message.refresh_from_db()
        assert transfer.acknowledged_at is not None and transfer.remote_number
        assert message.attempts == 2 and message.response["case"] == transfer.remote_number

        # 3. A lost acknowledgement makes us send again: the peer answers the same, once.
        assert send(message) is True
        [(number, channel, status)] = peer_cases(tmp_path)
        assert (number, channel) == (transfer.remote_number, "platform")
        with urllib.request.urlopen(f"{peer_url}/open311/v2/requests/{number}.json") as r:  # noqa: S310
            assert json.load(r)[0]["agency_responsible"] == "东风街道"

        # 4. The city line handles it; its progress comes back to us.
        run(peer_env, HANDLE_THERE.format(number=number))
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert peer_cases(tmp_path)[0][2] == "replied"
    transfer.refresh_from_db()
    assert transfer.remote_status == Status.REPLIED
    updates = list(case.events.filter(verb="peer_update").order_by("seq").values_list("data", flat=True))
    assert [u["remote_status"] for u in updates] == ["registered", "dispatched", "handling", "replied"]
    assert updates[-1]["note"] == "路灯已修复，感谢反映。" and updates[-1]["remote_number"] == number
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert list(case.events.values_list("verb", flat=True))[:4] == ["register", "dispatch", "return", "transfer_out"]
    assert not Transfer.objects.filter(direction=Direction.IN).exists()
    with sqlite3.connect(tmp_path / "peer.sqlite3") as db:
        [(timeline,)] = db.execute("select remote_timeline from exchange_transfer").fetchall()
    assert [e["verb"] for e in json.loads(timeline)] == ["register", "dispatch", "return", "transfer_out"]
