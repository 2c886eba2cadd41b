"""Errors the workflow raises. Each carries an HTTP status, a stable code and a message
that is translated when rendered (zh-Hans first, English available)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CaseError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message=None, *, field: str | None = None, code: str | None = None):
        self.message = message if message is not None else self.default_message
        self.field = field
        if code:
            self.code = code
        super().__init__(str(self.message))

    default_message = _("The request is invalid.")


class NotFound(CaseError):
    status = 404
    code = "not_found"
    default_message = _("No such case.")


class Forbidden(CaseError):
    status = 403
    code = "forbidden"
    default_message = _("You may not do this.")


class InvalidTransition(CaseError):
    status = 409
    code = "invalid_transition"
    default_message = _("This action is not allowed in the case's current state.")


class StaleVersion(CaseError):
    status = 409
    code = "stale_version"
    default_message = _("The case was changed by someone else; reload it and try again.")


class Invalid(CaseError):
    status = 422
    code = "invalid_field"
