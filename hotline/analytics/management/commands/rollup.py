"""hotline rollup rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD] | hotline rollup check"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from hotline.analytics import rollup


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date: {value!r} (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Rebuild the dashboard rollup from the cases, or check it against a recount."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--from", dest="start", help="first day (local), YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day (local), YYYY-MM-DD")

    def handle(self, *args, action: str, start=None, end=None, **options):
        start, end = _date(start), _date(end)
        began = time.monotonic()
        if action == "rebuild":
            rows = rollup.rebuild(start, end)
            self.stdout.write(f"rollup rebuilt: {rows} rows in {time.monotonic() - began:.1f}s")
            return
        truth, kept = rollup.recount(start, end), rollup.stored(start, end)
        diff = {k: (kept.get(k, 0), n) for k, n in truth.items() if kept.get(k, 0) != n}
        diff.update({k: (n, 0) for k, n in kept.items() if k not in truth})
        if diff:
            raise CommandError(f"rollup differs from the cases in {len(diff)} cells")
        self.stdout.write(f"rollup matches the cases ({sum(truth.values())} cases, {len(truth)} cells)")
