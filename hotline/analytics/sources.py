"""Where volume figures come from: the rollup (city-wide readers) or the cases a person sees.

Both answer `group(*dims)` with rows `(dim values..., count)` for the same dimensions
(day, channel, case_type, category = top-level category id, district, street), so the
dashboard and the reports do not care which one they read. The rollup serves people who
see every case; anyone else is counted from `cases.access.visible_cases`, their scope.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from hotline import clock
from hotline.cases.access import SEE_ALL, visible_cases
from hotline.catalog.models import Category

from .models import DailyVolume
from .periods import Filters
from .rollup import top_category_id


def sees_city(user) -> bool:
    return bool(user.is_superuser or user.role in SEE_ALL)


def _area(filters: Filters, district: str, street: str) -> dict:
    where = {}
    if filters.district is not None:
        where[district] = filters.district.pk
    if filters.street is not None:
        where[street] = filters.street.pk
    return where


class RollupSource:
    FIELDS = {"day": "day", "channel": "channel", "case_type": "case_type", "category": "category_top",
              "district": "district", "street": "street"}

    def __init__(self, filters: Filters):
        self.qs = DailyVolume.objects.filter(
            day__gte=filters.start, day__lte=filters.end, **_area(filters, "district", "street"),
        )

    def group(self, *dims: str) -> list[tuple]:
        names = [self.FIELDS[d] for d in dims]
        rows = self.qs.values(*names).annotate(n=Sum("cases")).order_by(*names).values_list(*names, "n")
        return [tuple(r) for r in rows if r[-1]]


class CaseSource:
    """Counts from the cases a person sees: one grouped query, every breakdown from it."""

    DIMS = ("day", "channel", "case_type", "category", "district", "street")

    def __init__(self, user, filters: Filters):
        qs = visible_cases(user).filter(registered_at__gte=filters.since, registered_at__lt=filters.until)
        self.qs = qs.filter(**_area(filters, "district_id", "street_id"))
        self._cells: Counter | None = None

    def cells(self) -> Counter:
        if self._cells is None:
            tops = {c.pk: top_category_id(c) for c in Category.objects.only("pk", "path")}
            rows = (
                self.qs.annotate(day=TruncDate("registered_at", tzinfo=clock.LOCAL_TZ))
                .values("day", "channel", "case_type", "category_id", "district_id", "street_id")
                .annotate(n=Count("pk")).order_by()
                .values_list("day", "channel", "case_type", "category_id", "district_id", "street_id", "n")
            )
            cells: Counter = Counter()
            for day, channel, case_type, category, district, street, n in rows:
                cells[(day, channel, case_type, tops.get(category, 0), district or 0, street or 0)] += n
            self._cells = cells
        return self._cells

    def group(self, *dims: str) -> list[tuple]:
        index = [self.DIMS.index(d) for d in dims]
        merged: Counter = Counter()
        for key, n in self.cells().items():
            merged[tuple(key[i] for i in index)] += n
        return [(*k, n) for k, n in sorted(merged.items()) if n]


def source_for(user, filters: Filters):
    return RollupSource(filters) if sees_city(user) else CaseSource(user, filters)
