"""Issue 4's acceptance, end to end: `n2i watch` running in a tmux session, a note edited in
vim in another tmux window, the summary updated and the status printed; Ctrl-C stops it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_sample

pytestmark = pytest.mark.skipif(not (shutil.which("tmux") and shutil.which("vim")),
                                reason="needs tmux and vim (.ci/run installs both)")

NOTE = "2026/11/2026-11-24.md"
PROMISE = "明天给王总发tmux验收方案"


def _n2i() -> str:
    here = Path(sys.executable).parent / "n2i"
    return str(here) if here.exists() else shutil.which("n2i")


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_watch_in_tmux_shows_a_vim_save_in_the_summaries(tmp_path):
    notes = tmp_path / "notes"
    copy_sample(notes)
    socket = str(tmp_path / "tmux.sock")  # a private tmux server, never the user's

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-S", socket, *args], capture_output=True, text=True,
                              timeout=20, env={**os.environ, "TERM": "xterm"}).stdout

    def pane(target: str = "w:0") -> str:
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", target)

    tmux("new-session", "-d", "-s", "w", "-x", "200", "-y", "50",
         f"{_n2i()} watch {notes} --quiet; sleep 30")
    try:
        _wait(lambda: "watching" in pane(), 90, "the watcher to start")
        ledger = notes / "summaries" / "commitments.md"
        assert PROMISE not in ledger.read_text(encoding="utf-8")
        tmux("new-window", "-t", "w", "-n", "editor",
             f"vim -N -u NONE -i NONE -c 'set backupskip=' -c 'normal Go- [ ] {PROMISE}' "
             f"-c wq {notes / NOTE}")
        _wait(lambda: PROMISE in ledger.read_text(encoding="utf-8"), 30, "the ledger to update")
        _wait(lambda: NOTE in pane(), 10, "the status line naming the note")
        tmux("send-keys", "-t", "w:0", "C-c")
        _wait(lambda: "stopped" in pane(), 15, "Ctrl-C to stop the watcher")
        assert "Traceback" not in pane()
    finally:
        tmux("kill-server")
