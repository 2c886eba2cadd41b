"""Volunteer matching, dispatch and hours.

`match(skills, place)` ranks active, free volunteers: two points per requested skill they
have, one point when one of their areas covers the place (the place lies within it);
a volunteer with none of the requested skills is not offered. Ties go to the one with
fewer hours this year (spreading the load), then by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit

from .models import Volunteer, VolunteerTask

CENTRE = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}
MAX_HOURS = Decimal("24")


@dataclass(frozen=True)
class Match:
    volunteer: Volunteer
    score: int
    skills: tuple[str, ...]
    in_area: bool


def _skills(values) -> set[str]:
    if isinstance(values, str):
        values = values.replace("，", ",").split(",")
    return {v.strip() for v in values if v and v.strip()}


def match(*, skills, place: Unit | None, limit: int = 5) -> list[Match]:
    wanted = _skills(skills)
    busy = VolunteerTask.objects.filter(completed_at__isnull=True).values("volunteer_id")
    year_start = clock.local_now().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    hours = dict(VolunteerTask.objects.filter(completed_at__gte=year_start).values("volunteer_id")
                 .annotate(h=Sum("hours")).values_list("volunteer_id", "h"))
    found = []
    for v in Volunteer.objects.filter(is_active=True).exclude(pk__in=busy).select_related("team").prefetch_related("areas"):
        common = wanted & v.skill_set()
        if wanted and not common:
            continue
        in_area = place is not None and any(place.path.startswith(a.path) for a in v.areas.all())
        found.append(Match(v, 2 * len(common) + (1 if in_area else 0), tuple(sorted(common)), in_area))
    found.sort(key=lambda m: (-m.score, hours.get(m.volunteer.pk) or 0, m.volunteer.name))
    return found[:limit]


def dispatch(case: Case, volunteers: list[Volunteer], *, actor: Actor) -> list[VolunteerTask]:
    """Send free, active volunteers to a case (dispatching it to their team when it is new)."""
    if actor.role not in CENTRE:
        raise Forbidden()
    if not volunteers:
        raise Invalid(_("Choose at least one volunteer."), field="volunteers")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status not in Status.open_states():
            raise InvalidTransition()
        ids = [v.pk for v in volunteers]
        busy = VolunteerTask.objects.filter(Q(completed_at__isnull=True) | Q(case=case)).values("volunteer_id")
        taken = list(Volunteer.objects.filter(pk__in=ids).filter(Q(is_active=False) | Q(pk__in=busy))
                     .order_by("name").values_list("name", flat=True))
        if taken:
            raise InvalidTransition(_("Already on a task or not active: %(names)s.") % {"names": "、".join(taken)})
        teams = {v.team_id for v in volunteers}
        if case.status == Status.REGISTERED and len(teams) == 1:
            dispatcher = actor if actor.role in workflow.TRANSITIONS["dispatch"].roles else Actor.system()
            case = workflow.perform(case, "dispatch", actor=dispatcher, lead_unit=volunteers[0].team)
        tasks = [VolunteerTask.objects.create(volunteer=v, case=case, dispatched_by=actor.user) for v in volunteers]
        workflow.annotate(case, "volunteers_dispatched", actor=actor,
                          data={"volunteers": [v.name for v in volunteers], "teams": sorted(teams)})
    return tasks


def may_record(user, task: VolunteerTask) -> bool:
    return user.is_superuser or user.role in CENTRE or (user.unit_id is not None
                                                          and user.unit_id == task.volunteer.team_id)


def record_hours(task: VolunteerTask, hours, *, by) -> VolunteerTask:
    """Close a task with the hours served (once)."""
    if not may_record(by, task):
        raise Forbidden()
    try:
        value = Decimal(str(hours).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give a number of hours."), field="hours") from None
    if not (Decimal(0) < value <= MAX_HOURS):
        raise Invalid(_("Give a number of hours."), field="hours")
    with transaction.atomic():
        task = VolunteerTask.objects.select_for_update().select_related("volunteer").get(pk=task.pk)
        if task.completed_at is not None:
            raise InvalidTransition(_("Hours are already recorded."))
        task.hours, task.completed_at = value, clock.now()
        task.save(update_fields=["hours", "completed_at"])
    return task


def hours_of(volunteer: Volunteer) -> Decimal:
    return volunteer.tasks.aggregate(h=Sum("hours"))["h"] or Decimal(0)


def team_hours(team: Unit) -> Decimal:
    """Every hour the team's volunteers have served."""
    return VolunteerTask.objects.filter(volunteer__team=team).aggregate(h=Sum("hours"))["h"] or Decimal(0)
