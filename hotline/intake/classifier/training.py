"""`hotline classifier train`: fit, measure, and write a versioned artifact.

Measured before the final fit, on the shared data only (the platform's own cases have
no independent labels to check against):

* **raw hold-out** — trained without the 327 raw rows (and without the segmented rows
  that are near-duplicates of them: the same message was sometimes published in both
  forms), scored on those raw rows. Intake text is raw, so this is the figure to watch.
* **cross-validation** — stratified k-fold over all shared rows, near-duplicate messages
  kept in the same fold so a copy of a test message is never in training.

The out-of-fold scores also fit the softmax temperature behind the confidence.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedGroupKFold

from hotline import clock

from . import artifacts, data
from .artifacts import Bundle
from .evaluation import score
from .model import TextModel, decision

# A class the shared data does not have is learnt from platform cases only once it
# has this many examples (fewer would be guessed from noise).
MIN_NEW_CLASS = 20
# Deeper (second-level) suggestions need this many examples per sub-category.
MIN_DEEP_CLASS = 5
DUPLICATE_SIMILARITY = 0.8
HOLDOUT_DUPLICATE_SIMILARITY = 0.6


@dataclass
class Result:
    version: str
    folder: Path
    metrics: dict


def _identity(tokens):
    return tokens


def _similar_pairs(a: list[list[str]], b: list[list[str]] | None, threshold: float, chunk: int = 512):
    """(i, j) with cosine(a_i, b_j) ≥ threshold on word TF-IDF (b defaults to a, i < j)."""
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
    vec.fit(a + (b or []))
    xa = vec.transform(a)
    xb = xa if b is None else vec.transform(b)
    xbt = xb.T.tocsc()
    for start in range(0, xa.shape[0], chunk):
        sims = (xa[start:start + chunk] @ xbt).toarray()
        for i, j in zip(*np.nonzero(sims >= threshold), strict=True):
            gi = start + int(i)
            if b is None and int(j) <= gi:
                continue
            yield gi, int(j)


def _groups(docs: list[list[str]]) -> np.ndarray:
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in _similar_pairs(docs, None, DUPLICATE_SIMILARITY):
        parent[find(i)] = find(j)
    return np.array([find(i) for i in range(len(docs))])


def _raw_holdout(model: TextModel, x, shared: list[data.Example], weights: np.ndarray) -> dict:
    """Train on everything but the raw rows and their near-duplicates; score the raw rows."""
    labels = np.array([e.label for e in shared] + [""] * (x.shape[0] - len(shared)))
    raw = [i for i, e in enumerate(shared) if e.source == data.RAW]
    seg = [i for i, e in enumerate(shared) if e.source != data.RAW]
    if not raw or len({shared[i].label for i in seg}) < 2:
        return {}
    near = {
        seg[j] for _, j in _similar_pairs(
            [shared[i].tokens for i in raw], [shared[i].tokens for i in seg], HOLDOUT_DUPLICATE_SIMILARITY,
        )
    }
    held_out = near | set(raw)
    train = np.array([i for i in range(x.shape[0]) if i not in held_out])
    svm = model.new_svm().fit(x[train], labels[train], sample_weight=weights[train])
    predicted = np.array(svm.classes_)[decision(svm, x[raw]).argmax(1)]
    result = score(list(labels[raw]), list(predicted))
    result["excluded_near_duplicates"] = len(near)
    return result


def _cross_validate(model: TextModel, x, shared: list[data.Example], weights: np.ndarray, folds: int):
    """Out-of-fold predictions over the shared rows; platform rows always train."""
    n = len(shared)
    labels = np.array([e.label for e in shared])
    all_labels = np.array(list(labels) + [""] * (x.shape[0] - n))
    extra = np.arange(n, x.shape[0])
    folds = max(2, min(folds, min(Counter(labels).values())))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    classes = model.classes
    decisions = np.zeros((n, len(classes)))
    for train_idx, test_idx in splitter.split(np.zeros(n), labels, _groups([e.tokens for e in shared])):
        train = np.concatenate([train_idx, extra])
        svm = model.new_svm().fit(x[train], all_labels[train], sample_weight=weights[train])
        d = decision(svm, x[test_idx])
        fold_classes = [str(c) for c in svm.classes_]
        for k, c in enumerate(classes):
            decisions[test_idx, k] = d[:, fold_classes.index(c)] if c in fold_classes else -1.0
    predicted = np.array(classes)[decisions.argmax(1)]
    result = score(list(labels), list(predicted))
    result["folds"] = folds
    raw_mask = np.array([e.source == data.RAW for e in shared])
    if raw_mask.any():
        result["raw_rows"] = score(list(labels[raw_mask]), list(predicted[raw_mask]))
    return result, decisions, list(labels)


def _fit_deep(model: TextModel, x, examples: list[data.Example], offset: int) -> None:
    """Second level from platform cases whose category is deeper than the first level."""
    paths = ["/".join(e.path[:2]) if len(e.path) >= 2 else "" for e in examples]
    counts = Counter(p for p in paths if p)
    keep = [offset + i for i, p in enumerate(paths) if p and counts[p] >= MIN_DEEP_CLASS]
    if len({paths[i - offset] for i in keep}) < 2:
        model.deep = None
        return
    model.deep = model.new_svm().fit(x[keep], [paths[i - offset] for i in keep])


def _confidence_table(model: TextModel, decisions: np.ndarray, labels: list[str]) -> list[dict]:
    from .model import _softmax

    p = _softmax(decisions * model.temperature)
    top = p.max(1)
    right = np.array(model.classes)[p.argmax(1)] == np.array(labels)
    rows = []
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        sel = top >= t
        rows.append({
            "threshold": t, "coverage": round(float(sel.mean()), 4),
            "accuracy": round(float(right[sel].mean()), 4) if sel.any() else None,
        })
    return rows


def train(
    *, limit: int | None = None, include_platform: bool = True, case_weight: float = 0.5,
    folds: int = 5, evaluate: bool = True, params: dict | None = None, base: Path | None = None,
    shared_csv: Path | None = None, exclude_raw: bool = False, log=print,
) -> Result:
    started = time.perf_counter()
    shared = data.load_shared(shared_csv, limit=limit)
    if exclude_raw:  # keep the raw rows out entirely, to score them with `evaluate` afterwards
        shared = [e for e in shared if e.source != data.RAW]
    platform = data.load_platform(case_weight) if include_platform else []
    known = {e.label for e in shared}
    new_counts = Counter(e.label for e in platform if e.label not in known)
    dropped = {label: n for label, n in new_counts.items() if n < MIN_NEW_CLASS}
    extra = [e for e in platform if e.label not in dropped]
    log(f"examples: {len(shared)} shared ({sum(e.source == data.RAW for e in shared)} raw), "
        f"{len(extra)} from the platform")

    metrics: dict = {
        "created_at": clock.now().isoformat(),
        "examples": {
            "shared": dict(Counter(e.source for e in shared)),
            "platform": dict(Counter(e.source for e in extra)),
            "platform_classes_dropped": dropped,
            "by_label": dict(sorted(Counter(e.label for e in shared + extra).items())),
        },
        "params": {**TextModel(params).params},
    }
    everything = shared + extra
    model = TextModel(params)
    x = model.fit_vectorizers([e.tokens for e in everything])
    labels = [e.label for e in everything]
    weights = np.array([e.weight for e in everything])
    model.fit_matrix(x, labels, weights)
    if evaluate:
        # Vocabulary and IDF come from all rows (no labels involved); each SVM below
        # is fitted on its training rows only.
        metrics["raw_holdout"] = _raw_holdout(model, x, shared, weights)
        log(f"raw hold-out macro-F1 {metrics['raw_holdout'].get('macro_f1')}")
        cv, decisions, cv_labels = _cross_validate(model, x, shared, weights, folds)
        metrics["cv"] = cv
        log(f"cross-validated macro-F1 {cv['macro_f1']} ({cv['folds']} folds)")
        metrics["temperature"] = model.fit_temperature(decisions, cv_labels)
        metrics["confidence"] = _confidence_table(model, decisions, cv_labels)
    _fit_deep(model, x, extra, len(shared))
    metrics["deep_classes"] = [str(c) for c in model.deep.classes_] if model.deep is not None else []
    metrics["classes"] = model.classes
    metrics["train_seconds"] = round(time.perf_counter() - started, 2)

    base = base or artifacts.root()
    base.mkdir(parents=True, exist_ok=True)
    version = artifacts.new_version(base)
    metrics["version"] = version
    folder = artifacts.save(Bundle(version=version, model=model, metrics=metrics), base)
    log(f"model {version} written to {folder} in {metrics['train_seconds']} s")
    return Result(version, folder, metrics)
