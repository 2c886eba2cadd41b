"""The outbox: once per cause, retried with backoff, recovered after a crash, inbox exactly once."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.test import override_settings

from hotline import clock
from hotline.notifications import actions, channels, outbox
from hotline.notifications.models import DeliveryStatus, InboxMessage, Notification

L = clock.local
pytestmark = pytest.mark.django_db
T0 = L(2026, 11, 2, 9)


def message(user, channel="inbox", key="k1", **extra):
    return outbox.Message(channel=channel, recipient=user, subject="催办", body="请尽快签收", dedupe_key=key, **extra)


@pytest.fixture
def now():
    clock.set_now(T0)
    return T0


class Gateway:
    """An SMS gateway on the loopback: answers with the statuses it is given, then 200."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append((dict(self.headers), json.loads(body)))
                code = gateway.statuses.pop(0) if gateway.statuses else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_cause_is_queued_once_and_lands_in_the_inbox_once(city, now):
    assert outbox.enqueue(message(city.market_handler)) is not None
    assert outbox.enqueue(message(city.market_handler)) is None  # same dedupe key
    assert outbox.enqueue_many([message(city.market_handler), message(city.market_leader, key="k2")]) == 2
    assert Notification.objects.count() == 2
    assert outbox.drain().as_dict() == {"claimed": 2, "sent": 2, "retried": 0, "failed": 0}
    assert outbox.drain().claimed == 0
    inbox = InboxMessage.objects.get(user=city.market_handler)
    assert (inbox.subject, inbox.body, inbox.is_read) == ("催办", "请尽快签收", False)
    assert actions.unread_count(city.market_handler) == 1
    assert actions.mark_read(actor=city.market_handler2) == 0  # nobody else's messages
    assert actions.mark_read(actor=city.market_handler) == 1
    assert actions.unread_count(city.market_handler) == 0


def test_channels_without_configuration_or_address_queue_nothing(city, now):
    assert outbox.enqueue(message(city.market_handler, channel="sms")) is None  # no gateway
    with override_settings(HOTLINE_SMS_GATEWAY_URL="http://127.0.0.1:9/sms"):
        assert outbox.enqueue(message(city.market_handler, channel="sms")) is None  # no mobile
    assert outbox.enqueue(message(city.market_handler, channel="email")) is None  # no e-mail address
    assert not Notification.objects.exists()


def test_a_crashed_worker_lease_runs_out_and_the_inbox_still_gets_one_message(city, now):
    outbox.enqueue(message(city.market_handler))
    token, rows = outbox.claim("worker-a", 10, now)
    channels.get("inbox").send(rows[0])  # delivered... and the worker dies before marking it
    assert outbox.drain(worker="worker-b").claimed == 0  # the lease still holds

    clock.set_now(now + dt.timedelta(seconds=121))
    result = outbox.drain(worker="worker-b")
    assert (result.claimed, result.sent) == (1, 1)
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (DeliveryStatus.SENT, 2)
    assert InboxMessage.objects.filter(user=city.market_handler).count() == 1
    # The dead worker's late "done" cannot touch a row it no longer holds.
    outbox._finish(rows[0], token, status=DeliveryStatus.FAILED)
    assert Notification.objects.get().status == DeliveryStatus.SENT


def test_sms_failures_are_retried_with_exponential_backoff(city, now):
    city.market_leader.mobile = "13900001111"
    city.market_leader.save()
    with Gateway([503, 503]) as gateway, override_settings(HOTLINE_SMS_GATEWAY_URL=gateway.url,
                                                           HOTLINE_SMS_GATEWAY_TOKEN="s3cret"):
        outbox.enqueue(message(city.market_leader, channel="sms"))
        assert outbox.drain().retried == 1
        row = Notification.objects.get()
        assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, now + dt.timedelta(seconds=30))
        assert "503" in row.last_error
        assert outbox.drain().claimed == 0  # not due yet

        clock.set_now(now + dt.timedelta(seconds=30))
        assert outbox.drain().retried == 1
        assert Notification.objects.get().next_attempt_at == now + dt.timedelta(seconds=90)  # 30 s + 60 s

        clock.set_now(now + dt.timedelta(seconds=90))
        assert outbox.drain().sent == 1
    keys = {headers["Idempotency-Key"] for headers, _body in gateway.requests}
    assert keys == {str(row.key)} and len(gateway.requests) == 3
    headers, body = gateway.requests[-1]
    assert body == {"to": "13900001111", "text": "催办 请尽快签收", "idempotency_key": str(row.key)}
    assert headers["Authorization"] == "Bearer s3cret"


def test_a_refusal_fails_at_once_and_retries_stop_at_the_limit(city, now):
    city.market_leader.mobile = "13900001111"
    city.market_leader.save()
    with Gateway([400] + [503] * 5) as gateway, override_settings(
        HOTLINE_SMS_GATEWAY_URL=gateway.url, HOTLINE_NOTIFY_MAX_ATTEMPTS=2,
    ):
        outbox.enqueue(message(city.market_leader, channel="sms", key="refused"))
        assert outbox.drain().failed == 1
        outbox.enqueue(message(city.market_leader, channel="sms", key="flaky"))
        assert outbox.drain().retried == 1
        clock.set_now(now + dt.timedelta(hours=1))
        assert outbox.drain().failed == 1
    assert sorted(Notification.objects.values_list("dedupe_key", "status", "attempts")) == [
        ("flaky", "failed", 2), ("refused", "failed", 1),
    ]


def test_email_goes_through_django_with_the_idempotency_key(city, now):
    city.dispatcher.email = "dispatch@example.org"
    city.dispatcher.save()
    row = outbox.enqueue(message(city.dispatcher, channel="email"))
    assert outbox.drain().sent == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject, sent.extra_headers["X-Hotline-Notification"]) == (
        ["dispatch@example.org"], "催办", str(row.key),
    )


def test_the_log_channel_works_out_of_the_box(city, now, caplog):
    outbox.enqueue(message(city.market_handler, channel="log"))
    with caplog.at_level("INFO", logger="hotline.notifications"):
        assert outbox.drain().sent == 1
    assert "催办" in caplog.text
