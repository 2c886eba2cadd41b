"""`hotline emergency_sweep`: start suggested plans for new emergency cases and escalate linkage
units that stay silent, once or every N seconds.

    hotline emergency_sweep               # once, then drain the outbox here
    hotline emergency_sweep --every 30    # minutes count in emergencies: sweep often
    hotline emergency_sweep --every 30 --enqueue   # production: queue the job for `hotline db_worker`
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from hotline.emergency import actions, tasks
from hotline.notifications import outbox


class Command(BaseCommand):
    help = "Escalate emergency linkage units past their acknowledge/arrive minutes."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every SECONDS (default: run once).")
        parser.add_argument("--enqueue", action="store_true", help="Queue the task instead of running it here.")
        parser.add_argument("--no-drain", action="store_true", help="Leave the outbox to the workers.")

    def handle(self, *args, every: float, enqueue: bool, no_drain: bool, **options):
        if every < 0:
            raise CommandError("--every must be positive")
        while True:
            if enqueue:
                self.stdout.write(json.dumps({"enqueued": str(tasks.escalate.enqueue().id)}))
            else:
                started = actions.start_suggested()
                result = actions.escalate_silent()
                report = {"started": len(started), "escalated": len(result.escalated),
                          "notifications": result.notifications}
                if not no_drain:
                    report["outbox"] = outbox.drain(worker="emergency_sweep").as_dict()
                self.stdout.write(json.dumps(report))
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
