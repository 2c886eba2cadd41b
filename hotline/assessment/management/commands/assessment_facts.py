"""hotline assessment_facts rebuild|check [--since YYYY-MM-DD]"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from hotline import clock
from hotline.assessment import facts
from hotline.cases.models import Case


class Command(BaseCommand):
    help = "Rebuild the assessment facts from the case timelines, or check the stored ones against them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--since", help="only cases registered on or after this local day, YYYY-MM-DD")

    def handle(self, *args, action: str, since=None, **options):
        cases = Case.objects.all()
        if since:
            try:
                day = dt.date.fromisoformat(since)
            except ValueError as exc:
                raise CommandError(f"not a date: {since!r} (YYYY-MM-DD)") from exc
            cases = cases.filter(registered_at__gte=dt.datetime.combine(day, dt.time(), clock.LOCAL_TZ))
        began = time.monotonic()
        if action == "rebuild":
            rows = facts.rebuild_facts(cases)
            self.stdout.write(f"assessment facts rebuilt: {rows} rows in {time.monotonic() - began:.1f}s")
            return
        wrong = facts.check_facts(cases)
        if wrong:
            numbers = list(Case.objects.filter(pk__in=wrong[:20]).values_list("number", flat=True))
            raise CommandError(f"{len(wrong)} cases have stale facts, e.g. {', '.join(numbers)}; "
                               "run `hotline assessment_facts rebuild`")
        self.stdout.write(f"assessment facts match the timelines ({time.monotonic() - began:.1f}s)")
