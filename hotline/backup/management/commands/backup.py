from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline import clock
from hotline.backup.archive import BackupError, create


class Command(BaseCommand):
    help = "Write a backup archive (database + attachments) with checksums."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="archive path (default var/backups/hotline-<time>.tar.gz)")

    def handle(self, *args, out=None, **options):
        from django.conf import settings

        path = Path(out) if out else Path(settings.VAR_DIR) / "backups" / f"hotline-{clock.local_now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["counts"]
        self.stdout.write(
            f"backup written to {path}: {counts['cases']} cases, {counts['events']} events, "
            f"{counts['attachments']} attachments, {len(manifest['files']) - 1} files"
        )
