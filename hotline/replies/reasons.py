"""Why a reply scored as it did, in the reader's language.

A reason is a code and its parameters; it is stored that way on the score row and put
into words only when shown, so the Chinese desk and an English reader see the same
reason each in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # perfunctory replies
    "receipt_only": _("The reply only acknowledges receipt (已收悉) and says nothing about what was done."),
    "forwarded_only": _("The reply only says the matter was passed on to other departments."),
    "too_short": _("The reply is very short: %(chars)s characters once greetings and thanks are left out."),
    # relevance
    "relevant": _("The reply is about what was asked (%(words)s)."),
    "off_topic": _("The reply shares few key words with the request; not mentioned: %(words)s."),
    # completeness
    "points_covered": _("Every question or point of the request is addressed (%(total)s)."),
    "points_missed": _("%(missed)s of %(total)s questions or points are not addressed, e.g. “%(example)s”."),
    "short_for_request": _("The reply is short for the request (%(chars)s characters for a request of %(request_chars)s)."),
    "concrete": _("Concrete details are given: %(kinds)s."),
    "not_concrete": _("No concrete date, unit, figure or contact is given."),
    # interpretability
    "cites_law": _("Cites the basis: %(title)s."),
    "cites_basis": _("Refers to rules or policy without naming them."),
    "no_basis": _("Cites no law, regulation or policy."),
    "explains_action": _("Says what was checked or done (%(words)s)."),
    "no_action": _("Does not say what was checked or done."),
    # timeliness
    "on_time": _("Replied in %(used)s of %(allowed)s working days."),
    "late": _("Replied %(late)s working days after the deadline (%(used)s working days for %(allowed)s allowed)."),
}

KIND_LABELS = {
    "date": _("dates"),
    "unit": _("units"),
    "figure": _("figures"),
    "contact": _("a contact"),
}


def render(code: str, params: dict[str, Any]) -> str:
    message = MESSAGES.get(code)
    if message is None:
        return code
    values = dict(params)
    if "kinds" in values and isinstance(values["kinds"], list):
        values["kinds"] = [str(KIND_LABELS.get(k, k)) for k in values["kinds"]]
    for key, value in values.items():
        if isinstance(value, list):
            values[key] = gettext(", ").join(str(v) for v in value)
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return str(message)


@dataclass(frozen=True)
class Reason:
    dimension: str  # relevance, completeness, interpretability, timeliness, perfunctory
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    good: bool = False

    def __str__(self) -> str:
        return render(self.code, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "code": self.code, "params": self.params, "good": self.good}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        return cls(str(data.get("dimension", "")), str(data.get("code", "")),
                   dict(data.get("params") or {}), bool(data.get("good")))
