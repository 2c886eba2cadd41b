"""`hotline demo`: load the demo city once, then print how to log in."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from hotline.demo import loader
from hotline.demo.city import PASSWORD
from hotline.orgs.choices import Role, UnitKind

CENTRE_ORDER = [Role.ADMIN, Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER,
                Role.AUDITOR, Role.INSPECTOR]


class Command(BaseCommand):
    help = "Load the demo city (A市): units, staff, catalogue, time limits and cases. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=loader.DEFAULT_CASES,
                            help="How many cases to create (default %(default)s).")
        parser.add_argument("--seed", type=int, default=loader.DEFAULT_SEED,
                            help="Random seed: the same seed gives the same city.")
        parser.add_argument("--quiet-logins", action="store_true",
                            help="Do not print the table of logins.")

    def handle(self, *args, cases: int, seed: int, quiet_logins: bool, **options):
        if cases < 0:
            raise CommandError("--cases must be 0 or more")
        try:
            result = loader.load(cases=cases, seed=seed)
        except loader.AlreadyPopulated as exc:
            raise CommandError(
                "The database already has units that the demo did not create; "
                "not loading the demo city into it."
            ) from exc
        out = self.stdout
        if result.created:
            summary = result.load.summary
            out.write(self.style.SUCCESS(
                f"Demo city loaded in {result.seconds:.1f}s: {result.load.cases} cases."))
            out.write(f"  units: {summary['units']}")
            out.write(f"  categories by level: {summary['categories']}; "
                      f"responsibility rules: {summary['responsibility_rules']}; "
                      f"time-limit rules: {summary['time_limit_rules']}")
            out.write(f"  cases by status: {summary['cases']}")
            out.write(f"  knowledge articles: {summary.get('knowledge_articles', 0)}")
        else:
            out.write(f"Demo city already loaded ({result.load}); nothing to do.")
        if not quiet_logins:
            self._logins(result.city)

    def _logins(self, city) -> None:
        out = self.stdout
        users = sorted(city.users.values(), key=lambda u: u.username)
        port = os.environ.get("PORT", "8000")
        base = f"http://127.0.0.1:{port}"
        out.write("")
        out.write(f"Demo logins (every password: {PASSWORD})")
        out.write(f"  {'username':<24}{'role':<14}unit")
        for role in CENTRE_ORDER:
            for user in users:
                if user.role == role:
                    out.write(f"  {user.username:<24}{role.value:<14}{user.unit.name if user.unit else ''}")
        out.write("  Unit staff: <code>_handler (handler) and <code>_leader (unit_leader):")
        kinds = [UnitKind.DEPARTMENT, UnitKind.UTILITY, UnitKind.DISTRICT, UnitKind.STREET,
                 UnitKind.COMMUNITY, UnitKind.PROVIDER, UnitKind.VOLUNTEER_TEAM, UnitKind.MEDIATION]
        staffed = {u.unit_id for u in users if u.role == Role.HANDLER}
        for kind in kinds:
            units = [u for u in city.units.values() if u.kind == kind and u.pk in staffed]
            if not units:
                continue
            out.write(f"    {kind.label}:")
            for unit in sorted(units, key=lambda u: u.path):
                out.write(f"      {unit.code + '_handler':<24}{unit.code + '_leader':<24}{unit.name}")
        out.write("")
        out.write(f"Staff workbench: {base}/")
        out.write(f"Citizen portal:  {base}/portal/")
        out.write(f"Django admin:    {base}/admin/  (admin / {PASSWORD})")
        out.write(f"API docs:        {base}/api/v1/docs")
