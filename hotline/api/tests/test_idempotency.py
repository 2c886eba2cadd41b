"""`Idempotency-Key`: a retried POST gets the first answer, never a second case."""

import pytest

from hotline.api.models import IdempotencyRecord
from hotline.cases.models import Case, CaseEvent
from hotline.orgs.models import ApiToken
from hotline.testing import race

from .conftest import Api

BODY = {"case_type": "complaint", "title": "路灯不亮", "content": "东风路路灯连续三晚不亮。"}


@pytest.mark.django_db
def test_same_key_twice_gives_one_case_and_the_same_answer(api, city):
    agent = api.as_(city.agent)
    first = agent.post("/cases", BODY, **{"Idempotency-Key": "call-0001"})
    second = agent.post("/cases", BODY, **{"Idempotency-Key": "call-0001"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    # without a key, a second POST is a second case
    assert agent.post("/cases", BODY).status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_same_key_with_another_body_is_refused(api, city):
    agent = api.as_(city.agent)
    assert agent.post("/cases", BODY, **{"Idempotency-Key": "k1"}).status_code == 201
    other = agent.post("/cases", {**BODY, "title": "另一件事"}, **{"Idempotency-Key": "k1"})
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert other.json()["error"]["fields"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_scoped_per_caller(api, city):
    assert api.as_(city.agent).post("/cases", BODY, **{"Idempotency-Key": "shared"}).status_code == 201
    assert api.as_(city.agent2).post("/cases", BODY, **{"Idempotency-Key": "shared"}).status_code == 201
    assert api.post("/public/cases", BODY, **{"Idempotency-Key": "shared"}).status_code == 201
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_failed_work_keeps_no_record_and_a_retry_works(api, city):
    agent = api.as_(city.agent)
    bad = agent.post("/cases", {**BODY, "category": 999999}, **{"Idempotency-Key": "retry-me"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "category"
    assert not IdempotencyRecord.objects.exists() and not Case.objects.exists()
    good = agent.post("/cases", BODY, **{"Idempotency-Key": "retry-me"})
    assert good.status_code == 201


@pytest.mark.django_db
def test_a_retried_action_is_replayed_not_refused(api, city):
    number = api.as_(city.agent).post("/cases", {**BODY, "category": city.cat_food.pk}).json()["number"]
    handler = api.as_(city.market_handler)
    first = handler.post(f"/cases/{number}/actions/sign", {}, **{"Idempotency-Key": "sign-1"})
    again = handler.post(f"/cases/{number}/actions/sign", {}, **{"Idempotency-Key": "sign-1"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert CaseEvent.objects.filter(case__number=number, verb="sign").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 201, "has space", "中文"])
def test_malformed_keys_are_refused(api, city, key):
    response = api.as_(city.agent).post("/cases", BODY, **{"Idempotency-Key": key})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "Idempotency-Key"
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_make_one_case(city):
    token = ApiToken.issue(city.agent)
    results = race(4, lambda i: Api(token).post("/cases", BODY, **{"Idempotency-Key": "race-1"}))
    statuses = [getattr(r, "status_code", r) for r in results]
    assert statuses == [201] * 4, statuses
    assert len({r.json()["number"] for r in results}) == 1
    assert Case.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_public_submissions_with_one_key_make_one_case(city):
    results = race(3, lambda i: Api().post("/public/cases", BODY, **{"Idempotency-Key": "portal-race"}))
    statuses = [getattr(r, "status_code", r) for r in results]
    assert statuses == [201] * 3, statuses
    assert Case.objects.count() == 1
