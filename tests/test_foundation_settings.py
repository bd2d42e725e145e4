"""Settings come from the environment and fail loudly, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    dropped = {
        "SECRET_KEY",
        "DEBUG",
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DEBUG": "maybe", "SECRET_KEY": "x" * 50}, "DEBUG"),
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense://what"}, "DATABASE_URL"),
        ({"DEBUG": "1", "AXES_FAILURE_LIMIT": "lots"}, "AXES_FAILURE_LIMIT"),
        ({"DEBUG": "1", "CSRF_TRUSTED_ORIGINS": "example.org"}, "CSRF_TRUSTED_ORIGINS"),
        # A web request must not parse a long article (it belongs to the worker).
        (
            {"DEBUG": "1", "FACTCHECK_INLINE_EXTRACTION_CHARS": "20000"},
            "FACTCHECK_INLINE_EXTRACTION_CHARS",
        ),
    ],
)
def test_bad_configuration_stops_startup_naming_the_variable(overrides, variable):
    result = _check(overrides)
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _check(
        {
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-production-secret-" + "k7Q2pX9vLm4Rt8Wz" * 3,
            "ALLOWED_HOSTS": "example.org",
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_COOKIES": "1",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
