from django.core.management.base import BaseCommand

from hotline.open311.models import OpenApiKey


class Command(BaseCommand):
    help = "Issue an Open311 API key for a client application and print it once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client application, e.g. 'city app'")

    def handle(self, *args, name, **options):
        _key, raw = OpenApiKey.issue(name)
        self.stdout.write(raw)
