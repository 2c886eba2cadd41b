"""Scores of a classifier on labeled text: macro-F1 over the gold labels, accuracy,
per-class precision / recall / F1 / support."""

from __future__ import annotations

from sklearn.metrics import accuracy_score, precision_recall_fscore_support


def score(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold))
    if not labels:
        return {"macro_f1": 0.0, "accuracy": 0.0, "n": 0, "per_class": {}}
    p, r, f, s = precision_recall_fscore_support(
        gold, predicted, labels=labels, average=None, zero_division=0,
    )
    return {
        # Macro over the classes of the gold set: a label the model knows but the set
        # does not use cannot drag the average down with an undefined F1.
        "macro_f1": round(float(f.mean()), 4),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "n": len(gold),
        "per_class": {
            label: {
                "precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4), "support": int(s[i]),
            }
            for i, label in enumerate(labels)
        },
    }
