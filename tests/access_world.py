"""The world the access matrix walks: one city, one case, and an object behind every URL.

`build_world()` makes, through the real actions, a case led by the market department
(so `handler` is the case's unit and `other_handler` an unrelated one), a second case to
merge into, a supervision order, an emergency incident, a grid report, a problem of the
month with an action, an attachment, an inbox message and an Open311 token. `Requester`
sends one principal's request and sorts the answer into a class.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from hotline.analytics import problems
from hotline.cases.actors import Actor
from hotline.console import attachments
from hotline.emergency import actions as emergency
from hotline.emergency.models import IncidentType, Plan, PlanUnit
from hotline.exchange.models import Peer
from hotline.grids import services as grids
from hotline.grids.models import ItemKind, UrbanItem
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage
from hotline.open311.models import OpenApiKey, ServiceRequest
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import ApiToken, Unit
from hotline.partners import mediation, providers, volunteers
from hotline.partners.models import MediationScope, Provider, Volunteer
from hotline.portal import access as portal_access
from hotline.supervision import actions as supervision
from hotline.testing import build_city, new_case

PUBLIC = ("anonymous", "citizen")  # no account; the citizen holds the case's number and query code
STAFF = ("agent", "dispatcher", "handler", "other_handler", "unit_leader", "inspector",
         "supervisor", "leader", "auditor", "admin")
PRINCIPALS = PUBLIC + STAFF
USERS = {"agent": "agent", "dispatcher": "dispatcher", "handler": "market_handler",
         "other_handler": "urban_handler", "unit_leader": "market_leader", "inspector": "inspector",
         "supervisor": "supervisor", "leader": "leader", "auditor": "auditor", "admin": "admin"}
# Who sees the world's case (led by the market department, outside the inspector's area).
SEES_CASE = frozenset({"agent", "dispatcher", "handler", "unit_leader", "supervisor", "leader", "auditor", "admin"})
CASE_HIDDEN = frozenset(STAFF) - SEES_CASE
MISSING_NUMBER = "2099123199999"  # well formed, never issued

# Answer classes.
OK, MOVED, LOGIN, UNAUTH, DENIED, MISSING = "ok", "moved", "login", "401", "403", "404"
INVALID, CONFLICT, NOT_ALLOWED = "invalid", "409", "405"

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _png(name="p.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def build_world() -> SimpleNamespace:
    w = build_city()
    w.case = new_case(w)
    w.other_case = new_case(w, title="另一家餐馆油烟扰民")
    stored = attachments.store(w.case, attachments.check([_png()]), user=w.agent)
    w.attachment = stored[0]
    order = supervision.issue(w.case, actor=Actor.staff(w.supervisor), reason="请限期答复")
    w.item = order.items.get()
    plan = Plan.objects.create(name="燃气泄漏应急预案", incident_type=IncidentType.GAS_LEAK)
    PlanUnit.objects.create(plan=plan, unit=w.market, task="现场检查", ack_minutes=5, arrive_minutes=30, order=0)
    w.incident = emergency.start_incident(plan, actor=Actor.staff(w.dispatcher), title="燃气泄漏", address="东风路")
    w.incident_unit = w.incident.units.get()
    item = UrbanItem.objects.create(kind=ItemKind.EVENT, code="garbage", name="暴露垃圾", simple=True)
    w.grid_report = grids.report(w.inspector, item=item, description="垃圾堆放", photos=[_png()])
    w.problem = problems.create(actor=w.leader, month=w.case.registered_at.date().replace(day=1), title="餐馆卫生", category=w.cat_food,
                                lead_unit=w.market, baseline_month=w.case.registered_at.date().replace(day=1))
    w.problem_action = problems.add_action(w.problem, description="夜间巡查", owner=w.market,
                                           due_date=w.case.registered_at.date())
    outbox.enqueue_many([outbox.Message(channel="inbox", recipient=w.market_handler, subject="督办提醒",
                                        body="请及时处理", link="/supervision/", dedupe_key="matrix:1")])
    outbox.drain()
    w.message = InboxMessage.objects.filter(user=w.market_handler).order_by("pk").first()
    _key, raw_key = OpenApiKey.issue("city app")
    w.open311_key = raw_key
    w.open311_token = ServiceRequest.objects.order_by("pk").values_list("token", flat=True).first()
    _partners(w)
    w.peer = Peer.objects.create(name="邻市12345", code="peer", our_code="acity", base_url="https://peer.example/",
                                 shared_key="k" * 32)
    w.police.short_name = "110"
    w.police.save()
    w.tokens = {p: ApiToken.issue(getattr(w, USERS[p])) for p in STAFF}
    return w


def _partners(w) -> None:
    """A provider with a complaint, a volunteer sent to the second case, a mediation on it."""
    centre = Actor.staff(w.agent)
    unit = Unit.objects.create(code="repairs", name="便民维修服务中心", kind=UnitKind.PROVIDER, parent=w.city)
    w.provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 3, 1), response_minutes=30,
                                         subsidy_per_order=Decimal("20.00"))
    w.complaint = providers.record_complaint(w.provider, text="上门迟到", by=w.agent)
    team = Unit.objects.create(code="volunteers", name="12345志愿服务队", kind=UnitKind.VOLUNTEER_TEAM, parent=w.city)
    helper = Volunteer.objects.create(team=team, name="王师傅", skills="水电维修")
    w.task = volunteers.dispatch(w.other_case, [helper], actor=centre)[0]
    mediators = Unit.objects.create(code="mediation", name="市人民调解委员会", kind=UnitKind.MEDIATION, parent=w.city)
    MediationScope.objects.create(organisation=mediators, kind="neighbour")
    w.mediation = mediation.open_mediation(w.other_case, kind="neighbour", actor=centre)


def classify(response) -> str:
    status = response.status_code
    if status in {301, 302, 303, 307, 308}:
        target = urlsplit(response["Location"]).path
        return LOGIN if target in {settings.LOGIN_URL, reverse("admin:login")} else MOVED
    if 200 <= status < 300:
        return OK
    return {401: UNAUTH, 403: DENIED, 404: MISSING, 405: NOT_ALLOWED, 409: CONFLICT,
            400: INVALID, 422: INVALID}.get(status, f"status {status}")


_VOLATILE = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|"request_id": ")[^"]*')


def shape(response, *, hide: tuple[str, ...] = ()) -> tuple:
    """Status, content type and body with the asked-for values (a case number) blanked."""
    body = response.content.decode("utf-8", "replace")
    for value in hide:
        body = body.replace(value, "<hidden>")
    location = response.get("Location", "")
    for value in hide:
        location = location.replace(value, "<hidden>")
    return response.status_code, response.get("Content-Type", ""), location, _VOLATILE.sub(r"\1", body)


class Requester:
    """One logged-in client per principal; every request rolled back after it answered."""

    def __init__(self, world):
        self.world = world
        self.clients = {}

    def client(self, principal: str) -> Client:
        if principal not in self.clients:
            client = Client()
            if principal in STAFF:
                client.force_login(getattr(self.world, USERS[principal]))
            elif principal == "citizen":
                request = SimpleNamespace(session=client.session)
                portal_access.remember(request, self.world.case.number)
                request.session.save()
            self.clients[principal] = client
        return self.clients[principal]

    def send(self, principal: str, method: str, url: str, *, data=None, api=False, query=None):
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        kwargs = {}
        if api and principal in STAFF:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.world.tokens[principal]}"
        client = Client() if api else self.client(principal)
        if query:
            url = f"{url}?{urlencode(query)}"
        if method == "post" and api:
            kwargs = {"data": json.dumps(data or {}), "content_type": "application/json"}
        elif method == "post":
            kwargs = {"data": data or {}}
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs, **headers)
            transaction.set_rollback(True)
        return response
