"""Scoped reads for the partners screens: the centre sees everything; a volunteer team or a
mediation organisation sees its own tasks or mediations; anything else answers like a missing row."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from hotline.cases.errors import NotFound
from hotline.orgs.choices import CENTRE_ROLES, UnitKind
from hotline.orgs.models import Unit

from .models import Mediation, VolunteerTask


def is_centre(user) -> bool:
    return user.is_superuser or user.role in CENTRE_ROLES


def own_unit(user, kind: str) -> Unit | None:
    unit = user.unit if user.unit_id else None
    return unit if unit is not None and unit.kind == kind else None


def may_see_volunteers(user) -> bool:
    return is_centre(user) or own_unit(user, UnitKind.VOLUNTEER_TEAM) is not None


def may_see_mediations(user) -> bool:
    return is_centre(user) or own_unit(user, UnitKind.MEDIATION) is not None


def visible_tasks(user) -> QuerySet[VolunteerTask]:
    tasks = VolunteerTask.objects.select_related("volunteer__team", "case")
    if is_centre(user):
        return tasks
    team = own_unit(user, UnitKind.VOLUNTEER_TEAM)
    return tasks.filter(volunteer__team=team) if team is not None else tasks.none()


def visible_mediations(user) -> QuerySet[Mediation]:
    mediations = Mediation.objects.select_related("organisation", "case")
    if is_centre(user):
        return mediations
    organisation = own_unit(user, UnitKind.MEDIATION)
    return mediations.filter(organisation=organisation) if organisation is not None else mediations.none()


def task_for(user, pk: int) -> VolunteerTask:
    task = visible_tasks(user).filter(pk=pk).first()
    if task is None:
        raise NotFound()
    return task


def mediation_for(user, pk: int) -> Mediation:
    mediation = visible_mediations(user).filter(pk=pk).first()
    if mediation is None:
        raise NotFound()
    return mediation


def teams_with_hours(user) -> list[Unit]:
    """Volunteer teams the user may see, each with `hours` (all tasks), `members` and `open_tasks`."""
    teams = Unit.objects.filter(kind=UnitKind.VOLUNTEER_TEAM, is_active=True)
    if not is_centre(user):
        team = own_unit(user, UnitKind.VOLUNTEER_TEAM)
        teams = teams.filter(pk=team.pk if team is not None else None)
    return list(teams.annotate(
        hours=Sum("volunteers__tasks__hours"),
        open_tasks=Count("volunteers__tasks", filter=Q(volunteers__tasks__completed_at__isnull=True)),
    ).order_by("name"))
