"""Which cases a group order covers: a filter over place, matter and period, kept as issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases.choices import Status
from hotline.cases.errors import Invalid
from hotline.cases.models import Case
from hotline.catalog.models import Category

MAX_GROUP = 500


@dataclass(frozen=True)
class Selection:
    """All cases about one place and/or one matter in a period (open ones by default)."""

    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    category_id: int | None = None  # the category and everything under it
    case_type: str = ""
    lead_unit_id: int | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None  # inclusive
    keyword: str = ""  # in the title or the citizen's words; narrows, never selects alone
    open_only: bool = True

    def is_empty(self) -> bool:
        return not any([self.district_id, self.street_id, self.community_id, self.category_id, self.lead_unit_id])

    def as_json(self) -> dict:
        data = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        for name in ("registered_from", "registered_to"):
            if name in data:
                data[name] = data[name].isoformat()
        return data

    def cases(self) -> QuerySet[Case]:
        if self.is_empty():
            raise Invalid(_("Choose a place, a category or a unit for a group order."), field="selection")
        qs = Case.objects.all()
        if self.open_only:
            qs = qs.filter(status__in=Status.open_states())
        else:
            qs = qs.exclude(status=Status.MERGED)
        for name in ("district_id", "street_id", "community_id", "lead_unit_id"):
            value = getattr(self, name)
            if value:
                qs = qs.filter(**{name: value})
        if self.category_id:
            category = Category.objects.filter(pk=self.category_id).first()
            if category is None:
                raise Invalid(_("No such category."), field="category")
            qs = qs.filter(category__path__startswith=category.path)
        if self.case_type:
            qs = qs.filter(case_type=self.case_type)
        if self.keyword:
            qs = qs.filter(Q(title__icontains=self.keyword) | Q(content__icontains=self.keyword))
        if self.registered_from:
            qs = qs.filter(registered_at__gte=_start_of(self.registered_from))
        if self.registered_to:
            qs = qs.filter(registered_at__lt=_start_of(self.registered_to + dt.timedelta(days=1)))
        return qs.order_by("pk")

    def targets(self) -> QuerySet[Case]:
        """The cases a group order would cover: those with a lead unit to answer."""
        return self.cases().filter(lead_unit__isnull=False)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.LOCAL_TZ)
