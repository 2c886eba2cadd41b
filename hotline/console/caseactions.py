"""Which workflow actions a person may take on a case, and how a form becomes a `perform` call."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hotline.cases.choices import AssignmentRole, AssignmentStatus
from hotline.cases.errors import Invalid
from hotline.cases.models import Assignment, Case
from hotline.cases.transitions import TRANSITIONS, allowed

# The order the forms appear in on a case page.
ORDER = (
    "sign", "reply", "request_extension", "return",
    "dispatch", "answer_on_spot", "redispatch", "arbitrate", "approve_extension", "refuse_extension",
    "callback", "close", "reopen", "supplement", "merge",
)
LABELS = {
    "sign": _("Sign for"),
    "reply": _("Reply"),
    "request_extension": _("Ask for an extension"),
    "return": _("Return to the centre"),
    "dispatch": _("Dispatch"),
    "answer_on_spot": _("Answer on the spot"),
    "redispatch": _("Re-dispatch"),
    "arbitrate": _("Arbitrate"),
    "approve_extension": _("Approve the extension"),
    "refuse_extension": _("Refuse the extension"),
    "callback": _("Record the callback"),
    "close": _("Close without callback"),
    "reopen": _("Reopen"),
    "supplement": _("Add information"),
    "merge": _("Merge into another case"),
}


def role_of(user) -> str:
    return getattr(user, "role", "") or ""


def my_assignments(case: Case, user, assignments=None) -> list[Assignment]:
    """The user's unit's active parts in the case (from a prefetched list when given)."""
    if not getattr(user, "unit_id", None):
        return []
    rows = assignments if assignments is not None else case.assignments.all()
    return [a for a in rows if a.unit_id == user.unit_id and a.status in AssignmentStatus.active()]


@dataclass(frozen=True)
class Action:
    verb: str
    label: str


def available(case: Case, user, assignments=None) -> list[Action]:
    role = role_of(user)
    mine = my_assignments(case, user, assignments)
    lead = next((a for a in mine if a.role == AssignmentRole.LEAD), None)
    verbs = []
    for verb in ORDER:
        if not allowed(verb, case.status, role):
            continue
        scope = TRANSITIONS[verb].scope
        if scope == "assignee" and not mine:
            continue
        if scope == "lead" and lead is None:
            continue
        if verb == "sign" and not any(a.status == AssignmentStatus.PENDING for a in mine):
            continue
        if verb == "reply" and not any(a.status == AssignmentStatus.SIGNED for a in mine):
            continue
        if verb == "request_extension" and (case.extension_pending or lead.status != AssignmentStatus.SIGNED):
            continue
        if verb in {"approve_extension", "refuse_extension"} and not case.extension_pending:
            continue
        verbs.append(Action(verb, str(LABELS[verb])))
    return verbs


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def elsewhere(case: Case, user) -> list[Link]:
    """Actions that live on other screens: handing over to 110, the incident board, supervision."""
    from django.urls import reverse

    from hotline.cases.choices import Status, Urgency
    from hotline.supervision.actions import ISSUERS

    role = role_of(user)
    links = []
    if allowed("transfer_external", case.status, role):
        links.append(Link(str(_("Transfer to 110/119/120/122")), reverse("emergency:transfer", args=[case.number])))
    if case.urgency == Urgency.EMERGENCY and case.status in Status.open_states() and role in {"agent", "dispatcher"}:
        links.append(Link(str(_("Contingency plans and incidents")), reverse("emergency:index")))
    if role in ISSUERS and case.lead_unit_id and case.status != Status.MERGED:
        links.append(Link(str(_("Issue a supervision order")), reverse("supervision:issue_case", args=[case.number])))
    return links


def _int(value, field: str, *, required: bool = True) -> int | None:
    value = (value or "").strip()
    if not value and not required:
        return None
    try:
        return int(value)
    except ValueError:
        raise Invalid(_("Give a whole number."), field=field) from None


def _bool(value) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").strip())


def parse(verb: str, post) -> dict:
    """The keyword arguments of `workflow.perform` for a verb, from a submitted form."""
    get = post.get
    if verb in {"sign"}:
        return {}
    if verb == "return":
        return {"reason": get("reason", ""), "note": get("note", "")}
    if verb == "request_extension":
        return {"days": _int(get("days"), "days"), "reason": get("reason", "")}
    if verb == "approve_extension":
        return {"days": _int(get("days"), "days", required=False), "note": get("note", "")}
    if verb in {"refuse_extension", "close"}:
        return {"note": get("note", "")}
    if verb in {"reply", "answer_on_spot"}:
        return {"reply": get("reply", "")}
    if verb in {"dispatch", "redispatch"}:
        return {"lead_unit": get("lead_unit", ""), "co_units": [u for u in post.getlist("co_units") if u],
                "instructions": get("instructions", ""), "note": get("note", "")}
    if verb == "arbitrate":
        return {"ruling": get("ruling", ""), "lead_unit": get("lead_unit", ""), "note": get("note", "")}
    if verb == "callback":
        return {"satisfaction": get("satisfaction", ""), "resolved": _bool(get("resolved")), "note": get("note", "")}
    if verb == "reopen":
        return {"reason": get("reason", "")}
    if verb == "supplement":
        return {"text": get("text", "")}
    if verb == "merge":
        return {"into": get("into", "").strip(), "note": get("note", "")}
    raise Invalid(_("Unknown action."))
