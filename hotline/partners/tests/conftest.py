import datetime as dt
from decimal import Decimal

import pytest

from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.partners.models import Provider, ServiceOffer


@pytest.fixture
def provider(city):
    unit = Unit.objects.create(code="repairs", name="便民维修服务中心", kind=UnitKind.PROVIDER, parent=city.city)
    provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 3, 1), response_minutes=30,
                                       subsidy_per_order=Decimal("20.00"))
    provider.offer = ServiceOffer.objects.create(provider=provider, name="水管维修", price=Decimal("68"),
                                                 market_price=Decimal("80"))
    return provider
