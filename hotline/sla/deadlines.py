"""Deadlines of a case or an assignment, from the catalogue and the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hotline.cases.choices import Urgency
from hotline.catalog.models import Category, TimeLimitRule

from . import calendar

DEFAULT_SIGN_HOURS = 24  # accept within one working day
DEFAULT_REPLY_DAYS = 15


@dataclass(frozen=True)
class Limits:
    sign_hours: int | None = DEFAULT_SIGN_HOURS
    sign_minutes: int | None = None
    reply_days: int | None = DEFAULT_REPLY_DAYS
    reply_minutes: int | None = None
    rule_id: int | None = None


@dataclass(frozen=True)
class Deadlines:
    sign_due_at: dt.datetime
    due_at: dt.datetime
    limits: Limits
    uncovered_years: list[int] = field(default_factory=list)

    @property
    def estimated(self) -> bool:
        """True when the calendar had no holidays for a year the deadline crosses."""
        return bool(self.uncovered_years)


def _score(rule: TimeLimitRule, depth: int) -> tuple[int, int, int]:
    return (1 if rule.urgency else 0, depth, 1 if rule.case_type else 0)


def limits_for(category: Category | None, case_type: str, urgency: str) -> Limits:
    ancestors = category.ancestor_ids() if category else []
    depth_of = {cid: i + 1 for i, cid in enumerate(ancestors)}
    best: tuple[tuple[int, int, int], TimeLimitRule] | None = None
    for rule in TimeLimitRule.objects.all():
        if rule.urgency and rule.urgency != urgency:
            continue
        if rule.case_type and rule.case_type != case_type:
            continue
        if rule.category_id and rule.category_id not in depth_of:
            continue
        score = _score(rule, depth_of.get(rule.category_id, 0))
        if best is None or score > best[0]:
            best = (score, rule)
    if best is None:
        if urgency == Urgency.EMERGENCY:
            return Limits(sign_hours=None, sign_minutes=30, reply_days=None, reply_minutes=120)
        return Limits()
    rule = best[1]
    return Limits(rule.sign_hours, rule.sign_minutes, rule.reply_days, rule.reply_minutes, rule.pk)


def compute(start: dt.datetime, limits: Limits) -> Deadlines:
    cal = calendar.current()
    uncovered: set[int] = set()
    if limits.sign_minutes:
        sign_due = start + dt.timedelta(minutes=limits.sign_minutes)
    else:
        sign_due, years = cal.add_working_hours(start, limits.sign_hours or DEFAULT_SIGN_HOURS)
        uncovered.update(years)
    if limits.reply_minutes:
        due = start + dt.timedelta(minutes=limits.reply_minutes)
    else:
        due, years = cal.add_working_days(start, limits.reply_days or DEFAULT_REPLY_DAYS)
        uncovered.update(years)
    result = Deadlines(sign_due, max(due, sign_due), limits, sorted(uncovered))
    calendar.warn_uncovered(result.uncovered_years)
    return result


def extend(due_at: dt.datetime, days: int) -> tuple[dt.datetime, list[int]]:
    """A deadline moved by an approved extension of `days` working days."""
    return calendar.current().add_working_days(due_at, days)
