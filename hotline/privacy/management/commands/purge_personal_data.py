from django.core.management.base import BaseCommand

from hotline.privacy.retention import due_for_purge, purge, retention_days


class Command(BaseCommand):
    help = "Erase citizens' personal data from cases closed longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(f"{due_for_purge().count()} cases past {retention_days()} days would be purged")
            return
        self.stdout.write(f"purged personal data from {purge()} cases")
