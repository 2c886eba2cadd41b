"""The matter catalogue seen as Open311 services.

Services are the *leaf* categories of the tree (the most precise matters, 三级分类 where
the tree has three levels): a client shows them grouped by their top-level category
(`group`), and the service code is the category's id, stable for the life of the
category. Every service shares one short list of attributes that the platform actually
uses at intake: the kind of request, its urgency and whether the citizen's details must
be kept from the handling unit.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hotline.cases.choices import CaseType, Urgency
from hotline.catalog.models import Category

DEFAULT_CASE_TYPE = CaseType.HELP
OPEN311_CASE_TYPES = [CaseType.HELP, CaseType.COMPLAINT, CaseType.REPORT, CaseType.CONSULTATION,
                      CaseType.SUGGESTION]
# An emergency is a phone call to 110/119/120, not an app form.
OPEN311_URGENCIES = [Urgency.NORMAL, Urgency.URGENT]
YES_NO = [("false", _("No")), ("true", _("Yes"))]


def attributes() -> list[dict]:
    return [
        {
            "variable": True, "code": "case_type", "datatype": "singlevaluelist", "required": False,
            "datatype_description": str(_("One of the keys below; default: help.")), "order": 1,
            "description": str(_("What kind of request is this?")),
            "values": [{"key": str(c.value), "name": str(c.label)} for c in OPEN311_CASE_TYPES],
        },
        {
            "variable": True, "code": "urgency", "datatype": "singlevaluelist", "required": False,
            "datatype_description": str(_("One of the keys below; default: normal.")), "order": 2,
            "description": str(_("How urgent is it? For danger to life call 110, 119 or 120.")),
            "values": [{"key": str(u.value), "name": str(u.label)} for u in OPEN311_URGENCIES],
        },
        {
            "variable": True, "code": "confidential", "datatype": "singlevaluelist", "required": False,
            "datatype_description": str(_("true or false; default: false.")), "order": 3,
            "description": str(_("Keep my name and phone from the unit that handles it.")),
            "values": [{"key": key, "name": str(name)} for key, name in YES_NO],
        },
    ]


def leaf_categories():
    children = Category.objects.filter(parent=OuterRef("pk"), is_active=True)
    return Category.objects.filter(is_active=True).exclude(Exists(children)).order_by("path")


def service_for(code: str) -> Category | None:
    if not str(code).isdigit():
        return None
    return leaf_categories().filter(pk=int(code)).first()


def services() -> list[dict]:
    names = dict(Category.objects.values_list("pk", "name"))
    out = []
    for category in leaf_categories():
        path = [names[i] for i in category.ancestor_ids() if i in names]
        out.append({
            "service_code": str(category.pk),
            "service_name": category.name,
            "description": " / ".join(path),
            "metadata": True,
            "type": "realtime",
            "keywords": ",".join(path[:-1]),
            "group": path[0] if path else "",
        })
    return out


def definition(category: Category) -> dict:
    return {"service_code": str(category.pk), "attributes": attributes()}
