"""Delivery channels. Each takes a claimed `Notification` and delivers it or raises.

`send()` must be safe to call twice for one notification (a worker may crash after the
channel accepted it): the notification's `key` travels as an idempotency key where the
far side understands one, and the inbox is unique per notification.

Channels are named in `HOTLINE_NOTIFY_CHANNELS`; `available()` says whether one is
configured, so that nothing is queued for an SMS gateway that does not exist.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from .models import InboxMessage, Notification

log = logging.getLogger("hotline.notifications")


class DeliveryError(Exception):
    """A failure worth retrying (gateway down, timeout...)."""


class PermanentError(DeliveryError):
    """A failure that retrying will not cure (no address, refused by the gateway)."""


class Channel:
    name = ""

    def available(self) -> bool:
        return True

    def address_for(self, user) -> str:
        """Where this channel reaches `user` ("" = it cannot)."""
        return str(user.pk)

    def send(self, notification: Notification) -> None:
        raise NotImplementedError


class InboxChannel(Channel):
    name = "inbox"

    def send(self, notification: Notification) -> None:
        if notification.recipient_id is None:
            raise PermanentError("an inbox message needs a recipient")
        InboxMessage.objects.get_or_create(
            notification=notification,
            defaults={
                "user_id": notification.recipient_id, "subject": notification.subject,
                "body": notification.body, "link": notification.link, "created_at": notification.created_at,
            },
        )


class LogChannel(Channel):
    name = "log"

    def send(self, notification: Notification) -> None:
        log.info("notification %s to %s: %s", notification.key, notification.recipient_id or notification.address,
                 notification.subject)


class HttpSmsChannel(Channel):
    """An SMS gateway that takes a JSON POST; configured by `HOTLINE_SMS_GATEWAY_URL`."""

    name = "sms"
    timeout = 10

    def available(self) -> bool:
        return bool(settings.HOTLINE_SMS_GATEWAY_URL)

    def address_for(self, user) -> str:
        return (user.mobile or "").strip()

    def send(self, notification: Notification) -> None:
        url = settings.HOTLINE_SMS_GATEWAY_URL
        if not url:
            raise PermanentError("no SMS gateway configured")
        if not notification.address:
            raise PermanentError("no mobile number")
        text = notification.subject if not notification.body else f"{notification.subject} {notification.body}"
        body = json.dumps({"to": notification.address, "text": text[:500], "idempotency_key": str(notification.key)},
                          ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": str(notification.key)}
        if settings.HOTLINE_SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.HOTLINE_SMS_GATEWAY_TOKEN}"
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 - administrators' URL
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:  # noqa: S310
                reply.read()
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in {408, 429}:
                raise PermanentError(f"gateway refused: HTTP {exc.code}") from exc
            raise DeliveryError(f"gateway error: HTTP {exc.code}") from exc
        except OSError as exc:
            raise DeliveryError(f"gateway unreachable: {exc}") from exc


class EmailChannel(Channel):
    """E-mail through Django's EMAIL_BACKEND (SMTP when EMAIL_HOST is set)."""

    name = "email"

    def available(self) -> bool:
        return bool(settings.EMAIL_HOST) or not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")

    def address_for(self, user) -> str:
        return (user.email or "").strip()

    def send(self, notification: Notification) -> None:
        if not notification.address:
            raise PermanentError("no e-mail address")
        message = EmailMessage(
            subject=notification.subject, body=notification.body or notification.subject,
            to=[notification.address],
            headers={"X-Hotline-Notification": str(notification.key),
                     "Message-ID": f"<{notification.key}@hotline>"},
        )
        try:
            message.send(fail_silently=False)
        except OSError as exc:  # smtplib errors are OSErrors
            raise DeliveryError(str(exc)) from exc


@cache
def _load(path: str) -> Channel:
    return import_string(path)()


def get(name: str) -> Channel:
    path = settings.HOTLINE_NOTIFY_CHANNELS.get(name)
    if path is None:
        raise PermanentError(f"unknown channel {name!r}")
    return _load(path)
