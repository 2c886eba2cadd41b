"""Writes of the assessment app that touch a case: marking an unreasonable demand.

`exclude_case(case, *, actor, reason)` / `include_case(case, *, actor, reason)`: a
dispatcher or supervisor takes a case out of (or back into) assessment — an
unreasonable demand (无理诉求) no unit could satisfy. The decision is a note on the
case's timeline (`assessment_excluded` / `assessment_included`, with the reason), so
the facts stay derivable from events and every exclusion is listed for audit
(`scoring.excluded_cases`). Doing it twice adds nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import Forbidden, Invalid
from hotline.cases.models import Case, CaseEvent
from hotline.orgs.choices import Role

DECIDERS = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
VERBS = ("assessment_excluded", "assessment_included")


def is_excluded(case: Case) -> bool:
    last = CaseEvent.objects.filter(case_id=case.pk, verb__in=VERBS).order_by("-seq").values_list("verb", flat=True).first()
    return last == "assessment_excluded"


def _decide(case: Case, *, actor: Actor, reason: str, exclude: bool) -> CaseEvent | None:
    if actor.role not in DECIDERS or actor.user is None:
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("This field is required."), field="reason")
    if len(reason) > 1000:
        raise Invalid(_("Too long."), field="reason")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one decision at a time
        if is_excluded(case) == exclude:
            return None
        verb = "assessment_excluded" if exclude else "assessment_included"
        return workflow.annotate(case, verb, actor=actor, data={"reason": reason})


def exclude_case(case: Case, *, actor: Actor, reason: str) -> CaseEvent | None:
    return _decide(case, actor=actor, reason=reason, exclude=True)


def include_case(case: Case, *, actor: Actor, reason: str) -> CaseEvent | None:
    return _decide(case, actor=actor, reason=reason, exclude=False)
