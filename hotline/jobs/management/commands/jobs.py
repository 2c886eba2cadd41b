from django.core.management.base import BaseCommand

from hotline.jobs.schedule import JOBS, loop, run_once, selected


class Command(BaseCommand):
    help = "Run the platform's periodic jobs (reminders, escalations, notifications, transfers, purges)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument("--only", nargs="*", choices=[job.name for job in JOBS], help="only these jobs")

    def handle(self, *args, once=False, only=None, **options):
        names = set(only) if only else None
        if once:
            for name, result in run_once(names).items():
                self.stdout.write(f"{name}: {result}")
            return
        self.stdout.write("running jobs: " + ", ".join(f"{j.name} every {j.every}s" for j in JOBS
                                                        if selected(j, names)))
        loop(names=names)
