from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from hotline.cases.errors import CaseError
from hotline.exchange import export
from hotline.orgs.models import User


class Command(BaseCommand):
    help = "Export the cases a staff member may see to .xlsx or .csv (personal data masked)."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="a .xlsx or .csv file")
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument("--filter", default="", help="list filters as a query string, e.g. status=closed&from=2026-01-01")

    def handle(self, *args, output, username, filter, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError("no such active user")
        try:
            qs = export.filter_cases(user, QueryDict(filter))
        except CaseError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        suffix = output.suffix.lower()
        if suffix not in {".xlsx", ".csv"}:
            raise CommandError("the output must end in .xlsx or .csv")
        output.write_bytes(export.to_xlsx(user, qs) if suffix == ".xlsx" else export.to_csv(user, qs))
        self.stdout.write(f"{min(qs.count(), export.MAX_ROWS)} cases written to {output}")
