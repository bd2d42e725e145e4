"""`manage.py run_worker`: django-tasks-db's db_worker with a lease and a supervisor.

The upstream worker loop runs unchanged; around it this command adds what it lacks
(README "Security and operations"): a heartbeat thread naming the task in hand, a sweep of
tasks dead workers left RUNNING (claims/heartbeat.py) at start and every heartbeat or so, and
a supervising loop that, when the database goes away, waits with a growing back-off,
reconnects and carries on instead of exiting.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from claims.heartbeat import heartbeat_beat, heartbeat_stop, sweep_stale_tasks

logger = logging.getLogger("claims.worker")

MAX_BACKOFF_SECONDS = 30.0


class Heartbeat(threading.Thread):
    """Renews the worker's heartbeat row and sweeps for orphaned tasks, on its own database
    connection, until stopped. A failed beat (database down) is logged and tried again."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.task_id: object | None = None
        self._stop_event = threading.Event()
        self._wake = threading.Event()

    def beat_soon(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()

    def run(self) -> None:
        interval = settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS
        while not self._stop_event.is_set():
            try:
                close_old_connections()
                heartbeat_beat(worker_id=self.worker_id, task_id=self.task_id)
                sweep_stale_tasks()
            except (DatabaseError, InterfaceError) as exc:
                logger.warning("Heartbeat of worker %s failed: %s", self.worker_id, exc)
                connections.close_all()
            self._wake.wait(interval)
            self._wake.clear()
        connections.close_all()


class LeasedWorker(Worker):
    """The upstream worker, telling its heartbeat which task it holds."""

    def __init__(self, *, heartbeat: Heartbeat, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = heartbeat
        self.lost_task_id: object | None = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.heartbeat.task_id = db_task_result.id
        self.heartbeat.beat_soon()
        self.lost_task_id = db_task_result.id
        try:
            super().run_task(db_task_result)
            self.lost_task_id = None
        finally:
            self.heartbeat.task_id = None


def requeue_lost(task_id: object) -> None:
    """The task whose result could not be saved when the database went away: queue it again
    at once rather than wait for the sweep's stale window."""
    from django_tasks_db.compat import TaskResultStatus

    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY
    )
    logger.warning("Task %s was interrupted by a database outage: queued again.", task_id)


class Command(DbWorkerCommand):
    help = (
        "Run the database task worker with a heartbeat lease, a sweep of tasks dead workers "
        "left running, and reconnection after database outages."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        options["reload"] = False  # The supervisor restarts the loop; no autoreloader child.
        worker_id: str = options["worker_id"]
        heartbeat = Heartbeat(worker_id)
        worker = LeasedWorker(
            heartbeat=heartbeat,
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=(
                options["exclude_queues"].split(",") if options["exclude_queues"] else []
            ),
        )
        worker.configure_signals()
        backoff = 1.0
        started = False
        try:
            while True:
                try:
                    close_old_connections()
                    heartbeat_beat(worker_id=worker_id, task_id=None)
                    sweep_stale_tasks()
                    backoff = 1.0  # Connected again: the next outage starts a fresh back-off.
                    if worker.lost_task_id is not None:
                        requeue_lost(worker.lost_task_id)
                        worker.lost_task_id = None
                    if not started:
                        heartbeat.start()
                        started = True
                    worker.run()
                    return
                except (DatabaseError, InterfaceError) as exc:
                    if not worker.running:
                        return
                    logger.warning(
                        "Worker %s lost the database (%s); reconnecting in %.0f s.",
                        worker_id,
                        exc,
                        backoff,
                    )
                    connections.close_all()
                    time.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        finally:
            heartbeat.stop()
            with contextlib.suppress(DatabaseError, InterfaceError):
                heartbeat_stop(worker_id=worker_id)
