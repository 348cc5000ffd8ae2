"""Helpers for the watching catalogue (RELIABILITY.md (d) 1–19).

Two ways to drive the watcher, sharing the same editor scripts:

* `ReplayWatch` – the real `WatchLoop` (Batcher + Engine + publish) on a real temporary vault,
  fed the events watchdog reports (RELIABILITY table a) on a fake clock: deterministic, no sleeps.
* `RealWatch` – `run_watch` itself in a thread with real watchdog events and real time.

An editor script (`vim_save`, `emacs_save`, …) performs the editor's real system calls on disk and
calls `emit(kind, rel, dest)` with each event inotify would report; a `RealWatch` test passes
`no_events` (the kernel reports them), a replay passes `ReplayWatch.event`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import notes2insight.output as output_module
import notes2insight.pipeline as pipeline_module
import notes2insight.vault as vault_module
import notes2insight.watch as watch_module
from notes2insight.config import load_config
from notes2insight.engine import Engine
from notes2insight.vault import discover
from notes2insight.watch import Batcher, FsEvent, PathFilter, Policy, WatchLoop, run_watch

TODAY = dt.date(2026, 11, 24)
PROJECT = Path(__file__).resolve().parents[2]

CONFIG = """author = "王芳"
language = "zh"
colleagues = ["小刘", "孙经理"]
"""

# A small vault: a few customers, deals and promises in two months, so a start takes a blink.
SMALL_VAULT = {
    "2026/11/2026-11-23.md": """---
date: 2026-11-23
customers: [王建国]
deals:
  - customer: 王建国
    stage: 试驾
    model: 汉EV
    amount: 21.98万
    level: A
---

## 客户跟进

- 陪王总试驾了汉EV，对续航比较满意。

## 明日计划

- [ ] 明天上午给王总发贷款方案

## 失误

- 忘记提前给试驾车充电，试驾只开了十分钟。
""",
    "2026/11/2026-11-24.md": """---
date: 2026-11-24
customers: [李娜]
deals:
  - customer: 李娜
    stage: 报价
    model: 凯美瑞
    amount: 19.98万
---

## 今日工作

- 李娜到店看了凯美瑞，报了价。

## 明日计划

- [ ] 周五前给李娜发报价单
""",
    "2026/10/2026-10-15.md": """---
date: 2026-10-15
customers: [张伟]
deals:
  - customer: 张伟
    stage: 线索
    source: 抖音
---

