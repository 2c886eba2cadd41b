import time

from django.core.management.base import BaseCommand

from hotline.exchange.actions import collect_updates
from hotline.exchange.delivery import deliver_due


class Command(BaseCommand):
    help = "Queue progress of received cases for their senders and deliver the outbox to peer platforms."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between rounds with --loop")

    def handle(self, *args, loop, interval, **options):
        while True:
            queued = collect_updates()
            stats = deliver_due()
            if queued or stats.delivered or stats.failed or not loop:
                self.stdout.write(f"queued {queued}, delivered {stats.delivered}, failed {stats.failed}")
            if not loop:
                return
            time.sleep(interval)
