"""`hotline supervision_sweep`: escalate unanswered supervision items, derive accountability.

    hotline supervision_sweep                # once, here
    hotline supervision_sweep --enqueue      # queue the job for `hotline db_worker`
    hotline supervision_sweep --scan-days 0  # escalate only
"""

import json

from django.core.management.base import BaseCommand, CommandError

from hotline.supervision import tasks


class Command(BaseCommand):
    help = "Escalate supervision orders nobody answered in time and derive new accountability records."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the task instead of running it here.")
        parser.add_argument("--scan-days", type=int, default=tasks.SCAN_DAYS,
                            help="How far back the accountability scan looks (days).")

    def handle(self, *args, enqueue: bool, scan_days: int, **options):
        if scan_days < 0:
            raise CommandError("--scan-days must not be negative")
        if enqueue:
            self.stdout.write(json.dumps({"enqueued": str(tasks.sweep.enqueue().id)}))
            return
        self.stdout.write(json.dumps(tasks.run(scan_days=scan_days)))
