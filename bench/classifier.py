"""Intake classifier benchmark: training time, macro-F1 on raw text, prediction latency.

    .venv/bin/python bench/classifier.py [--messages 1000]

Trains the full model (shared data only, the figures are about the method) into a
temporary folder, prints the raw hold-out and cross-validated macro-F1 from its metrics,
then times `suggest`-style predictions (segmentation, features, scores and top words)
one message at a time on raw messages from unlabeled_messages.csv. Progress goes to
stderr; stdout is ONE JSON line with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
os.environ.setdefault("HOTLINE_DEV", "1")


def raw_repeated(repeats: int = 3, folds: int = 5) -> dict:
    """The deployed model's situation: raw rows in training too. Repeated stratified
    k-fold over the raw rows only; each fold's raw rows (and the segmented rows that are
    near-duplicates of them) are left out, everything else trains, the left-out raw rows
    are scored. Used for evaluation only, nothing is tuned on it inside the training."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from hotline.intake.classifier import data, training
    from hotline.intake.classifier.evaluation import score
    from hotline.intake.classifier.model import TextModel, decision

    shared = data.load_shared()
    model = TextModel()
    x = model.fit_vectorizers([e.tokens for e in shared])
    labels = np.array([e.label for e in shared])
    raw = np.array([i for i, e in enumerate(shared) if e.source == data.RAW])
    seg = [i for i, e in enumerate(shared) if e.source != data.RAW]
    near: dict[int, set[int]] = {}
    for a, b in training._similar_pairs([shared[i].tokens for i in raw], [shared[i].tokens for i in seg],
                                        training.HOLDOUT_DUPLICATE_SIMILARITY):
        near.setdefault(int(raw[a]), set()).add(seg[b])
    runs = []
    for seed in range(repeats):
        predicted = np.empty(len(raw), dtype=object)
        for _, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(raw, labels[raw]):
            out = set(raw[test].tolist()).union(*(near.get(int(i), set()) for i in raw[test]))
            train = np.array([i for i in range(len(shared)) if i not in out])
            svm = model.new_svm().fit(x[train], labels[train])
            predicted[test] = np.array(svm.classes_)[decision(svm, x[raw[test]]).argmax(1)]
        runs.append(score(list(labels[raw]), list(predicted))["macro_f1"])
    return {"macro_f1": round(statistics.mean(runs), 4), "runs": runs, "repeats": repeats, "folds": folds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from hotline.intake.classifier import artifacts, data, training


    def say(line: str) -> None:
        print(line, file=sys.stderr)

    command = ".venv/bin/python bench/classifier.py " + " ".join(sys.argv[1:])
    say(f"command: {command}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = training.train(include_platform=False, base=Path(tmp), log=lambda *_: None)
        full = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        training.train(include_platform=False, evaluate=False, base=Path(tmp), log=lambda *_: None)
        fit_only = time.perf_counter() - started
        # CPU time of this process (all its threads): what the fit costs on an idle machine.
        fit_cpu = time.process_time() - cpu_started
        m = result.metrics
        size = (result.folder / artifacts.ARTIFACT).stat().st_size
        ho, cv = m["raw_holdout"], m["cv"]
        say(f"training without metrics (the fit alone): {fit_only:.1f} s wall, {fit_cpu:.1f} s CPU; with hold-out + "
            f"{cv['folds']}-fold CV: {full:.1f} s; artifact {size / 1e6:.1f} MB")
        say(f"raw hold-out ({ho['n']} raw rows, never in training): macro-F1 {ho['macro_f1']:.4f}")
        say(f"cross-validated ({cv['n']} rows, near-duplicates grouped): macro-F1 {cv['macro_f1']:.4f}")

        rep = raw_repeated()
        say(f"raw rows, {rep['repeats']}x{rep['folds']}-fold (other raw rows in training): macro-F1 "
            f"{rep['macro_f1']:.4f} {rep['runs']}")

        model = artifacts.load(result.version, Path(tmp)).model
        with open(data.teddy_dir() / "unlabeled_messages.csv", encoding="utf-8") as fh:
            texts = [f"{r['留言主题']} {r['留言详情']}" for r in csv.DictReader(fh)][: args.messages]
        model.explain(texts[0])  # jieba's dictionary loads once per process
        # Wall time and this process's CPU time per message: the machine is shared, so the
        # CPU time says what one message costs when no one else competes for the core.
        times, cpu = [], []
        for text in texts:
            t, c = time.perf_counter(), time.process_time()
            model.explain(text)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        times.sort()
        cpu.sort()
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        cpu_p99 = cpu[min(len(cpu) - 1, int(0.99 * len(cpu)))]
        load = os.getloadavg()[0]
        say(f"prediction with top words, one raw message at a time ({len(times)} messages): "
            f"wall median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms; CPU median "
            f"{statistics.median(cpu):.2f} ms, p99 {cpu_p99:.2f} ms (load average {load:.1f} on {os.cpu_count()} cores)")
        print(json.dumps({
            "command": command, "cpus": os.cpu_count(),
            "train_seconds": round(fit_only, 2), "train_cpu_seconds": round(fit_cpu, 2), "train_with_metrics_seconds": round(full, 2),
            "artifact_mb": round(size / 1e6, 2),
            "raw_holdout_macro_f1": ho["macro_f1"], "raw_holdout_accuracy": ho["accuracy"], "raw_holdout_n": ho["n"],
            "raw_holdout_excluded_near_duplicates": ho.get("excluded_near_duplicates"),
            "raw_repeated_macro_f1": rep["macro_f1"], "raw_repeated_runs": rep["runs"],
            "cv_macro_f1": cv["macro_f1"], "cv_accuracy": cv["accuracy"], "cv_n": cv["n"], "cv_folds": cv["folds"],
            "predict_messages": len(times), "predict_ms_median": round(statistics.median(times), 3),
            "predict_ms_p99": round(p99, 3), "predict_cpu_ms_median": round(statistics.median(cpu), 3),
            "predict_cpu_ms_p99": round(cpu_p99, 3), "load_average": round(load, 2),
            "mean_chars": round(statistics.mean(len(t) for t in texts)),
            "confidence": m.get("confidence"),
        }, ensure_ascii=False))

if __name__ == "__main__":
    main()
