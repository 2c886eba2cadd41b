"""Staff authenticate with `Authorization: Bearer <token>` (see `hotline token <username>`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from hotline.orgs.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token or len(token) > 200 or not token.isascii():
            return None
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user  # so the audit context and the security headers know who it is
        return user
