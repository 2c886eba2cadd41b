"""Three-level assessment: who assesses whom, through the unit tree (`orgs.Unit.path`).

- the city (centre, leaders, supervisors, administrators) assesses line departments and
  utilities ("department"), districts and streets;
- a street (or any unit) assesses the units under it ("sub": its communities and grids);
- a unit's own people see their sub-units only, never their peers.

Public API: `LEVELS`, `units_for(level, within=None) -> QuerySet[Unit]`,
`levels_for(user) -> list[tuple[str, Unit | None]]` (the levels a person may open,
first one by default), `may_read(user, level, within) -> bool`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hotline.cases.access import SEE_ALL
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit

LEVELS: dict[str, frozenset[str]] = {
    "department": frozenset({UnitKind.DEPARTMENT, UnitKind.UTILITY}),
    "district": frozenset({UnitKind.DISTRICT}),
    "street": frozenset({UnitKind.STREET}),
    "community": frozenset({UnitKind.COMMUNITY}),
    "sub": frozenset(),  # every unit under `within`
}
CITY_LEVELS = ("department", "district", "street")


def units_for(level: str, within: Unit | None = None) -> QuerySet[Unit]:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    qs = Unit.objects.filter(is_active=True).exclude(kind__in=[UnitKind.EXTERNAL, UnitKind.CENTRE])
    if level == "sub":
        if within is None:
            return qs.none()
        return qs.filter(path__startswith=within.path).exclude(pk=within.pk).order_by("path")
    qs = qs.filter(kind__in=LEVELS[level])
    if within is not None:
        qs = qs.filter(path__startswith=within.path).exclude(pk=within.pk)
    return qs.order_by("path")


def sees_city(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in SEE_ALL))


def levels_for(user) -> list[tuple[str, Unit | None]]:
    """The assessments a person may read: the city's levels, or the units under their own."""
    if sees_city(user):
        return [(level, None) for level in CITY_LEVELS] + [("community", None)]
    if user and user.is_authenticated and user.role in {Role.HANDLER, Role.UNIT_LEADER} and user.unit_id:
        return [("sub", user.unit)]
    return []


def may_read(user, level: str, within: Unit | None) -> bool:
    if sees_city(user):
        return True
    unit = getattr(user, "unit", None)
    return (level == "sub" and within is not None and unit is not None and within.is_within(unit)
            and user.role in {Role.HANDLER, Role.UNIT_LEADER})