- 张伟在抖音留了电话，想看汉EV。
- [ ] 下周给张伟打电话
""",
}

NOTE = "2026/11/2026-11-24.md"  # the note the editor tests change
LEDGER = "commitments.md"  # every promise shows here: the summary the edits are checked in


def make_vault(base: Path, notes: dict[str, str] | None = None) -> Path:
    """A notes folder with a config and `notes` (default: SMALL_VAULT)."""
    root = base / "notes"
    root.mkdir(parents=True)
    (root / "notes2insight.toml").write_text(CONFIG, encoding="utf-8")
    for rel, text in (SMALL_VAULT if notes is None else notes).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def promise(tag: str) -> str:
    """A promise line whose text is unique to one test step."""
    return f"- [ ] 明天给李娜送试驾资料{tag}\n"


def no_events(kind: str, rel: str, dest: str | None = None, is_dir: bool = False) -> None:
    """The `emit` of a real run: the kernel reports the events itself."""


Emit = Callable[..., None]


# --- editors and tools: their real system calls, and the events watchdog reports (table a) ---


def _write_new(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:
        f.write(data)


def _write_in_place(path: Path, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.truncate(0)
        f.write(data)


def _backup_and_write(root: Path, rel: str, text: str, emit: Emit) -> None:
    """The core of a rename-save (vim, Emacs): the note renamed to `note~`, a new note written."""
    note = root / rel
    os.rename(note, note.with_name(note.name + "~"))
    emit("moved", rel, rel + "~")
    _write_new(note, text.encode("utf-8"))
    emit("created", rel)
    emit("modified", rel)
    emit("closed", rel)


def vim_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """vim 9 with defaults.vim, outside /tmp (a.1 #1): swap file, 4913 probe, rename-save."""
    note = root / rel
    folder, name = note.parent, note.name
    swap = folder / f".{name}.swp"
    _write_new(swap, b"b0VIM 9.0")
    emit("created", _rel(root, swap))
    probe = folder / "4913"
    _write_new(probe, b"")
    emit("created", _rel(root, probe))
    emit("closed", _rel(root, probe))
    probe.unlink()
    emit("deleted", _rel(root, probe))
    _backup_and_write(root, rel, text, emit)
    (folder / (name + "~")).unlink()
    emit("deleted", rel + "~")
    swap.unlink()
    emit("deleted", _rel(root, swap))


def emacs_first_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """Emacs 28 (a.1 #12): lock symlink, autosave, first save renames the note to `note~`
    (kept)."""
    note = root / rel
    folder, name = note.parent, note.name
    lock, autosave = folder / f".#{name}", folder / f"#{name}#"
    os.symlink("user@host.4242:1700000000", lock)  # dangling, as Emacs makes it
    emit("created", _rel(root, lock))
    _write_new(autosave, text.encode("utf-8"))
    emit("created", _rel(root, autosave))
    emit("modified", _rel(root, autosave))
    emit("closed", _rel(root, autosave))
    _backup_and_write(root, rel, text, emit)
    lock.unlink()
    emit("deleted", _rel(root, lock))
    autosave.unlink()
    emit("deleted", _rel(root, autosave))


def emacs_later_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """Emacs' later saves in one session: lock symlink, write in place, unlock."""
    note = root / rel
    lock = note.parent / f".#{note.name}"
    os.symlink("user@host.4242:1700000000", lock)
    emit("created", _rel(root, lock))
    _write_in_place(note, text.encode("utf-8"))
    emit("modified", rel)
    emit("closed", rel)
    lock.unlink()
    emit("deleted", _rel(root, lock))


def jetbrains_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """JetBrains safe write (a.1 #18)."""
    note = root / rel
    temp, old = Path(f"{note}___jb_tmp___"), Path(f"{note}___jb_old___")
    _write_new(temp, text.encode("utf-8"))
    emit("created", _rel(root, temp))
    emit("modified", _rel(root, temp))
    emit("closed", _rel(root, temp))
    os.rename(note, old)
    emit("moved", rel, _rel(root, old))
    os.rename(temp, note)
    emit("moved", _rel(root, temp), rel)
    old.unlink()
    emit("deleted", _rel(root, old))


def sed_save(root: Path, rel: str, text: str, emit: Emit, backup: str = "") -> None:
    """`sed -i` (a.1 #14), or `sed -i.bak` (#15) with `backup=".bak"`."""
    note = root / rel
    temp = note.parent / "sedAbC123"
    _write_new(temp, text.encode("utf-8"))
    emit("created", _rel(root, temp))
    emit("modified", _rel(root, temp))
    emit("closed", _rel(root, temp))
    if backup:
        os.rename(note, Path(f"{note}{backup}"))
        emit("moved", rel, rel + backup)
    os.rename(temp, note)
    emit("moved", _rel(root, temp), rel)


def vscode_atomic_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """VS Code's atomic write through `note.md.vsctmp` (a.1 #17)."""
    note = root / rel
    temp = Path(f"{note}.vsctmp")
    _write_new(temp, text.encode("utf-8"))
    emit("created", _rel(root, temp))
    emit("modified", _rel(root, temp))
    emit("closed", _rel(root, temp))
    os.rename(temp, note)
    emit("moved", _rel(root, temp), rel)


def syncthing_delivery(root: Path, rel: str, text: str, emit: Emit) -> None:
    """A file written elsewhere and moved onto the note (a.1 #23): one CREATE."""
    note = root / rel
    outside = root.parent / f"incoming-{note.name}"
    outside.write_text(text, encoding="utf-8")
    os.rename(outside, note)
    emit("created", rel)


def in_place_save(root: Path, rel: str, text: str, emit: Emit) -> None:
    """VS Code default save, nano, `write_text` (a.1 #16, #19)."""
    _write_in_place(root / rel, text.encode("utf-8"))
    emit("modified", rel)
    emit("closed", rel)


REPLACE_SAVES: dict[str, Callable[[Path, str, str, Emit], None]] = {
    "jetbrains": jetbrains_save,
    "sed-i": sed_save,
    "sed-i-bak": lambda root, rel, text, emit: sed_save(root, rel, text, emit, backup=".bak"),
    "vscode-vsctmp": vscode_atomic_save,
    "syncthing-mv": syncthing_delivery,
}


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


# --- spies ------------------------------------------------------------------------------------


@dataclass
class Spy:
    """What the pipeline read and parsed, and every file revision written (path, bytes)."""

    read: list[str] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)
    writes: list[tuple[str, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def revisions(self, path: Path) -> list[str]:
        with self.lock:
            return [data.decode("utf-8") for p, data in self.writes if p == str(path)]


def install_spy(monkeypatch) -> Spy:
    spy = Spy()
    real_read, real_parse = vault_module.read_bytes, pipeline_module._parse
    real_write = output_module.atomic_write_bytes

    def read_bytes(note, max_bytes):
        with spy.lock:
            spy.read.append(note.rel)
        return real_read(note, max_bytes)

    def parse(rel, data, config):
        if rel != pipeline_module.WARM_UP_PATH:  # the watcher's warm-up reads no note
            with spy.lock:
                spy.parsed.append(rel)
        return real_parse(rel, data, config)

    def atomic_write_bytes(path, data, **options):
        with spy.lock:
            spy.writes.append((str(path), bytes(data)))
        return real_write(path, data, **options)

    monkeypatch.setattr(vault_module, "read_bytes", read_bytes)
    monkeypatch.setattr(pipeline_module, "_parse", parse)
    monkeypatch.setattr(output_module, "atomic_write_bytes", atomic_write_bytes)
    return spy


# --- the deterministic replay -------------------------------------------------------------------


class FakeSource:
    """Stands in for watchdog in a replay: alive until told otherwise."""

    def __init__(self) -> None:
        self.running = True

    def alive(self) -> bool:
        return self.running


class ReplayWatch:
    """The real WatchLoop on a real vault, fed recorded-shape events on a fake clock."""

    STEP = 0.005  # the fake clock's resolution

    def __init__(self, root: Path, *, policy: Policy | None = None, close_events: bool = True,
                 today: dt.date = TODAY, config_root: Path | None = None) -> None:
        self.config, _ = load_config(config_root or root)
        self.root = root
        self.real_root = os.path.realpath(root)
        self.engine = Engine(self.config, today=lambda: today)
        self.outcomes: list = []
        self.lines: list[str] = []
        self.updates: list[tuple[frozenset[str], bool]] = []  # (changed, rescan) per engine.update
        self.initial = self.engine.start()
        real_update = self.engine.update

        def update(changed: set[str], rescan: bool = False):
            self.updates.append((frozenset(changed), rescan))
            return real_update(changed, rescan=rescan)

        self.engine.update = update
        paths = PathFilter(self.config.notes_dir, (self.config.output_dir, self.config.cache_path))
        self.batcher = Batcher(paths, self.engine.known_under,
                               lambda rel: os.path.lexists(os.path.join(paths.root, rel)),
                               policy or Policy(), close_events=close_events)
        self.source = FakeSource()
        self.loop = WatchLoop(self.engine, self.batcher, self.config.notes_dir, self.source,
                              self.lines.append, self.outcomes.append)
        self.now = 1000.0
        self.loop.begin(self.now)
        self.exit_code: int | None = None

    def event(self, kind: str, rel: str, dest: str | None = None, is_dir: bool = False,
              after: float = 0.001) -> None:
        """Feed one event `after` seconds after the previous one (paths relative to the root)."""
        self.tick(after)
        self.loop.feed(FsEvent(kind, self._abs(rel), is_dir,
                               self._abs(dest) if dest is not None else None), self.now)

    def _abs(self, rel: str) -> str:
        return self.real_root if rel in ("", ".") else os.path.join(self.real_root, rel)

    def tick(self, seconds: float) -> None:
        end = self.now + seconds
        while self.now < end and self.exit_code is None:
            self.now = min(end, self.now + self.STEP)
            self.exit_code = self.loop.step(self.now)

    def settle(self, seconds: float = 3.0) -> list:
        self.tick(seconds)
        return self.outcomes

    def updated(self, summary: str) -> list:
        """The outcomes (after the initial build) that rewrote `summary`."""
        return [o for o in self.outcomes if summary in o.report.updated]

    def summary(self, rel: str = LEDGER) -> str:
        return (self.config.output_dir / rel).read_text(encoding="utf-8")

    def index(self) -> set[str]:
        return set(self.engine.refresher.cache.state.entries)


class PollReplay(ReplayWatch):
    """A replay of watchdog's PollingObserver: every `interval` of fake time, the events are
    watchdog's own snapshot diff of the real folder (so a replace-save shows as delete+create)."""

    def __init__(self, root: Path, interval: float = watch_module.POLL_INTERVAL, **kwargs) -> None:
        from watchdog.utils.dirsnapshot import DirectorySnapshot

        super().__init__(root, policy=Policy.for_polling(interval), close_events=False, **kwargs)
        self.interval = interval
        self.next_poll = self.now + interval
        self._snapshot = DirectorySnapshot(self.real_root, recursive=True)

    def tick(self, seconds: float) -> None:
        end = self.now + seconds
        while self.now < end and self.exit_code is None:
            self.now = min(end, self.now + self.STEP)
            if self.now >= self.next_poll:
                self.next_poll += self.interval
                self._poll()
            self.exit_code = self.loop.step(self.now)

    def _poll(self) -> None:
        from watchdog.utils.dirsnapshot import DirectorySnapshot, DirectorySnapshotDiff

        snapshot = DirectorySnapshot(self.real_root, recursive=True)
        diff = DirectorySnapshotDiff(self._snapshot, snapshot)
        self._snapshot = snapshot
        # the order PollingEmitter.queue_events uses
        for is_dir, deleted, modified, created, moved in (
                (False, diff.files_deleted, diff.files_modified, diff.files_created, diff.files_moved),
                (True, diff.dirs_deleted, diff.dirs_modified, diff.dirs_created, diff.dirs_moved)):
            for path in deleted:
                self.loop.feed(FsEvent("deleted", os.fsdecode(path), is_dir), self.now)
            for path in modified:
                self.loop.feed(FsEvent("modified", os.fsdecode(path), is_dir), self.now)
            for path in created:
                self.loop.feed(FsEvent("created", os.fsdecode(path), is_dir), self.now)
            for src, dest in moved:
                self.loop.feed(FsEvent("moved", os.fsdecode(src), is_dir, os.fsdecode(dest)), self.now)

    def event(self, *args, **kwargs) -> None:
        raise AssertionError("a polling replay takes its events from the disk; use no_events")


def disk_notes(config) -> set[str]:
    """What a full scan of the notes folder finds now."""
    found, _ = discover(config.notes_dir, (config.output_dir, config.cache_path))
    return {f.rel for f in found}


# --- the real watcher in a thread --------------------------------------------------------------


class RealWatch:
    """`run_watch` in a thread: real watchdog events, real time, a fixed `today`."""

    def __init__(self, monkeypatch, root: Path, *, poll: bool = False, today: dt.date = TODAY) -> None:
        self.config, _ = load_config(root)
        self.root = root
        self.lines: list[str] = []
        self.outcomes: list[tuple[float, object]] = []
        self.engines: list[Engine] = []
        self.sources: list = []
        engines, sources = self.engines, self.sources

        updates = self.updates = []  # (changed, rescan, when) per engine update
        self.busy = 0  # updates running now (a slow machine may still be in one)
        watch = self

        @dataclasses.dataclass
        class RecordingEngine(Engine):
            def __post_init__(self) -> None:
                engines.append(self)

            def update(self, changed: set[str], rescan: bool = False):
                updates.append((frozenset(changed), rescan, time.monotonic()))
                watch.busy += 1
                try:
                    return super().update(changed, rescan=rescan)
                finally:
                    watch.busy -= 1

        class RecordingSource(watch_module.WatchdogSource):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                sources.append(self)

        monkeypatch.setattr(watch_module, "Engine", RecordingEngine)
        monkeypatch.setattr(watch_module, "WatchdogSource", RecordingSource)
        self.stop_event = threading.Event()
        self.exit_code: int | None = None
        self.started = time.monotonic()

        def target() -> None:
            self.exit_code = run_watch(self.config, poll=poll, git_commit=False, git_quiet=60,
                                       force=False, echo=self.lines.append,
                                       status=lambda o: self.outcomes.append((time.monotonic(), o)),
                                       today=lambda: today, stop=self.stop_event)

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()
        wait_until(lambda: any(l.startswith("watching") for l in self.lines)
                   or self.exit_code is not None, 30, lambda: f"watcher never started: {self.lines}")
        self.ready = time.monotonic()

    @property
    def engine(self) -> Engine:
        return self.engines[-1]

    def updated(self, summary: str, since: float = 0.0) -> list:
        return [o for t, o in list(self.outcomes)
                if t >= since and o.note != "initial build" and summary in o.report.updated]

    def summary(self, rel: str = LEDGER) -> str:
        path = self.config.output_dir / rel
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def wait_for_text(self, text: str, rel: str = LEDGER, timeout: float = 10.0) -> None:
        wait_until(lambda: text in self.summary(rel), timeout,
                   lambda: f"{rel} never showed {text!r}; log: {self.lines[-5:]}")

    def wait_quiet(self, seconds: float = 0.8, timeout: float = 15.0) -> None:
        """Until no update started or ended for `seconds` and none is running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = max([self.ready] + [t for t, _ in self.outcomes[-1:]] + [t for *_, t in self.updates[-1:]])
            if not self.busy and time.monotonic() - last >= seconds:
                return
            time.sleep(0.05)
        raise AssertionError("the watcher never went quiet")

    def index(self) -> set[str]:
        return set(self.engine.refresher.cache.state.entries)

    def stop(self) -> int | None:
        self.stop_event.set()
        self.thread.join(10)
        assert not self.thread.is_alive(), "the watcher did not stop"
        return self.exit_code


def wait_until(predicate: Callable[[], bool], timeout: float, message: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message())
        time.sleep(0.02)


# --- the real watcher as a process ----------------------------------------------------------------


class WatchProcess:
    """`python -m notes2insight watch --quiet` in a subprocess, its output read line by line."""

    def __init__(self, root: Path, *extra: str, env: dict[str, str] | None = None,
                 prefix: tuple[str, ...] = ()) -> None:
        command = [*prefix, sys.executable, "-m", "notes2insight", "watch", str(root), "--quiet", *extra]
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})}, cwd=root.parent)
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for raw in self.process.stdout:
            self.lines.put(raw.decode("utf-8", "backslashreplace").rstrip("\n"))

    def expect(self, predicate: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for line in self.seen:
                if predicate(line):
                    return line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no such line within {timeout} s; output: {self.seen}")
            try:
                line = self.lines.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    raise AssertionError(f"watcher exited {self.process.returncode}: {self.seen}")
                continue
            self.seen.append(line)
            if predicate(line):
                return line

    def drain(self) -> list[str]:
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return self.seen

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


# --- a fresh build to compare with ------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every visible file under `folder` (the lock, manifest and temp files are hidden)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def fresh_build(root: Path, elsewhere: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """The summaries `n2i build --today` writes for a copy of the notes (output folder at the same
    place relative to the notes, so every link is the same)."""
    from click.testing import CliRunner

    from notes2insight.cli import main

    copy = elsewhere / root.name
    shutil.copytree(root, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("summaries", ".notes2insight-cache", ".git"))
    result = CliRunner().invoke(main, ["build", str(copy), "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    return tree(copy / "summaries")


def snapshot(root: Path, skip: tuple[str, ...] = ("summaries", ".notes2insight-cache", ".git")
             ) -> dict[str, tuple[bytes, int, int]]:
    """Every note file's bytes, inode and mtime: notes the tool must never touch."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                continue
            info = path.stat()
            found[path.relative_to(root).as_posix()] = (path.read_bytes(), info.st_ino,
                                                        info.st_mtime_ns)
    return found
