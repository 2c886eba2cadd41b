"""Rate limits for the public portal, the public API and sign-in.

A fixed window per client address (or per API token) counted in Django's cache: the
local-memory cache for one process, Redis (REDIS_URL) when several servers share the
load. Limits are settings (HOTLINE_RATE_LIMITS) so a load test can raise them.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from hotline.audit.context import client_ip


@dataclass(frozen=True)
class Limit:
    name: str
    prefix: str
    methods: frozenset[str]
    count: int
    seconds: int


def limits() -> list[Limit]:
    return [
        Limit(name, prefix, frozenset(methods), count, seconds)
        for name, prefix, methods, count, seconds in settings.HOTLINE_RATE_LIMITS
    ]


def _client_key(request) -> str:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return "t:" + hashlib.sha256(auth[7:].encode()).hexdigest()[:32]
    return "ip:" + (client_ip(request) or "unknown")


def hit(limit: Limit, client: str, now: float | None = None) -> tuple[bool, int]:
    """Count one request; return (allowed, seconds until the window resets)."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    key = f"rl:{limit.name}:{client}:{window}"
    if cache.add(key, 1, timeout=limit.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=limit.seconds + 1)
            count = 1
    retry_after = int(limit.seconds - (now % limit.seconds)) + 1
    return count <= limit.count, retry_after


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for limit in limits():
            if request.method in limit.methods and request.path.startswith(limit.prefix):
                allowed, retry_after = hit(limit, _client_key(request))
                if not allowed:
                    return self._refuse(request, retry_after)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, retry_after: int):
        message = _("Too many requests. Please wait a moment and try again.")
        if request.path.startswith(("/api/", "/open311/", "/exchange/")):
            response = JsonResponse({"error": {"code": "rate_limited", "message": message, "fields": []}}, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response
