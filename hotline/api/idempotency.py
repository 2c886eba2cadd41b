"""`Idempotency-Key` on POST: a retried request gets the first answer, not a second case.

The record is inserted *before* the work and in the same transaction: a concurrent
request with the same key blocks on the unique index (PostgreSQL) or on the write lock
(SQLite, IMMEDIATE transactions) until the first commits, then finds the record and
replays it. If the first fails, its record rolls back with it and a retry does the work.
Only successful answers are kept; errors are never replayed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

from hotline.audit.context import client_ip

from .errors import ApiError
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")

Work = Callable[[], tuple[int, dict[str, Any]]]

# The header in the OpenAPI of every operation that honours it (`openapi_extra=`).
OPENAPI: dict[str, Any] = {"parameters": [{
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": _KEY.pattern},
    "description": "Makes a retry safe: the same key (per caller) answers with the first successful "
                   "response (header `Idempotent-Replayed: true`) instead of doing the work twice; "
                   "the same key with another body is 422.",
}]}


def scope_for(request: HttpRequest) -> str:
    user = getattr(request, "auth", None)
    if user is not None and getattr(user, "pk", None):
        return f"user:{user.pk}"
    return f"public:{client_ip(request) or 'unknown'}"[:100]


def fingerprint(request: HttpRequest) -> str:
    try:
        body = json.dumps(json.loads(request.body or b"null"), sort_keys=True, separators=(",", ":"))
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    raw = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _json(status: int, body: dict[str, Any], *, replayed: bool = False) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _replay(record: IdempotencyRecord, print_: str) -> JsonResponse:
    if record.fingerprint != print_:
        raise ApiError(422, "idempotency_key_reused",
                       _("This Idempotency-Key was already used for a different request."), field=HEADER)
    return _json(record.status_code, record.body, replayed=True)


def run(request: HttpRequest, work: Work) -> JsonResponse:
    """Do `work` (returning status and JSON body) once per key, in one transaction."""
    key = request.headers.get(HEADER)
    if key is None:
        with transaction.atomic():
            status, body = work()
        return _json(status, body)
    if not _KEY.match(key):
        raise ApiError(422, "invalid_field", _("Use 1 to 200 printable ASCII characters."), field=HEADER)
    scope, print_ = scope_for(request), fingerprint(request)
    with transaction.atomic():
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is not None:
            return _replay(record, print_)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=print_)
        except IntegrityError:
            record = None  # a concurrent request took the key and has committed by now
        if record is not None:
            status, body = work()
            record.status_code, record.body = status, body
            record.save(update_fields=["status_code", "body"])
            return _json(status, body)
    existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if existing is None:  # the winner rolled back between our insert and this read
        raise ApiError(409, "idempotency_conflict",
                       _("Another request with this Idempotency-Key is in progress; retry."), field=HEADER)
    return _replay(existing, print_)


def purge(older_than) -> int:
    """Forget records older than `older_than` (a datetime); a retry after that is a new request."""
    deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=older_than).delete()
    return deleted
