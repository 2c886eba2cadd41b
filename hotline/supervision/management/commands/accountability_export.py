import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.orgs.models import Unit
from hotline.privacy.exports import record_export
from hotline.privacy.models import ExportKind
from hotline.supervision import accountability
from hotline.supervision.export import export_accountability, period_bounds


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Export accountability records (with their timeline evidence) to .xlsx for discipline inspection."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=_date, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, type=_date, help="last day (included), YYYY-MM-DD")
        parser.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
        parser.add_argument("--unit", default="", help="a unit code: that unit and the units under it")
        parser.add_argument("--no-scan", action="store_true",
                            help="do not derive new records from the timeline first")

    def handle(self, *args, start, end, out, unit, no_scan, **options):
        if end < start:
            raise CommandError("--to is before --from")
        if out.suffix.lower() != ".xlsx":
            raise CommandError("the output must end in .xlsx")
        target = None
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None:
                raise CommandError(f"no unit with code {unit}")
        since, until = period_bounds(start, end)
        if not no_scan:
            result = accountability.scan(since=since, until=until)
            self.stdout.write(f"scan: {result.total} new records")
        out.write_bytes(export_accountability(start, end, unit=target))
        count = accountability.records(since, until, unit=target).count()
        # Staff names and case texts leave the platform: logged like any export (no person: the command line).
        record_export(actor=None, kind=ExportKind.ACCOUNTABILITY, rows=count, file_format="xlsx",
                      filters={"from": start.isoformat(), "to": end.isoformat(), "unit": unit})
        self.stdout.write(f"{count} records written to {out}")
