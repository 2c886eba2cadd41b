from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline import clock
from hotline.backup.archive import BackupError, create
from hotline.cases.models import Case
from hotline.privacy.exports import record_export
from hotline.privacy.models import ExportKind


class Command(BaseCommand):
    help = "Write a backup archive (database + attachments) with checksums."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="archive path (default var/backups/hotline-<time>.tar.gz)")

    def handle(self, *args, out=None, **options):
        from django.conf import settings

        path = Path(out) if out else Path(settings.VAR_DIR) / "backups" / f"hotline-{clock.local_now():%Y%m%d-%H%M%S}.tar.gz"
        # Logged first, so the record is inside the archive and survives a restore of it;
        # a backup that fails takes its record back.
        log = record_export(actor=None, kind=ExportKind.BACKUP, rows=Case.objects.count(), file_format="tar.gz",
                            filters={"path": str(path)}, masked=False)
        try:
            manifest = create(path)
        except Exception as exc:
            log.delete()
            if isinstance(exc, BackupError | OSError):
                raise CommandError(str(exc)) from exc
            raise
        counts = manifest["counts"]
        self.stdout.write(
            f"backup written to {path}: {counts['cases']} cases, {counts['events']} events, "
            f"{counts['attachments']} attachments, {len(manifest['files']) - 1} files"
        )
