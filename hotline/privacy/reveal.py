"""What a person may see of a citizen, and the logged way to see more."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hotline.cases.errors import Forbidden, Invalid
from hotline.orgs.choices import Role

from .masking import mask_id_number, mask_name, mask_phone
from .models import RevealLog

CENTRE_REVEAL = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}
UNIT_REVEAL = {Role.HANDLER, Role.UNIT_LEADER}
HIDDEN = "***"


@dataclass(frozen=True)
class CitizenView:
    name: str
    phone: str
    id_number: str
    hidden: bool  # a confidential case: the handling unit sees nothing of the citizen


def _hidden_from(case, user) -> bool:
    return case.confidential and getattr(user, "role", None) not in CENTRE_REVEAL


def masked(case, user) -> CitizenView:
    if _hidden_from(case, user):
        return CitizenView(HIDDEN, HIDDEN, HIDDEN, True)
    name = "" if case.anonymous else mask_name(case.citizen_name)
    return CitizenView(name, mask_phone(case.citizen_phone), mask_id_number(case.citizen_id_number), False)


def may_reveal(case, user) -> bool:
    role = getattr(user, "role", None)
    if role in CENTRE_REVEAL:
        return True
    return role in UNIT_REVEAL and not case.confidential and case.lead_unit_id == user.unit_id


def reveal(case, user, *, reason: str, source_ip: str | None = None, fields=("name", "phone")) -> CitizenView:
    """The plaintext, for an allowed person with a reason; the reveal is logged."""
    if not may_reveal(case, user):
        raise Forbidden(_("You may not see this citizen's details."))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid(_("Give a reason for seeing the citizen's details."), field="reason")
    RevealLog.objects.create(actor=user, case=case, fields=",".join(fields), reason=reason[:200], source_ip=source_ip)
    return CitizenView(
        "" if case.anonymous else case.citizen_name,
        case.citizen_phone if "phone" in fields else mask_phone(case.citizen_phone),
        case.citizen_id_number if "id_number" in fields else mask_id_number(case.citizen_id_number),
        False,
    )
