"""Demo data for grids: the component/event catalogue with the demo city's owner units."""

from __future__ import annotations

from decimal import Decimal

from hotline.orgs.models import Unit

from .models import ItemKind, UrbanItem

# (code, name, kind, owner code, simple, hazard, reward)
ITEMS = [
    ("manhole", "井盖", ItemKind.COMPONENT, "water", False, True, "100"),
    ("street-light", "路灯", ItemKind.COMPONENT, "urban", False, False, "0"),
    ("hydrant", "消火栓", ItemKind.COMPONENT, "water", False, True, "100"),
    ("bus-shelter", "公交候车亭", ItemKind.COMPONENT, "bus", False, False, "0"),
    ("gas-box", "燃气调压箱", ItemKind.COMPONENT, "gas", False, True, "200"),
    ("power-box", "电力箱", ItemKind.COMPONENT, "power", False, True, "100"),
    ("illegal-parking", "违章停车", ItemKind.EVENT, "", False, False, "0"),
    ("street-vending", "占道经营", ItemKind.EVENT, "", False, False, "0"),
    ("garbage", "暴露垃圾", ItemKind.EVENT, "", True, False, "0"),
    ("graffiti", "乱张贴乱涂画", ItemKind.EVENT, "", True, False, "0"),
    ("road-damage", "道路破损", ItemKind.EVENT, "", False, True, "50"),
    ("fire-passage", "堵塞消防通道", ItemKind.EVENT, "", False, True, "50"),
]


def load_demo(city_units: dict[str, Unit]) -> dict[str, int]:
    created = 0
    for code, name, kind, owner, simple, hazard, reward in ITEMS:
        _item, new = UrbanItem.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "owner": city_units.get(owner) if owner else None, "simple": simple,
            "hazard": hazard, "reward": Decimal(reward)})
        created += new
    return {"urban_items": created}
