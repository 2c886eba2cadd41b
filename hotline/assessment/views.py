"""Thin views: the assessment page, drill-down lists, the second-callback queue, the public board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hotline.cases.access import case_for
from hotline.cases.errors import CaseError
from hotline.catalog.models import Category
from hotline.console.views.common import actor, roles_required
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit
from hotline.privacy.reveal import masked

from . import actions, callbacks, colours, metrics, period, scope, scoring

DRILL_LIMIT = 200
METRIC_LABELS = {
    "cases": gettext_lazy("All cases"), "responded_in_time": gettext_lazy("Answered in time"),
    "responded_late": gettext_lazy("Answered late or not yet"), "completed_in_time": gettext_lazy("Completed on time"),
    "overdue": gettext_lazy("Overdue"), "resolved": gettext_lazy("Resolved"), "unresolved": gettext_lazy("Unresolved"),
    "satisfied": gettext_lazy("Satisfied"), "unsatisfied": gettext_lazy("Not satisfied"),
    "returned": gettext_lazy("Returned"), "unjustified_return": gettext_lazy("Returned without reason"),
    "reopened": gettext_lazy("Reopened"), "extended": gettext_lazy("Extended"),
    "fake_closure": gettext_lazy("Fake closures"), "excluded": gettext_lazy("Left out of assessment"),
}
CALLBACK_LIMIT = 50
CENTRE = (Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR)


def _level(request):
    """The level and unit the person asked for, if they may read it; else their first one."""
    allowed = scope.levels_for(request.user)
    if not allowed:
        raise PermissionDenied
    level = request.GET.get("level") or allowed[0][0]
    within = None
    raw = (request.GET.get("within") or "").strip()
    if raw.isdigit():
        within = Unit.objects.filter(pk=int(raw)).first()
    elif level == "sub":
        within = allowed[0][1]
    if level not in scope.LEVELS or not scope.may_read(request.user, level, within):
        level, within = allowed[0]
    return level, within, allowed


@login_required
def home(request):
    level, within, allowed = _level(request)
    when = period.parse(request.GET)
    ranking = scoring.rankings(when.start, when.end, level, within=within)
    units = [row.unit for row in ranking.rows]
    by_category = sorted(metrics.category_metrics(when.start, when.end, units=units).values(),
                         key=lambda f: -f.rounds)
    names = dict(Category.objects.filter(pk__in=[f.key for f in by_category if f.key]).values_list("pk", "name"))
    for fig in by_category:
        fig.name = names.get(fig.key, _("Uncategorised"))
    place_level = "community" if level in {"sub", "community"} else "street"
    by_place = sorted((f for f in metrics.territory_metrics(when.start, when.end, level=place_level, units=units).values()
                       if f.key), key=lambda f: -f.rounds)
    places = dict(Unit.objects.filter(pk__in=[f.key for f in by_place]).values_list("pk", "name"))
    for fig in by_place:
        fig.name = places.get(fig.key, "")
    return render(request, "assessment/home.html", {
        "ranking": ranking, "period": when, "level": level, "within": within,
        "levels": [(lvl, w, _level_label(lvl, w)) for lvl, w in allowed],
        "by_category": by_category, "by_place": by_place, "place_level": place_level,
        "excluded": scoring.excluded_cases(when.start, when.end, units=units, user=request.user),
        "may_exclude": request.user.is_superuser or request.user.role in actions.DECIDERS,
    })


def _level_label(level: str, within: Unit | None) -> str:
    labels = {"department": _("Departments"), "district": _("Districts"), "street": _("Streets"),
              "community": _("Communities")}
    if level == "sub" and within is not None:
        return _("Units under %(unit)s") % {"unit": within.name}
    return labels.get(level, level)


@login_required
def drilldown(request):
    level, within, _allowed = _level(request)
    when = period.parse(request.GET)
    metric = request.GET.get("metric", "cases")
    if metric not in metrics.METRICS:
        metric = "cases"
    raw = (request.GET.get("unit") or "").strip()
    unit = Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None or not scope.units_for(level, within).filter(pk=unit.pk).exists():
        raise PermissionDenied
    cases = list(metrics.drilldown(metric, unit, when.start, when.end, user=request.user)
                 .select_related("category", "lead_unit")[:DRILL_LIMIT + 1])
    return render(request, "assessment/cases.html", {
        "cases": cases[:DRILL_LIMIT], "cut": len(cases) > DRILL_LIMIT, "limit": DRILL_LIMIT,
        "metric": metric, "metric_label": METRIC_LABELS.get(metric, metric), "unit": unit, "period": when, "level": level, "within": within,
    })


@roles_required(*CENTRE)
def second_callbacks(request):
    rows = list(callbacks.queue()[:CALLBACK_LIMIT])
    for row in rows:
        row.citizen = masked(row.case, request.user)
    return render(request, "assessment/callbacks.html", {
        "rows": rows, "ratings": [(v, label) for v, label in callbacks.Satisfaction.choices if v in callbacks.RATINGS],
        "may_record": request.user.is_superuser or request.user.role in callbacks.CALLERS,
    })


@require_POST
@roles_required(Role.AGENT, Role.DISPATCHER)
def record_second_callback(request, pk: int):
    resolved = {"yes": True, "no": False}.get(request.POST.get("resolved", ""))
    try:
        callbacks.record_second_callback(pk, actor=actor(request), satisfaction=request.POST.get("satisfaction", ""),
                                         resolved=resolved, note=request.POST.get("note", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The second callback was recorded."))
    return redirect("assessment:second_callbacks")


@require_POST
@roles_required(Role.DISPATCHER, Role.SUPERVISOR)
def exclude(request):
    number = (request.POST.get("number") or "").strip()
    include = request.POST.get("include") == "1"
    try:
        case = case_for(request.user, number)
        decide = actions.include_case if include else actions.exclude_case
        done = decide(case, actor=actor(request), reason=request.POST.get("reason", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        if done is None:
            messages.info(request, _("Nothing to change."))
        elif include:
            messages.success(request, _("Case %(number)s is counted in assessment again.") % {"number": case.number})
        else:
            messages.success(request, _("Case %(number)s is left out of assessment.") % {"number": case.number})
    return redirect(request.POST.get("back") if str(request.POST.get("back", "")).startswith("/assessment/")
                    else "assessment:home")


def public(request):
    """No login: every unit down to the community, its colour and three rates. No personal data."""
    when = period.parse(request.GET)
    return render(request, "assessment/public.html", {
        "rows": colours.public_board(when.start, when.end), "period": when,
        "bounds": colours.thresholds(),
    })
