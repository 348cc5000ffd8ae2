"""Publishing a build's files into the output folder without ever clobbering the user's work.

`publish(out_dir, files)` takes `{relative POSIX path: generated text}` and makes the output
folder match it: it writes what changed, leaves the rest untouched (git and editors stay quiet),
deletes generated files the build no longer produces, and reports every outcome instead of
raising (RELIABILITY.md c.2; acceptance tests 30, 32, 36).

Layout of a generated Markdown file - the markers come *after* the generated text, so a summary
may start with YAML front matter:

    ...generated text...
    (one blank line)
    <!-- notes2insight:generated sha256=<hex> -->
    <!-- notes2insight:user-notes — 以下内容由你填写，重新生成时保留 / your notes below are kept -->
    ...the user's notes, carried over unchanged on every rebuild...

The hash covers the "generated part": everything before the `generated` marker line (the text,
its final newline and the blank line), read with LF line endings and without a BOM, so a checkout
with `core.autocrlf` or an editor adding a BOM does not count as a hand edit.

Other files (`.ics`, `.csv`, `.json`) carry no marker - many formats have no comments, and an
`.ics` must stay exactly what the calendar expects - they are recognised through the manifest
`.notes2insight-manifest.json`, which maps every generated path to the hash of what was written
(Markdown: the generated part; others: the whole file).

Rules:

* An existing file is overwritten only if it is ours and unedited: its generated part still
  matches its recorded hash (Markdown) or its content matches the manifest (other files).
  A hand-edited file, or a file the tool did not create, is left alone and listed in
  `kept_user_edits`; `force=True` overwrites it (a Markdown file's user notes are still kept).
* A path that was generated before and is not in `files` any more (a customer merged into an
  alias) is deleted if it is ours and unedited, and if its user-notes section is empty: the
  user's own notes are never deleted, not even with `force` - that file is reported as kept.
  Files without a marker and not in the manifest are never touched.
* Every target is a validated relative path that must resolve inside `out_dir` (no `..`, no
  absolute path, no hidden component, no symlinked folder leading out); a symlink planted at a
  target is replaced by a regular file, never followed (`atomic_write` replaces the link itself).
* Leftover `.*.n2i-tmp` files from a crashed write are removed first. The caller holds the
  output lock (RELIABILITY.md c.3) so no other writer's temp file is in flight.
* Same input, same bytes: a second publish of the same files writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PureWindowsPath

from .output import TEMP_SUFFIX, atomic_write, sync_folders, write_if_changed

__all__ = [
    "GENERATED_MARKER_PREFIX",
    "MANIFEST_NAME",
    "USER_MARKER",
    "PublishReport",
    "compose_markdown",
    "publish",
]

MANIFEST_NAME = ".notes2insight-manifest.json"
MARKDOWN_SUFFIXES = (".md", ".markdown")
GENERATED_MARKER_PREFIX = "<!-- notes2insight:"
USER_MARKER = ("<!-- notes2insight:user-notes — 以下内容由你填写，重新生成时保留 "
               "/ your notes below are kept -->")
_GENERATED_LINE = "<!-- notes2insight:generated sha256={} -->"
# The marker pair; the user marker's wording may change between versions, so only its prefix
# is matched. The first pair wins: a pair pasted into the user notes is just text.
_MARKERS = re.compile(
    r"^<!-- notes2insight:generated sha256=(?P<hash>[0-9a-f]{64}) -->\r?\n"
    r"<!-- notes2insight:user-notes[^\n]*(?:\n|\Z)",
    re.MULTILINE,
)
# Summaries are small; a huge .md in the output folder is not ours and is not read whole.
_MAX_SCAN_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class PublishReport:
    """What `publish` did, path by path (relative POSIX paths inside the output folder)."""

    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept_user_edits: tuple[str, ...] = ()  # edited by hand or not ours: not overwritten/deleted
    errors: tuple[str, ...] = ()  # "path: reason", e.g. "weekly/x.md: No space left on device"

    def summary(self) -> str:
        """One line for the console: `4 updated, 37 unchanged, 0 removed` (+ kept, errors)."""
        text = (f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed")
        if self.kept_user_edits:
            text += f", {len(self.kept_user_edits)} kept (edited by hand)"
        if self.errors:
            n = len(self.errors)
            text += f", {n} error" + ("" if n == 1 else "s")
        return text


@dataclass
class _Outcomes:
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def report(self) -> PublishReport:
        return PublishReport(
            updated=tuple(sorted(self.updated)),
            unchanged=tuple(sorted(self.unchanged)),
            removed=tuple(sorted(self.removed)),
            kept_user_edits=tuple(sorted(set(self.kept))),
            errors=tuple(sorted(self.errors)),
        )


# --- the Markdown file layout ------------------------------------------------------------------

def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _generated_part(generated: str) -> str:
    body = _lf(generated).rstrip("\n")
    return body + "\n\n" if body else ""


def compose_markdown(generated: str, user_notes: str = "") -> str:
    """The full text of a generated Markdown file: generated part, marker pair, user notes."""
    part = _generated_part(generated)
    return _compose(part, _sha256(part), user_notes)


def _compose(part: str, digest: str, user_notes: str) -> str:
    return f"{part}{_GENERATED_LINE.format(digest)}\n{USER_MARKER}\n{user_notes}"


@dataclass(frozen=True)
class _Marked:
    """An existing generated Markdown file, split at its markers."""

    unedited: bool  # the generated part still matches the hash recorded in the file
    digest: str  # the recorded hash
    user_notes: str  # everything after the user marker line, unchanged


def _split_markdown(text: str) -> _Marked | None:
    """Split a file at its marker pair; None if it has none (a file the tool did not write)."""
    match = _find_markers(text)
    if match is None:
        return None
    part = _lf(text[: match.start()].removeprefix("\ufeff"))
    return _Marked(unedited=_sha256(part) == match["hash"], digest=match["hash"],
                   user_notes=text[match.end():])


_MARKER_START = "<!-- notes2insight:generated sha256="


def _find_markers(text: str) -> re.Match | None:
    """`_MARKERS.search(text)`, found by the plain start of the marker line: a ledger of a
    megabyte is not run through the pattern line by line."""
    at = text.find(_MARKER_START)
    while at != -1:
        if at == 0 or text[at - 1] == "\n":
            match = _MARKERS.match(text, at)
            if match is not None:
                return match
        at = text.find(_MARKER_START, at + 1)
    return None


# --- paths -----------------------------------------------------------------------------------

def _path_problem(rel: object) -> str | None:
    """Why `rel` is not an acceptable generated path, or None if it is."""
    if not isinstance(rel, str) or not rel:
        return "not a relative path"
    if "\x00" in rel or "\\" in rel:
        return "path contains NUL or a backslash"
    if rel.startswith("/") or PureWindowsPath(rel).drive:
        return "absolute path; expected a path inside the output folder"
    parts = rel.split("/")
    if ".." in parts:
        return "path leaves the output folder"
    if any(part in ("", ".") for part in parts):
        return "path has an empty or '.' component"
    if any(part.startswith(".") for part in parts):
        # Keeps the manifest, temp files, .git and .obsidian out of reach of generated paths.
        return "hidden names are reserved"
    return None


def _is_markdown(rel: str) -> bool:
    return rel.lower().endswith(MARKDOWN_SUFFIXES)


def _inside(root: Path, path: Path) -> bool:
    """True if `path`'s folder, with symlinks resolved, is `root` or below it."""
    parent = os.path.realpath(path.parent)
    return os.path.commonpath([parent, str(root)]) == str(root)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file; None if missing. Never follows a symlink.

    Raises IsADirectoryError / OSError for a directory, FIFO or device at the path, and
    `_Symlink` for a symlink (the caller replaces it).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise _Symlink
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise OSError(0, "not a regular file")
    # O_NOFOLLOW: if a symlink appears between lstat and open, fail instead of reading through it.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read()


