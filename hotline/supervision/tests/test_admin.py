"""The admin lists and shows every supervision model; accountability decisions are editable."""

import pytest
from django.test import Client

from hotline import clock
from hotline.orgs.models import User
from hotline.supervision import accountability, actions
from hotline.supervision.models import AccountabilityRecord
from hotline.testing import new_case

from .helpers import act, staff

pytestmark = pytest.mark.django_db


def test_admin_pages_render(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.supervisor), reason="督办")
    case = act(case, "return", city.market_handler, reason="not_our_matter")
    act(case, "arbitrate", city.dispatcher, ruling="unjustified", note="本单位职责")
    accountability.scan()
    record = AccountabilityRecord.objects.get()
    User.objects.create_superuser("root", "root@example.org", "pw-123456-x")
    client = Client()
    client.force_login(User.objects.get(username="root"))
    for name in ("supervisionorder", "supervisionitem", "supervisionevent", "repeatlink", "accountabilityrecord"):
        assert client.get(f"/admin/supervision/{name}/").status_code == 200, name
    assert client.get(f"/admin/supervision/supervisionorder/{order.pk}/change/").status_code == 200
    page = f"/admin/supervision/accountabilityrecord/{record.pk}/change/"
    assert client.get(page).status_code == 200
    response = client.post(page, {"decision": "warning", "decision_note": "警示"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.decision == "warning" and record.decided_at == clock.now()
