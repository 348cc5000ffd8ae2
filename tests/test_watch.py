"""Watch mode: the debouncer replayed on the event sequences real editors produce (no sleeps),
the incremental engine against a full rebuild, and the real watcher with a real editor."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_sample
from notes2insight.build import build_files
from notes2insight.config import load_config
from notes2insight.pipeline import run
from notes2insight.publish import publish
from notes2insight.engine import Engine
from notes2insight.watch import Batcher, FsEvent, PathFilter, Policy, run_watch

ROOT = "/vault"


class Replay:
    """Feeds an editor's event sequence to a Batcher on a fake clock and collects batches."""

    def __init__(self, present: set[str], known: tuple[str, ...] = ()) -> None:
        self.present = set(present)
        self.now = 0.0
        self.batches: list[set[str]] = []
        self.batcher = Batcher(PathFilter(Path(ROOT), (Path(ROOT, "summaries"),)),
                               lambda folder: [k for k in known if k.startswith(folder + "/")],
                               lambda rel: rel in self.present, Policy())
        PathFilter.__init__(self.batcher.paths, Path(ROOT), (Path(ROOT, "summaries"),))
        self.batcher.paths.root = ROOT
        self.batcher.paths.skip = (ROOT + "/summaries",)

    def event(self, kind: str, rel: str, dest: str | None = None, is_dir: bool = False,
              after: float = 0.001) -> None:
        self.tick(after)
        self.batcher.feed(FsEvent(kind, f"{ROOT}/{rel}", is_dir, f"{ROOT}/{dest}" if dest else None),
                          self.now)
        if kind in ("created", "closed") and not is_dir:
            self.present.add(rel)
        if kind == "deleted":
            self.present.discard(rel)
        if kind == "moved":
            self.present.discard(rel)
            if dest:
                self.present.add(dest)

    def tick(self, seconds: float) -> None:
        end = self.now + seconds
        while self.now < end:
            self.now = min(end, self.now + 0.005)
            ready = self.batcher.poll(self.now)
            if ready:
                self.batches.append(ready[0])

    def settle(self, seconds: float = 3.0) -> list[set[str]]:
        self.tick(seconds)
        return self.batches


NOTE = "2026/11/2026-11-26.md"


def test_vim_rename_save_is_one_update_not_a_deletion():
    r = Replay({NOTE})
    r.event("created", "2026/11/4913")
    r.event("closed", "2026/11/4913")
    r.event("deleted", "2026/11/4913")
    r.event("moved", NOTE, dest=NOTE + "~")
    r.event("created", NOTE)
    r.event("modified", NOTE)
    r.event("closed", NOTE)
    r.event("deleted", NOTE + "~")
    r.event("deleted", "2026/11/.2026-11-26.md.swp")
    assert r.settle() == [{NOTE}]


def test_emacs_lock_autosave_and_backup_are_ignored():
    r = Replay({NOTE})
    r.event("created", "2026/11/.#2026-11-26.md")
    r.event("created", "2026/11/#2026-11-26.md#")
    r.event("closed", "2026/11/#2026-11-26.md#")
    r.event("moved", NOTE, dest=NOTE + "~")
    r.event("created", NOTE)
    r.event("closed", NOTE)
    r.event("deleted", "2026/11/.#2026-11-26.md")
    assert r.settle() == [{NOTE}]


@pytest.mark.parametrize("temp", ["2026-11-26.md___jb_tmp___", "sedAbC123", "2026-11-26.md.vsctmp"])
def test_replace_saves_are_one_update(temp):
    r = Replay({NOTE})
    r.event("created", f"2026/11/{temp}")
    r.event("closed", f"2026/11/{temp}")
    if temp.endswith("___jb_tmp___"):
        r.event("moved", NOTE, dest=NOTE + "___jb_old___")
    r.event("moved", f"2026/11/{temp}", dest=NOTE)
    r.event("deleted", NOTE + "___jb_old___")
    assert r.settle() == [{NOTE}]


