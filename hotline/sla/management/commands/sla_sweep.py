"""`hotline sla_sweep`: remind and escalate what is due, once or every N seconds.

    hotline sla_sweep                  # one sweep, then drain the outbox, here
    hotline sla_sweep --every 60       # the embedded default's scheduler: no other server
    hotline sla_sweep --every 60 --enqueue   # production: queue the job for `hotline db_worker`

Several of these may run at once (on several machines): a reminder goes out once.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from hotline.notifications import outbox
from hotline.sla import sweep, tasks
from hotline.sla.models import SweepMark


class Command(BaseCommand):
    help = "Remind and escalate assignments whose deadlines approach or have passed."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every SECONDS (default: run once).")
        parser.add_argument("--enqueue", action="store_true", help="Queue the sweep task instead of running it here.")
        parser.add_argument("--no-drain", action="store_true", help="Leave the outbox to the workers.")
        parser.add_argument("--rescan", action="store_true",
                            help="Plan watches for every assignment again (after a restore or an import).")

    def handle(self, *args, every: float, enqueue: bool, no_drain: bool, rescan: bool, **options):
        if every < 0:
            raise CommandError("--every must be positive")
        if rescan:
            SweepMark.objects.filter(name=sweep.DISCOVERY_MARK).update(value=0)
        while True:
            if enqueue:
                result = tasks.sweep.enqueue()
                self.stdout.write(json.dumps({"enqueued": str(result.id)}))
            else:
                report = sweep.run().as_dict()
                if not no_drain:
                    report["outbox"] = outbox.drain(worker="sla_sweep").as_dict()
                self.stdout.write(json.dumps(report, ensure_ascii=False))
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
