"""The task worker survives faults: a killed worker's task is taken up again, a worker
reconnects after its database connections are cut, and concurrent retries queue one task.

The process tests run a real `manage.py run_worker` against the test database, so they need
PostgreSQL (an in-memory SQLite test database cannot be shared with another process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims.heartbeat import LOST_EXCEPTION, WorkerHeartbeat, sweep_stale_tasks
from claims.models import Article
from claims.services import articles as article_services
from tests.concurrency import run_in_threads
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
WORKER_APP_NAME = "factcheck-test-worker"


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("A worker process shares the test database only on PostgreSQL.")


def _task_row(*, marker: str = "", seconds: float = 0, **fields) -> DBTaskResult:
    defaults = {
        "args_kwargs": {"args": [], "kwargs": {"marker": marker, "seconds": seconds}},
        "priority": 0,
        "task_path": "tests.worker_tasks.hold",
        "queue_name": "default",
        "backend_name": "default",
        "run_after": timezone.now() - timedelta(seconds=1),
    }
    return DBTaskResult.objects.create(**{**defaults, **fields})


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout:g} s waiting for {what}.")


def _status(task: DBTaskResult) -> str:
    return DBTaskResult.objects.values_list("status", flat=True).get(pk=task.pk)


# The sweep on its own (any database) ------------------------------------------------------


@pytest.mark.django_db
def test_sweep_requeues_a_running_task_whose_worker_stopped_beating(settings):
    long_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_WORKER_STALE_SECONDS + 5)
    dead = _task_row(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["w1"])
    WorkerHeartbeat.objects.create(
        worker_id="w1", task_id=dead.id, beat_at=long_ago, started_at=long_ago
    )
    alive = _task_row(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["w2"])
    WorkerHeartbeat.objects.create(
        worker_id="w2", task_id=alive.id, beat_at=timezone.now(), started_at=long_ago
    )
    just_claimed = _task_row(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["w3"]
    )
    assert sweep_stale_tasks() == (1, 0)
    assert _status(dead) == TaskResultStatus.READY
    assert _status(alive) == TaskResultStatus.RUNNING
    assert _status(just_claimed) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_sweep_fails_a_task_that_has_lost_its_worker_too_often(settings):
    long_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_WORKER_STALE_SECONDS + 5)
    ids = [f"w{n}" for n in range(settings.FACTCHECK_WORKER_MAX_ATTEMPTS)]
    task = _task_row(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=ids)
    assert sweep_stale_tasks() == (0, 1)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == LOST_EXCEPTION


# Real worker processes (PostgreSQL) -------------------------------------------------------


@pytest.fixture
def start_worker(transactional_db, tmp_path) -> Iterator[Callable[[], subprocess.Popen]]:
    _needs_postgres()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}"
    if db.get("PASSWORD"):
        url += f":{db['PASSWORD']}"
    url += f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.test_settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "FACTCHECK_WORKER_HEARTBEAT_SECONDS": "1",
        "FACTCHECK_WORKER_STALE_SECONDS": "3",
        # libpq labels the worker's connections, so the test can cut exactly those.
        "PGAPPNAME": WORKER_APP_NAME,
    }
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    # Nothing may keep the test database open when pytest-django flushes or drops it.
    connection.close()


def test_a_task_whose_worker_was_killed_mid_task_is_taken_up_by_the_next_worker(
    start_worker, tmp_path
):
    marker = tmp_path / "marker"
    task = _task_row(marker=str(marker), seconds=120)
    first = start_worker()
    _wait_for(marker.exists, 60, "the first worker to start the task")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert _status(task) == TaskResultStatus.RUNNING  # what db_worker alone leaves behind
    start_worker()
    _wait_for(lambda: _status(task) == TaskResultStatus.SUCCESSFUL, 60, "the task to finish")
    task.refresh_from_db()
    assert task.return_value == "taken up again"
    assert len(task.worker_ids) == 2


def _cut_worker_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [WORKER_APP_NAME],
        )
        return len(cursor.fetchall())


def test_a_worker_survives_its_database_connections_being_cut_mid_task_and_idle(
    start_worker, tmp_path
):
    marker = tmp_path / "marker"
    task = _task_row(marker=str(marker), seconds=3)
    worker = start_worker()
    _wait_for(marker.exists, 60, "the worker to start the task")
    assert _cut_worker_connections() >= 1
    # The result could not be saved on the dead connection; the worker reconnects and runs
    # the interrupted task again instead of leaving it RUNNING or exiting.
    _wait_for(lambda: _status(task) == TaskResultStatus.SUCCESSFUL, 60, "the task to finish")
    assert worker.poll() is None
    # Cut again while it is idle; new work is still picked up by the same process.
    _cut_worker_connections()
    later = _task_row(marker=str(marker), seconds=0)
    _wait_for(lambda: _status(later) == TaskResultStatus.SUCCESSFUL, 60, "new work")
    assert worker.poll() is None


# Retry -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_retries_queue_one_task(monkeypatch, editor):
    _needs_postgres()
    article = ArticleFactory(extraction_status=Article.ExtractionStatus.FAILED)
    scheduled: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(5)

    def counting_schedule(*, article, actor=None, inline=None):
        with lock:
            scheduled.append(article.pk)
        return article

    monkeypatch.setattr(article_services, "article_extraction_schedule", counting_schedule)

    def retry(_n: int) -> None:
        try:
            loaded = Article.objects.get(pk=article.pk)
            connection.close()
            barrier.wait(timeout=30)
            article_services.article_extraction_retry(article=loaded, actor=editor)
        finally:
            connection.close()

    run_in_threads(retry, range(5))
    assert scheduled == [article.pk]


@pytest.mark.django_db
def test_a_retry_behind_another_finds_the_extraction_pending_and_queues_nothing(
    monkeypatch, editor
):
    article = ArticleFactory(extraction_status=Article.ExtractionStatus.FAILED)
    stale_copy = Article.objects.get(pk=article.pk)  # loaded before the first click landed
    scheduled: list[int] = []

    def counting_schedule(*, article, actor=None, inline=None):
        scheduled.append(article.pk)
        return article

    monkeypatch.setattr(article_services, "article_extraction_schedule", counting_schedule)
    article_services.article_extraction_retry(article=article, actor=editor)
    again = article_services.article_extraction_retry(article=stale_copy, actor=editor)
    assert scheduled == [article.pk]
    assert again.extraction_status == Article.ExtractionStatus.PENDING
