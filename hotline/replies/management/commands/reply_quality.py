"""hotline reply_quality calibrate|backfill|notes|show"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline import clock
from hotline.cases.actors import Actor
from hotline.replies import actions, calibration, thresholds


class Command(BaseCommand):
    help = ("Reply quality: calibrate the threshold on real replies, score replies written before, "
            "write pending timeline notes, or show the threshold in use.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["calibrate", "backfill", "notes", "show"])
        parser.add_argument("--data", help="CSV of replies (default: the shared teddy2020/replies.csv)")
        parser.add_argument("--percentile", type=int, default=calibration.DEFAULT_PERCENTILE,
                            help="the threshold is this percentile of the overall scores (default 10)")
        parser.add_argument("--no-activate", action="store_true", help="store the calibration without using it")
        parser.add_argument("--json", help="also write the distribution to this JSON file")
        parser.add_argument("--since", help="backfill: only replies on or after this local day, YYYY-MM-DD")

    def handle(self, *args, action: str, **options):
        actor = Actor.system()
        if action == "calibrate":
            return self._calibrate(actor, options)
        if action == "backfill":
            since = None
            if options.get("since"):
                try:
                    day = dt.date.fromisoformat(options["since"])
                except ValueError as exc:
                    raise CommandError(f"not a date: {options['since']!r} (YYYY-MM-DD)") from exc
                since = dt.datetime.combine(day, dt.time(), clock.LOCAL_TZ)
            scored = actions.backfill(actor=actor, since=since)
            noted = actions.note_pending(actor=actor, older_than=dt.timedelta(0))
            self.stdout.write(f"reply quality: {scored} replies scored, {noted} notes written")
            return
        if action == "notes":
            self.stdout.write(f"reply quality: {actions.note_pending(actor=actor)} notes written")
            return
        threshold, active = thresholds.current()
        source = f"calibration {active}" if active else "setting HOTLINE_REPLY_QUALITY_THRESHOLD"
        self.stdout.write(f"reply quality threshold {threshold:.3f} ({source})")

    def _calibrate(self, actor, options):
        percentile = options["percentile"]
        if not 0 < percentile < 100:
            raise CommandError("--percentile must be between 1 and 99")
        path = Path(options["data"]) if options.get("data") else calibration.default_source()
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        rows = list(calibration.read_rows(path))
        if not rows:
            raise CommandError(f"no usable rows in {path}")
        result = calibration.calibrate(rows, at_percentile=percentile)
        record = actions.record_calibration(
            actor=actor, source=path.name, source_sha256=calibration.sha256_of(path), rows=result.rows,
            percentile=percentile, threshold=result.threshold,
            distribution={**result.distribution, "median_ms": result.median_ms},
            activate=not options["no_activate"],
        )
        if options.get("json"):
            Path(options["json"]).write_text(json.dumps(
                {"calibration": record.pk, "scorer_version": record.scorer_version, "rows": result.rows,
                 "percentile": percentile, "threshold": result.threshold, "distribution": record.distribution},
                ensure_ascii=False, indent=2), encoding="utf-8")
        d = result.distribution
        self.stdout.write(f"scored {result.rows} replies (median {result.median_ms} ms each)")
        for name in calibration.DIMENSIONS:
            cells = " ".join(f"p{p}={d[name][f'p{p}']:.2f}" for p in calibration.PERCENTILES)
            self.stdout.write(f"  {name:<16} mean={d[name]['mean']:.2f} {cells}")
        self.stdout.write(f"  perfunctory {d['perfunctory_share']:.1%}, late {d['late_share']:.1%}, "
                          f"flagged {d['flagged_share']:.1%}")
        state = "in use" if record.active else "stored, not in use"
        self.stdout.write(f"threshold p{percentile} = {result.threshold:.3f} (calibration {record.pk}, {state})")
