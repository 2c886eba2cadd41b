"""The one scoped accessor for cases: every list, detail, export, API and search uses it.

A unit sees the cases assigned to it or to a unit below it; the centre, leaders and
auditors see all; an inspector sees what they reported and what lies in their area.
A case outside the scope answers exactly like a missing one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from hotline.orgs.choices import Role

from .errors import NotFound
from .models import Assignment, Case

SEE_ALL = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.AUDITOR, Role.ADMIN}


def _unit_ids(user, unit) -> list[int]:
    """The ids of `unit` and the units below it, read once per user object (one request)."""
    cached = user.__dict__.get("_scope_unit_ids")
    if cached is None or cached[0] != unit.path:
        cached = (unit.path, list(unit.subtree().values_list("pk", flat=True)))
        user.__dict__["_scope_unit_ids"] = cached
    return cached[1]


def visible_cases(user) -> QuerySet[Case]:
    qs = Case.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role in SEE_ALL:
        return qs
    unit = user.unit
    if unit is None:
        return qs.none()
    if user.role in {Role.HANDLER, Role.UNIT_LEADER}:
        # The unit and every unit below it, as a list of ids rather than a join on the
        # path: PostgreSQL then estimates the unit's own assignments from their statistics
        # (a path join it guessed at a quarter of a big unit's 54,000, and counted the
        # unit's overdue cases by visiting all 50,000 of its cases: 304 ms -> 38 ms at 1M).
        held = Assignment.objects.filter(case=OuterRef("pk"), unit_id__in=_unit_ids(user, unit))
        return qs.filter(Exists(held))
    if user.role == Role.INSPECTOR:
        return qs.filter(
            Q(registered_by=user) | Q(community__path__startswith=unit.path) | Q(street__path__startswith=unit.path)
        )
    return qs.none()


def case_for(user, number: str, *, for_update: bool = False) -> Case:
    qs = visible_cases(user).select_related("category", "lead_unit", "district", "street", "community")
    case = qs.filter(number=str(number)).first()
    if case is None:
        raise NotFound()
    return case
