"""`n2i watch`: keep every summary current while the user types.

The loop never reads a note in an event callback. Events only mark *paths* dirty; a path is
acted on once it has settled (an editor's save dance — vim's rename, Emacs' lock link, JetBrains'
temp file, an in-place write that is still going — is over), and dirty paths are handed to the
pipeline in batches. Policy from RELIABILITY.md (a.3), with the settle times short enough that a
save shows in the summaries within a blink.

    FsEvent ─▶ Batcher (pure: settle, grace, batch) ─▶ set of changed notes ─▶ Refresher ─▶ build_some ─▶ publish

`WatchLoop` is one step of that on any clock (git pauses, health checks, rescans, midnight);
`run_watch` feeds it watchdog's events and real time, the tests replay editors on a fake clock.
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

    @classmethod
    def for_polling(cls, interval: float) -> "Policy":
        """Polling sees no CLOSE_WRITE, only a diff per interval: a path is settled once a whole
        interval and a half passed without a change (a slow writer that writes at least once
        per interval is never read half-written; RELIABILITY a.2, PollingObserver)."""
        quiet = 1.5 * interval
        return cls(settle=quiet, burst_settle=quiet, burst_window=max(1.0, 2 * interval))


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
        tick = max(0.005, min(self.policy.settle, self.policy.batch_quiet) / 2)
        # a save's batch is due when the quiet time since the last event has passed: look
        # then, not up to a tick later (every save waited 0–15 ms more than it had to)
        remaining = self.policy.batch_quiet - (now - self.last_event)
        return remaining + 0.001 if 0 < remaining < tick else tick


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


POLL_INTERVAL = 1.0  # seconds between two looks at the tree when inotify cannot be used
SYSCTL_REMEDY = "sudo sysctl fs.inotify.max_user_watches={}"


class WatchdogSource:
    """Real file-system events from watchdog, put on a queue (never acted on in the callback)."""

    def __init__(self, root: Path, events: "queue.Queue[FsEvent]", poll: bool = False) -> None:
        self.root = os.path.realpath(root)  # a symlinked root gets no events otherwise
        self.events = events
        self.poll = poll
        self.observer = None
        self.note = ""
        self.polling = poll
        self._overflow = None  # our logging hook on watchdog's overflow warning

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

        self._overflow = Overflow()
        logging.getLogger("watchdog.observers.inotify_c").addHandler(self._overflow)
        if not self.poll:
            before = _inotify_fds()
            try:
                from watchdog.observers import Observer

                self.observer = Observer()
                self.observer.schedule(Handler(), self.root, recursive=True)
                self.observer.start()
            except OSError as exc:  # inotify watch or instance limit (ENOSPC / EMFILE)
                self.note = (f"inotify unavailable ({exc.strerror or exc}); polling every "
                             f"{POLL_INTERVAL:g} s instead. Raise the limit with: "
                             + SYSCTL_REMEDY.format(524288))
                self._stop_observer()
            else:
                shortfall = self._watch_shortfall(before)
                if not shortfall:
                    return
                # inotify silently skipped folders beyond the limit (RELIABILITY 5d): a folder
                # without a watch would never report a save, so poll the whole tree instead
                self.note = shortfall
                self._stop_observer()
        from watchdog.observers.polling import PollingObserver

        self.polling = True
        self.observer = PollingObserver(timeout=POLL_INTERVAL)
        self.observer.schedule(Handler(), self.root, recursive=True)
        self.observer.start()

    def _watch_shortfall(self, before: set[str]) -> str:
        """A warning when inotify holds fewer watches than there are folders, else ""."""
        for _ in range(2):  # a folder created while we counted is not a shortfall: look twice
            installed = _installed_watches(_inotify_fds() - before)
            if installed is None:
                return ""  # no /proc to ask: trust watchdog
            folders = sum(1 for _ in os.walk(self.root))
            if installed >= folders:
                return ""
        return (f"only {installed} of {folders} folders could be watched (inotify watch limit); "
                f"polling every {POLL_INTERVAL:g} s instead. Raise the limit with: "
                + SYSCTL_REMEDY.format(max(524288, folders * 2)))

    def alive(self) -> bool:
        return self.observer is not None and self.observer.is_alive()

    def _stop_observer(self) -> None:
        if self.observer is not None:
            try:
                self.observer.stop()
                self.observer.join(timeout=2)
            except RuntimeError:  # never started (instance limit): nothing to join
                pass
        self.observer = None

    def stop(self) -> None:
        import logging

        self._stop_observer()
        if self._overflow is not None:
            logging.getLogger("watchdog.observers.inotify_c").removeHandler(self._overflow)
            self._overflow = None


def _inotify_fds() -> set[str]:
    """This process's inotify instances, as /proc/self/fd entries."""
    found = set()
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for fd in names:
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == "anon_inode:inotify":
                found.add(fd)
        except OSError:
            pass
    return found


