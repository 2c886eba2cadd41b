"""The board over HTTP: who sees it, who acts on which row, closing shows the report."""

import pytest

from hotline.cases.actors import Actor
from hotline.cases.choices import Urgency
from hotline.emergency import actions
from hotline.emergency.models import Incident, IncidentStatus, UnitState
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(city, plan):
    return actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏")


def test_board_scoped_and_polled(client, city, incident):
    client.force_login(city.market_handler)  # market is not in the plan
    assert client.get(f"/emergency/incidents/{incident.pk}/").status_code == 404
    client.force_login(city.water_handler)
    page = client.get(f"/emergency/incidents/{incident.pk}/")
    assert page.status_code == 200 and b'hx-trigger="every 3s"' in page.content
    fragment = client.get(f"/emergency/incidents/{incident.pk}/units")
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    rows = {r.unit.code: r for r in incident.units.select_related("unit")}
    assert client.post(f"/emergency/units/{rows['s11'].pk}/acknowledge", HTTP_HX_REQUEST="true").status_code == 200
    rows["s11"].refresh_from_db()
    assert rows["s11"].state == UnitState.DISPATCHED  # not their row: refused, nothing changed
    client.post(f"/emergency/units/{rows['water'].pk}/acknowledge", HTTP_HX_REQUEST="true")
    rows["water"].refresh_from_db()
    assert rows["water"].state == UnitState.ACKNOWLEDGED and rows["water"].acknowledged_by == city.water_handler
    assert client.post(f"/emergency/incidents/{incident.pk}/close", {"summary": "x"}).status_code == 403


def test_centre_starts_from_an_emergency_case_and_closes(client, city, plan):
    case = new_case(city, dispatch=False, urgency=Urgency.EMERGENCY)
    client.force_login(city.dispatcher)
    index = client.get("/emergency/")
    assert case.number.encode() in index.content
    response = client.post("/emergency/start", {"plan": plan.pk, "case": case.number})
    incident = Incident.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == f"/emergency/incidents/{incident.pk}/"
    response = client.post(f"/emergency/incidents/{incident.pk}/close", {"summary": "已处置完毕"})
    assert response["Location"] == f"/emergency/incidents/{incident.pk}/report"
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    report = client.get(f"/emergency/incidents/{incident.pk}/report")
    assert report.status_code == 200 and "已处置完毕" in report.content.decode()
