"""A database outage answers 503 with a clear message, never a hang or a traceback.

While PostgreSQL restarts, connecting fails at once (connection refused) and a request
that was mid-query loses its connection: both raise Django's `OperationalError` or
`InterfaceError`. The API maps them to a JSON 503 (`hotline.api.errors`); every other
page goes through `server_error` below (the project's handler500), which tells a database
outage (503, Retry-After) from a bug (the usual plain 500). Recovery needs nothing:
`CONN_HEALTH_CHECKS` makes the next request on a broken persistent connection open a
new one.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def message() -> str:
    return _("The service is briefly unavailable. Please try again in a moment.")


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(("/api/", "/open311/", "/exchange/")):
        response = JsonResponse({"error": {"code": "unavailable", "message": message(), "fields": []}},
                                status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(message(), status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: Django calls it inside the `except` that caught the exception."""
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, *args, **kwargs)
