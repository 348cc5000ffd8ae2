"""One writer at a time: a lock in the output folder that two watchers, or a watcher and a
`build`, share. The kernel releases it if the holder dies (flock via filelock), so a crash never
leaves a stale lock.

Who holds it is written into the lock file itself ("pid 123 on host"), so the lock is one file,
`.notes2insight.lock`, which the `.gitignore` of `n2i init` already lists (a side file
`.notes2insight.lock.pid` showed up in `git status` while a watcher ran; acceptance test 34).
Where the lock is not a kernel flock (Windows, or filelock's fallback on file systems without
flock, whose marker file must not be touched) the holder goes to that side file as before.

On a read-only output folder no process can write summaries, so there is nothing to exclude:
the build goes on unlocked and reports the read-only folder per file instead of crashing on the
lock (acceptance test 33).
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

LOCK_NAME = ".notes2insight.lock"
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later
_HOLDER_PREFIX = "pid "
# The lock file cannot be created or opened for writing, and no other process can hold it:
# a read-only file system, or (the file missing) a full disk or quota.
_NOTHING_TO_EXCLUDE = (errno.EROFS, errno.ENOSPC, errno.EDQUOT)


class LockBusy(Exception):
    """Another notes2insight process writes to this output folder."""


def _flags(*names: str) -> int:
    flags = 0
    for name in names:
        flags |= getattr(os, name, 0)
    return flags


class OutputLock:
    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / LOCK_NAME
        self.info = Path(out_dir) / (LOCK_NAME + ".pid")  # only where the lock is not a flock
        self._lock = None
        self._info_in_lock_file = False

    def acquire(self) -> "OutputLock":
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path), timeout=0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise LockBusy(self.holder()) from None
        except OSError as exc:
            if exc.errno == errno.EROFS or (exc.errno in _NOTHING_TO_EXCLUDE
                                            and not os.path.lexists(self.path)):
                return self  # unlocked: nobody can hold a lock file that cannot exist
            raise
        self._lock = lock
        holder = f"{_HOLDER_PREFIX}{os.getpid()} on {socket.gethostname()}\n"
        self._info_in_lock_file = self._write_into_lock_file(holder)
        try:
            if self._info_in_lock_file:
                self.info.unlink(missing_ok=True)  # left by an older version that was killed
            else:
                self.info.write_text(holder, encoding="utf-8")
        except OSError:
            pass
        return self

    def _write_into_lock_file(self, text: str) -> bool:
        """Write `text` into the lock file if our lock on it is a kernel flock; else False."""
        try:
            import fcntl
        except ImportError:  # Windows
            return False
        try:
            fd = os.open(self.path, _flags("O_RDWR", "O_NOFOLLOW", "O_CLOEXEC"))
        except OSError:
            return False
        try:
            try:
                # A second descriptor cannot take a flock that filelock holds through its own:
                # "would block" proves the lock is a real flock and the file is not a marker.
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                data = text.encode("utf-8")
                os.pwrite(fd, data, 0)  # write, then cut: the file is never seen empty
                os.ftruncate(fd, len(data))
                return True
            except OSError:
                return False
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        except OSError:
            return False
        finally:
            os.close(fd)

    def holder(self) -> str:
        """Who holds the lock, as the holder wrote it ("pid 123 on host")."""
        try:
            fd = os.open(self.path, _flags("O_RDONLY", "O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC"))
            try:
                text = os.read(fd, 256).decode("utf-8", "replace").strip()
            finally:
                os.close(fd)
            if text.startswith(_HOLDER_PREFIX):
                return text
        except OSError:
            pass
        try:
            return self.info.read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            return "another process"

    def release(self) -> None:
        if self._lock is None:
            return
        try:
            if self._info_in_lock_file:
                # Back to empty, so a lock file that was committed by mistake stays unchanged.
                fd = os.open(self.path, _flags("O_WRONLY", "O_NOFOLLOW", "O_CLOEXEC"))
                try:
                    os.ftruncate(fd, 0)
                finally:
                    os.close(fd)
            else:
                self.info.unlink()
        except OSError:
            pass
        self._lock.release()
        self._lock = None
        self._info_in_lock_file = False

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
