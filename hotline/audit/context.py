"""The current request, held in a ContextVar so the change log knows who and from where."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    user_id: int | None
    source_ip: str | None
    request_id: str


current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("hotline_request", default=None)


def client_ip(request) -> str | None:
    # Behind a trusted proxy set HOTLINE_TRUST_X_FORWARDED_FOR; otherwise the socket peer.
    from django.conf import settings

    if getattr(settings, "HOTLINE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        info = RequestInfo(
            user_id=user.pk if user is not None and user.is_authenticated else None,
            source_ip=client_ip(request),
            request_id=uuid.uuid4().hex,
        )
        token = current.set(info)
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
