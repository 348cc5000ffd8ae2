"""Writing files: atomically, and only when the content changed.

A temp file in the target folder, fsync, the permissions a normal write would give, then
`os.replace`: a reader never sees a half-written summary and a crash leaves the old one
(RELIABILITY.md, c.2). A symlink planted at the target is replaced, never followed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".n2i-tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Replace `path` with `text` (UTF-8, LF) in one step."""
    atomic_write_bytes(path, text.encode("utf-8"), sync_folder=sync_folder)


def atomic_write_bytes(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace `path` with `data` in one step. `sync_folder=False`: the caller writes many
    files and syncs each folder once at the end (`sync_folders`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    if sync_folder:
        sync_folders([path.parent])


def sync_folders(folders) -> None:
    """Make the renames into `folders` durable (one fsync per folder)."""
    for folder in sorted(set(folders)):
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)


def write_if_changed(path: Path, text: str, *, sync_folder: bool = True) -> bool:
    """Write only when the bytes differ; returns True when the file was (re)written."""
    try:
        if not path.is_symlink() and path.read_bytes() == text.encode("utf-8"):
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    atomic_write(path, text, sync_folder=sync_folder)
    return True