def test_a_slow_writer_is_never_read_half_written():
    r = Replay({NOTE})
    r.event("modified", NOTE)  # truncated
    r.tick(0.6)
    r.event("modified", NOTE)  # half written
    r.tick(0.6)
    assert r.batches == []
    r.event("modified", NOTE)
    r.event("closed", NOTE)
    assert r.settle() == [{NOTE}]


def test_autosave_every_100ms_gives_at_most_two_updates():
    r = Replay({NOTE})
    for _ in range(20):
        r.event("modified", NOTE)
        r.event("closed", NOTE)
        r.tick(0.1)
    assert len(r.settle()) <= 2


def test_a_real_deletion_comes_after_the_grace_period():
    r = Replay({NOTE})
    r.event("deleted", NOTE)
    r.tick(0.5)
    assert r.batches == []  # could still be an editor's rename
    assert r.settle() == [{NOTE}]


def test_git_checkout_burst_is_one_batch():
    notes = [f"2026/11/2026-11-{d:02d}.md" for d in range(1, 29)]
    r = Replay(set(notes))
    for note in notes:
        r.event("deleted", note, after=0.0001)
        r.event("created", note, after=0.0001)
        r.event("closed", note, after=0.0001)
    r.event("modified", ".git/index", after=0.0001)
    assert r.settle() == [set(notes)]


def test_a_folder_moved_out_marks_its_notes():
    known = ("2026/10/2026-10-01.md", "2026/10/2026-10-02.md", "2026/11/2026-11-01.md")
    r = Replay(set(known), known)
    r.event("deleted", "2026/10", is_dir=True)
    r.present -= {known[0], known[1]}
    assert r.settle() == [{known[0], known[1]}]


def test_output_folder_litter_and_hidden_folders_never_trigger_work():
    r = Replay(set())
    for rel in ("summaries/weekly/2026-W48.md", "summaries/.x.n2i-tmp", ".obsidian/workspace.json",
                ".git/index.lock", "2026/11/x.md.swp", "2026/11/4913", ".trash/old.md",
                "2026/11/note.md~", "2026/11/.~lock.x#"):
        r.event("created", rel)
        r.event("closed", rel)
    assert r.settle() == []


# --- the incremental engine equals a full rebuild --------------------------------------------

TODAY = dt.date(2026, 11, 24)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_random_edit_storm_then_output_equals_a_fresh_build(tmp_path, segmenter, seed):
    notes = tmp_path / "notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    engine = Engine(config, today=lambda: TODAY)
    engine.start()
    rng = random.Random(seed)
    lines = ["- [ ] 明天给王总发贷款方案", "今天忘了给李女士回电话。", "- [x] 给王总发贷款方案",
             "新客户孙丽到店看了凯美瑞，预算二十万。", "---\ncustomers: [孙丽]\n---\n", "王总说周六过来提车。"]
    for step in range(25):
        existing = sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*.md")
                          if "summaries" not in p.parts)
        action = rng.choice(["edit", "edit", "create", "delete", "rename"])
        changed: set[str] = set()
        if action == "edit":
            rel = rng.choice(existing)
            with open(notes / rel, "a", encoding="utf-8") as f:
                f.write("\n" + rng.choice(lines) + "\n")
            changed.add(rel)
        elif action == "create":
            day = TODAY - dt.timedelta(days=rng.randrange(0, 40))
            rel = f"2026/{day.month:02d}/{day.isoformat()}-extra{step}.md"
            (notes / rel).parent.mkdir(parents=True, exist_ok=True)
            text = rng.choice(lines)
            (notes / rel).write_text(text if text.startswith("---") else text + "\n", encoding="utf-8")
            changed.add(rel)
        elif action == "delete" and len(existing) > 20:
            rel = rng.choice(existing)
            (notes / rel).unlink()
            changed.add(rel)
        elif action == "rename":
            rel = rng.choice(existing)
            new = rel.replace(".md", f"-moved{step}.md")
            (notes / rel).rename(notes / new)
            changed |= {rel, new}
        if changed:
            engine.update(changed)
    _assert_same_as_a_fresh_build(notes, config.output_dir, tmp_path)


