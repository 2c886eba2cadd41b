"""Django settings, driven by the environment.

Every knob is read once here through small typed helpers; a bad value fails loudly at
start-up instead of half-working. SQLite (WAL) is the embedded default; set
DATABASE_URL=postgres://... for production.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("HOTLINE_VAR_DIR", PROJECT_DIR / "var"))
SHARED_DATA_DIR = Path(os.environ.get("HOTLINE_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("HOTLINE_TESTING", "pytest" in sys.modules)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and not (DEBUG or TESTING or env_bool("HOTLINE_DEV", False)):
    raise ImproperlyConfigured("SECRET_KEY must be set outside development (or set HOTLINE_DEV=1)")

# Key(s) for personal data at rest: comma-separated Fernet keys, newest first (rotation:
# prepend a new key, run `hotline rotate_pii_key`, then drop the old one).
HOTLINE_DATA_KEYS = env_list("HOTLINE_DATA_KEYS", [])
# Key of the phone-number digest used for lookups (stable: never rotated with the above).
HOTLINE_LOOKUP_KEY = os.environ.get("HOTLINE_LOOKUP_KEY", "")
HOTLINE_PII_RETENTION_DAYS = env_int("HOTLINE_PII_RETENTION_DAYS", 730)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hotline.orgs",
    "hotline.privacy",
    "hotline.audit",
    "hotline.backup",
    "hotline.security",
    "hotline.catalog",
    "hotline.sla",
    "hotline.cases",
    "hotline.routing",
    "hotline.intake",
    "hotline.knowledge",
    "hotline.supervision",
    "hotline.notifications",
    "hotline.assessment",
    "hotline.replies",
    "hotline.analytics",
    "hotline.hotspots",
    "hotline.open311",
    "hotline.exchange",
    "hotline.emergency",
    "hotline.grids",
    "hotline.partners",
    "hotline.api",
    "hotline.portal",
    "hotline.console",
    "hotline.demo",
    "hotline.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hotline.security.headers.SecurityHeadersMiddleware",
    "hotline.security.ratelimit.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hotline.audit.context.RequestContextMiddleware",
    "hotline.security.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hotline.urls"
WSGI_APPLICATION = "hotline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hotline.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of deadlocking on upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file, not shared-cache memory: tests of concurrent writers need SQLite's real
    # locking (WAL + busy timeout), which the in-memory shared cache does not have.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DATABASE_NAME")
        or os.path.join(tempfile.gettempdir(), f"hotline-test-{os.getpid()}.sqlite3"),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME") or None
    # Case numbers are taken on a connection of their own, in autocommit, so the day's
    # counter row is locked for one statement, not for the whole registration: on one
    # connection every intake of the day queued behind the one before it until it
    # committed (`cases.workflow._next_number`). A registration that fails after taking
    # its number leaves a gap, as a PostgreSQL sequence would. Tests keep the single
    # connection (numbers roll back with the test) unless they ask for this one.
    DATABASES["numbering"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}
HOTLINE_CASE_NUMBERS_APART = env_bool("HOTLINE_CASE_NUMBERS_APART", not TESTING) and "numbering" in DATABASES

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing is not what the suite tests; keep it fast.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("HOTLINE_MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; collectstatic fills it

AUTHENTICATION_BACKENDS = ["hotline.security.lockout.LockoutModelBackend"]
HOTLINE_LOCKOUT_ATTEMPTS = env_int("HOTLINE_LOCKOUT_ATTEMPTS", 5)
HOTLINE_LOCKOUT_MINUTES = env_int("HOTLINE_LOCKOUT_MINUTES", 15)
# Roles that must enrol an authenticator (TOTP) before using staff pages.
HOTLINE_REQUIRE_2FA_ROLES = env_list(
    "HOTLINE_REQUIRE_2FA_ROLES", [] if (DEBUG or TESTING or env_bool("HOTLINE_DEV", False)) else ["admin", "auditor"],
)

# (name, path prefix, methods, requests, seconds) per client address or API token.
# Tests set their own limits where they test limiting; elsewhere the suite is not throttled.
_RATE = env_int("HOTLINE_RATE_LIMIT_SCALE", 1000 if TESTING else 1)
HOTLINE_RATE_LIMITS = [
    ("public-write", "/api/v1/public/", ("POST",), 20 * _RATE, 60),
    ("public-read", "/api/v1/public/", ("GET",), 120 * _RATE, 60),
    ("portal-write", "/portal/", ("POST",), 20 * _RATE, 60),
    ("open311-write", "/open311/", ("POST",), 30 * _RATE, 60),
    ("login", "/accounts/login/", ("POST",), 20 * _RATE, 60),
    ("api", "/api/v1/", ("GET", "POST", "PUT", "PATCH", "DELETE"), 1200 * _RATE, 60),
]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hotline"}}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Domain knobs.
HOTLINE_CITY_NAME = os.environ.get("HOTLINE_CITY_NAME", "A市")
HOTLINE_MAX_TEXT = env_int("HOTLINE_MAX_TEXT", 5000)
# Duplicates at intake (intake.duplicates): open cases of the last N days whose text is this alike.
HOTLINE_DUPLICATE_WINDOW_DAYS = env_int("HOTLINE_DUPLICATE_WINDOW_DAYS", 14)
HOTLINE_DUPLICATE_SIMILARITY = float(os.environ.get("HOTLINE_DUPLICATE_SIMILARITY") or "0.3")
HOTLINE_DUPLICATE_CALLER_SIMILARITY = float(os.environ.get("HOTLINE_DUPLICATE_CALLER_SIMILARITY") or "0.15")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "hotline": {"handlers": ["console"], "level": os.environ.get("HOTLINE_LOG_LEVEL", "INFO")},
    },
}

# Background work and notifications
# ----------------------------------
# One task framework: django-tasks (the backport of Django 6's `django.tasks`) with its
# database backend (django-tasks-db). The queue is a table in the project's own database,
# so the embedded default (SQLite) needs no extra server and production runs
# `hotline db_worker` on as many machines as it likes against PostgreSQL (workers claim
# tasks with SELECT ... FOR UPDATE SKIP LOCKED). Jobs are thin idempotent wrappers; the
# guarantees (once-only reminders, at-least-once sends) live in hotline.sla and
# hotline.notifications, not in the queue.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("HOTLINE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "sla", "notifications"],
    },
}
# Share of the allowed (working) time used after which a deadline is "approaching".
try:
    HOTLINE_SLA_APPROACHING = float(os.environ.get("HOTLINE_SLA_APPROACHING") or "0.75")
except ValueError as exc:
    raise ImproperlyConfigured("HOTLINE_SLA_APPROACHING must be a number") from exc
if not 0 < HOTLINE_SLA_APPROACHING < 1:
    raise ImproperlyConfigured("HOTLINE_SLA_APPROACHING must be between 0 and 1")
# Working hours past a deadline after which the escalation goes from the unit's leader
# to the centre.
HOTLINE_SLA_ESCALATE_TO_CENTRE_HOURS = env_int("HOTLINE_SLA_ESCALATE_TO_CENTRE_HOURS", 24)
# Which channels each kind of notice uses (inbox and log always work; sms and email only
# when configured below).
HOTLINE_NOTIFY_ROUTES = {
    "remind": env_list("HOTLINE_NOTIFY_REMIND", ["inbox"]),
    "escalate_unit": env_list("HOTLINE_NOTIFY_ESCALATE_UNIT", ["inbox", "sms"]),
    "escalate_centre": env_list("HOTLINE_NOTIFY_ESCALATE_CENTRE", ["inbox", "email"]),
    "supervision": env_list("HOTLINE_NOTIFY_SUPERVISION", ["inbox"]),
    "hotspot": env_list("HOTLINE_NOTIFY_HOTSPOT", ["inbox"]),
}
HOTLINE_NOTIFY_CHANNELS = {
    "inbox": "hotline.notifications.channels.InboxChannel",
    "log": "hotline.notifications.channels.LogChannel",
    "sms": "hotline.notifications.channels.HttpSmsChannel",
    "email": "hotline.notifications.channels.EmailChannel",
}
HOTLINE_NOTIFY_MAX_ATTEMPTS = env_int("HOTLINE_NOTIFY_MAX_ATTEMPTS", 8)
HOTLINE_NOTIFY_BACKOFF_SECONDS = env_int("HOTLINE_NOTIFY_BACKOFF_SECONDS", 30)
HOTLINE_NOTIFY_LEASE_SECONDS = env_int("HOTLINE_NOTIFY_LEASE_SECONDS", 120)
# SMS gateway: a JSON POST {"to", "text", "idempotency_key"}; unset = no SMS channel.
HOTLINE_SMS_GATEWAY_URL = os.environ.get("HOTLINE_SMS_GATEWAY_URL", "")
HOTLINE_SMS_GATEWAY_TOKEN = os.environ.get("HOTLINE_SMS_GATEWAY_TOKEN", "")
# E-mail goes through Django's EMAIL_BACKEND; unset EMAIL_HOST = no e-mail channel.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hotline@localhost")
# Intake classifier: below this confidence the suggested category is not used for routing
# (the responsibility rules decide from the category the agent picks).
try:
    HOTLINE_CLASSIFIER_MIN_CONFIDENCE = float(os.environ.get("HOTLINE_CLASSIFIER_MIN_CONFIDENCE") or "0.6")
except ValueError as exc:
    raise ImproperlyConfigured("HOTLINE_CLASSIFIER_MIN_CONFIDENCE must be a number") from exc
if not 0 <= HOTLINE_CLASSIFIER_MIN_CONFIDENCE <= 1:
    raise ImproperlyConfigured("HOTLINE_CLASSIFIER_MIN_CONFIDENCE must be between 0 and 1")
# Reply quality (hotline.replies): a unit's reply scoring below this is flagged to the centre
# before callback, until `hotline reply_quality calibrate` stores a calibrated threshold.
try:
    HOTLINE_REPLY_QUALITY_THRESHOLD = float(os.environ.get("HOTLINE_REPLY_QUALITY_THRESHOLD") or "0.25")
except ValueError as exc:
    raise ImproperlyConfigured("HOTLINE_REPLY_QUALITY_THRESHOLD must be a number") from exc
if not 0 <= HOTLINE_REPLY_QUALITY_THRESHOLD <= 1:
    raise ImproperlyConfigured("HOTLINE_REPLY_QUALITY_THRESHOLD must be between 0 and 1")

# Hotspots (hotline.hotspots): the window of cases a scan reads, how often `hotline jobs`
# scans, how many scans are kept per source, and the mining parameters (see
# hotspots/mining.py Params: similarity, min_items, half_life_days, window_days,
# warn_growth, warn_min_recent, top).
HOTLINE_HOTSPOT_DAYS = env_int("HOTLINE_HOTSPOT_DAYS", 30)
HOTLINE_HOTSPOT_EVERY = env_int("HOTLINE_HOTSPOT_EVERY", 3600)
HOTLINE_HOTSPOT_KEEP_SCANS = env_int("HOTLINE_HOTSPOT_KEEP_SCANS", 48)
HOTLINE_HOTSPOT_PARAMS: dict = {}
