"""A case's events in plain words: for staff (everything) and for the citizen (public only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from hotline.cases.choices import ArbitrationRuling, ReturnReason, Satisfaction, Status
from hotline.cases.models import CaseEvent
from hotline.orgs.models import Unit
from hotline.partners.models import DisputeKind, MediationStatus

VERBS = {
    "register": pgettext_lazy("case event", "Registered"),
    "answer_on_spot": gettext_lazy("Answered on the spot"),
    "dispatch": pgettext_lazy("case event", "Dispatched"),
    "sign": pgettext_lazy("case event", "Signed for"),
    "return": gettext_lazy("Returned to the centre"),
    "redispatch": gettext_lazy("Re-dispatched"),
    "arbitrate": gettext_lazy("Arbitrated"),
    "request_extension": gettext_lazy("Extension requested"),
    "approve_extension": gettext_lazy("Extension approved"),
    "refuse_extension": gettext_lazy("Extension refused"),
    "reply": pgettext_lazy("case event", "Replied"),
    "callback": gettext_lazy("Called back"),
    "close": pgettext_lazy("case event", "Closed"),
    "reopen": gettext_lazy("Reopened"),
    "merge": gettext_lazy("Merged into another case"),
    "merged_in": gettext_lazy("Another case merged in"),
    "supplement": gettext_lazy("Information added"),
    "transfer_out": gettext_lazy("Transferred to another platform"),
    "peer_update": gettext_lazy("Progress from the other platform"),
    "transfer_external": gettext_lazy("Transferred to 110/119/120/122"),
    # Notes other apps write with workflow.annotate (no status change).
    "remind": gettext_lazy("Reminder sent"),
    "escalate": gettext_lazy("Escalated for being late"),
    "supervision_issued": gettext_lazy("Supervision order issued"),
    "supervision_answered": gettext_lazy("Supervision order answered"),
    "supervision_accepted": gettext_lazy("Supervision answer accepted"),
    "supervision_rejected": gettext_lazy("Supervision answer rejected"),
    "supervision_escalated": gettext_lazy("Supervision escalated"),
    "repeat_of": gettext_lazy("Repeat of an earlier case"),
    "repeated_by": gettext_lazy("Repeated by a later case"),
    "incident_start": gettext_lazy("Contingency plan started"),
    "incident_close": gettext_lazy("Incident closed"),
    "external_transfer_refused": gettext_lazy("Transfer refused: first receiver keeps it"),
    "received_from_external": gettext_lazy("Handed over by 110"),
    "grid_verified": gettext_lazy("Grid report verified"),
    "provider_order": gettext_lazy("Partner provider ordered"),
    "volunteers_dispatched": gettext_lazy("Volunteers dispatched"),
    "mediation_open": gettext_lazy("Sent to mediation"),
    "mediation_outcome": gettext_lazy("Mediation outcome"),
    "second_callback": gettext_lazy("Second callback (independent check)"),
    "assessment_excluded": gettext_lazy("Left out of assessment (unreasonable demand)"),
    "assessment_included": gettext_lazy("Counted in assessment again"),
    "reply_flagged": gettext_lazy("Reply flagged for the callback (low quality score)"),
    "attachments_added": gettext_lazy("Files attached"),
}

ROLES = {
    "citizen": gettext_lazy("Citizen"),
    "system": gettext_lazy("System"),
}


def actor_label(role: str) -> str:
    return str(ROLES.get(role, role))


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return date_format(moment, "SHORT_DATETIME_FORMAT") if moment else str(value or "")


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _resolved(value) -> str:
    if value is True:
        return pgettext("callback outcome", "resolved")
    if value is False:
        return _("not resolved")
    return ""


def staff_summary(event: CaseEvent, units: dict[int, str]) -> str:
    """One line of what the event carried, for staff (notes included)."""
    d = event.data or {}
    parts: list[str] = []
    verb = event.verb
    if verb in {"dispatch", "redispatch", "arbitrate", "reopen"} and d.get("lead_unit"):
        parts.append(_("lead: %(unit)s") % {"unit": d.get("lead_unit_name") or units.get(d["lead_unit"], "")})
        co = [units.get(pk, str(pk)) for pk in d.get("co_units") or []]
        if co:
            parts.append(_("co-handlers: %(units)s") % {"units": "、".join(co)})
        if d.get("due_at"):
            parts.append(_("reply by %(when)s") % {"when": _when(d["due_at"])})
    if verb == "arbitrate" and d.get("ruling"):
        parts.append(_label(ArbitrationRuling, d["ruling"]))
    if verb == "return":
        parts.append(_label(ReturnReason, d.get("reason")))
    if verb in {"request_extension", "approve_extension"} and d.get("days"):
        parts.append(_("%(days)s working days") % {"days": d["days"]})
    if verb == "callback":
        parts += [_label(Satisfaction, d.get("satisfaction")), _resolved(d.get("resolved"))]
    if verb == "merge" and d.get("into"):
        parts.append(_("into %(number)s") % {"number": d["into"]})
    if verb == "merged_in" and d.get("from"):
        parts.append(_("from %(number)s") % {"number": d["from"]})
    if verb == "transfer_out" and d.get("peer_name"):
        parts.append(d["peer_name"])
    if verb == "reply_flagged" and isinstance(d.get("score"), int | float):
        parts.append(_("score %(score).2f, threshold %(threshold).2f") % {
            "score": d["score"], "threshold": d.get("threshold") or 0})
    parts += _partner_parts(verb, d)
    for key in ("routing_reason", "reply", "text", "reason", "note", "instructions"):
        value = d.get(key)
        if isinstance(value, str) and value and not (verb == "return" and key == "reason"):
            parts.append(value)
    return " · ".join(p for p in parts if p)


def _partner_parts(verb: str, d: dict) -> list[str]:
    """Providers ordered, volunteers sent, mediation opened and its outcome (partners app)."""
    if verb == "provider_order":
        price = _("%(price)s yuan") % {"price": d["price"]} if d.get("price") else ""
        return [d.get("provider", ""), d.get("service", ""), price]
    if verb == "volunteers_dispatched":
        return ["、".join(str(v) for v in d.get("volunteers") or [])]
    if verb in {"mediation_open", "mediation_outcome"}:
        parts = [_label(DisputeKind, d.get("kind")), d.get("organisation", "")]
        if verb == "mediation_outcome":
            parts += [_label(MediationStatus, d.get("status")), d.get("outcome", "")]
            if d.get("amount"):
                parts.append(_("agreed amount %(amount)s yuan") % {"amount": d["amount"]})
        return parts
    return []


@dataclass(frozen=True)
class PublicLine:
    at: object
    text: str
    detail: str = ""


def public_timeline(events, units: dict[int, str]) -> list[PublicLine]:
    """What the citizen may read: progress in plain words, the unit's answer, no notes, no names."""
    lines = []
    for e in events:
        d = e.data or {}
        unit = units.get(d.get("lead_unit")) or d.get("lead_unit_name") or ""
        actor_unit = units.get(e.actor_unit_id, "")
        text, detail = "", ""
        if e.verb == "register":
            text = _("We received your request.")
        elif e.verb in {"dispatch", "redispatch", "arbitrate"}:
            text = _("Sent to %(unit)s to handle.") % {"unit": unit} if unit else _("Sent to the unit in charge.")
        elif e.verb == "sign" and d.get("role") == "lead":
            text = _("%(unit)s has started handling it.") % {"unit": actor_unit or _("The unit in charge")}
        elif e.verb == "approve_extension":
            text = _("The time limit was extended to %(when)s.") % {"when": _when(d.get("due_at"))}
        elif e.verb == "reply" and d.get("role") == "lead":
            text = _("%(unit)s replied.") % {"unit": actor_unit or _("The unit in charge")}
            detail = d.get("reply", "")
        elif e.verb == "answer_on_spot":
            text = _("Answered by the service centre.")
            detail = d.get("reply", "")
        elif e.verb == "callback" and d.get("satisfaction") != Satisfaction.UNREACHABLE:
            text = _("Your rating was recorded: %(rating)s.") % {"rating": _label(Satisfaction, d.get("satisfaction"))}
        elif e.verb == "reopen":
            text = _("Sent back for further handling.")
        elif e.verb == "supplement":
            text = _("Information was added.")
        elif e.verb == "merge":
            text = _("Merged with another report of the same matter.")
        elif e.verb == "close" or (e.verb == "callback" and e.to_status == Status.CLOSED):
            text = text or _("Closed.")
        elif e.verb == "transfer_out":
            text = _("Handed over to another service platform.")
        if text:
            lines.append(PublicLine(e.at, text, detail))
    return lines


def unit_names(events) -> dict[int, str]:
    """Names of every unit the events mention, in one query."""
    ids: set[int] = set()
    for e in events:
        d = e.data or {}
        if e.actor_unit_id:
            ids.add(e.actor_unit_id)
        for key in ("lead_unit", "returned_by", "unit"):
            if isinstance(d.get(key), int):
                ids.add(d[key])
        ids.update(pk for pk in d.get("co_units") or [] if isinstance(pk, int))
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