def _assert_same_as_a_fresh_build(notes: Path, out: Path, tmp_path: Path) -> None:
    watched = _tree(out)
    fresh_notes = tmp_path / "fresh-notes"
    fresh_out = fresh_notes / "summaries"  # same place relative to the notes: same links
    shutil.copytree(notes, fresh_notes, ignore=shutil.ignore_patterns("summaries", ".notes2insight-cache"))
    fresh_config, _ = load_config(fresh_notes)
    from dataclasses import replace

    fresh_config = replace(fresh_config, output_dir=fresh_out)
    publish(fresh_out, build_files(run(fresh_config, use_cache=False), fresh_config, TODAY))
    assert set(watched) == set(_tree(fresh_out))
    for path, data in _tree(fresh_out).items():
        assert watched[path] == data, path


def test_midnight_rebuilds_the_date_dependent_files(tmp_path):
    notes = tmp_path / "notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    clock = {"today": TODAY}
    engine = Engine(config, today=lambda: clock["today"])
    engine.start()
    assert engine.midnight() is None
    clock["today"] = TODAY + dt.timedelta(days=7)
    outcome = engine.midnight()
    assert "index.md" in outcome.report.updated
    assert "weekly/2026-W49.md" in outcome.report.updated  # a new week began


# --- the real watcher ---------------------------------------------------------------------------


