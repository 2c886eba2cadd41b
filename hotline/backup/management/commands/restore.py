from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.backup.archive import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and attachments with a backup archive (checksums verified first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes=False, **options):
        path = Path(archive)
        if not path.exists():
            raise CommandError(f"no such archive: {path}")
        if not yes and input("This replaces all current data. Type 'restore' to go on: ").strip() != "restore":
            raise CommandError("restore cancelled")
        try:
            manifest = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["counts"]
        self.stdout.write(f"restored {path}: {counts['cases']} cases, {counts['events']} events")
