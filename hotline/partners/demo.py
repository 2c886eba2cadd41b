"""Demo data for partners: contracts and prices of the two providers, volunteers, mediation scopes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hotline import clock
from hotline.orgs.models import Unit

from .models import DisputeKind, MediationScope, Provider, ServiceOffer, Volunteer

OFFERS = {
    "repairs": [("水管维修", "水电维修", "68", "80"), ("开锁换锁", "开锁", "85", "100"), ("家电维修", "家电维修", "60", "75")],
    "homecare": [("居家养老助餐", "助老,助餐", "12", "15"), ("老人陪护（小时）", "助老,陪护", "30", "40"),
                 ("家政保洁（小时）", "保洁", "38", "45")],
}
VOLUNTEERS = [
    ("王建国", "水电维修,助老"), ("李秀英", "助老,心理疏导"), ("张伟", "医疗急救,助老"),
    ("刘洋", "法律咨询"), ("陈静", "心理疏导,助学"), ("杨帆", "水电维修,家电维修"),
]


def load_demo(city_units: dict[str, Unit]) -> dict[str, int]:
    counts = {"providers": 0, "volunteers": 0, "mediation_scopes": 0}
    start = clock.today().replace(month=1, day=1) - dt.timedelta(days=365)
    for code, offers in OFFERS.items():
        unit = city_units.get(code)
        if unit is None:
            continue
        provider, created = Provider.objects.get_or_create(unit=unit, defaults={
            "contract_number": f"A-12345-{code.upper()}", "contract_start": start, "response_minutes": 30})
        counts["providers"] += created
        for name, skills, price, market in offers:
            ServiceOffer.objects.get_or_create(provider=provider, name=name, defaults={
                "skills": skills, "price": Decimal(price), "market_price": Decimal(market)})
    team = city_units.get("volunteers")
    if team is not None:
        streets = [u for u in city_units.values() if u.kind == "street"]
        for n, (name, skills) in enumerate(VOLUNTEERS):
            volunteer, created = Volunteer.objects.get_or_create(team=team, name=name, defaults={"skills": skills})
            counts["volunteers"] += created
            if created and streets:
                volunteer.areas.add(streets[n % len(streets)])
    mediation = city_units.get("mediation")
    if mediation is not None:
        for kind in DisputeKind.values:
            _scope, created = MediationScope.objects.get_or_create(organisation=mediation, kind=kind, territory=None)
            counts["mediation_scopes"] += created
    return counts
