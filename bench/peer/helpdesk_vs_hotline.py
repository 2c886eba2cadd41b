"""Side by side: django-helpdesk and hotline, same workload, same PostgreSQL, one run.

Installs django-helpdesk (the best-known Django ticket tracker) into its own virtual
environment bench/peer/.venv (gitignored; nothing of it is committed), writes a minimal
Django project for it there, and serves each platform with the same gunicorn settings
on 127.0.0.1, one after the other, in this one run:

1. create --n tickets / cases over each one's JSON API with --concurrency clients
   (helpdesk: POST /helpdesk/api/tickets/ with a DRF token as a staff user; hotline:
   POST /api/v1/cases with an agent's bearer token, which also routes, dispatches, sets
   the working-day deadline and writes the timeline);
2. list the first page of a queue --list-n times with the same concurrency (helpdesk:
   GET /helpdesk/api/tickets/?status=1; hotline: GET /api/v1/cases?unit=<lead unit>).
   django-helpdesk's list endpoint reads the custom fields of every ticket with that
   status, not only the page's 25 (`Ticket.set_custom_field_values` in `get_queryset`),
   so its cost grows with the open queue; hence a separate, smaller --list-n.

Both start from empty databases of their own (`helpdesk_bench`; `hotline_peer` with the
demo city and no cases), so N is the same on both sides. Prints the figures and the
ratios (helpdesk / hotline: above 1 means hotline is faster).

    .venv/bin/python bench/peer/helpdesk_vs_hotline.py --n 1000 --concurrency 8
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

VENV = HERE / ".venv"
PROJECT = VENV / "project"
PG = "postgres://postgres@127.0.0.1:5432"
PY = VENV / "bin" / "python"


def sh(*cmd, env=None, cwd=None) -> str:
    done = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def ensure_venv() -> None:
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    if subprocess.run([str(PY), "-c", "import helpdesk, gunicorn, psycopg"], capture_output=True, check=False).returncode:  # noqa: S603
        sh(VENV / "bin" / "pip", "install", "-q", "django-helpdesk", "psycopg[binary]", "gunicorn")


SETTINGS = """
SECRET_KEY = "helpdesk-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize",
    "rest_framework", "rest_framework.authtoken", "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peerproj.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
import dj_database_url  # noqa
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "helpdesk_bench",
                         "USER": "postgres", "HOST": "127.0.0.1", "PORT": 5432,
                         "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]}
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False  # teams need pinax-teams, which django-helpdesk does not install
"""

URLS = """
from django.contrib import admin
from django.urls import include, path

