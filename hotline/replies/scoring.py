"""Reply quality: score a unit's reply against the request it answers (pure).

Four dimensions, each in [0, 1], and an overall score:

- relevance (30%): TF-IDF cosine of the request's and the reply's words, the share of the
  request's key words the reply takes up, character-bigram cosine;
- completeness (30%): the request's questions and asks the reply addresses (half), its
  length against the request (a quarter), concrete dates / units / figures / contacts
  (a quarter);
- interpretability (20%): a named law, regulation or policy (《…条例》, 第X条) or at
  least a stated basis, and words saying what was checked or done (经核查, 现场, 责令…);
- timeliness (20%): working days to the reply against the deadline (`timeliness`).

A reply whose substance, once greetings, acknowledgement and thanks are taken out, is
shorter than `MIN_BODY_CHARS` is perfunctory (已收悉 / 已转相关部门 / a line): its overall
score is capped at `PERFUNCTORY_CAP`, below any sensible threshold. Thresholds are not
decided here: `thresholds.current()` reads the calibrated one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline.sla.deadlines import DEFAULT_REPLY_DAYS
from hotline.sla.workdays import WorkCalendar

from . import features, text
from .reasons import Reason
from .timeliness import timeliness

VERSION = 1  # bump when a change moves scores; calibrations remember the version they measured
WEIGHTS = {"relevance": 0.30, "completeness": 0.30, "interpretability": 0.20, "timeliness": 0.20}
MIN_BODY_CHARS = 20
PERFUNCTORY_CAP = 0.2
ASK_AT_CALLBACK = frozenset({"off_topic", "points_missed", "late"})


@dataclass(frozen=True)
class Request:
    title: str
    content: str
    received_at: dt.datetime


@dataclass(frozen=True)
class Reply:
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Score:
    relevance: float
    completeness: float
    interpretability: float
    timeliness: float
    overall: float
    perfunctory: bool
    working_days: int
    late_days: int
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict:
        return {
            "relevance": self.relevance, "completeness": self.completeness,
            "interpretability": self.interpretability, "timeliness": self.timeliness,
            "overall": self.overall, "perfunctory": self.perfunctory,
            "working_days": self.working_days, "late_days": self.late_days,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def _round(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 3)


def score(request: Request, reply: Reply, *, calendar: WorkCalendar, due_at: dt.datetime | None = None,
          reply_days: int = DEFAULT_REPLY_DAYS) -> Score:
    """Score `reply` against `request`; `due_at` is the reply deadline when the case has one,
    otherwise `reply_days` working days after the request."""
    title = text.normalise(request.title)
    asked = text.normalise(f"{request.title}\n{request.content}")
    body = features.body_of(reply.text, title)
    rel, rel_reasons = features.relevance(asked, title, body)
    comp, comp_reasons = features.completeness(text.compact_length(asked),
                                               features.points_of(request.content, title), body)
    interp, interp_reasons = features.interpretability(body)
    timing = timeliness(calendar, request.received_at, reply.at, due_at, reply_days)
    dims = {"relevance": rel, "completeness": comp, "interpretability": interp, "timeliness": timing.value}
    overall = sum(WEIGHTS[name] * value for name, value in dims.items())
    lazy = features.perfunctory(body, min_chars=MIN_BODY_CHARS)
    reasons = [*rel_reasons, *comp_reasons, *interp_reasons, timing.reason]
    if lazy is not None:
        # A perfunctory reply lacks everything; keep what the callback agent should ask about.
        overall = min(overall, PERFUNCTORY_CAP)
        reasons = [lazy, *(r for r in reasons if r.good or r.code in ASK_AT_CALLBACK)]
    return Score(
        relevance=_round(rel), completeness=_round(comp), interpretability=_round(interp),
        timeliness=_round(timing.value), overall=_round(overall), perfunctory=lazy is not None,
        working_days=timing.used, late_days=timing.late, reasons=tuple(reasons),
    )
