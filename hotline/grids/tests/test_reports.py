"""Inspector reports: components to their owner, events to the territory, simple ones to the community."""

import base64
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.cases.choices import Channel, Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.grids import services
from hotline.grids.models import ItemKind, RewardRecord, UrbanItem
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User
from hotline.testing import PASSWORD

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def photo(name="p.png", content=PNG, kind="image/png"):
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.fixture
def items(city):
    return {
        "manhole": UrbanItem.objects.create(kind=ItemKind.COMPONENT, code="manhole", name="井盖", owner=city.water,
                                            category=city.cat_water, hazard=True, reward=Decimal("100")),
        "light": UrbanItem.objects.create(kind=ItemKind.COMPONENT, code="light", name="路灯", category=city.cat_lights),
        "parking": UrbanItem.objects.create(kind=ItemKind.EVENT, code="parking", name="违章停车"),
        "garbage": UrbanItem.objects.create(kind=ItemKind.EVENT, code="garbage", name="暴露垃圾", simple=True),
    }


@pytest.fixture
def inspector(city):
    grid = Unit.objects.create(code="c111-g1", name="东风社区第1网格", kind=UnitKind.GRID, parent=city.c111)
    return User.objects.create_user("grid1", password=PASSWORD, role=Role.INSPECTOR, unit=grid)


def test_component_goes_to_its_owner_first(city, items, inspector):
    r = services.report(inspector, item=items["manhole"], description="井盖破损下陷", photos=[photo()],
                        latitude="28.194100", longitude="112.982300", address="东风路12号")
    case = r.case
    assert (r.route, r.routed_to, case.lead_unit, case.status) == ("owner", city.water, city.water, Status.DISPATCHED)
    assert case.channel == Channel.GRID and case.community == city.c111 and case.street == city.s11
    assert case.latitude == Decimal("28.194100") and case.attachments.count() == 1
    assert r.grid.code == "c111-g1"


def test_event_and_ownerless_component_go_to_the_territory(city, items, inspector):
    for item in ("parking", "light"):
        r = services.report(inspector, item=items[item], description="", photos=[photo()])
        assert (r.route, r.case.lead_unit) == ("territory", city.s11), item


def test_simple_problem_goes_to_the_community_station(city, items, inspector):
    r = services.report(inspector, item=items["garbage"], description="垃圾堆放", photos=[photo()])
    assert (r.route, r.case.lead_unit) == ("community", city.c111)


def test_photos_are_checked_by_their_bytes_and_size(city, items, inspector):
    with pytest.raises(Invalid):
        services.report(inspector, item=items["parking"], description="", photos=[])
    with pytest.raises(Invalid):
        services.report(inspector, item=items["parking"], description="",
                        photos=[photo("fake.png", b"MZ\x90\x00 not an image", "image/png")])
    with pytest.raises(Invalid):
        services.report(inspector, item=items["parking"], description="",
                        photos=[photo("doc.pdf", b"%PDF-1.4 ...", "application/pdf")])
    big = photo("big.png", PNG + b"\0" * (10 * 1024 * 1024), "image/png")
    with pytest.raises(Invalid):
        services.report(inspector, item=items["parking"], description="", photos=[big])
    with pytest.raises(Forbidden):
        services.report(city.agent, item=items["parking"], description="", photos=[photo()])


def test_verified_hazard_earns_one_reward(city, items, inspector):
    r = services.report(inspector, item=items["manhole"], description="井盖缺失", photos=[photo()])
    with pytest.raises(Forbidden):
        services.verify(r, by=city.urban_leader, hazard=True)  # not the unit it went to
    reward = services.verify(r, by=city.dispatcher, hazard=True)
    assert (reward.inspector, reward.case, reward.amount, reward.verified_by) == (
        inspector, r.case, Decimal("100"), city.dispatcher)
    with pytest.raises(InvalidTransition):
        services.verify(r, by=city.dispatcher, hazard=True)
    other = services.report(inspector, item=items["parking"], description="", photos=[photo()])
    assert services.verify(other, by=city.dispatcher, hazard=False) is None
    assert RewardRecord.objects.count() == 1
    assert r.case.events.order_by("-seq").first().verb == "grid_verified"


def test_phone_page_posts_a_report(client, city, items, inspector):
    client.force_login(inspector)
    assert client.get("/grids/report").status_code == 200
    response = client.post("/grids/report", {"item": items["parking"].pk, "description": "占道停车",
                                             "latitude": "28.1", "longitude": "112.9", "photos": photo()})
    assert response.status_code == 302
    assert client.get("/grids/").status_code == 200
    bad = client.post("/grids/report", {"item": items["parking"].pk, "photos": photo("x.png", b"nope")})
    assert bad.status_code == 400
    client.force_login(city.agent)
    assert client.get("/grids/report").status_code == 403
