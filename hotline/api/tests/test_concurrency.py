"""Two handlers of one unit sign the same version at once over HTTP: one wins, one gets 409."""

import pytest

from hotline.cases.models import CaseEvent
from hotline.orgs.models import ApiToken
from hotline.testing import new_case

from .conftest import Api
from .test_idempotency import race


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_one_200_one_409(city):
    case = new_case(city)
    tokens = [ApiToken.issue(city.market_handler), ApiToken.issue(city.market_handler2)]

    results = race(2, lambda i: Api(tokens[i]).post(
        f"/cases/{case.number}/actions/sign", {"version": case.version}))

    statuses = sorted(getattr(r, "status_code", r) for r in results)
    assert statuses == [200, 409], results
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json()["error"]["code"] == "stale_version"
    assert CaseEvent.objects.filter(case=case, verb="sign").count() == 1
