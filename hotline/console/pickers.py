"""Dependent selects: category (3 levels) and place (district → street → community).

Each picker is rebuilt from the submitted values in one query; a choice that no longer
fits its parent (the parent changed) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

CATEGORY_LABELS = (_("Matter"), _("Sub-matter"), _("Detail"))
PLACE_LABELS = (_("District"), _("Street"), _("Community"))


def _id(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


@dataclass
class Level:
    name: str
    label: str
    options: list = field(default_factory=list)
    selected: int | None = None


@dataclass
class Picker:
    levels: list[Level]

    @property
    def value(self) -> int | None:
        """The deepest choice made."""
        for level in reversed(self.levels):
            if level.selected is not None:
                return level.selected
        return None


def _build(names, labels, rows, chosen) -> Picker:
    by_parent: dict[int | None, list] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    levels, parent, alive = [], None, True
    for index, name in enumerate(names):
        options = by_parent.get(parent, []) if alive else []
        if index > 0 and parent is None:
            options = []
        ids = {o.pk for o in options}
        selected = chosen[index] if chosen[index] in ids else None
        levels.append(Level(name, labels[index], options, selected))
        parent, alive = selected, selected is not None
    return Picker(levels)


def category_picker(data) -> Picker:
    chosen = [_id(data.get("cat1")), _id(data.get("cat2")), _id(data.get("cat3"))]
    rows = list(
        Category.objects.filter(is_active=True)
        .filter(Q(parent__isnull=True) | Q(parent_id__in=[c for c in chosen[:2] if c]))
        .only("pk", "name", "parent_id").order_by("name")
    )
    return _build(["cat1", "cat2", "cat3"], CATEGORY_LABELS, rows, chosen)


def category_picker_for(category: Category | None) -> Picker:
    ids = category.ancestor_ids() if category else []
    return category_picker({f"cat{i + 1}": pk for i, pk in enumerate(ids[:3])})


def place_picker(data) -> Picker:
    chosen = [_id(data.get("district")), _id(data.get("street")), _id(data.get("community"))]
    rows = list(
        Unit.objects.filter(is_active=True)
        .filter(
            Q(kind=UnitKind.DISTRICT)
            | Q(kind=UnitKind.STREET, parent_id=chosen[0] or 0)
            | Q(kind=UnitKind.COMMUNITY, parent_id=chosen[1] or 0)
        )
        .only("pk", "name", "parent_id", "kind").order_by("path")
    )
    districts = [u for u in rows if u.kind == UnitKind.DISTRICT]
    for d in districts:
        d.parent_id = None  # districts hang off the city: treat them as roots
    return _build(["district", "street", "community"], PLACE_LABELS, rows, chosen)
