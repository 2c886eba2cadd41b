"""Training examples: the shared labeled messages and the platform's own decisions."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import text as textmod

RAW = "raw"
SEGMENTED = "segmented"
CASE = "case"
CORRECTION = "correction"


@dataclass
class Example:
    tokens: list[str]
    label: str  # first-level category name
    source: str  # raw / segmented (shared data), case, correction
    path: tuple[str, ...] = ()  # full category path by names, when known (platform data)
    weight: float = 1.0


def teddy_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "teddy2020"


def labeled_csv() -> Path:
    return teddy_dir() / "messages_labeled.csv"


def load_shared(path: Path | None = None, limit: int | None = None) -> list[Example]:
    """`messages_labeled.csv`: raw rows are segmented here, segmented rows split."""
    with open(path or labeled_csv(), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if limit is not None and limit < len(rows):
        # A deterministic subsample spread over the file (quick runs, tests).
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    out: list[Example] = []
    for row in rows:
        if row["form"] == RAW:
            toks = textmod.tokens(f"{row['title']} {row['text']}")
        else:
            toks = textmod.segmented_tokens(row["text"])
        out.append(Example(toks, row["label"], row["form"], (row["label"],)))
    return out


def load_platform(case_weight: float = 0.5) -> list[Example]:
    """Closed cases (their category as registered/corrected) and agents' corrections."""
    from hotline.cases.choices import Status
    from hotline.cases.models import Case
    from hotline.catalog.models import Category

    from ..models import CategoryFeedback

    names = dict(Category.objects.values_list("pk", "name"))
    paths = dict(Category.objects.values_list("pk", "path"))

    def path_of(pk: int) -> tuple[str, ...]:
        return tuple(names[int(p)] for p in paths[pk].strip("/").split("/") if p and int(p) in names)

    out: list[Example] = []
    corrected: set[int] = set()
    feedback = CategoryFeedback.objects.select_related("case").order_by("case_id", "-at")
    for fb in feedback:
        if fb.case_id in corrected:
            continue  # the latest decision about a case wins
        corrected.add(fb.case_id)
        p = path_of(fb.chosen_id)
        out.append(Example(textmod.tokens(f"{fb.case.title} {fb.case.content}"), p[0], CORRECTION, p))
    cases = (
        Case.objects.filter(status=Status.CLOSED, category__isnull=False)
        .exclude(pk__in=corrected).values_list("title", "content", "category_id")
    )
    for title, content, category_id in cases.iterator():
        p = path_of(category_id)
        out.append(Example(textmod.tokens(f"{title} {content}"), p[0], CASE, p, case_weight))
    return out


def read_eval_csv(path: Path) -> tuple[list[str], list[str]]:
    """A CSV with columns text,label (raw text, first-level labels)."""
    texts, labels = [], []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"text", "label"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            texts.append(row["text"] or "")
            labels.append((row["label"] or "").strip())
    return texts, labels
