"""One error shape for the whole API, in the caller's language.

    {"error": {"code": "invalid_field", "message": "...",
               "fields": [{"field": "title", "message": "..."}]}}

Pydantic's messages are English and technical; each error type is mapped to a message
of ours (translated), naming the field. Workflow errors (`CaseError`) carry their own
status, code, field and lazily translated message. Anything else is a bug: it is logged
and answered with a clean 500 that tells nothing of the internals.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from hotline.cases.errors import CaseError
from hotline.security import unavailable

logger = logging.getLogger("hotline.api")


class ApiError(Exception):
    """An error the API raises itself (not from the workflow)."""

    def __init__(self, status: int, code: str, message, *, field: str | None = None, headers=None):
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}
        super().__init__(str(message))


def error_body(code: str, message, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": fields or []}}


def error_response(status: int, code: str, message, fields=None, headers=None) -> JsonResponse:
    response = JsonResponse(error_body(code, message, fields), status=status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --------------------------------------------------------------------------- validation


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Ensure this value has at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("This field is required.") if ctx.get("min_length") == 1 else (
            _("Ensure this value has at least %(min)s characters.") % {"min": ctx.get("min_length")})
    if kind == "string_type":
        return _("Must be text.")
    if kind == "string_pattern_mismatch":
        return _("Invalid format.")
    if kind in {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}:
        return _("Must be a whole number.")
    if kind in {"bool_type", "bool_parsing"}:
        return _("Must be true or false.")
    if "finite" in kind:
        return _("Must be a finite number.")
    if kind.startswith("decimal_max"):
        return _("Too many digits.")
    if kind.startswith(("decimal_", "float_")):
        return _("Must be a number.")
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        low = ctx.get("ge", ctx.get("gt"))
        high = ctx.get("le", ctx.get("lt"))
        if low is not None and high is None:
            return _("Must be at least %(min)s.") % {"min": low}
        if high is not None and low is None:
            return _("Must be at most %(max)s.") % {"max": high}
        return _("Out of range.")
    if kind in {"enum", "literal_error"}:
        return _("Unknown value. Expected one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _("Must be a JSON object.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Must be a list.")
    if kind == "too_long":
        return _("Too many items.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "bad_characters":
        return _("Contains characters that are not allowed.")
    if kind == "json_invalid":
        return _("Malformed JSON.")
    return _("Invalid value.")


def _field_name(loc) -> str:
    parts = [str(p) for p in loc]
    # ("body", "payload", "citizen", "phone") → "citizen.phone"; ("query", "page") → "page"
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
        if not parts:
            return source
    return ".".join(parts)


def validation_fields(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    fields: list[dict[str, str]] = []
    seen: set[str] = set()
    for error in errors:
        name = _field_name(error.get("loc", ()))
        if name in seen:  # a union reports one error per branch: keep the first
            continue
        seen.add(name)
        fields.append({"field": name, "message": _pydantic_message(error)})
    return fields


# --------------------------------------------------------------------------- handlers


def on_validation_error(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    fields = validation_fields(exc.errors)
    return error_response(422, "invalid_field", _("Some fields are invalid."), fields)


def on_case_error(request: HttpRequest, exc: CaseError) -> JsonResponse:
    fields = [{"field": exc.field, "message": str(exc.message)}] if exc.field else []
    return error_response(exc.status, exc.code, exc.message, fields)


def on_api_error(request: HttpRequest, exc: ApiError) -> JsonResponse:
    fields = [{"field": exc.field, "message": str(exc.message)}] if exc.field else []
    return error_response(exc.status, exc.code, exc.message, fields, exc.headers)


def on_http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    if isinstance(exc, AuthenticationError):
        return error_response(401, "unauthorized", _("Sign in with a valid API token."),
                              headers={"WWW-Authenticate": 'Bearer realm="hotline"'})
    if isinstance(exc, AuthorizationError):
        return error_response(403, "forbidden", _("You may not do this."))
    if exc.status_code == 400:
        # Ninja raises this when the body is not JSON at all.
        return error_response(400, "malformed_body", _("The request body is not valid JSON."),
                              [{"field": "body", "message": _("Malformed JSON.")}])
    if exc.status_code == 404:
        return error_response(404, "not_found", _("Not found."))
    if exc.status_code == 429:
        return error_response(429, "rate_limited", _("Too many requests. Please wait a moment and try again."))
    return error_response(exc.status_code, "error", _("The request could not be processed."))


def on_not_found(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(404, "not_found", _("Not found."))


def on_permission_denied(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response(403, "forbidden", _("You may not do this."))


def on_suspicious(request: HttpRequest, exc: Exception) -> JsonResponse:
    if isinstance(exc, RequestDataTooBig):
        return error_response(413, "too_large", _("The request is too large."),
                              [{"field": "body", "message": _("The request is too large.")}])
    return error_response(400, "bad_request", _("The request could not be processed."))


def on_unexpected(request: HttpRequest, exc: Exception) -> JsonResponse:
    if unavailable.is_outage(exc):  # the database is restarting or unreachable: retry soon
        logger.warning("API %s %s: database unavailable (%s)", request.method, request.path, type(exc).__name__)
        return unavailable.unavailable(request)
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(500, "server_error", _("Something went wrong on our side. It has been logged."))


def install(api) -> None:
    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(CaseError, on_case_error)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(SuspiciousOperation, on_suspicious)


def not_found_view(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown paths under /api/ answer in the API's shape, not Django's HTML page."""
    return error_response(404, "not_found", _("Not found."))
