"""`n2i watch`: keep every summary current while the user types.

The loop never reads a note in an event callback. Events only mark *paths* dirty; a path is
acted on once it has settled (an editor's save dance — vim's rename, Emacs' lock link, JetBrains'
temp file, an in-place write that is still going — is over), and dirty paths are handed to the
pipeline in batches. Policy from RELIABILITY.md (a.3), with the settle times short enough that a
save shows in the summaries within a blink.

    FsEvent ─▶ Batcher (pure: settle, grace, batch) ─▶ set of changed notes ─▶ Refresher ─▶ build_some ─▶ publish
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .engine import Engine, Outcome
from .vault import IGNORED_DIRS, is_ignored_name, is_note_name

GIT_BUSY = ("index.lock", "MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD",
            "REVERT_HEAD", "BISECT_LOG")


@dataclass(frozen=True, slots=True)
class FsEvent:
    kind: str  # "created" | "modified" | "closed" | "deleted" | "moved" | "overflow"
    path: str  # absolute
    is_dir: bool = False
    dest: str | None = None


@dataclass
class Policy:
    settle: float = 0.03  # quiet time for a path whose write is complete
    open_write: float = 5.0  # wait this long for CLOSE_WRITE after a bare MODIFY
    grace: float = 1.0  # a path still missing after this is deleted (not an editor's rename)
    batch_quiet: float = 0.03  # global quiet before a batch goes out
    max_latency: float = 10.0  # during a long burst, still hand out a batch this often
    burst_settle: float = 0.5  # a note saved again within `burst_window`: wait for the burst to end
    burst_window: float = 1.0


class PathFilter:
    """Which paths matter: notes under the root, not in hidden/ignored folders, not our output."""

    def __init__(self, root: Path, skip: Iterable[Path]) -> None:
        self.root = os.path.realpath(root)
        self.skip = tuple(os.path.realpath(p) for p in skip)

    def relative(self, path: str, is_dir: bool = False) -> str | None:
        path = os.path.normpath(path)
        if path == self.root or not path.startswith(self.root + os.sep):
            return None
        if any(path == s or path.startswith(s + os.sep) for s in self.skip):
            return None
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        parts = rel.split("/")
        folders = parts if is_dir else parts[:-1]
        if any(p.startswith(".") or p in IGNORED_DIRS for p in folders):
            return None
        if is_dir:
            return rel
        name = parts[-1]
        return rel if is_note_name(name) and not is_ignored_name(name) else None


@dataclass
class _Dirty:
    first: float
    last: float
    closed: bool  # the last write event was a CLOSE_WRITE (or a rename into place)
    missing_since: float | None = None
    saves: int = 1  # completed writes since the path became dirty


class Batcher:
    """Pure debouncing logic: feed events with a clock reading, poll for batches."""

    def __init__(self, paths: PathFilter, known_under: Callable[[str], Iterable[str]],
                 exists: Callable[[str], bool], policy: Policy | None = None,
                 close_events: bool = True) -> None:
        self.paths = paths
        self.close_events = close_events  # inotify reports CLOSE_WRITE; polling cannot
        self.known_under = known_under
        self.exists = exists
        self.policy = policy or Policy()
        self.dirty: dict[str, _Dirty] = {}
        self.last_event = 0.0
        self.burst_start: float | None = None
        self.rescan = False
        self.handed_out: dict[str, float] = {}  # path -> when it last went out in a batch

    def feed(self, event: FsEvent, now: float) -> None:
        if event.kind == "overflow":
            self.rescan = True  # events were lost: the whole tree must be compared again
            self._touch_time(now)
            return
        for path, final in ((event.path, event.kind != "moved"), (event.dest, True)):
            if not path:
                continue
            if event.is_dir:
                # A folder moved or deleted: its notes get no events of their own (RELIABILITY
                # a.2). A folder created or moved in gets synthetic events for its content, and
                # a folder "modified" only means a file in it changed.
                rel = self.paths.relative(path, is_dir=True)
                if rel is not None and event.kind in ("deleted", "moved") and path == event.path:
                    for note in self.known_under(rel):
                        self._mark(note, now, closed=True)
                continue
            rel = self.paths.relative(path)
            if rel is None:
                continue
            closed = event.kind != "modified" or not self.close_events
            self._mark(rel, now, closed=closed)
        self._touch_time(now)

    def feed_path(self, rel: str, now: float) -> None:
        """Mark a note dirty again (a batch that had to wait)."""
        self._mark(rel, now, closed=True)

    def _touch_time(self, now: float) -> None:
        self.last_event = now
        if self.burst_start is None:
            self.burst_start = now

    def _mark(self, rel: str, now: float, closed: bool) -> None:
        item = self.dirty.get(rel)
        if item is None:
            self.dirty[rel] = _Dirty(now, now, closed)
        else:
            item.last = now
            if closed and not item.closed or closed and now - item.last > 0:
                item.saves += 1
            item.closed = closed
            item.missing_since = None

    def _settled(self, rel: str, item: _Dirty, now: float) -> bool:
        quiet = now - item.last
        if not item.closed and quiet < self.policy.open_write:
            return False  # a bare MODIFY: an in-place writer may still be writing (a.1 #20)
        recent = item.saves > 2 or now - self.handed_out.get(rel, -1e9) < self.policy.burst_window
        if quiet < (self.policy.burst_settle if recent else self.policy.settle):
            return False  # autosave every 100 ms: one update for the burst, not one per save
        if not self.exists(rel):
            if item.missing_since is None:
                item.missing_since = now
            return now - item.missing_since >= self.policy.grace
        return True

    def poll(self, now: float) -> tuple[set[str], bool] | None:
        """A batch (changed paths, rescan?) when one is ready, else None."""
        if not self.dirty and not self.rescan:
            self.burst_start = None
            return None
        quiet = now - self.last_event
        forced = self.burst_start is not None and now - self.burst_start >= self.policy.max_latency
        if quiet < self.policy.batch_quiet and not forced:
            return None
        ready = {rel for rel, item in self.dirty.items() if self._settled(rel, item, now)}
        if not ready and not self.rescan:
            return None
        if len(ready) < len(self.dirty) and not forced:
            return None  # hand out one consistent batch once every path has settled
        for rel in ready:
            del self.dirty[rel]
            self.handed_out[rel] = now
        if len(self.handed_out) > 1000:
            self.handed_out = {r: t for r, t in self.handed_out.items()
                               if now - t < self.policy.burst_window}
        rescan, self.rescan = self.rescan, False
        self.burst_start = None if not self.dirty else now
        return ready, rescan

    def next_check(self, now: float) -> float:
        """Seconds until polling again makes sense."""
        if not self.dirty and not self.rescan:
            return 0.2  # idle: wake up now and then for the clock, the health check, a stop
        return max(0.005, min(self.policy.settle, self.policy.batch_quiet) / 2)


def git_busy(notes_dir: Path) -> str | None:
    """The name of a git operation in progress in the notes' repository, if any."""
    for folder in (notes_dir, *notes_dir.parents):
        git = folder / ".git"
        if git.is_dir():
            for marker in GIT_BUSY:
                if (git / marker).exists():
                    return marker
            return None
    return None