class _Symlink(Exception):
    """A symlink sits where a generated file belongs."""


# --- the manifest ----------------------------------------------------------------------------

# The manifest as this process last read or wrote it, with the file's identity then: a watcher
# rewrites it after every save, and at 10,000 summaries parsing and dumping the JSON each time
# is most of an update's writing. Any other change to the file (size, mtime, inode) reads it.
_last_manifest: dict = {}


def _identity(path: Path) -> tuple | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    # ctime too: no program sets it back, as one can the mtime (`touch -r`, an editor's
    # "preserve timestamps")
    return ((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if stat.S_ISREG(st.st_mode) else None)


def _read_manifest(root: Path) -> dict[str, str]:
    """Previously generated paths → hash; empty if missing, a symlink, or not our format."""
    path = root / MANIFEST_NAME
    known = _last_manifest.get("identity")
    if known is not None and known == _identity(path):
        return dict(_last_manifest["files"])
    try:
        data = _read_regular(path)
    except (OSError, _Symlink):
        return {}
    if data is None:
        return {}
    try:
        files = json.loads(data.decode("utf-8")).get("files", {})
    except (ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items()
            if isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v)}


def _write_manifest(root: Path, entries: dict[str, str]) -> None:
    path = root / MANIFEST_NAME
    known = _last_manifest.get("identity")
    if known is not None and known == _identity(path) and _last_manifest["files"] == entries:
        return  # the very file this process wrote, and nothing to change in it
    write_if_changed(path, _manifest_text(entries))
    _last_manifest.clear()
    _last_manifest.update(identity=_identity(path), files=dict(entries))


