"""`hotline notify_drain`: send what is due in the notification outbox, once or every N seconds."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand

from hotline.notifications import outbox


class Command(BaseCommand):
    help = "Send due notifications (several drains may run at once)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every SECONDS (default: run once).")
        parser.add_argument("--worker", default="", help="A name for this drain in claims and logs.")

    def handle(self, *args, every: float, worker: str, **options):
        while True:
            self.stdout.write(json.dumps(outbox.drain(worker=worker).as_dict()))
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
