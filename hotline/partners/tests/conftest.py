import datetime as dt
from decimal import Decimal

import pytest

from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.partners.models import MediationScope, Provider, ServiceOffer, Volunteer


@pytest.fixture
def provider(city):
    unit = Unit.objects.create(code="repairs", name="便民维修服务中心", kind=UnitKind.PROVIDER, parent=city.city)
    provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 3, 1), response_minutes=30,
                                       subsidy_per_order=Decimal("20.00"))
    provider.offer = ServiceOffer.objects.create(provider=provider, name="水管维修", price=Decimal("68"),
                                                 market_price=Decimal("80"))
    return provider


@pytest.fixture
def team(city):
    team = Unit.objects.create(code="volunteers", name="12345志愿服务队", kind=UnitKind.VOLUNTEER_TEAM, parent=city.city)
    people = {
        "wang": Volunteer.objects.create(team=team, name="王师傅", skills="水电维修,助老"),
        "li": Volunteer.objects.create(team=team, name="李医生", skills="医疗急救,助老"),
        "zhao": Volunteer.objects.create(team=team, name="赵老师", skills="心理疏导"),
        "away": Volunteer.objects.create(team=team, name="孙师傅", skills="水电维修,助老", is_active=False),
    }
    people["wang"].areas.add(city.s11)
    people["li"].areas.add(city.d2)
    return team, people


@pytest.fixture
def mediators(city):
    general = Unit.objects.create(code="mediation", name="市人民调解委员会", kind=UnitKind.MEDIATION, parent=city.city)
    local = Unit.objects.create(code="med-s11", name="东风街道人民调解委员会", kind=UnitKind.MEDIATION, parent=city.s11)
    labour = Unit.objects.create(code="med-labour", name="劳动争议调解中心", kind=UnitKind.MEDIATION, parent=city.city)
    MediationScope.objects.create(organisation=local, kind="neighbour", territory=city.s11)
    MediationScope.objects.create(organisation=general, kind="neighbour")
    MediationScope.objects.create(organisation=labour, kind="labour")
    return general, local, labour
