"""A persistent, disposable cache of what was extracted from each note.

Keyed per note by (size, mtime, inode) — so an unchanged vault is rebuilt without reading any
note — with the content hash as a second chance (a `touch` changes nothing), and per file by the
extractor's own code and the config. The file is signed with a key kept outside the vault, so
a cache file that was copied in, corrupted or written by another version is never trusted: it is
rebuilt with a warning.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .collector import FREEZE_FROM_NOTES, collector_paused
from .extract.customers import Directory
from .extract.people import Contribution
from .model import NoteFacts, Problem, pickled_by_constructor

CACHE_FILE = "facts.pickle"
JOURNAL_FILE = "facts.journal"
FORMAT = 3
_LARGE_PAYLOAD = 4_000_000  # bytes: about a thousand notes' facts (frozen as it loads)
# The modules whose code decides what a note's facts are: a change to any invalidates the cache.
_EXTRACTION_CODE = ("model.py", "pipeline.py", "config.py", "parse", "text", "extract")


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Entry:
    size: int
    mtime_ns: int
    inode: int
    digest: str  # sha1 of the note's bytes
    facts: NoteFacts | None  # None when the note could not be read as text
    taught: tuple[tuple[str, str], ...]
    contribution: Contribution
    problems: tuple[Problem, ...]
    directory: str  # fingerprint of the directory the facts were extracted with


@dataclass
class CacheState:
    entries: dict[str, Entry] = field(default_factory=dict)
    directory: Directory | None = None
    links: object = None  # pipeline.LinkSnapshot: promise keeping as the last link left it
    dirty: bool = False


def code_version() -> str:
    """Hash of the extraction code, so a new version of the rules never reuses old facts."""
    root = Path(__file__).parent
    digest = hashlib.sha1(str(FORMAT).encode())
    for name in _EXTRACTION_CODE:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _key_file() -> Path:
    from .config import user_cache_dir

    return user_cache_dir() / "cache.key"


def _signing_key() -> bytes:
    """A per-user secret outside the vault: a planted cache file cannot be signed."""
    path = _key_file()
    try:
        return path.read_bytes()
    except OSError:
        pass
    key = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
    except FileExistsError:
        return path.read_bytes()
    except OSError:
        pass  # no writable home: the cache lives for this process only
    return key


class Cache:
    """Load once, consult per note, save when something changed.

    Two files: the whole cache (`facts.pickle`) and a journal of the notes changed since it was
    written (`facts.journal`). A watcher in a large vault saves the journal only — a few entries
    instead of every note's facts (tens of seconds at 36,500 notes) — until the journal holds a
    quarter of the notes; then, and on `build`, the whole cache is written again.
    """

    def __init__(self, folder: Path, config_fingerprint: str) -> None:
        self.path = folder / CACHE_FILE
        self.journal_path = folder / JOURNAL_FILE
        self.identity = f"{code_version()}:{hashlib.sha1(config_fingerprint.encode()).hexdigest()[:12]}"
        self.warning: str | None = None
        self.state = CacheState()
        self.journal_ok = False  # may `save` write a journal instead of the whole cache?
        self._base: dict[str, Entry] = {}  # the entries the whole-cache file holds
        self._token = ""  # names that file, so a journal is applied to its own base only

    def _read(self, path: Path):
        """The signed payload of `path`, unpickled; None when there is no such file."""
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        signature, payload = blob[:32], blob[32:]
        if not hmac.compare_digest(signature, hmac.new(_signing_key(), payload, "sha256").digest()):
            raise ValueError("signature does not match")
        # A large cache is frozen as soon as it is loaded: the collector, enabled again with
        # millions of new objects in its youngest generation, walked them all on the next
        # allocation (a second of a ten-year vault's warm start)
        with collector_paused(FREEZE_FROM_NOTES if len(payload) >= _LARGE_PAYLOAD else 0):
            return pickle.loads(payload)

    def load(self) -> CacheState:
        try:
            loaded = self._read(self.path)
            if loaded is None:
                return self.state
            identity, token, state = loaded
            if identity != self.identity:
                return self.state  # another version of the rules or another config: start over
            if not isinstance(state, CacheState):
                raise ValueError("unexpected content")
        except OSError as exc:
            self.warning = f"{self.path}: cache unreadable ({exc.strerror}); rebuilding"
            return self.state
        except Exception as exc:  # corrupt, truncated, foreign: never trusted
            self.warning = f"{self.path}: cache ignored ({exc}); rebuilding"
            return self.state
        self._base, self._token = dict(state.entries), token
        try:
            journal = self._read(self.journal_path)
            if journal is not None:
                identity, base_token, changes, directory = journal
                if identity == self.identity and base_token == token:
                    # a copy: the saved linker's snapshot still holds the entries it linked
                    state.entries = dict(state.entries)
                    for rel, entry in changes.items():
                        if entry is None:
                            state.entries.pop(rel, None)
                        else:
                            state.entries[rel] = entry
                    state.directory = directory
        except Exception as exc:  # a damaged journal: the notes it covered are read again
            self.warning = f"{self.journal_path}: cache journal ignored ({exc})"
        state.dirty = False
        self.state = state
        return state

    def save(self) -> None:
        if not self.state.dirty:
            return
        entries = self.state.entries
        changes: dict[str, Entry | None] = {
            rel: entry for rel, entry in entries.items() if self._base.get(rel) is not entry}
        changes.update((rel, None) for rel in self._base.keys() - entries.keys())
        try:
            if self.journal_ok and self._token and len(changes) <= max(64, len(entries) // 4):
                self._write(self.journal_path, (self.identity, self._token, changes,
                                                self.state.directory))
            else:
                token = os.urandom(8).hex()
                self._write(self.path, (self.identity, token, self.state))
                self._base, self._token = dict(entries), token
                try:
                    self.journal_path.unlink()
                except FileNotFoundError:
                    pass
            self.state.dirty = False
        except OSError as exc:
            self.warning = f"{self.path}: cache not saved ({exc.strerror or exc})"

    @staticmethod
    def _write(path: Path, value) -> None:
        from .output import atomic_write_bytes

        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write_bytes(path, hmac.new(_signing_key(), payload, "sha256").digest() + payload)
