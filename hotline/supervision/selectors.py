"""Scoped reads of supervision items: a unit sees what is addressed to it (or below it);
the centre and leaders see everything. A hidden item answers like a missing one."""

from __future__ import annotations

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, QuerySet, Value, When

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.errors import NotFound
from hotline.orgs.choices import Role

from .choices import ItemStatus
from .models import SupervisionItem

SEE_ALL = {Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.AUDITOR, Role.ADMIN}


def visible_items(user) -> QuerySet[SupervisionItem]:
    qs = SupervisionItem.objects.select_related("order", "case", "unit")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role in SEE_ALL:
        return qs
    if user.role in {Role.HANDLER, Role.UNIT_LEADER} and user.unit_id:
        return qs.filter(unit__path__startswith=user.unit.path)
    return qs.none()


def item_for(user, pk) -> SupervisionItem:
    item = visible_items(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise NotFound(code="not_found")
    return item


def worklist(user, *, show: str = "open") -> QuerySet[SupervisionItem]:
    """Open items first: those waiting for this user's move, then by deadline."""
    qs = visible_items(user)
    if show == "open":
        qs = qs.filter(status__in=ItemStatus.open())
    mine = ItemStatus.PENDING if user.role in {Role.HANDLER, Role.UNIT_LEADER} else ItemStatus.ANSWERED
    return qs.annotate(
        turn=CaseWhen(When(status=mine, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("turn", "due_at", "pk")


def supervised_cases(user, *, limit: int = 50) -> list[SupervisionItem]:
    """Open items on cases the user may see, overdue ones first, then by deadline (one query)."""
    qs = visible_items(user).filter(status__in=ItemStatus.open(), case__in=visible_cases(user))
    late = Q(status=ItemStatus.PENDING, due_at__lt=clock.now())
    return list(qs.annotate(
        late=CaseWhen(When(late, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("late", "due_at", "pk")[:limit])
