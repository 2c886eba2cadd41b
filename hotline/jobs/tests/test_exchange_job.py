"""`hotline jobs` carries a received case's progress back to the platform that sent it."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.exchange.models import Direction, OutboxMessage, Peer, Transfer
from hotline.jobs.schedule import run_once
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender():
    """A peer platform that acknowledges every message and keeps what it received."""
    received: list[dict] = []

    class Inbox(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(body)
            answer = json.dumps({"ack": body["message_id"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Inbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, received
    server.shutdown()
    server.server_close()


def test_the_exchange_job_reports_progress_of_received_cases(city, sender):
    server, received = sender
    peer = Peer.objects.create(name="二区热线", code="d2", our_code="city", shared_key="k" * 32,
                               base_url=f"http://127.0.0.1:{server.server_address[1]}/")
    case = new_case(city)  # as if the peer had sent it: register + dispatch here
    Transfer.objects.create(direction=Direction.IN, peer=peer, transfer_id="00000000-0000-0000-0000-000000000001",
                            case=case, remote_number="2026060100007")

    first = run_once({"exchange"})["exchange"]
    assert first == {"queued": 2, "delivered": 2, "failed": 0}
    assert [m["verb"] for m in received] == ["register", "dispatch"]
    assert all(m["kind"] == "status" and m["remote_number"] == case.number for m in received)

    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    assert run_once({"exchange"})["exchange"] == {"queued": 1, "delivered": 1, "failed": 0}
    assert received[-1]["verb"] == "sign" and received[-1]["status"] == "handling"
    # A note of ours (a reminder) is not progress: not reported, and not reported later either.
    workflow.annotate(case, "remind", actor=Actor.system(), data={"stage": "approaching"})
    assert run_once({"exchange"})["exchange"] == {"queued": 0, "delivered": 0, "failed": 0}
    # Nothing new: nothing queued, nothing resent.
    assert run_once({"exchange"})["exchange"] == {"queued": 0, "delivered": 0, "failed": 0}
    assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 0 and len(received) == 3
