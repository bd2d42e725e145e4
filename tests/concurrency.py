"""Running one piece of work from many threads at once, for the PostgreSQL race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any


def run_in_threads(work: Callable[[Any], None], args: Iterable[Any]) -> None:
    """Start a thread per argument, then wait for all of them; the work itself must close
    its database connection, since each thread has its own."""
    threads = [threading.Thread(target=work, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
