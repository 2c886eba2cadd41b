"""Problem of the month (每月一题): choose a recurring problem, assign it, track its fall.

Related cases are those matching every criterion given: the category (and everything
below it), any of the keywords (in the title or the content), and the district/street.
Counts are read through `cases.access.visible_cases`, so a reader sees the figures of
their own scope.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.errors import Invalid

from .models import MonthlyProblem, ProblemAction
from .periods import month_start, next_month, start_of

MAX_MONTHS = 36


def related_cases(problem: MonthlyProblem, user):
    qs = visible_cases(user)
    if problem.category_id:
        qs = qs.filter(category__path__startswith=problem.category.path)
    words = problem.keyword_list()
    if words:
        qs = qs.filter(functools.reduce(
            operator.or_, (Q(title__icontains=w) | Q(content__icontains=w) for w in words)))
    if problem.district_id:
        qs = qs.filter(district_id=problem.district_id)
    if problem.street_id:
        qs = qs.filter(street_id=problem.street_id)
    return qs


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, m = [], month_start(first)
    while m <= last and len(months) < MAX_MONTHS:
        months.append(m)
        m = next_month(m)
    return months


@dataclass
class MonthFigure:
    month: dt.date
    cases: int
    change: int | None  # against the baseline month
    change_pct: float | None
    fell: bool | None  # None for the baseline itself


def trend(problem: MonthlyProblem, user, *, until: dt.date | None = None) -> list[MonthFigure]:
    """Related cases per month from the baseline month to the current one (one query)."""
    months = months_between(problem.baseline_month, month_start(until or clock.today()))
    if not months:
        return []
    rows = (
        related_cases(problem, user)
        .filter(registered_at__gte=start_of(months[0]), registered_at__lt=start_of(next_month(months[-1])))
        .annotate(m=TruncMonth("registered_at", tzinfo=clock.LOCAL_TZ))
        .values("m").annotate(n=Count("pk")).order_by()
    )
    counts = {}
    for r in rows:
        value = r["m"]
        day = value.date() if isinstance(value, dt.datetime) else value
        counts[day] = counts.get(day, 0) + r["n"]
    base = counts.get(months[0], 0)
    figures = [MonthFigure(months[0], base, None, None, None)]
    for m in months[1:]:
        n = counts.get(m, 0)
        change = n - base
        figures.append(MonthFigure(m, n, change, (change / base) if base else None, n < base))
    return figures


def chart_data(figures: list[MonthFigure]) -> dict:
    return {
        "months": [f"{f.month:%Y-%m}" for f in figures],
        "counts": [f.cases for f in figures],
        "baseline": figures[0].cases if figures else 0,
        "baseline_label": _("Baseline"),
    }


def _month(value, name: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise Invalid(_("The month must look like 2026-05."), field=name)
    return month_start(value)


def create(*, actor, month, title: str, lead_unit, baseline_month, description: str = "", category=None,
           keywords: str = "", district=None, street=None) -> MonthlyProblem:
    """Record a problem of the month. Bad input raises `Invalid` and writes nothing."""
    title = (title or "").strip()
    if not title:
        raise Invalid(_("This field is required."), field="title")
    if lead_unit is None:
        raise Invalid(_("This field is required."), field="lead_unit")
    month, baseline_month = _month(month, "month"), _month(baseline_month, "baseline_month")
    if baseline_month > month:
        raise Invalid(_("The baseline month cannot come after the month of the problem."), field="baseline_month")
    if street is not None and district is not None and street.parent_id != district.pk:
        raise Invalid(_("That street is not in that district."), field="street")
    problem = MonthlyProblem(
        month=month, title=title, description=(description or "").strip(), lead_unit=lead_unit,
        category=category, keywords=(keywords or "").strip(), district=district, street=street,
        baseline_month=baseline_month, created_by=actor,
    )
    if not (category or problem.keyword_list() or district or street):
        raise Invalid(_("Say which cases are related: a category, keywords or an area."), field="category")
    try:
        with transaction.atomic():
            problem.save()
    except IntegrityError:  # a resubmitted form: the problem is there already
        return MonthlyProblem.objects.get(month=month, title=title)
    return problem


def add_action(problem: MonthlyProblem, *, description: str, owner, due_date) -> ProblemAction:
    description = (description or "").strip()
    if not description:
        raise Invalid(_("This field is required."), field="description")
    if owner is None:
        raise Invalid(_("This field is required."), field="owner")
    if not isinstance(due_date, dt.date):
        raise Invalid(_("Dates must look like 2026-05-31."), field="due_date")
    action, _created = ProblemAction.objects.get_or_create(
        problem=problem, description=description, owner=owner, defaults={"due_date": due_date},
    )
    return action


def mark_done(action: ProblemAction) -> ProblemAction:
    ProblemAction.objects.filter(pk=action.pk, done_at__isnull=True).update(done_at=clock.now())
    action.refresh_from_db()
    return action


def suggestions(user, *, limit: int = 10) -> list[dict]:
    """Leaf categories with the most cases last month, with the month before for comparison."""
    this = month_start(clock.today())
    last = month_start(this - dt.timedelta(days=1))
    before = month_start(last - dt.timedelta(days=1))
    rows = (
        visible_cases(user).filter(registered_at__gte=start_of(before), registered_at__lt=start_of(this),
                                   category__isnull=False)
        .annotate(m=TruncMonth("registered_at", tzinfo=clock.LOCAL_TZ))
        .values("category_id", "category__name", "m").annotate(n=Count("pk")).order_by()
    )
    table: dict[int, dict] = {}
    for r in rows:
        value = r["m"]
        day = value.date() if isinstance(value, dt.datetime) else value
        entry = table.setdefault(r["category_id"], {"id": r["category_id"], "name": r["category__name"],
                                                    "last": 0, "before": 0})
        entry["last" if day == last else "before"] += r["n"]
    ranked = sorted(table.values(), key=lambda e: (-e["last"], e["name"]))
    return [e for e in ranked if e["last"]][:limit]
