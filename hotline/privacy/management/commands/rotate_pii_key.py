from django.core.management.base import BaseCommand

from hotline.privacy.retention import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt citizens' personal data with the newest key. Rotation: prepend a new key to "
        "HOTLINE_DATA_KEYS, run this command, then remove the old key."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"re-encrypted {rotate_keys()} cases with the newest key")
