"""The API fuzzed from its own OpenAPI document (schemathesis): no 5xx, and every answer is
one the document promises — a documented status code, the documented content type, a
body that validates against the documented schema.

The schema is fetched from /api/v1/openapi.json through the WSGI application when the
module is collected (one test per operation, so pytest-xdist spreads them; the lazy
`schemathesis.pytest.from_fixture` loader does not run under pytest 9.2). The generated
requests then go through the same application inside each test's transaction
(pytest-django's `db`), against the `city` fixture, and are rolled back with it.
Examples are bounded and derived from a fixed seed: a run is fast and repeatable.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from hotline.orgs.models import ApiToken
from hotline.testing import new_case

SEED = 12345
MAX_EXAMPLES = 25


class InTransaction:
    """Django's WSGI handler, minus the connection clean-up it does around each request.

    Like django.test.Client: `close_old_connections` on request start/finish would drop
    the connection holding the test's transaction. Everything else is the real stack
    (middleware, URLconf, ninja, the error mapping).
    """

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


APP = InTransaction()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP, config=schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none", "deterministic": True},
}))
PUBLIC = "^/api/v1/public/"
# Every check except one: a schema-valid request may still be refused with 422 when it
# names a category, place or unit that does not exist (the error names the field).
# Existence is not something a schema can state, so `positive_data_acceptance` is left out.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
# The fixtures are per test, shared by its examples (each example adds to the same city).
FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

HANDLER_VERBS = {"sign", "return", "request_extension", "reply"}


@pytest.fixture
def real(city):
    """One real dispatched case, and tokens of a dispatcher and of its lead unit's handler."""
    case = new_case(city, category=city.cat_food)
    return SimpleNamespace(
        number=case.number, code=case.query_code,
        dispatcher=ApiToken.issue(city.dispatcher, label="fuzz"),
        handler=ApiToken.issue(city.market_handler, label="fuzz"),
    )


def _positive(case, location: ParameterLocation) -> bool:
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode.is_positive


def aim_at_the_real_case(case, real) -> None:
    """A random case number is always a 404. Where the generated number (and query code)
    are valid for the schema, send them to the real case instead, so that bodies reach
    the workflow and real case views are validated against the documented schema."""
    if "number" in (case.path_parameters or {}) and _positive(case, ParameterLocation.PATH):
        case.path_parameters["number"] = real.number
        if "code" in (case.query or {}) and _positive(case, ParameterLocation.QUERY):
            case.query["code"] = real.code


@schema.include(path_regex=PUBLIC).parametrize()
@FIXTURES
def test_public_api(case, real):
    aim_at_the_real_case(case, real)
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.exclude(path_regex=PUBLIC).parametrize()
@FIXTURES
def test_staff_api(case, real):
    aim_at_the_real_case(case, real)
    token = real.handler if case.path.rsplit("/", 1)[-1] in HANDLER_VERBS else real.dispatcher
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED)
