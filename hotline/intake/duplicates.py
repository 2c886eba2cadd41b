"""Duplicates at intake (重复件): an OPEN case about the same problem at the same place.

A case in the making (or an already registered one) is compared with the open cases
registered in the last `HOTLINE_DUPLICATE_WINDOW_DAYS` (14) days that share its category,
its street or community, or its caller. That prefilter is what keeps this fast on a
large table: every branch is an indexed column (category + registered_at, street,
community, phone digest) limited to recent rows, and at most `MAX_CANDIDATES` of the
most recent are compared.

The text score is the mean of two cosines of character-bigram counts — title against
title, and title + content against title + content — which needs no segmentation and no
training. A candidate is a duplicate when
- the score reaches `HOTLINE_DUPLICATE_SIMILARITY` (0.3), or the caller is the same and
  it reaches `HOTLINE_DUPLICATE_CALLER_SIMILARITY` (0.15); and
- the places do not disagree (two different streets, or two different communities,
  are two problems however alike the words).
Calibrated on the shared data (`bench/duplicates.py`): two messages by different citizens
about the same problem score 0.3 or more about half the time, two unrelated messages
about one time in a thousand.

Each match carries its score and the reasons in words; the agent decides (merge verb of
`cases.workflow`). A closed case coming back is a repeat, not a duplicate:
`supervision.repeats`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.privacy.crypto import phone_digest

MAX_CANDIDATES = 300
HEAD = 800  # characters of content compared: the problem is told at the start (same figures as whole texts)
_NOT_ALNUM = re.compile(r"[\W_]+")


def window() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "HOTLINE_DUPLICATE_WINDOW_DAYS", 14)))


def threshold() -> float:
    return float(getattr(settings, "HOTLINE_DUPLICATE_SIMILARITY", 0.3))


def caller_threshold() -> float:
    return float(getattr(settings, "HOTLINE_DUPLICATE_CALLER_SIMILARITY", 0.15))


# --- text -----------------------------------------------------------------------------

def bigrams(text: str) -> Counter[str]:
    """Character-bigram counts of the letters and digits (punctuation and spaces dropped)."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):  # most texts are: skip the copy
        text = unicodedata.normalize("NFKC", text)
    # `[\W_]` is exactly "not str.isalnum()" in Python's re: one C pass instead of a loop.
    chars = _NOT_ALNUM.sub("", text).lower()
    return Counter(map(str.__add__, chars, chars[1:]))


def cosine(va: Counter[str], vb: Counter[str]) -> float:
    if not va or not vb:
        return 0.0
    if len(vb) < len(va):
        va, vb = vb, va
    dot = sum(n * vb[g] for g, n in va.items() if g in vb)
    return dot / math.sqrt(sum(n * n for n in va.values()) * sum(n * n for n in vb.values()))


@dataclass
class Text:
    title: Counter[str]
    whole: Counter[str]

    @classmethod
    def of(cls, title: str, content: str) -> Text:
        return cls(bigrams(title), bigrams(f"{title}\n{(content or '')[:HEAD]}"))

    def score(self, other: Text) -> float:
        """0..1: the mean of the title cosine and the title + content cosine."""
        if not self.title or not other.title:
            return cosine(self.whole, other.whole)
        return (cosine(self.title, other.title) + cosine(self.whole, other.whole)) / 2


def similarity(title_a: str, content_a: str, title_b: str, content_b: str) -> float:
    return Text.of(title_a, content_a).score(Text.of(title_b, content_b))


# --- finding ---------------------------------------------------------------------------

@dataclass
class Probe:
    """What is known of the new case."""

    title: str = ""
    content: str = ""
    category_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    phone: str = ""
    digest: str = ""
    exclude_pk: int | None = None
    at: dt.datetime | None = None  # registered at (default: now)

    @classmethod
    def of_case(cls, case: Case) -> Probe:
        return cls(title=case.title, content=case.content, category_id=case.category_id,
                   street_id=case.street_id, community_id=case.community_id, digest=case.phone_digest,
                   exclude_pk=case.pk, at=case.registered_at)