def _start(config, **kw):
    stop = threading.Event()
    lines: list[str] = []
    thread = threading.Thread(target=lambda: lines.append(("exit", run_watch(
        config, poll=False, git_commit=False, git_quiet=60, force=False,
        echo=lines.append, stop=stop, **kw))), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not any(isinstance(l, str) and l.startswith("watching") for l in lines):
        assert time.monotonic() < deadline, lines
        time.sleep(0.05)
    return stop, thread, lines


def _wait_for(path: Path, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never showed {text!r}")


@pytest.fixture
def watched(tmp_path):
    notes = tmp_path / "notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    stop, thread, lines = _start(config)
    yield notes, config, lines
    stop.set()
    thread.join(10)


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim not installed")
def test_a_note_saved_in_vim_updates_the_ledger(watched):
    notes, config, lines = watched
    note = notes / "2026" / "11" / "2026-11-24.md"
    before = note.stat().st_ino
    subprocess.run(["vim", "-N", "-u", "NONE", "-es", "-c", "set backupskip= nowritebackup& writebackup",
                    "-c", "normal Go- [ ] 后天给周阿姨送保养手册", "-c", "wq", str(note)],
                   check=True, timeout=20)
    assert note.stat().st_ino != before  # vim really did a rename-save
    _wait_for(config.output_dir / "commitments.md", "后天给周阿姨送保养手册")
    assert not any("deleted" in str(l) for l in lines)


def test_a_plain_write_and_a_new_note_are_picked_up(watched):
    notes, config, lines = watched
    (notes / "2026" / "11" / "2026-11-25.md").write_text("- [ ] 明天给林晓打电话确认订车\n",
                                                          encoding="utf-8")
    _wait_for(config.output_dir / "commitments.md", "明天给林晓打电话确认订车")


def test_a_second_watcher_is_refused_and_names_the_holder(watched):
    notes, config, lines = watched
    others: list[str] = []
    code = run_watch(config, poll=False, git_commit=False, git_quiet=60, force=False,
                     echo=others.append)
    assert code == 75 and "pid" in others[0]


def test_a_watcher_started_on_summaries_it_already_wrote_renders_nothing(tmp_path, monkeypatch):
    """Start-up with a warm cache and the last build's stamp still holding: no page is
    rendered; the first save afterwards updates the summaries as usual."""
    notes, config, _ = _built_and_cached(tmp_path)
    before = _tree(config.output_dir)

    import notes2insight.build as build

    rendered = []
    real = build.build_some
    monkeypatch.setattr(build, "build_some", lambda *a, **k: rendered.append(1) or real(*a, **k))
    again = Engine(config, today=lambda: TODAY)
    outcome = again.start()
    assert rendered == [] and outcome.report.updated == () and _tree(config.output_dir) == before
    # the aggregates the first update needs are built meanwhile, in the background
    assert again.preparing is not None
    rel = "2026/11/2026-11-24.md"
    with open(notes / rel, "a", encoding="utf-8") as f:
        f.write("\n- [ ] 明天给王总发第二版报价单\n")
    outcome = again.update({rel})
    assert rendered == [1] and "commitments.md" in outcome.report.updated
    assert "第二版报价单" in (config.output_dir / "commitments.md").read_text(encoding="utf-8")
    _assert_same_as_a_fresh_build(notes, config.output_dir, tmp_path)


def _built_and_cached(tmp_path):
    """The sample vault built once and its cache saved: what a warm start finds."""
    notes = tmp_path / "notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    first = Engine(config, today=lambda: TODAY)
    first.start()
    first.save_cache()
    return notes, config, first


def test_a_warm_start_watches_before_the_cached_facts_are_loaded(tmp_path, monkeypatch):
    """Loading a ten-year team vault's cached facts takes seconds: a warm start whose stamp
    holds says it is watching at once and loads them in the background; a save that comes
    meanwhile waits for them, then updates the summaries as usual."""
    import threading

    from notes2insight.cache import Cache

    notes, config, first = _built_and_cached(tmp_path)
    gate = threading.Event()
    real_load = Cache.load

    def slow_load(self):
        assert gate.wait(30)
        return real_load(self)

    monkeypatch.setattr(Cache, "load", slow_load)
    again = Engine(config, today=lambda: TODAY)
    outcome = again.start()
    assert again.facts is None and outcome.report.updated == ()
    assert again.notes == len(first.facts.notes) and again.became_ready() is None
    rel = "2026/11/2026-11-24.md"
    with open(notes / rel, "a", encoding="utf-8") as f:
        f.write("\n- [ ] 明天给王总发第二版报价单\n")
    threading.Timer(0.3, gate.set).start()
    outcome = again.update({rel})
    assert "commitments.md" in outcome.report.updated
    assert again.became_ready() is not None and again.became_ready() is None  # said once
    again.close()
    _assert_same_as_a_fresh_build(notes, config.output_dir, tmp_path)


def test_stopping_during_a_warm_start_waits_for_the_cache_file_not_for_the_aggregates(tmp_path, monkeypatch):
    """Ctrl-C soon after a warm start: the cache file is read to the end (a thread reading a
    file at interpreter exit can crash it), but the aggregates, in memory only, are dropped."""
    import threading

    _, config, _ = _built_and_cached(tmp_path)
    endless = threading.Event()
    monkeypatch.setattr(Engine, "_aggregates", lambda self, *a, **k: endless.wait(30))
    again = Engine(config, today=lambda: TODAY)
    again.start()
    again.close()
    assert again.facts is not None and again.preparing.is_alive()
    endless.set()


def test_the_loop_looks_again_when_a_saves_quiet_time_is_over_not_a_tick_later():
    replay = Replay({NOTE})
    batcher, policy = replay.batcher, Policy()
    assert batcher.next_check(0.0) == 0.2  # idle
    replay.event("modified", NOTE)
    replay.event("closed", NOTE, after=0.0)
    saved = replay.now
    tick = min(policy.settle, policy.batch_quiet) / 2
    assert batcher.next_check(saved) == tick  # the quiet time is still a tick or more away
    wait = batcher.next_check(saved + 0.02)
    assert abs(wait - (policy.batch_quiet - 0.02 + 0.001)) < 1e-9
    assert batcher.poll(saved + 0.02 + wait) == ({NOTE}, False)  # and then the batch is out
