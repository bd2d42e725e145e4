"""Settings come from the environment and fail loudly, naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import load_env_file

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
    # No developer's .env unless the test names one.
    env["FACTCHECK_ENV_FILE"] = ""
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
        (
            {
                "DEBUG": "1",
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
                "DB_PARALLEL_WORKERS": "-1",
            },
            "DB_PARALLEL_WORKERS",
        ),
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


# The development .env ---------------------------------------------------------------------


def _env_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_dotenv_with_debug_and_a_key_is_all_manage_py_needs(tmp_path):
    env_file = _env_file(tmp_path, "# written by make run\nDEBUG=1\nSECRET_KEY=" + "d" * 50 + "\n")
    result = _check({"FACTCHECK_ENV_FILE": env_file})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_environment_wins_over_the_dotenv(tmp_path):
    env_file = _env_file(tmp_path, "DEBUG=1\n")
    result = _check({"FACTCHECK_ENV_FILE": env_file, "DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_without_a_dotenv_production_needs_its_secret_key():
    result = _check({"FACTCHECK_ENV_FILE": "", "DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_named_dotenv_that_does_not_exist_stops_startup(tmp_path):
    result = _check({"FACTCHECK_ENV_FILE": str(tmp_path / "missing.env")})
    assert result.returncode != 0
    assert "FACTCHECK_ENV_FILE" in result.stderr


def test_a_bad_dotenv_value_is_named_like_any_other(tmp_path):
    env_file = _env_file(tmp_path, "DEBUG=perhaps\nSECRET_KEY=" + "d" * 50 + "\n")
    result = _check({"FACTCHECK_ENV_FILE": env_file})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_dotenv_lines_are_read_with_quotes_comments_and_export(tmp_path, monkeypatch):
    for name in ("SMOKE_A", "SMOKE_B", "SMOKE_C", "SMOKE_SET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMOKE_SET", "from the environment")
    path = tmp_path / ".env"
    path.write_text(
        "# a comment\n\nSMOKE_A=plain\nexport SMOKE_B='quoted value'\n"
        'SMOKE_C = "x=y"\nSMOKE_SET=from the file\n',
        encoding="utf-8",
    )
    assert load_env_file(path) == ["SMOKE_A", "SMOKE_B", "SMOKE_C"]
    assert os.environ["SMOKE_A"] == "plain"
    assert os.environ["SMOKE_B"] == "quoted value"
    assert os.environ["SMOKE_C"] == "x=y"
    assert os.environ["SMOKE_SET"] == "from the environment"
    for name in ("SMOKE_A", "SMOKE_B", "SMOKE_C"):
        monkeypatch.delenv(name)


def test_a_malformed_dotenv_line_names_the_file_and_line(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2"):
        load_env_file(path)


def test_a_missing_default_dotenv_is_fine(tmp_path):
    assert load_env_file(tmp_path / ".env") == []


def test_the_dotenv_is_git_ignored():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=ROOT, capture_output=True, timeout=30
    )
    assert ignored.returncode == 0


def test_every_manage_py_command_the_readme_shows_is_in_the_smoke_script():
    """scripts/smoke_readme.sh (run by .ci/run) runs the README's commands on a fresh clone;
    a command added to the README without it would go untested."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    smoke = (ROOT / "scripts" / "smoke_readme.sh").read_text(encoding="utf-8")
    shown = set(re.findall(r"python manage\.py (\w+)", readme))
    # make run runs these itself, and the smoke script runs make run.
    made = {"migrate", "load_demo", "runserver"}
    missing = {c for c in shown - made if f"python manage.py {c}" not in smoke}
    assert shown and not missing, missing


def test_postgresql_connections_run_without_parallel_workers_unless_asked(db, settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("A PostgreSQL setting.")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