@dataclass
class Duplicate:
    case: Case
    score: float  # text score plus small bonuses for shared place, category and caller; for ranking
    similarity: float  # the text score alone
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def _title_words(title: str) -> list[str]:
    import jieba  # loaded only when no category, place or caller narrows the search

    words = {w for w in jieba.cut(title) if len(w.strip()) >= 2 and not w.isdigit()}
    return sorted(words, key=len, reverse=True)[:3]


def _prefilter(probe: Probe, digest: str) -> Q | None:
    clauses = []
    if probe.category_id:
        clauses.append(Q(category_id=probe.category_id))
    if probe.street_id:
        clauses.append(Q(street_id=probe.street_id))
    elif probe.community_id:
        clauses.append(Q(community_id=probe.community_id))
    if digest:
        clauses.append(Q(phone_digest=digest))
    if not clauses:
        # Nothing else known yet: recent open cases sharing a word of the title.
        clauses = [Q(title__contains=word) for word in _title_words(probe.title)]
    if not clauses:
        return None
    match = clauses[0]
    for clause in clauses[1:]:
        match |= clause
    return match


def candidates(probe: Probe, base=None):
    """The recent open cases worth comparing, as lean rows (no personal data decrypted)."""
    digest = probe.digest or (phone_digest(probe.phone) if probe.phone else "")
    match = _prefilter(probe, digest)
    if match is None:
        return [], digest
    at = probe.at or clock.now()
    qs = (base if base is not None else Case.objects.all()).filter(
        match, status__in=Status.open_states(), registered_at__gte=at - window(), registered_at__lte=at,
    )
    if probe.exclude_pk is not None:
        qs = qs.exclude(pk=probe.exclude_pk)
    rows = qs.order_by("-registered_at").annotate(head=Substr("content", 1, HEAD)).values_list(
        "pk", "title", "head", "category_id", "street_id", "community_id", "phone_digest",
    )[:MAX_CANDIDATES]
    return list(rows), digest


def find(probe: Probe, *, base=None, limit: int = 5) -> list[Duplicate]:
    """Open cases that look like the probe, best first. `base` limits what may be seen
    (pass `cases.access.visible_cases(user)` for a person)."""
    if not (probe.title or probe.content).strip():
        return []
    rows, digest = candidates(probe, base)
    text = Text.of(probe.title, probe.content)
    scored: list[tuple[float, float, int, list[str]]] = []
    for pk, title, content, category_id, street_id, community_id, row_digest in rows:
        if probe.street_id and street_id and street_id != probe.street_id:
            continue
        if probe.community_id and community_id and community_id != probe.community_id:
            continue
        sim = text.score(Text.of(title, content))
        same_caller = bool(digest) and row_digest == digest
        if sim < (caller_threshold() if same_caller else threshold()):
            continue
        reasons = [_("text %(percent)d%% alike") % {"percent": round(sim * 100)}]
        score = sim
        if probe.community_id and community_id == probe.community_id:
            reasons.append(_("same community"))
            score += 0.1
        elif probe.street_id and street_id == probe.street_id:
            reasons.append(_("same street"))
            score += 0.1
        if probe.category_id and category_id == probe.category_id:
            reasons.append(_("same category"))
            score += 0.05
        if same_caller:
            reasons.append(_("same caller"))
            score += 0.1
        scored.append((score, sim, pk, reasons))
    scored.sort(key=lambda s: (-s[0], -s[2]))
    scored = scored[:limit]
    cases = Case.objects.select_related("category", "street", "community", "lead_unit").in_bulk(
        [pk for _s, _sim, pk, _r in scored])
    return [Duplicate(cases[pk], round(score, 3), round(sim, 3), reasons)
            for score, sim, pk, reasons in scored if pk in cases]


def duplicates_of(case: Case, *, base=None, limit: int = 5) -> list[Duplicate]:
    """Open cases an already registered case may be merged into (the case itself excluded)."""
    if case.status not in Status.open_states():
        return []
    return find(Probe.of_case(case), base=base, limit=limit)
