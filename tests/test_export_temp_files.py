"""`export_verdicts --output` leaves no `.export-*` temp file behind: SIGTERM removes it, and
files a SIGKILLed run left are swept at the next run."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.core.management import call_command

from claims.management.commands import export_verdicts
from tests.factories import ClaimFactory, approved_verdict


@pytest.fixture
def published(editor):
    return [approved_verdict(ClaimFactory(), approver=editor) for _ in range(3)]


def _temp_files(folder) -> list[str]:
    return sorted(p.name for p in folder.glob(".export-*"))


def test_sigterm_mid_export_removes_the_temp_file(published, tmp_path, monkeypatch):
    real_write = export_verdicts.write_export
    seen: list[str] = []

    def write_then_get_terminated(handle, *args, **kwargs):
        handle.write(b"partial export")
        handle.flush()
        seen.extend(_temp_files(tmp_path))
        os.kill(os.getpid(), signal.SIGTERM)  # a real signal, delivered to this process
        return real_write(handle, *args, **kwargs)

    monkeypatch.setattr(export_verdicts, "write_export", write_then_get_terminated)
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as exited:
        call_command("export_verdicts", "--format", "csv", "--output", str(tmp_path / "out.csv"))
    assert exited.value.code == 128 + signal.SIGTERM
    assert len(seen) == 1  # the temp file existed mid-export...
    assert _temp_files(tmp_path) == []  # ...and is gone
    assert not (tmp_path / "out.csv").exists()
    assert signal.getsignal(signal.SIGTERM) == previous


def test_a_killed_runs_stale_temp_files_are_swept_at_the_next_run(published, tmp_path):
    stale = tmp_path / ".export-killed1"
    stale.write_bytes(b"x" * 1024)
    old = time.time() - export_verdicts.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    live = tmp_path / ".export-running"  # another export writing right now
    live.write_bytes(b"y")
    call_command("export_verdicts", "--format", "csv", "--output", str(tmp_path / "out.csv"))
    assert _temp_files(tmp_path) == [".export-running"]
    assert (tmp_path / "out.csv").exists()