def _manifest_text(entries: dict[str, str]) -> str:
    """What `json.dumps(..., indent=2, sort_keys=True)` writes, line by line from a memo: the
    same bytes, without re-encoding or sorting 10,000 unchanged entries after every save."""
    if not entries:
        files = '  "files": {},'
    else:
        if _manifest_order.get("set") != entries.keys():
            _manifest_order.update(keys=sorted(entries), set=set(entries))
        order = _manifest_order["keys"]
        files = '  "files": {\n' + ",\n".join([_manifest_line(rel, entries[rel]) for rel in order]) + "\n  },"
    return '{\n' + files + '\n  "generator": "notes2insight",\n  "version": 1\n}\n'


_manifest_order: dict = {}  # the last manifest's paths, sorted (a save seldom adds or drops one)


@lru_cache(maxsize=1 << 16)
def _manifest_line(rel: str, digest: str) -> str:
    return f"    {json.dumps(rel, ensure_ascii=False)}: {json.dumps(digest)}"


# --- the steps -------------------------------------------------------------------------------

def _visible_tree(root: Path):
    """(folder, file names) below `root`, skipping hidden folders and never following links."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield Path(folder), sorted(names)


def _remove_temp_files(root: Path, out: _Outcomes) -> None:
    """Delete `.*.n2i-tmp` left by a write that was killed (RELIABILITY.md c.2, test 32)."""
    for folder, names in _visible_tree(root):
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                try:
                    os.unlink(folder / name)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    rel = (folder / name).relative_to(root).as_posix()
                    out.errors.append(f"{rel}: cannot remove leftover temp file: {_reason(exc)}")


def remove_temp_files(out_dir: Path) -> list[str]:
    """Delete a killed write's leftovers in `out_dir`; returns what could not be removed."""
    out = _Outcomes()
    root = Path(os.path.realpath(out_dir))
    if root.is_dir():
        _remove_temp_files(root, out)
    return out.errors


