"""Tasks for the worker fault tests: importable by a real `run_worker` process."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def hold(marker: str, seconds: float) -> str:
    """The first run leaves a marker and holds the task for `seconds` (long enough to kill or
    cut off its worker); a run after that finds the marker and finishes at once."""
    path = Path(marker)
    if path.exists():
        return "taken up again"
    path.write_text("started")
    time.sleep(seconds)
    return "first run"
