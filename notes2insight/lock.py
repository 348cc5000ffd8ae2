"""One writer at a time: a lock in the output folder that two watchers, or a watcher and a
`build`, share. The kernel releases it if the holder dies (flock via filelock), so a crash never
leaves a stale lock; a side file says who holds it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

LOCK_NAME = ".notes2insight.lock"
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


class LockBusy(Exception):
    """Another notes2insight process writes to this output folder."""


class OutputLock:
    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / LOCK_NAME
        self.info = Path(out_dir) / (LOCK_NAME + ".pid")
        self._lock = None

    def acquire(self) -> "OutputLock":
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise LockBusy(self.holder()) from None
        self._lock = lock
        try:
            self.info.write_text(f"pid {os.getpid()} on {socket.gethostname()}\n", encoding="utf-8")
        except OSError:
            pass
        return self

    def holder(self) -> str:
        try:
            return self.info.read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            return "another process"

    def release(self) -> None:
        if self._lock is not None:
            try:
                self.info.unlink()
            except OSError:
                pass
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
