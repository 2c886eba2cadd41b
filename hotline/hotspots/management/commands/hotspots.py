"""hotline hotspots scan [--source cases|teddy2020] [--days N] | hotline hotspots show [--source …]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from hotline.hotspots import actions, sources
from hotline.hotspots.models import Source


class Command(BaseCommand):
    help = "Mine recent cases (or the shared message board) for hotspots, or show the latest scan."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan", "show"])
        parser.add_argument("--source", choices=Source.values, default=Source.CASES)
        parser.add_argument("--days", type=int, default=None, help="window of cases read (default 30)")
        parser.add_argument("--top", type=int, default=10, help="rows shown")
        parser.add_argument("--if-missing", action="store_true",
                            help="scan only when the source has no scan yet (make run uses it)")

    def handle(self, *args, action, source, days, top, if_missing=False, **options):
        if action == "scan" and if_missing and actions.latest(source) is not None:
            action = "show"
        if action == "scan" and source == Source.BOARD and not sources.board_file().exists():
            raise CommandError(f"the shared message board is not there: {sources.board_file()}")
        if action == "scan":
            try:
                scan = actions.scan(source, days=days)
            except actions.Busy as exc:
                raise CommandError(f"a scan of {source} is running already") from exc
        else:
            scan = actions.latest(source)
            if scan is None:
                raise CommandError(f"no scan of {source} yet: run `hotline hotspots scan --source {source}`")
        rows = [
            {"rank": h.rank, "issue": h.label, "example": h.example, "messages": h.items, "people": h.people,
             "votes": h.votes, "heat": h.heat, "growth": h.growth, "warning": h.warning,
             "from": f"{h.first_at:%Y-%m-%d}", "to": f"{h.last_at:%Y-%m-%d}"}
            for h in scan.hotspots.all()[:top]
        ]
        self.stdout.write(json.dumps({"source": source, "messages": scan.messages, "seconds": scan.seconds,
                                      "hotspots": rows}, ensure_ascii=False, indent=1))
