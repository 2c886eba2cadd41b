"""`hotline token <username>`: issue a new API token and print it (only its digest is kept)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hotline.orgs.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue a new API bearer token for a staff member and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="What the token is for (shown in the admin).")

    def handle(self, *args, username: str, label: str = "", **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No staff member named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active.")
        self.stdout.write(ApiToken.issue(user, label=label[:60]))
