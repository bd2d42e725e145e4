"""Settings for the test suite: the production settings, fed a test environment.

Tests run with DEBUG off, like production, but over plain HTTP and with tasks run inline.
"""

import os

# A developer's .env (DEBUG=1, their database) must not leak into the suite.
os.environ.setdefault("FACTCHECK_ENV_FILE", "")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# Playwright's sync API keeps an event loop running in the test thread; Django's ORM would
# otherwise refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from factcheck.settings import *  # noqa: F403

# Hashing test users' passwords with PBKDF2's full work factor dominates the suite's runtime.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
