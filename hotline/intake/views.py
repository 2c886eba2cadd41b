"""The agent's live category suggestion (HTMX partial of the registration form)."""

from __future__ import annotations

import json

from django.shortcuts import render

from hotline.catalog.models import Category
from hotline.console.pickers import category_picker, place_picker
from hotline.console.views.common import roles_required
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit

from . import suggest as suggesting

MAX_TEXT = 4000  # characters of title + content read for a suggestion


def _draft_routing(data) -> suggesting.Routing:
    cats, places = category_picker(data), place_picker(data)
    chosen = Category.objects.filter(pk=cats.value, is_active=True).first() if cats.value else None
    ids = [pk for pk in (places.levels[0].selected, places.levels[1].selected) if pk]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return suggesting.route(
        data.get("title", "")[:MAX_TEXT], data.get("content", "")[:MAX_TEXT], chosen=chosen,
        district=units.get(places.levels[0].selected), street=units.get(places.levels[1].selected),
    )


@roles_required(Role.AGENT, Role.DISPATCHER)
def suggestion(request):
    """What the text suggests for the form as it stands: category, confidence, words, lead unit."""
    routing = _draft_routing(request.GET)
    s = routing.suggestion
    ids = s.category.ancestor_ids()[:3] if s.category else []
    chosen = None if routing.from_suggestion else routing.category
    return render(request, "intake/_category_suggestion.html", {
        "routing": routing, "s": s, "chosen": chosen, "percent": round(100 * s.confidence),
        "differs": bool(chosen and s.category and s.category.pk not in chosen.ancestor_ids()),
        "apply": json.dumps({f"cat{i + 1}": str(ids[i]) if i < len(ids) else "" for i in range(3)}),
    })