def _check_files(files: dict[str, str], out: _Outcomes) -> dict[str, str]:
    """The entries of `files` that may be written; the others become errors."""
    valid: dict[str, str] = {}
    for rel in sorted(files, key=str):
        text = files[rel]
        problem = _path_problem(rel)
        if problem is None and not isinstance(text, str):
            problem = f"generated content is {type(text).__name__}, not text"
        if problem is None and _is_markdown(rel) and GENERATED_MARKER_PREFIX in text:
            problem = "generated text contains the notes2insight marker"
        if problem is None:
            valid[rel] = text
        else:
            out.errors.append(f"{rel}: {problem}")
    # Two paths that one case-/normalisation-insensitive file system (macOS, Windows) sees as
    # one file: writing both would let the second overwrite the first there. Write neither.
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in valid:
        groups[unicodedata.normalize("NFC", rel).casefold()].append(rel)
    for group in groups.values():
        if len(group) > 1:
            for rel in group:
                others = ", ".join(o for o in group if o != rel)
                out.errors.append(f"{rel}: same file as {others} on case-insensitive file systems")
                del valid[rel]
    return valid


# What this process last wrote (or found unchanged) at each output path: the file's identity
# then, its hash and, for Markdown, the user's notes. A watcher's save rewrites a ledger of a
# megabyte or more; while the file is still the very one written, it need not be read, decoded
# and hashed again to know that it is ours, unedited, and what it holds.
_written: dict[str, tuple[tuple, str, str]] = {}


def _remember(path: Path, digest: str, user_notes: str) -> None:
    identity = _identity(path)
    if identity is not None:
        _written[str(path)] = (identity, digest, user_notes)


def _publish_known(path: Path, rel: str, generated: str, out: _Outcomes) -> str | None:
    """`_publish_one` for a file still exactly as this process left it; None if it is not."""
    known = _written.get(str(path))
    if known is None or known[0] != _identity(path):
        return None
    _, old_digest, user_notes = known
    if _is_markdown(rel):
        part = _generated_part(generated)
        digest = _sha256(part)
        text = None if digest == old_digest else _compose(part, digest, user_notes)
    else:
        digest = _sha256(generated)
        text = None if digest == old_digest else generated
    if text is None:
        out.unchanged.append(rel)
    else:
        atomic_write(path, text, sync_folder=False)  # publish syncs each folder once
        _remember(path, digest, user_notes)
        out.updated.append(rel)
    return digest


def _publish_one(root: Path, rel: str, generated: str, force: bool,
                 old_hash: str | None, out: _Outcomes) -> str | None:
    """Write one file if allowed and needed; returns the manifest hash to record (or None)."""
    path = root / rel
    if not _inside(root, path):
        out.errors.append(f"{rel}: path leaves the output folder (through a symlinked folder)")
        return old_hash
    try:
        digest = _publish_known(path, rel, generated, out)
        if digest is not None:
            return digest
        user_notes = ""
        try:
            existing = _read_regular(path)
        except _Symlink:
            existing = None  # replaced below: write_if_changed never writes through a link
        if _is_markdown(rel):
            if existing is not None:
                try:
                    marked = _split_markdown(existing.decode("utf-8"))
                except UnicodeDecodeError:
                    marked = None  # not UTF-8: certainly not written by us
                if marked is not None and (marked.unedited or force):
                    user_notes = marked.user_notes
                elif not force:
                    out.kept.append(rel)
                    return old_hash
            part = _generated_part(generated)
            digest = _sha256(part)
            text = _compose(part, digest, user_notes)
        else:
            text, digest = generated, _sha256(generated)
            if (existing is not None and existing != text.encode("utf-8") and not force
                    and hashlib.sha256(existing).hexdigest() != old_hash):
                out.kept.append(rel)
                return old_hash
        if write_if_changed(path, text, sync_folder=False):  # publish syncs each folder once
            out.updated.append(rel)
        else:
            out.unchanged.append(rel)
        _remember(path, digest, user_notes)
        return digest
    except (OSError, ValueError) as exc:  # ValueError: text that cannot be encoded as UTF-8
        out.errors.append(f"{rel}: {_reason(exc)}")
        return old_hash