class WatchdogSource:
    """Real file-system events from watchdog, put on a queue (never acted on in the callback)."""

    def __init__(self, root: Path, events: "queue.Queue[FsEvent]", poll: bool = False) -> None:
        self.root = os.path.realpath(root)  # a symlinked root gets no events otherwise
        self.events = events
        self.poll = poll
        self.observer = None
        self.note = ""
        self.polling = poll

    def start(self) -> None:
        import logging

        from watchdog.events import FileSystemEventHandler

        queue_ = self.events

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                kind = {"created": "created", "modified": "modified", "closed": "closed",
                        "deleted": "deleted", "moved": "moved"}.get(event.event_type)
                if kind is None:
                    return
                queue_.put(FsEvent(kind, os.fsdecode(event.src_path), event.is_directory,
                                   os.fsdecode(getattr(event, "dest_path", "") or "") or None))

        class Overflow(logging.Handler):
            # watchdog only logs a queue overflow; turn it into a full rescan (RELIABILITY 5e)
            def emit(self, record) -> None:
                if "overflow" in record.getMessage().lower():
                    queue_.put(FsEvent("overflow", ""))

        logging.getLogger("watchdog.observers.inotify_c").addHandler(Overflow())
        if not self.poll:
            try:
                from watchdog.observers import Observer

                self.observer = Observer()
                self.observer.schedule(Handler(), self.root, recursive=True)
                self.observer.start()
                limit = self._watch_limit_note()
                if limit:
                    self.note = limit
                return
            except OSError as exc:  # inotify watch or instance limit
                self.note = (f"inotify unavailable ({exc.strerror or exc}); polling every 1 s instead. "
                             "Raise the limit with: sudo sysctl fs.inotify.max_user_watches=524288")
                self.observer = None
        from watchdog.observers.polling import PollingObserver

        self.polling = True
        self.observer = PollingObserver(timeout=1.0)
        self.observer.schedule(Handler(), self.root, recursive=True)
        self.observer.start()

    def _watch_limit_note(self) -> str:
        try:
            limit = int(Path("/proc/sys/fs/inotify/max_user_watches").read_text())
        except (OSError, ValueError):
            return ""
        folders = sum(1 for _ in os.walk(self.root))
        if folders > limit:
            return (f"{folders} folders but fs.inotify.max_user_watches={limit}: some folders are "
                    "not watched; a rescan every minute covers them. Raise the limit with: "
                    f"sudo sysctl fs.inotify.max_user_watches={folders * 2}")
        return ""

    def alive(self) -> bool:
        return self.observer is not None and self.observer.is_alive()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            try:
                self.observer.join(timeout=5)
            except RuntimeError:
                pass


