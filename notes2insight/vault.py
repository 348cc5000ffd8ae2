"""The notes folder on disk: which files are notes, and reading their bytes safely.

Editors leave litter beside notes (vim's `4913` probe and `.swp`, Emacs' `.#note.md` lock
symlink and `#note.md#`, JetBrains' `___jb_tmp___`); none of it is a note. Symlinks, FIFOs and
directories named `*.md` are never opened: a FIFO blocks `open()` forever and a link can point
at `/dev/zero` or outside the vault (see RELIABILITY.md, findings 4, 6 and 8).
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from typing import NamedTuple
from pathlib import Path

from .model import Problem, Severity

IGNORED_DIRS = frozenset({".git", ".obsidian", ".trash", ".idea", ".vscode", "node_modules",
                          "__pycache__", ".notes2insight-cache"})
IGNORED_NAME_PATTERNS = ("*.swp", "*.swo", "*.swx", "*~", "4913", ".#*", "#*#", "*___jb_tmp___",
                         "*___jb_old___", "*.vsctmp", "*.crswap", "*.tmp", "*.bak", "*.orig",
                         "sed??????", ".goutputstream-*", "._*", "~$*", ".~lock.*#", ".syncthing.*",
                         ".nfs*", ".fuse_hidden*", "*.n2i-tmp")


_IGNORED_NAME = re.compile("|".join(fnmatch.translate(p) for p in IGNORED_NAME_PATTERNS))


def is_ignored_name(name: str) -> bool:
    """True for editor and sync-tool litter, whatever its extension."""
    return _IGNORED_NAME.match(name) is not None


def is_note_name(name: str) -> bool:
    return name.lower().endswith(".md") and not is_ignored_name(name) and not name.startswith(".")


class NoteFile(NamedTuple):
    """A note found on disk: its path relative to the notes folder and its stat signature.
    (A named tuple: a vault walk makes one per note, and a frozen dataclass costs 5× more.)"""

    rel: str  # POSIX separators
    path: str | Path
    size: int
    mtime_ns: int
    inode: int


def escaped_name(rel: str) -> str | None:
    """None for a name that is valid UTF-8; else the name with its other bytes shown as `\\xff`.

    os.fsdecode turns such bytes into lone surrogates, which no UTF-8 summary can hold
    (RELIABILITY (d) 17, W-paths)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return None


def relative_name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def discover(root: Path, skip: tuple[Path, ...] = ()) -> tuple[list[NoteFile], list[Problem]]:
    """Every note under `root` (a folder's notes, then its sub-folders, each in name order);
    skipped oddities become warnings.

    `skip` holds folders to leave out (the output and cache folders). One `lstat` per note and
    no per-note `Path` arithmetic: an unchanged vault is recognised from this walk alone.
    """
    root_text = os.path.realpath(root)
    skip_real = {os.path.realpath(p) for p in skip}
    notes: list[NoteFile] = []
    problems: list[Problem] = []

    def walk(folder: str, prefix: str) -> list[tuple[str, str]]:
        """This folder's notes; its sub-folders to walk next."""
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # vanished or unreadable while we looked
            return []
        subfolders = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if not name.startswith(".") and name not in IGNORED_DIRS \
                        and entry.path not in skip_real:
                    subfolders.append(entry)
                continue
            if not name.lower().endswith(".md") or name.startswith(".") or is_ignored_name(name):
                continue  # is_note_name, inlined: this loop runs once per note
            rel = prefix + name
            shown = escaped_name(rel)
            if shown is not None:  # a link to it could not be written into any summary
                problems.append(Problem(shown, 1, "file name is not valid UTF-8; skipped (rename "
                                        "the note)", "bad-name", Severity.WARNING))
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # deleted while we looked
                continue
            if stat.S_ISLNK(info.st_mode):
                problems.append(Problem(rel, 1, "symbolic link, not followed; skipped", "symlink",
                                        Severity.WARNING))
                continue
            if not stat.S_ISREG(info.st_mode):
                problems.append(Problem(rel, 1, "not a regular file; skipped", "not-a-file",
                                        Severity.WARNING))
                continue
            notes.append(NoteFile(rel, entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
        # a directory named like a note is not a note, and deserves a word
        for entry in subfolders:
            if entry.name.lower().endswith(".md"):
                problems.append(Problem(prefix + entry.name, 1,
                                        "a folder named like a note; its notes are read, it is not",
                                        "not-a-file", Severity.WARNING))
        return [(entry.path, prefix + entry.name + "/") for entry in subfolders]

    pending = [(root_text, "")]  # a stack, not recursion: any depth of folders
    while pending:
        pending.extend(reversed(walk(*pending.pop())))
    return notes, problems


def read_bytes(note: NoteFile, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The note's bytes, or a problem. Never follows a symlink, never opens a FIFO."""
    if note.size > max_bytes:
        return None, [Problem(note.rel, 1, f"{note.size} bytes > limit {max_bytes}; skipped",
                              "too-big")]
    try:
        fd = os.open(note.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, [Problem(note.rel, 1, f"cannot open: {exc.strerror or exc}", "unreadable")]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(note.rel, 1, "not a regular file; skipped", "not-a-file")]
        if info.st_size > max_bytes:
            return None, [Problem(note.rel, 1, f"{info.st_size} bytes > limit {max_bytes}; skipped",
                                  "too-big")]
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            return None, [Problem(note.rel, 1, f"more than {max_bytes} bytes; skipped", "too-big")]
        return data, []
    except OSError as exc:
        return None, [Problem(note.rel, 1, f"cannot read: {exc.strerror or exc}", "unreadable")]
    finally:
        os.close(fd)


def note_file(root: Path, rel: str) -> NoteFile | None:
    """The note at `rel` if it is (still) a regular note file; None if gone or not a note."""
    parts = rel.split("/")
    if not is_note_name(parts[-1]) or any(p.startswith(".") or p in IGNORED_DIRS for p in parts[:-1]):
        return None
    if escaped_name(rel) is not None:
        return None  # skipped with a warning by discover()
    folder = os.path.join(os.path.realpath(root), *parts[:-1])
    if os.path.realpath(folder) != folder:
        return None  # reached through a symlinked folder (`loop -> ..`): discover() never goes there
    path = Path(root, *parts)
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return NoteFile(rel, path, info.st_size, info.st_mtime_ns, info.st_ino)
