"""`hotline token <username>`, the OpenAPI document and the locally served docs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hotline.cases.transitions import TRANSITIONS
from hotline.orgs.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_command_prints_a_working_token(api, city):
    out = StringIO()
    call_command("token", "dispatcher", "--label", "CRM", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("htl_") and ApiToken.authenticate(token) == city.dispatcher
    assert ApiToken.objects.get(user=city.dispatcher).label == "CRM"
    assert token not in str(list(ApiToken.objects.values()))  # only the digest is kept
    response = api.get("/cases", Authorization=f"Bearer {token}")
    assert response.status_code == 200


def test_token_command_refuses_unknown_and_inactive_users(city):
    with pytest.raises(CommandError):
        call_command("token", "nobody", stdout=StringIO())
    city.leader.is_active = False
    city.leader.save()
    with pytest.raises(CommandError):
        call_command("token", "leader", stdout=StringIO())


def test_openapi_documents_every_endpoint_and_verb(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    paths = spec["paths"]
    for path in ["/api/v1/cases", "/api/v1/cases/{number}", "/api/v1/cases/{number}/reveal",
                 "/api/v1/public/cases", "/api/v1/public/cases/{number}"]:
        assert path in paths, path
    for verb in TRANSITIONS:
        assert f"/api/v1/cases/{{number}}/actions/{verb}" in paths, verb
    assert "/api/v1/cases/{number}/actions/{verb}" not in paths
    assert spec["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_openapi_declares_idempotency_key_where_it_is_honoured(api):
    paths = api.get("/openapi.json").json()["paths"]

    def headers(path, method="post"):
        return {p["name"]: p for p in paths[path][method].get("parameters", []) if p["in"] == "header"}

    honoured = ["/api/v1/cases", "/api/v1/public/cases"] + [
        f"/api/v1/cases/{{number}}/actions/{verb}" for verb in TRANSITIONS]
    for path in honoured:
        key = headers(path)["Idempotency-Key"]
        assert key["required"] is False and key["schema"]["maxLength"] == 200, path
    assert "Idempotency-Key" not in headers("/api/v1/cases/{number}/reveal")


def test_docs_are_served_locally_without_a_cdn(api):
    page = api.get("/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    bundle = api.client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "text/javascript"
    assert api.client.get("/api/v1/docs/assets/..%2Fsettings.py").status_code == 404
