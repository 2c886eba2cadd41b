import itertools
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel
from hotline.exchange.importer import FIELDS, PRESETS, import_rows, read_rows
from hotline.orgs.choices import Role
from hotline.orgs.models import User


class Command(BaseCommand):
    help = "Import historical cases from a CSV or Excel file; re-importing the same rows does nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--preset", choices=sorted(PRESETS), help="a known file layout")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                            help=f"map a case field to a column; fields: {', '.join(FIELDS)}")
        parser.add_argument("--source", help="name of the source (default: the preset or the file name)")
        parser.add_argument("--channel", choices=Channel.values)
        parser.add_argument("--case-type", choices=CaseType.values, default=CaseType.HELP)
        parser.add_argument("--as", dest="username", required=True, help="a dispatcher who imports")
        parser.add_argument("--limit", type=int, help="only the first N rows (a trial run)")
        parser.add_argument("--report", type=Path, help="write rejected rows (row, field, reason) to this CSV")

    def handle(self, *args, path, preset, map, source, channel, case_type, username, limit, report, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or user.role != Role.DISPATCHER:
            raise CommandError("--as must name an active dispatcher")
        layout = PRESETS.get(preset, {"columns": {}, "channel": Channel.PORTAL})
        columns = dict(layout["columns"])
        for item in map:
            name, sep, column = item.partition("=")
            if not sep:
                raise CommandError(f"--map wants FIELD=COLUMN, got {item!r}")
            columns[name.strip()] = column.strip()
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        try:
            rows = itertools.islice(read_rows(path), limit) if limit else read_rows(path)
            result = import_rows(rows, source=source or preset or path.stem, columns=columns,
                                 actor=Actor.staff(user), channel=channel or layout["channel"],
                                 case_type=case_type)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {result.created}, already imported {result.existing}, "
                          f"rejected {len(result.rejected)}")
        for r in result.rejected[:20]:
            self.stdout.write(f"  row {r.row}: {r.field}: {r.reason}")
        if report:
            result.write_csv(report)
            self.stdout.write(f"rejected rows written to {report}")
