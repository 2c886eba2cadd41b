"""What intake asks the classifier: a category for a new case, with a confidence and
the words behind it; and how an agent's answer is kept.

    s = suggest(title, content)
    if s.is_confident: use s.category  (else fall back to the responsibility rules; s.reason says why)
    record_feedback(case, s, chosen=category, actor=user)

With no trained model `suggest` answers "no model" (category None) instead of training
in a request: run `hotline classifier train` (about half a minute).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline.catalog.models import Category
from hotline.routing import rules

from .classifier import serving
from .models import CategoryFeedback

DEFAULT_MIN_CONFIDENCE = 0.6


def min_confidence() -> float:
    return float(getattr(settings, "HOTLINE_CLASSIFIER_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE))


@dataclass
class Suggestion:
    category: Category | None  # deepest catalogue node found for the predicted path
    label: str  # predicted first-level name ("" when there is no model)
    path: list[str] = field(default_factory=list)  # predicted names, first level first
    confidence: float = 0.0  # probability of the first-level label
    is_confident: bool = False
    top_words: list[tuple[str, float]] = field(default_factory=list)
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    model_version: str = ""
    reason: str = ""

    def as_dict(self) -> dict:
        return {
            "category_id": self.category.pk if self.category else None,
            "label": self.label, "path": self.path, "confidence": round(self.confidence, 4),
            "is_confident": self.is_confident, "top_words": [w for w, _ in self.top_words],
            "alternatives": self.alternatives, "model_version": self.model_version,
            "reason": str(self.reason),
        }


def _low_confidence(confidence: float, minimum: float) -> str:
    return gettext("Low confidence (%(confidence)d%% below %(minimum)d%%): the responsibility rules decide.") % {
        "confidence": round(100 * confidence), "minimum": round(100 * minimum),
    }


# Rendered when shown, in the reader's language (formatting a lazy string would fix it now).
_low_confidence_lazy = lazy(_low_confidence, str)


def _catalogue_node(path: list[str]) -> Category | None:
    node = None
    for depth, name in enumerate(path):
        found = Category.objects.filter(
            name=name, is_active=True, **({"parent": node} if depth else {"parent__isnull": True}),
        ).first()
        if found is None:
            break
        node = found
    return node


def suggest(title: str, content: str = "") -> Suggestion:
    bundle = serving.bundle()
    if bundle is None:
        return Suggestion(None, "", reason=_("No classifier model yet: the responsibility rules decide."))
    prediction = bundle.model.explain(f"{title} {content}")
    path = prediction.deep_label.split("/") if prediction.deep_label else [prediction.label]
    category = _catalogue_node(path)
    confident = prediction.confidence >= min_confidence()
    if category is None:
        reason = _("The suggested matter is not in the catalogue: the responsibility rules decide.")
        confident = False
    elif not confident:
        reason = _low_confidence_lazy(prediction.confidence, min_confidence())
    else:
        reason = _("Suggested from the text.")
    ranked = sorted(prediction.scores.items(), key=lambda kv: -kv[1])
    return Suggestion(
        category=category, label=prediction.label, path=path, confidence=prediction.confidence,
        is_confident=confident, top_words=prediction.top_words, alternatives=ranked[1:4],
        model_version=bundle.version, reason=reason,
    )


@dataclass
class Routing:
    """The lead unit for a draft: the agent's category first, then a confident suggestion,
    else the responsibility rules alone (the centre or the agent chooses the category)."""

    suggestion: Suggestion
    decision: rules.Decision
    category: Category | None  # the category the decision was made for
    from_suggestion: bool  # the decision rests on the classifier's category
    reason: str

    def as_dict(self) -> dict:
        d = self.decision
        return {
            "suggestion": self.suggestion.as_dict(),
            "category_id": self.category.pk if self.category else None,
            "from_suggestion": self.from_suggestion,
            "lead_unit": {"id": d.lead_unit.pk, "name": d.lead_unit.name} if d.lead_unit else None,
            "co_units": [{"id": u.pk, "name": u.name} for u in d.co_units],
            "reason": str(self.reason), "rule_reason": str(d.reason),
        }


def route(title: str, content: str = "", *, chosen: Category | None = None, district=None, street=None) -> Routing:
    """Suggest a category from the text and say which unit would lead, and why."""
    s = suggest(title, content) if (title or content).strip() else Suggestion(
        None, "", reason=_("No text yet: the responsibility rules decide."),
    )
    if chosen is not None:
        decision = rules.decide(chosen, district=district, street=street)
        return Routing(s, decision, chosen, False, _("The category you chose decides."))
    if s.is_confident:
        decision = rules.decide(s.category, district=district, street=street)
        return Routing(s, decision, s.category, True, s.reason)
    decision = rules.decide(None, district=district, street=street)
    return Routing(s, decision, None, False, s.reason)


def record_intake_feedback(case, *, actor=None) -> CategoryFeedback | None:
    """At registration: keep the agent's category against what the text suggested
    (nothing when there is no model or no category)."""
    if case.category_id is None:
        return None
    s = suggest(case.title, case.content)
    if not s.model_version:
        return None
    return record_feedback(case, s, chosen=case.category, actor=actor)


def record_feedback(case, suggestion: Suggestion | None, *, chosen: Category, actor=None) -> CategoryFeedback:
    """Keep what the agent chose (a confirmation when it equals the suggestion)."""
    with transaction.atomic():
        return CategoryFeedback.objects.create(
            case=case, chosen=chosen, actor=actor if getattr(actor, "pk", None) else None,
            suggested=suggestion.category if suggestion else None,
            suggested_label="/".join(suggestion.path) if suggestion else "",
            confidence=suggestion.confidence if suggestion else None,
            model_version=suggestion.model_version if suggestion else "",
        )