def run_watch(config, *, poll: bool, git_commit: bool, git_quiet: float,
              force: bool, echo: Callable[[str], None], status=None,
              today: Callable[[], dt.date] = dt.date.today,
              stop: threading.Event | None = None) -> int:
    """The watch loop. Returns the exit code; Ctrl-C ends it cleanly."""
    from .lock import EXIT_LOCKED, LockBusy, OutputLock

    root = Path(config.notes_dir)
    if not root.is_dir():
        echo(f"error: notes folder not found: {root}")
        return 2
    lock = OutputLock(config.output_dir)
    try:
        lock.acquire()
    except LockBusy as busy:
        echo(f"error: {config.output_dir} is being written by {busy}; only one watcher or build at a time")
        return EXIT_LOCKED
    events: queue.Queue[FsEvent] = queue.Queue()
    engine = Engine(config, today=today, force=force)
    source = WatchdogSource(root, events, poll=poll)
    stop = stop or threading.Event()
    _stop_on_signals(stop)
    pending_commit: set[str] = set()
    last_change = time.monotonic()
    try:
        source.start()  # watch first, then build: nothing saved during the build is missed
        if source.note:
            echo(f"warning: {source.note}")
        first = engine.start()
        first.note = "initial build"
        _show(first, echo, status)
        if not first.report.errors:
            pending_commit.update(first.report.updated)
        echo(f"watching {root} ({len(engine.refresher.cache.state.entries)} notes); Ctrl-C to stop")
        paths = PathFilter(root, (config.output_dir, config.cache_path))
        batcher = Batcher(paths, engine.known_under,
                          lambda rel: os.path.lexists(os.path.join(paths.root, rel)),
                          close_events=not source.polling)
        root_id = _identity(paths.root)
        next_health = time.monotonic() + 5
        next_rescan = time.monotonic() + (60 if source.note else 600)
        while not stop.is_set():
            timeout = batcher.next_check(time.monotonic())
            try:
                event = events.get(timeout=timeout)
                batcher.feed(event, time.monotonic())
                while True:  # drain what is already queued
                    batcher.feed(events.get_nowait(), time.monotonic())
            except queue.Empty:
                pass
            now = time.monotonic()
            ready = batcher.poll(now)
            if ready is not None:
                if git_busy(root):
                    # mid-rebase or mid-merge: wait, then act once on what git leaves (a.2)
                    for rel in ready[0]:
                        batcher.feed_path(rel, now)
                    batcher.rescan = batcher.rescan or ready[1]
                    time.sleep(0.2)
                    continue
                changed, rescan = ready
                outcome = engine.update(changed, rescan=rescan)
                _show(outcome, echo, status)
                pending_commit.update(outcome.report.updated)
                pending_commit.update(outcome.report.removed)
                last_change = now
            midnight = engine.midnight()
            if midnight is not None:
                midnight.note = "new day"
                _show(midnight, echo, status)
                pending_commit.update(midnight.report.updated)
            if git_commit and pending_commit and now - last_change >= git_quiet:
                from .gitcommit import commit_summaries

                periods = sorted({Path(p).stem for p in pending_commit
                                  if p.startswith(("weekly/", "monthly/", "annual/"))}, reverse=True)
                echo(commit_summaries(config.output_dir, sorted(pending_commit), periods))
                pending_commit.clear()
            if now - last_change >= 5 and engine.refresher.cache.state.dirty:
                engine.save_cache()  # after a quiet moment, not in the way of a save
            if now >= next_health:
                next_health = now + 5
                problem = _health(paths.root, root_id, source)
                if problem:
                    echo(f"error: {problem}")
                    return 1
            if now >= next_rescan:
                next_rescan = now + (60 if source.note else 600)
                batcher.rescan = True
    except KeyboardInterrupt:
        pass
    finally:
        source.stop()
        engine.save_cache()
        lock.release()
    echo("stopped")
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    """Ctrl-C and SIGTERM end the loop between updates: never mid-write, never a traceback."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, lambda *_: stop.set())
        except (ValueError, OSError):
            pass


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _health(root: str, identity, source: WatchdogSource) -> str | None:
    """The watched folder deleted, moved away or no longer watched: say so, never run blind."""
    now = _identity(root)
    if now is None:
        return f"the notes folder {root} is gone; stopping (start notes2insight watch again when it is back)"
    if now != identity:
        return f"the notes folder {root} was replaced or moved; stopping (start watch again)"
    if not source.alive():
        return "the file watcher stopped unexpectedly; stopping (start watch again)"
    return None


def _plain(outcome: Outcome) -> str:
    report = outcome.report
    stamp = time.strftime("%H:%M:%S")
    changed = ", ".join(outcome.changed[:3]) + ("…" if len(outcome.changed) > 3 else "")
    rewritten = ", ".join(list(report.updated)[:4]) + ("…" if len(report.updated) > 4 else "")
    head = outcome.note or changed or "update"
    text = (f"{stamp} {head}: {report.summary()} in {outcome.seconds * 1000:.0f} ms"
            + (f" [{rewritten}]" if rewritten else "")
            + (f"; {outcome.problems} problems" if outcome.problems else ""))
    return text


def _show(outcome: Outcome, echo: Callable[[str], None], status) -> None:
    for line in outcome.new_problems:
        echo(line)
    for path in outcome.fixed:
        echo(f"{path}: fixed")
    for error in getattr(outcome.report, "errors", ()):
        echo(f"error: {error}")
    for path in getattr(outcome.report, "kept_user_edits", ()):
        echo(f"{path}: edited by hand; kept (run build --force to overwrite)")
    if status is not None:
        status(outcome)
    else:
        echo(_plain(outcome))
