from django.core.management.base import BaseCommand

from hotline.supervision import accountability
from hotline.supervision.actions import escalate_overdue


class Command(BaseCommand):
    help = "Escalate supervision orders nobody answered in time and derive new accountability records."

    def handle(self, *args, **options):
        escalated = escalate_overdue()
        result = accountability.scan()
        self.stdout.write(f"escalated {escalated} supervision items; {result.total} new accountability records")
