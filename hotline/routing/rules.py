"""Who should handle a case: the dispatch catalogue (派单目录) applied to one case.

Matter first, then territory (条块): a rule for a deeper category beats a broader one;
a rule scoped to the case's street beats one for its district, which beats a city-wide
rule. A matter owned by a line department goes to that department and is never pushed
down to a street by default; a territorial matter goes to the street of the place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hotline.catalog.models import Category, LeadMode, ResponsibilityRule
from hotline.orgs.models import Unit


@dataclass
class Decision:
    lead_unit: Unit | None
    co_units: list[Unit] = field(default_factory=list)
    rule_id: int | None = None
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.lead_unit is not None


def decide(category: Category | None, *, district: Unit | None = None, street: Unit | None = None) -> Decision:
    if category is None:
        return Decision(None, reason=_("No category: the centre dispatches by hand."))
    ancestors = category.ancestor_ids()
    depth = {cid: i + 1 for i, cid in enumerate(ancestors)}
    place_path = (street or district).path if (street or district) else ""
    best: tuple[tuple[int, int, int], ResponsibilityRule] | None = None
    rules = (
        ResponsibilityRule.objects.filter(is_active=True, category_id__in=ancestors)
        .select_related("lead_unit", "territory", "category")
        .prefetch_related("co_handlers")
    )
    for rule in rules:
        territory_depth = 0
        if rule.territory_id:
            if not place_path.startswith(rule.territory.path):
                continue
            territory_depth = rule.territory.path.count("/")
        score = (depth[rule.category_id], territory_depth, rule.priority)
        if best is None or score > best[0]:
            best = (score, rule)
    if best is None:
        return Decision(None, reason=_("No responsibility rule covers %(category)s.") % {"category": category.name})
    rule = best[1]
    co_units = [u for u in rule.co_handlers.all() if u.is_active]
    if rule.lead_mode == LeadMode.TERRITORY:
        lead = street or district
        if lead is None:
            return Decision(
                None, co_units, rule.pk,
                _("%(category)s is a territorial matter: give the district and street.")
                % {"category": rule.category.name},
            )
        reason = _("%(category)s is a territorial matter: the street of the place handles it.") % {
            "category": rule.category.name}
        return Decision(lead, [u for u in co_units if u.pk != lead.pk], rule.pk, reason)
    scope = rule.territory.name if rule.territory_id else _("the whole city")
    reason = _("Dispatch catalogue: %(category)s in %(scope)s belongs to %(unit)s.") % {
        "category": rule.category.name, "scope": scope, "unit": rule.lead_unit.name}
    return Decision(rule.lead_unit, [u for u in co_units if u.pk != rule.lead_unit_id], rule.pk, reason)