urlpatterns = [path("admin/", admin.site.urls), path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]
"""

SEED = """
import django, json
django.setup()
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
user, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True, "is_superuser": True})
queue, _ = Queue.objects.get_or_create(slug="city", defaults={"title": "City hotline", "allow_public_submission": True})
token, _ = Token.objects.get_or_create(user=user)
print(json.dumps({"token": token.key, "queue": queue.pk}))
"""


def setup_helpdesk() -> tuple[dict, dict]:
    ensure_venv()
    pkg = PROJECT / "peerproj"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "settings.py").write_text(SETTINGS.replace("import dj_database_url  # noqa\n", ""))
    (pkg / "urls.py").write_text(URLS)
    (PROJECT / "seed.py").write_text(SEED)
    reset_database("helpdesk_bench")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peerproj.settings", "PYTHONPATH": str(PROJECT)}
    env.pop("DATABASE_URL", None)
    sh(PY, "-m", "django", "migrate", "-v", "0", env=env, cwd=PROJECT)
    return json.loads(sh(PY, "seed.py", env=env, cwd=PROJECT)), env


def reset_database(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def setup_hotline() -> dict:
    url = f"{PG}/hotline_peer"
    reset_database("hotline_peer")
    env = {**os.environ, "DATABASE_URL": url, "HOTLINE_DEV": "1", "PYTHONPATH": str(harness.ROOT),
           "DJANGO_SETTINGS_MODULE": "hotline.settings"}
    hotline = [sys.executable, "-m", "django"]
    sh(*hotline, "migrate", "-v", "0", env=env, cwd=harness.ROOT)
    sh(*hotline, "demo", "--cases", "0", "-v", "0", env=env, cwd=harness.ROOT)
    harness.setup(url)
    return {"url": url}


class Gunicorn(harness.Server):
    """The same gunicorn settings, serving the helpdesk project from its own venv."""

    def __init__(self, env: dict, **kw):
        super().__init__("", **kw)
        self.env = {**env}

    def start(self):
        import http.client

        cmd = [str(VENV / "bin" / "gunicorn"), "peerproj.wsgi_app:application", "--bind", f"127.0.0.1:{self.port}",
               "--workers", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
               "--chdir", str(PROJECT), "--log-level", "warning", "--keep-alive", "30"]
        (PROJECT / "peerproj" / "wsgi_app.py").write_text(
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.logfile = open(self.log, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self.logfile, stderr=subprocess.STDOUT,  # noqa: S603
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/helpdesk/api/")
                conn.getresponse().read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("helpdesk gunicorn did not start")


def measure(port: int, make, args, n: int) -> dict:
    warmup = min(50, n)
    harness.run_load(port, make, concurrency=args.concurrency, total=warmup)
    # Timed requests continue after the warm-up's indexes: no payload or Idempotency-Key reused.
    results, wall = harness.run_load(port, lambda i: make(warmup + i), concurrency=args.concurrency, total=n)
    ok = [r for r in results if 200 <= r.status < 300]
    out = harness.summary([r.seconds for r in ok], wall)
    out["errors"] = len(results) - len(ok)
    if out["errors"]:
        bad = next(r for r in results if not 200 <= r.status < 300)
        out["first_error"] = f"{bad.status} {bad.error or bad.body[:200]!r}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="tickets / cases created")
    parser.add_argument("--list-n", type=int, default=100,
                        help="queue pages listed (django-helpdesk's list reads every open ticket's custom fields)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    seed, hd_env = setup_helpdesk()
    setup_hotline()
    from workload import NewCases

    from hotline.orgs.models import Unit

    cases = NewCases()
    token = harness.staff_token("agent1")
    payloads = [cases.payload() for _ in range(max(args.n, args.list_n) + 50)]
    figures = {"machine": harness.machine(), "n": args.n, "concurrency": args.concurrency,
               "command": f"bench/peer/helpdesk_vs_hotline.py --n {args.n} --list-n {args.list_n} "
                          f"--concurrency {args.concurrency}",
               "gunicorn": {"workers": args.workers, "threads": args.threads}}

    def hd_create(i):
        p = payloads[i % len(payloads)]
        return harness.json_request("POST", "/helpdesk/api/tickets/", {
            "queue": seed["queue"], "title": p["title"], "description": p["content"],
            "submitter_email": "citizen@example.org", "priority": 3,
        }, headers={"Authorization": f"Token {seed['token']}"})

    def hd_list(i):
        return harness.json_request("GET", "/helpdesk/api/tickets/?status=1",
                                    headers={"Authorization": f"Token {seed['token']}"})

    with Gunicorn(hd_env, workers=args.workers, threads=args.threads) as server:
        figures["helpdesk_create"] = measure(server.port, hd_create, args, args.n)
        figures["helpdesk_list"] = measure(server.port, hd_list, args, args.list_n)
    print(json.dumps({k: figures[k] for k in ("helpdesk_create", "helpdesk_list")}), flush=True)

    keys = [cases.key() for _ in payloads]

    def hl_create(i):
        return harness.json_request("POST", "/api/v1/cases", payloads[i % len(payloads)], token=token,
                                    headers={"Idempotency-Key": f"{keys[i % len(keys)]}-{i}"})

    with harness.Server(f"{PG}/hotline_peer", workers=args.workers, threads=args.threads) as server:
        figures["hotline_create"] = measure(server.port, hl_create, args, args.n)
        from hotline.cases.models import Case

        unit = (Case.objects.exclude(lead_unit=None).values_list("lead_unit", flat=True).first()
                or Unit.objects.first().pk)
        figures["hotline_list"] = measure(server.port, lambda i: harness.json_request(
            "GET", f"/api/v1/cases?unit={unit}&page_size=25", token=token), args, args.list_n)

    for what in ("create", "list"):
        h, o = figures[f"hotline_{what}"], figures[f"helpdesk_{what}"]
        figures[f"ratio_{what}_throughput"] = round(h["per_second"] / o["per_second"], 2)
        figures[f"ratio_{what}_p50"] = round(o["p50_ms"] / h["p50_ms"], 2)
        print(harness.fmt(f"helpdesk {what}", o), f"errors={o['errors']}")
        print(harness.fmt(f"hotline  {what}", h), f"errors={h['errors']}")
        print(f"  hotline/helpdesk throughput x{figures[f'ratio_{what}_throughput']}, "
              f"helpdesk/hotline p50 x{figures[f'ratio_{what}_p50']}")
    out = harness.ROOT / "bench" / "out" / "peer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