def _stale_markdown(root: Path, wanted: set[str]) -> set[str]:
    """Marked Markdown files in the output folder that the build did not produce."""
    stale: set[str] = set()
    for folder, names in _visible_tree(root):
        for name in names:
            path = folder / name
            rel = path.relative_to(root).as_posix()
            if rel in wanted or not _is_markdown(name) or _path_problem(rel):
                continue
            try:
                st = os.lstat(path)
                if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_SCAN_BYTES:
                    continue
                data = _read_regular(path)
            except (OSError, _Symlink):
                continue
            if data is not None and _find_markers(data.decode("utf-8", "replace")):
                stale.add(rel)
    return stale


def _remove_one(root: Path, rel: str, force: bool, old_hash: str | None,
                out: _Outcomes) -> str | None:
    """Delete a stale generated file if it is ours, unedited and holds no user notes.

    Returns the manifest hash to keep for it (None: forget the path).
    """
    path = root / rel
    if _path_problem(rel) or not _inside(root, path):
        return None  # a hand-edited manifest cannot point us outside the folder
    try:
        try:
            data = _read_regular(path)
        except _Symlink:
            return None  # we never create symlinks: not ours
        if data is None:
            return None
        if _is_markdown(rel):
            try:
                marked = _split_markdown(data.decode("utf-8"))
            except UnicodeDecodeError:
                marked = None
            if marked is None:
                return None  # no marker: never touched
            if (not marked.unedited and not force) or marked.user_notes.strip():
                out.kept.append(rel)
                return old_hash or marked.digest
        elif old_hash is None:
            return None
        elif hashlib.sha256(data).hexdigest() != old_hash and not force:
            out.kept.append(rel)
            return old_hash
        os.unlink(path)
        out.removed.append(rel)
        _prune_empty_folders(root, path.parent)
        return None
    except OSError as exc:
        out.errors.append(f"{rel}: cannot remove: {_reason(exc)}")
        return old_hash


def _prune_empty_folders(root: Path, folder: Path) -> None:
    """Remove folders emptied by a deletion (e.g. `customers/` after the last merge)."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or not ours to remove): stop
        folder = folder.parent


def publish(out_dir: Path, files: dict[str, str], *, force: bool = False,
            keep: frozenset[str] | None = None, clean_temp: bool = True) -> PublishReport:
    """Make `out_dir` hold `files` ({relative POSIX path: text}); never raises for I/O faults.

    See the module docstring for the rules. `force=True` overwrites (and, when stale, deletes)
    files edited by hand and files without a marker; a Markdown file's user notes survive it.
    `keep`: an incremental update — generated files still wanted but not re-rendered this time;
    they are left alone, and only files the manifest lists outside `files | keep` are removed.
    """
    out = _Outcomes()
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        root = Path(os.path.realpath(out_dir))
        if not root.is_dir():
            raise NotADirectoryError(20, "not a directory")
    except OSError as exc:
        out.errors.append(f"{out_dir}: {_reason(exc)}")
        return out.report()

    if clean_temp:  # a crash's leftovers; a long-running watcher cleans them once at start
        _remove_temp_files(root, out)
    old_manifest = _read_manifest(root)
    valid = _check_files(files, out)
    new_manifest: dict[str, str] = {}
    for rel, text in valid.items():
        digest = _publish_one(root, rel, text, force, old_manifest.get(rel), out)
        if digest is not None:
            new_manifest[rel] = digest

    sync_folders((root / rel).parent for rel in out.updated)
    wanted = {rel for rel in files if isinstance(rel, str)}
    if keep is not None:
        wanted |= keep
        for rel in keep:
            if rel in old_manifest and rel not in new_manifest:
                new_manifest[rel] = old_manifest[rel]
        stale = set(old_manifest) - wanted
    else:
        stale = (set(old_manifest) - wanted) | _stale_markdown(root, wanted)
    for rel in sorted(stale):
        digest = _remove_one(root, rel, force, old_manifest.get(rel), out)
        if digest is not None:
            new_manifest[rel] = digest

    try:
        _write_manifest(root, new_manifest)
    except OSError as exc:
        out.errors.append(f"{MANIFEST_NAME}: {_reason(exc)}")
    return out.report()