def _installed_watches(fds: set[str]) -> int | None:
    """How many watches the kernel holds for these inotify instances (None: cannot tell)."""
    if not fds:
        return None
    total = 0
    for fd in fds:
        try:
            with open(f"/proc/self/fdinfo/{fd}", encoding="ascii", errors="replace") as info:
                total += sum(1 for line in info if line.startswith("inotify wd:"))
        except OSError:
            return None
    return total


@dataclass
class WatchLoop:
    """What the watcher does with events, one step at a time, on any clock: the real loop
    (`run_watch`) feeds it watchdog's events and `time.monotonic()`, the tests replay an editor's
    events on a fake clock. It never sleeps."""

    engine: Engine
    batcher: Batcher
    root: Path  # the notes folder as configured
    source: object  # anything with alive(): is the event source still running?
    echo: Callable[[str], None]
    status: Callable | None = None
    git_commit: bool = False
    git_quiet: float = 60.0
    health_every: float = 5.0
    rescan_every: float = 600.0
    git_recheck: float = 0.2
    pending_commit: set[str] = field(default_factory=set)
    git_paused: str | None = None  # the git operation we wait for
    exit_code: int | None = None
    last_change: float = 0.0
    next_health: float = 0.0
    next_rescan: float = 0.0
    paused_until: float = 0.0
    root_real: str = ""  # what watchdog reports paths under
    root_id: tuple[int, int] | None = None  # (st_dev, st_ino) of the notes folder at start

    def begin(self, now: float) -> None:
        self.root_real = os.path.realpath(self.root)
        self.root_id = _identity(self.root_real)
        self.last_change = now
        self.next_health = now + self.health_every
        self.next_rescan = now + self.rescan_every

    def feed(self, event: FsEvent, now: float) -> None:
        if event.is_dir and event.kind in ("deleted", "moved") and event.path == self.root_real:
            self.next_health = now  # the notes folder itself went: say so now, not in 5 s
        self.batcher.feed(event, now)

    def step(self, now: float) -> int | None:
        """Act on whatever is due at `now`; the exit code once the loop must end."""
        ready = self.batcher.poll(now) if now >= self.paused_until else None
        if ready is not None:
            self._act(*ready, now)
        midnight = self.engine.midnight()
        if midnight is not None:
            midnight.note = "new day"
            _show(midnight, self.echo, self.status)
            self.pending_commit.update(midnight.report.updated)
        if self.git_commit and self.pending_commit and now - self.last_change >= self.git_quiet:
            from .gitcommit import commit_summaries

            periods = sorted({Path(p).stem for p in self.pending_commit
                              if p.startswith(("weekly/", "monthly/", "annual/"))}, reverse=True)
            self.echo(commit_summaries(self.engine.config.output_dir, sorted(self.pending_commit),
                                       periods))
            self.pending_commit.clear()
        if now - self.last_change >= 5 and self.engine.cache_dirty():
            self.engine.save_cache()  # after a quiet moment, not in the way of a save
        prepared = self.engine.became_ready()
        if prepared is not None and prepared >= 1.0:
            self.echo(f"ready: the facts and summaries' data of {self.engine.notes} notes loaded "
                      f"in {prepared:.1f} s")
        if now >= self.next_health:
            self.next_health = now + self.health_every
            problem = _health(self.root_real, self.root_id, self.source)
            if problem:
                self.echo(f"error: {problem}")
                self.exit_code = 1
                return 1
        if now >= self.next_rescan:
            self.next_rescan = now + self.rescan_every
            self.batcher.rescan = True
        return None

    def _act(self, changed: set[str], rescan: bool, now: float) -> None:
        marker = git_busy(self.root)
        if marker:
            # mid-rebase or mid-merge: the notes hold intermediate states; wait, then act once
            # on what git leaves (RELIABILITY a.2)
            for rel in changed:
                self.batcher.feed_path(rel, now)
            self.batcher.rescan = self.batcher.rescan or rescan
            if self.git_paused is None:
                self.echo(f"paused: git is busy ({marker}); summaries wait until it finishes")
            self.git_paused = marker
            self.paused_until = now + self.git_recheck
            return
        if self.git_paused is not None:
            # git may have rewritten notes faster than events arrive: compare the whole tree once
            self.git_paused = None
            rescan = True
        outcome = self.engine.update(changed, rescan=rescan)
        if rescan and not outcome.note:
            outcome.note = "full rescan"
        _show(outcome, self.echo, self.status)
        self.pending_commit.update(outcome.report.updated)
        self.pending_commit.update(outcome.report.removed)
        self.last_change = now

    def next_check(self, now: float) -> float:
        wait = self.batcher.next_check(now)
        if now < self.paused_until:
            wait = max(wait, self.paused_until - now)
        return wait


