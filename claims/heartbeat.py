"""Worker heartbeats and the sweep that takes up work a dead worker left RUNNING.

django-tasks-db's worker claims a task by marking it RUNNING and has no lease: if the process
is killed (or loses the database mid-task), the row stays RUNNING forever. Our `run_worker`
command (README "Security and operations") adds the missing lease:

- each worker keeps a WorkerHeartbeat row, renewed every FACTCHECK_WORKER_HEARTBEAT_SECONDS
  by a thread, naming the task it is running;
- `sweep_stale_tasks` (run at worker start and periodically by every worker) puts a RUNNING
  task back to READY when no live heartbeat names it: its worker's beat is older than
  FACTCHECK_WORKER_STALE_SECONDS, or the worker is alive but lost the task in a database
  outage. A task that has been started FACTCHECK_WORKER_MAX_ATTEMPTS times is marked FAILED
  instead, so a task that kills its worker cannot loop forever.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

LOST_EXCEPTION = "claims.heartbeat.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task whose workers kept dying under it."""


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    task_id = models.UUIDField(null=True, blank=True, help_text="The task it is running now.")
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField()

    class Meta:
        app_label = "claims"

    def __str__(self) -> str:
        return f"worker {self.worker_id} (beat {self.beat_at:%H:%M:%S})"


def heartbeat_beat(*, worker_id: str, task_id: object | None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"task_id": task_id, "beat_at": now},
        create_defaults={"task_id": task_id, "beat_at": now, "started_at": now},
    )


def heartbeat_stop(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


@transaction.atomic
def sweep_stale_tasks() -> tuple[int, int]:
    """Re-queue RUNNING tasks no live worker holds; returns (re-queued, failed)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    FAILED, READY, RUNNING = (
        TaskResultStatus.FAILED,
        TaskResultStatus.READY,
        TaskResultStatus.RUNNING,
    )

    now = timezone.now()
    stale = now - timedelta(seconds=settings.FACTCHECK_WORKER_STALE_SECONDS)
    held = WorkerHeartbeat.objects.filter(beat_at__gte=stale, task_id__isnull=False).values(
        "task_id"
    )
    # A task claimed a moment ago may not be named by its worker's heartbeat yet.
    orphans = (
        DBTaskResult.objects.select_for_update(skip_locked=True)
        .filter(status=RUNNING, started_at__lt=stale)
        .exclude(id__in=held)
    )
    requeued = failed = 0
    for task in orphans:
        if len(task.worker_ids) >= settings.FACTCHECK_WORKER_MAX_ATTEMPTS:
            task.status = FAILED
            task.finished_at = now
            task.exception_class_path = LOST_EXCEPTION
            task.traceback = (
                f"The worker running this task stopped {len(task.worker_ids)} times "
                f"(workers {', '.join(task.worker_ids)}); it was not started again."
            )
            task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            failed += 1
        else:
            task.status = READY
            task.save(update_fields=["status"])
            requeued += 1
        logger.warning(
            "Task %s (%s) was left RUNNING by a lost worker: %s.",
            task.id,
            task.task_path,
            "marked failed" if task.status == FAILED else "queued again",
        )
    # Rows of workers gone for a day only clutter the admin.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return requeued, failed
