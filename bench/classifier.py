"""Intake classifier benchmark: training time, macro-F1 on raw text, prediction latency.

    .venv/bin/python bench/classifier.py [--messages 1000]

Trains the full model (shared data only, the figures are about the method) into a
temporary folder, prints the raw hold-out and cross-validated macro-F1 from its metrics,
then times `suggest`-style predictions (segmentation, features, scores and top words)
one message at a time on raw messages from unlabeled_messages.csv.
"""

from __future__ import annotations

import argparse
import csv
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from hotline.intake.classifier import artifacts, data, training

    print("command: .venv/bin/python bench/classifier.py " + " ".join(sys.argv[1:]))
    print(f"cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = training.train(include_platform=False, base=Path(tmp), log=lambda *_: None)
        full = time.perf_counter() - started
        started = time.perf_counter()
        training.train(include_platform=False, evaluate=False, base=Path(tmp), log=lambda *_: None)
        fit_only = time.perf_counter() - started
        m = result.metrics
        size = (result.folder / artifacts.ARTIFACT).stat().st_size
        print(f"training with metrics (hold-out + {m['cv']['folds']}-fold CV): {full:.1f} s")
        print(f"training without metrics (the fit alone): {fit_only:.1f} s")
        print(f"artifact: {size / 1e6:.1f} MB")
        ho, cv = m["raw_holdout"], m["cv"]
        print(f"raw hold-out ({ho['n']} raw rows, {ho['excluded_near_duplicates']} near-duplicate "
              f"segmented rows left out): macro-F1 {ho['macro_f1']:.4f}, accuracy {ho['accuracy']:.4f}")
        print(f"cross-validated, all {cv['n']} rows (near-duplicates grouped): macro-F1 {cv['macro_f1']:.4f}, "
              f"accuracy {cv['accuracy']:.4f}; its raw rows: macro-F1 {cv['raw_rows']['macro_f1']:.4f}")
        for row in m["confidence"]:
            print(f"  confidence ≥ {row['threshold']}: coverage {row['coverage']:.3f}, accuracy {row['accuracy']:.3f}")

        model = artifacts.load(result.version, Path(tmp)).model
        with open(data.teddy_dir() / "unlabeled_messages.csv", encoding="utf-8") as fh:
            texts = [f"{r['留言主题']} {r['留言详情']}" for r in csv.DictReader(fh)][: args.messages]
        model.explain(texts[0])  # jieba's dictionary loads once per process
        times = []
        for text in texts:
            t = time.perf_counter()
            model.explain(text)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        print(f"prediction with top words, {len(times)} raw messages (mean {statistics.mean(len(t) for t in texts):.0f} "
              f"chars): median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
