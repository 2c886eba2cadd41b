import json

import pytest
from django.test import Client

from hotline.orgs.models import ApiToken


class Api:
    """A small JSON client: `api.as_(user).post("/cases", {...})`."""

    def __init__(self, token: str | None = None, headers: dict | None = None):
        self.client = Client()
        self.token = token
        self.headers = headers or {}

    def as_(self, user, **headers) -> "Api":
        return Api(ApiToken.issue(user) if user is not None else None, {**self.headers, **headers})

    def _headers(self, extra):
        headers = dict(self.headers)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra)
        return headers

    def get(self, path, params=None, **headers):
        return self.client.get("/api/v1" + path, params or {}, headers=self._headers(headers))

    def post(self, path, body=None, *, raw: bytes | str | None = None, **headers):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.post("/api/v1" + path, data, content_type="application/json",
                                headers=self._headers(headers))


@pytest.fixture
def api():
    return Api()
