"""`hotline classifier train | evaluate --csv FILE | status | use VERSION`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.intake.classifier import artifacts, data, serving, training
from hotline.intake.classifier.evaluation import score


class Command(BaseCommand):
    help = "Train, evaluate and switch the intake text classifier."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train on the shared data and closed cases; write a new version.")
        train.add_argument("--no-cases", action="store_true", help="Shared data only (no platform cases).")
        train.add_argument("--case-weight", type=float, default=0.5,
                           help="Weight of a closed case against a labeled message (corrections count 1).")
        train.add_argument("--limit", type=int, default=None, help="Subsample the shared data (quick runs).")
        train.add_argument("--folds", type=int, default=5)
        train.add_argument("--no-metrics", action="store_true", help="Skip hold-out and cross-validation.")
        train.add_argument("--exclude-raw", action="store_true",
                           help="Leave the raw-text rows of the shared data out (score them with evaluate).")
        evaluate = sub.add_parser("evaluate", help="Score a CSV with columns text,label; print one JSON line.")
        evaluate.add_argument("--csv", required=True, type=Path)
        evaluate.add_argument("--version", default=None, help="A version other than the current one.")
        sub.add_parser("status", help="Versions and the current one with its metrics.")
        use = sub.add_parser("use", help="Serve another version.")
        use.add_argument("version")

    def handle(self, *args, action, **opts):
        return getattr(self, f"_{action}")(**opts)

    def _log(self, message: str) -> None:
        self.stderr.write(message)

    def _train(self, *, no_cases, case_weight, limit, folds, no_metrics, exclude_raw, **_):
        result = training.train(
            include_platform=not no_cases, case_weight=case_weight, limit=limit, folds=folds,
            evaluate=not no_metrics, exclude_raw=exclude_raw, log=self._log,
        )
        self.stdout.write(json.dumps({
            "version": result.version, "path": str(result.folder),
            "raw_holdout_macro_f1": result.metrics.get("raw_holdout", {}).get("macro_f1"),
            "cv_macro_f1": result.metrics.get("cv", {}).get("macro_f1"),
            "train_seconds": result.metrics["train_seconds"],
        }, ensure_ascii=False))

    def _evaluate(self, *, csv, version, **_):
        if not csv.exists():
            raise CommandError(f"no such file: {csv}")
        try:
            texts, labels = data.read_eval_csv(csv)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if version:
            bundle = artifacts.load(version)
        else:
            bundle = serving.bundle()
            if bundle is None:
                self._log("no model yet: training one on the shared data first")
                training.train(log=self._log)
                bundle = serving.bundle()
        started, cpu = time.perf_counter(), time.process_time()
        predicted = bundle.model.predict(texts)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        result = score(labels, predicted)
        result["model_version"] = bundle.version
        result["ms_per_message"] = round(1000 * elapsed / max(1, len(texts)), 3)
        result["cpu_ms_per_message"] = round(1000 * cpu / max(1, len(texts)), 3)  # the machine is shared
        sys.stdout.flush()
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _status(self, **_):
        current = artifacts.current_version()
        out = {"root": str(artifacts.root()), "current": current, "versions": artifacts.versions()}
        if current:
            metrics = json.loads((artifacts.root() / current / artifacts.METRICS).read_text(encoding="utf-8"))
            out["metrics"] = {k: metrics.get(k) for k in ("created_at", "examples", "train_seconds", "temperature")}
            out["metrics"]["raw_holdout_macro_f1"] = metrics.get("raw_holdout", {}).get("macro_f1")
            out["metrics"]["cv_macro_f1"] = metrics.get("cv", {}).get("macro_f1")
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))

    def _use(self, *, version, **_):
        try:
            artifacts.point(version)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"serving {version}")