def run_watch(config, *, poll: bool, git_commit: bool, git_quiet: float,
              force: bool, echo: Callable[[str], None], status=None,
              today: Callable[[], dt.date] = dt.date.today,
              stop: threading.Event | None = None) -> int:
    """The watch loop. Returns the exit code; Ctrl-C and SIGTERM end it cleanly."""
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
    restore_signals = _stop_on_signals(stop)
    code = 0
    try:
        source.start()  # watch first, then build: nothing saved during the build is missed
        if source.note:
            echo(f"warning: {source.note}")
        first = engine.start()
        first.note = "initial build"
        _show(first, echo, status)
        echo(f"watching {root} ({engine.notes} notes); Ctrl-C to stop")
        if engine.preparing is None:  # a warm start loads jieba with the cached facts
            engine.warm_up()  # the first save then finds jieba loaded
        paths = PathFilter(root, (config.output_dir, config.cache_path))
        batcher = Batcher(paths, engine.known_under,
                          lambda rel: os.path.lexists(os.path.join(paths.root, rel)),
                          policy=Policy.for_polling(POLL_INTERVAL) if source.polling else Policy(),
                          close_events=not source.polling)
        loop = WatchLoop(engine, batcher, root, source, echo, status, git_commit=git_commit,
                         git_quiet=git_quiet, rescan_every=60 if source.note else 600)
        loop.begin(time.monotonic())
        if not first.report.errors:
            loop.pending_commit.update(first.report.updated)
        while not stop.is_set():
            try:
                event = events.get(timeout=loop.next_check(time.monotonic()))
                loop.feed(event, time.monotonic())
                while True:  # drain what is already queued
                    loop.feed(events.get_nowait(), time.monotonic())
            except queue.Empty:
                pass
            if stop.is_set():
                break
            result = loop.step(time.monotonic())
            if result is not None:
                code = result
                break
    except KeyboardInterrupt:
        pass
    finally:
        restore_signals()
        source.stop()
        engine.close()
        lock.release()
    if code == 0:
        echo("stopped")
    return code


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """Ctrl-C and SIGTERM end the loop: between updates, or at once while notes are only being
    read, extracted or rendered in memory (nothing is written then). A write in
    progress is always finished, so no summary is ever left half-written. Returns a function
    that puts the previous handlers back."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {}

    def handler(signum, frame) -> None:
        stop.set()
        if _only_reading(frame):
            raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):
            pass

    def restore() -> None:
        for signum, old in previous.items():
            try:
                signal.signal(signum, old)
            except (ValueError, OSError):
                pass

    return restore


# Steps that read, extract, link and render in memory, never write: a signal stops them at once
# (in a large vault one update computes for seconds before it writes anything)
_READING = ("refresh_paths", "refresh_all", "refresh_files", "build_some", "_aggregates")
_WRITING_MODULES = ("publish.py", "output.py", "cache.py", "lock.py", "gitcommit.py")


def _only_reading(frame) -> bool:
    """Is the interrupted code inside a read or an in-memory step, with no write anywhere on
    the stack?"""
    reading = False
    while frame is not None:
        code = frame.f_code
        if os.path.basename(code.co_filename) in _WRITING_MODULES:
            return False
        if code.co_name in _READING:
            reading = True
        frame = frame.f_back
    return reading


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
            + (f"; {outcome.problems} problem{'' if outcome.problems == 1 else 's'}" if outcome.problems else ""))
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
