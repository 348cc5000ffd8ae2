"""Acceptance tests 1–19 of RELIABILITY.md (d), "Watching".

Every item has a deterministic replay (the real WatchLoop, Engine and publish on a real vault,
fed the events watchdog reports, on a fake clock) and, where the item names a real editor, git,
unshare or a real watcher, a real variant that is skipped when the tool is missing. Test names
start with the catalogue id (W01…W19). Vaults live under tmp_path, so vim gets `set backupskip=`
and Emacs a backup predicate to make their real rename-saves (RELIABILITY finding 3).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest

import notes2insight.pipeline as pipeline_module
import notes2insight.watch as watch_module
from notes2insight.lock import OutputLock
from notes2insight.publish import GENERATED_MARKER_PREFIX, MANIFEST_NAME
from notes2insight.watch import FsEvent, run_watch

from .watch_support import (LEDGER, NOTE, REPLACE_SAVES, SMALL_VAULT, TODAY, PollReplay, RealWatch,
                            ReplayWatch, WatchProcess, disk_notes, emacs_first_save,
                            emacs_later_save, fresh_build, in_place_save, install_spy, make_vault,
                            no_events, promise, snapshot, tree, vim_save, wait_until)

GIT = shutil.which("git")
VIM = shutil.which("vim")
EMACS = shutil.which("emacs")
SED = shutil.which("sed")
needs_git = pytest.mark.skipif(GIT is None, reason="git not installed")
needs_vim = pytest.mark.skipif(VIM is None, reason="vim not installed (the replay variant runs)")
needs_emacs = pytest.mark.skipif(EMACS is None, reason="emacs not installed (the replay variant runs)")
needs_sed = pytest.mark.skipif(SED is None, reason="sed not installed")


@pytest.fixture(autouse=True)
def shared_segmenter(monkeypatch, segmenter):
    """One jieba dictionary for every watcher in this file (loading it costs a second each).
    The segmenter holds no per-vault state, so sharing it changes no result."""
    monkeypatch.setattr(pipeline_module, "Segmenter", lambda *args, **kwargs: segmenter)
    segmenter.is_word("明天")  # load it now, not inside a timed start-up


@pytest.fixture
def vault(tmp_path) -> Path:
    return make_vault(tmp_path)


def note_text(root: Path, rel: str = NOTE) -> str:
    return (root / rel).read_text(encoding="utf-8")


def assert_untouched(before: dict, root: Path, changed: tuple[str, ...] = ()) -> None:
    """Every note the test did not change is byte-identical, same inode and mtime."""
    after = snapshot(root)
    for rel, state in before.items():
        if rel not in changed:
            assert after.get(rel) == state, f"{rel} was touched"


def no_deletions(outcomes, lines) -> bool:
    """No summary removed and no log line speaking of a deletion."""
    return (all(not o.report.removed for o in outcomes)
            and not any("delet" in line.lower() for line in lines))


def vim_command(note: Path, line: str) -> list[str]:
    # -N: not vi-compatible (vim's real default is backupcopy=auto: rename-save);
    # backupskip= : under /tmp vim would otherwise write in place (RELIABILITY finding 3)
    return [VIM, "-N", "-u", "NONE", "-i", "NONE", "-es", "-c", "set backupskip=",
            "-c", f"normal Go{line}", "-c", "wq", str(note)]


def emacs_command(note: Path, *lines: str) -> list[str]:
    # one Emacs session, one save per line: the first renames the note to note~, later ones
    # write in place; the predicate restores backups under /tmp (RELIABILITY finding 3)
    saves = " ".join(f'(goto-char (point-max)) (insert "{line}\\n") (save-buffer)' for line in lines)
    return [EMACS, "--batch", "-Q", "--eval", "(setq backup-enable-predicate (lambda (_n) t))",
            str(note), "--eval", f"(progn {saves})"]


# --- W01 vim ---------------------------------------------------------------------------------


def test_W01_vim_replay_rename_save_is_one_update_not_a_deletion(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.read.clear()
    vim_save(vault, NOTE, note_text(vault) + promise("W01"), watch.event)
    watch.settle()
    assert watch.updates == [(frozenset({NOTE}), False)]
    assert len(watch.updated(LEDGER)) == 1
    assert "送试驾资料W01" in watch.summary()
    assert no_deletions(watch.outcomes, watch.lines)
    assert set(spy.read) == {NOTE}  # never note.md~, 4913 or .note.md.swp
    assert watch.index() == disk_notes(watch.config)


@contextmanager
def real_editor_save(monkeypatch, vault: Path, command: list[str], timeout: float):
    """A watcher on `vault`, then the real editor run by `command`, which must rename-save the
    note (a new inode); yields (watch, spy) for the test's checks, and stops the watcher."""
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    spy.read.clear()
    inode = (vault / NOTE).stat().st_ino
    try:
        subprocess.run(command, check=True, timeout=timeout, stdin=subprocess.DEVNULL, capture_output=True)
        assert (vault / NOTE).stat().st_ino != inode  # really renamed and re-created the note
        yield watch, spy
    finally:
        watch.stop()


@needs_vim
def test_W01_vim_real_rename_save_updates_the_summary_once(vault, monkeypatch):
    command = vim_command(vault / NOTE, promise("W01").strip())
    with real_editor_save(monkeypatch, vault, command, 20) as (watch, spy):
        watch.wait_for_text("送试驾资料W01")
        watch.wait_quiet()
        assert len(watch.updated(LEDGER)) == 1
        assert no_deletions([o for _, o in watch.outcomes], watch.lines)
        assert set(spy.read) == {NOTE}


# --- W02 Emacs -------------------------------------------------------------------------------


def test_W02_emacs_replay_lock_autosave_backup_and_two_saves(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.read.clear()
    first = note_text(vault) + promise("W02a")
    emacs_first_save(vault, NOTE, first, watch.event)
    watch.settle()
    emacs_later_save(vault, NOTE, first + promise("W02b"), watch.event)
    watch.settle()
    assert (vault / (NOTE + "~")).exists()  # Emacs keeps its backup
    assert "送试驾资料W02a" in watch.summary() and "送试驾资料W02b" in watch.summary()
    assert [u[0] for u in watch.updates] == [frozenset({NOTE})] * 2
    assert not any(".#" in line or "~" in line for line in watch.lines)  # no word on the lock link
    assert not any(rel.endswith("~") for rel in watch.index())
    assert set(spy.read) == {NOTE}
    assert no_deletions(watch.outcomes, watch.lines)


@needs_emacs
def test_W02_emacs_real_batch_saves(vault, monkeypatch):
    command = emacs_command(vault / NOTE, promise("W02a").strip(), promise("W02b").strip())
    with real_editor_save(monkeypatch, vault, command, 30) as (watch, spy):
        assert (vault / (NOTE + "~")).exists()  # Emacs keeps its backup
        watch.wait_for_text("送试驾资料W02b")
        watch.wait_quiet()
        assert "送试驾资料W02a" in watch.summary()
        assert not any(".#" in line or "~" in line for line in watch.lines)
        assert not any(rel.endswith("~") for rel in watch.index())
        assert set(spy.read) == {NOTE}
        assert no_deletions([o for _, o in watch.outcomes], watch.lines)


# --- W03 replace-saves -----------------------------------------------------------------------


@pytest.mark.parametrize("tool", sorted(REPLACE_SAVES))
def test_W03_replace_save_replay_is_one_update(vault, monkeypatch, tool):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.read.clear()
    REPLACE_SAVES[tool](vault, NOTE, note_text(vault) + promise("W03"), watch.event)
    watch.settle()
    assert watch.updates == [(frozenset({NOTE}), False)]
    assert len(watch.updated(LEDGER)) == 1 and "送试驾资料W03" in watch.summary()
    assert no_deletions(watch.outcomes, watch.lines)
    assert watch.index() == disk_notes(watch.config)
    assert set(spy.read) == {NOTE}


@pytest.mark.parametrize("tool", sorted(REPLACE_SAVES))
def test_W03_replace_save_real_is_one_update(vault, monkeypatch, tool):
    watch = RealWatch(monkeypatch, vault)
    text = note_text(vault) + promise("W03")
    try:
        if tool.startswith("sed") and SED:
            # the real sed: append the promise after the last line
            backup = "-i.bak" if tool == "sed-i-bak" else "-i"
            subprocess.run([SED, backup, "$a " + promise("W03").strip(), str(vault / NOTE)],
                           check=True, timeout=10)
        else:
            REPLACE_SAVES[tool](vault, NOTE, text, no_events)
        watch.wait_for_text("送试驾资料W03")
        watch.wait_quiet()
        assert [u[0] for u in watch.updates] == [frozenset({NOTE})]
        assert len(watch.updated(LEDGER)) == 1
        assert no_deletions([o for _, o in watch.outcomes], watch.lines)
        assert watch.index() == disk_notes(watch.config)
    finally:
        watch.stop()


# --- W04 slow writer -------------------------------------------------------------------------


def _slow_write_parts(root: Path) -> tuple[bytes, bytes]:
    new = (note_text(root) + promise("W04")).encode("utf-8")
    cut = new.index("送试驾资料W04".encode("utf-8"))  # the half state ends mid-promise
    return new[:cut], new[cut:]


def write_in_halves(path: Path, half: bytes, rest: bytes, pause) -> None:
    """A slow writer: truncate, pause, write the half, pause, write the rest (W04)."""
    with open(path, "r+b") as f:
        f.truncate(0)
        f.flush()
        pause()
        f.write(half)
        f.flush()
        pause()
        f.write(rest)


def _assert_never_half_written(revisions: list[str]) -> None:
    assert revisions, "the ledger was never rewritten"
    for text in revisions:
        assert "周五前给李娜发报价单" in text  # the note was never read empty
        assert "明天给李娜" not in text or "送试驾资料W04" in text  # nor half-written
    assert "送试驾资料W04" in revisions[-1]


def test_W04_slow_writer_replay_is_never_read_half_written(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.writes.clear()
    half, rest = _slow_write_parts(vault)
    with open(vault / NOTE, "r+b") as f:
        f.truncate(0)
        watch.event("modified", NOTE)
        watch.tick(0.6)
        f.write(half)
        f.flush()
        watch.event("modified", NOTE)
        watch.tick(0.6)
        f.write(rest)
        f.flush()
        watch.event("modified", NOTE)
    watch.event("closed", NOTE)
    watch.settle()
    revisions = spy.revisions(watch.config.output_dir / LEDGER)
    _assert_never_half_written(revisions)
    assert len(revisions) == 1


def test_W04_slow_writer_real_is_never_read_half_written(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    spy.writes.clear()
    half, rest = _slow_write_parts(vault)
    try:
        write_in_halves(vault / NOTE, half, rest, lambda: time.sleep(0.6))
        watch.wait_for_text("送试驾资料W04")
        watch.wait_quiet()
        _assert_never_half_written(spy.revisions(watch.config.output_dir / LEDGER))
    finally:
        watch.stop()


# --- W05 autosave ----------------------------------------------------------------------------


def test_W05_autosave_replay_at_most_two_writes_and_equals_a_fresh_build(vault, monkeypatch, tmp_path):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.writes.clear()
    text = note_text(vault)
    for step in range(20):
        text += promise(f"W05-{step}")
        in_place_save(vault, NOTE, text, watch.event)
        watch.tick(0.1)
    watch.settle()
    assert len(spy.revisions(watch.config.output_dir / LEDGER)) <= 2
    assert len(watch.updates) <= 2
    assert tree(watch.config.output_dir) == fresh_build(vault, tmp_path / "fresh")


def test_W05_autosave_real_at_most_two_writes_and_equals_a_fresh_build(vault, monkeypatch, tmp_path):
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    spy.writes.clear()
    text = note_text(vault)
    try:
        for step in range(20):
            text += promise(f"W05-{step}")
            (vault / NOTE).write_text(text, encoding="utf-8")
            time.sleep(0.1)
        watch.wait_for_text("送试驾资料W05-19")
        watch.wait_quiet()
        assert len(spy.revisions(watch.config.output_dir / LEDGER)) <= 2
    finally:
        watch.stop()
    assert tree(watch.config.output_dir) == fresh_build(vault, tmp_path / "fresh")


# --- W06 transient YAML ----------------------------------------------------------------------

BROKEN = ("date: 2026-11-24\n", "date: 2026-11-24\ncustomers: [Acme\n")  # half-typed list
ERROR_AT = re.compile(re.escape(NOTE) + r":\d+:\d+: error: ")


def test_W06_transient_yaml_replay_error_once_then_fixed(vault):
    watch = ReplayWatch(vault)
    good = note_text(vault)
    in_place_save(vault, NOTE, good.replace(*BROKEN), watch.event)
    watch.settle(1.0)
    in_place_save(vault, NOTE, good.replace(*BROKEN) + "\n", watch.event)  # still broken
    watch.settle(1.0)
    in_place_save(vault, NOTE, good, watch.event)  # repaired within 5 s
    watch.settle(1.0)
    errors = [line for line in watch.lines if ERROR_AT.match(line)]
    assert len(errors) == 1, watch.lines  # printed once, with path:line:col
    fixed = [i for i, line in enumerate(watch.lines) if line == f"{NOTE}: fixed"]
    assert fixed and fixed[0] > watch.lines.index(errors[0])


def test_W06_transient_yaml_replay_keeps_the_last_good_data(vault):
    watch = ReplayWatch(vault)
    brief = "customers/李娜.md"
    assert "19.98万" in watch.summary(brief)  # the deal, from the note's front matter
    in_place_save(vault, NOTE, note_text(vault).replace(*BROKEN), watch.event)
    watch.settle(1.0)
    assert "19.98万" in watch.summary(brief) and "报价（跟进中）" in watch.summary(brief)


def test_W06_transient_yaml_real_error_once_then_fixed(vault, monkeypatch):
    watch = RealWatch(monkeypatch, vault)
    good = note_text(vault)
    try:
        (vault / NOTE).write_text(good.replace(*BROKEN), encoding="utf-8")
        wait_until(lambda: any(ERROR_AT.match(l) for l in watch.lines), 5, lambda: watch.lines)
        (vault / NOTE).write_text(good, encoding="utf-8")
        wait_until(lambda: f"{NOTE}: fixed" in watch.lines, 5, lambda: watch.lines)
        assert len([l for l in watch.lines if ERROR_AT.match(l)]) == 1
    finally:
        watch.stop()


# --- W07 git checkout ------------------------------------------------------------------------

BRANCH_NOTES = 500


def _branch_notes(variant: str) -> dict[str, str]:
    """500 small notes; the two branches differ in every note's promise."""
    notes = {}
    start = dt.date(2026, 1, 1)
    for i in range(BRANCH_NOTES):
        day = start + dt.timedelta(days=i % 320)
        notes[f"{day:%Y/%m}/{day.isoformat()}-{i:03d}.md"] = (
            f"---\ndate: {day.isoformat()}\ncustomers: [客户{i % 25:02d}]\n---\n\n"
            f"- [ ] 明天给客户{i % 25:02d}发{variant}方案{i}\n")
    return notes


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_SEQUENCE_EDITOR": "true", "GIT_EDITOR": "true", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(root.parent)}
    return subprocess.run([GIT, "-C", str(root), *args], check=check, capture_output=True,
                          text=True, env=env, timeout=60)


def test_W07_git_checkout_replay_500_notes_one_batch(tmp_path):
    root = make_vault(tmp_path, _branch_notes("A"))
    watch = ReplayWatch(root)
    first_event = watch.now
    for rel, text in _branch_notes("B").items():  # git: unlink and re-create each note
        (root / rel).unlink()
        watch.event("deleted", rel, after=0.0001)
        (root / rel).write_text(text, encoding="utf-8")
        watch.event("created", rel, after=0.0001)
        watch.event("modified", rel, after=0.0001)
        watch.event("closed", rel, after=0.0001)
    watch.event("created", ".git/index.lock", after=0.0001)
    watch.event("deleted", ".git/index.lock", after=0.0001)
    watch.settle(3.0)
    assert 1 <= len(watch.updates) <= 2
    assert watch.now - first_event < 10
    assert watch.index() == disk_notes(watch.config) and len(watch.index()) == BRANCH_NOTES
    assert no_deletions(watch.outcomes, watch.lines)
    assert tree(watch.config.output_dir) == fresh_build(root, tmp_path / "fresh")


@needs_git
def test_W07_git_checkout_real_500_notes(tmp_path, monkeypatch):
    root = make_vault(tmp_path, _branch_notes("A"))
    (root / ".gitignore").write_text("summaries/\n.notes2insight-cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "A")
    _git(root, "checkout", "-q", "-b", "other")
    for rel, text in _branch_notes("B").items():
        (root / rel).write_text(text, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "B")
    _git(root, "checkout", "-q", "main")
    watch = RealWatch(monkeypatch, root)
    try:
        switched = time.monotonic()
        _git(root, "checkout", "-q", "other")
        wait_until(lambda: watch.updates, 10, lambda: watch.lines)
        watch.wait_quiet()
        assert watch.outcomes[-1][0] - switched < 10  # settled within 10 s
        assert 1 <= len(watch.updates) <= 2
        assert watch.index() == disk_notes(watch.config)
        assert no_deletions([o for _, o in watch.outcomes], watch.lines)
    finally:
        watch.stop()
    assert tree(watch.config.output_dir) == fresh_build(root, tmp_path / "fresh")


# --- W08 git rebase --------------------------------------------------------------------------

CONFLICTED = "<<<<<<< HEAD\n- [ ] 周五前给李娜发报价单\n=======\n- [ ] 周四前给李娜发报价单\n>>>>>>> x\n"


def test_W08_git_rebase_replay_waits_then_reconciles_once(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.writes.clear()
    good = note_text(vault)
    (vault / ".git" / "rebase-merge").mkdir(parents=True)  # git stopped on a conflict
    in_place_save(vault, NOTE, good.replace("- [ ] 周五前给李娜发报价单\n", CONFLICTED), watch.event)
    watch.settle(3.0)
    assert watch.updates == [] and spy.writes == []  # nothing written mid-rebase
    assert any(line.startswith("paused: git") for line in watch.lines)
    (vault / ".git" / "rebase-merge").rmdir()  # git rebase --abort
    in_place_save(vault, NOTE, good, watch.event)
    watch.settle(3.0)
    assert [rescan for _, rescan in watch.updates] == [True]  # exactly one reconcile
    assert "周四前" not in watch.summary()


@needs_git
def test_W08_git_rebase_real_no_write_while_conflicted(vault, monkeypatch):
    (vault / ".gitignore").write_text("summaries/\n.notes2insight-cache/\n", encoding="utf-8")
    _git(vault, "init", "-q", "-b", "main")
    _git(vault, "add", "-A")
    _git(vault, "commit", "-q", "-m", "base")
    _git(vault, "checkout", "-q", "-b", "feature")
    (vault / NOTE).write_text(note_text(vault).replace("周五前", "周四前"), encoding="utf-8")
    _git(vault, "commit", "-q", "-am", "feature: Thursday")
    _git(vault, "checkout", "-q", "main")
    (vault / NOTE).write_text(note_text(vault).replace("周五前", "周六前"), encoding="utf-8")
    _git(vault, "commit", "-q", "-am", "main: Saturday")
    _git(vault, "checkout", "-q", "feature")
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    try:
        spy.writes.clear()
        started = len(watch.updates)
        rebase = _git(vault, "rebase", "-i", "main", check=False)
        assert rebase.returncode != 0 and (vault / ".git" / "rebase-merge").exists(), rebase.stderr
        assert "<<<<<<<" in note_text(vault)
        wait_until(lambda: any(l.startswith("paused: git") for l in watch.lines), 5,
                   lambda: watch.lines)
        time.sleep(1.0)
        out = str(watch.config.output_dir)
        assert not [p for p, _ in spy.writes if p.startswith(out)]  # no summary write mid-rebase
        assert len(watch.updates) == started
        _git(vault, "rebase", "--abort")
        wait_until(lambda: len(watch.updates) > started, 5, lambda: watch.lines)
        watch.wait_quiet()
        assert [u[1] for u in watch.updates[started:]] == [True]  # exactly one reconcile
        assert "周四前给李娜" in watch.summary()
    finally:
        watch.stop()


# --- W09 folders moved -----------------------------------------------------------------------

NEW_MONTH = {"2026-09-03.md": "---\ndate: 2026-09-03\ncustomers: [赵敏]\n---\n\n- [ ] 下周给赵敏回电话\n"}


def _outside_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere" / "09"
    folder.mkdir(parents=True)
    for name, text in NEW_MONTH.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_W09_dirs_replay_moved_out_renamed_moved_in(vault, tmp_path):
    watch = ReplayWatch(vault)
    checks = tmp_path / "checks"
    # 1. a folder moved out of the tree: one DirDeletedEvent, nothing for its notes
    os.rename(vault / "2026" / "10", tmp_path / "october")
    watch.event("deleted", "2026/10", is_dir=True)
    watch.settle()
    assert watch.index() == disk_notes(watch.config)
    assert tree(watch.config.output_dir) == fresh_build(vault, checks / "1")
    # 2. a folder renamed inside: the folder's move, then one synthetic move per note
    os.rename(vault / "2026" / "11", vault / "2026" / "十一月")
    watch.event("moved", "2026/11", "2026/十一月", is_dir=True)
    for name in ("2026-11-23.md", "2026-11-24.md"):
        watch.event("moved", f"2026/11/{name}", f"2026/十一月/{name}")
    watch.settle()
    assert watch.index() == disk_notes(watch.config)
    assert tree(watch.config.output_dir) == fresh_build(vault, checks / "2")
    # 3. a folder moved in from outside: the folder's creation, then one per note
    os.rename(_outside_folder(tmp_path), vault / "2026" / "09")
    watch.event("created", "2026/09", is_dir=True)
    for name in NEW_MONTH:
        watch.event("created", f"2026/09/{name}")
    watch.settle()
    assert watch.index() == disk_notes(watch.config)
    assert tree(watch.config.output_dir) == fresh_build(vault, checks / "3")
    customers = sorted(p.stem for p in (watch.config.output_dir / "customers").iterdir())
    assert customers == sorted(["李娜", "王建国", "赵敏"])  # 张伟 left with October; no duplicate


def test_W09_dirs_real_moved_out_renamed_moved_in(vault, tmp_path, monkeypatch):
    watch = RealWatch(monkeypatch, vault)
    try:
        os.rename(vault / "2026" / "10", tmp_path / "october")
        wait_until(lambda: watch.index() == disk_notes(watch.config), 10, lambda: watch.index())
        os.rename(vault / "2026" / "11", vault / "2026" / "十一月")
        wait_until(lambda: watch.index() == disk_notes(watch.config), 10, lambda: watch.index())
        os.rename(_outside_folder(tmp_path), vault / "2026" / "09")
        wait_until(lambda: watch.index() == disk_notes(watch.config), 10, lambda: watch.index())
        watch.wait_for_text("下周给赵敏回电话")
        watch.wait_quiet()
        assert watch.index() == disk_notes(watch.config)
    finally:
        watch.stop()
    assert tree(watch.config.output_dir) == fresh_build(vault, tmp_path / "fresh")


# --- W10 notes root gone ---------------------------------------------------------------------
# Documented behaviour: the watcher prints an error naming the folder and exits with code 1.


def test_W10_root_gone_replay_rm_rf_exits_at_once(vault):
    watch = ReplayWatch(vault)
    real = watch.real_root
    shutil.rmtree(vault)
    for rel in sorted(SMALL_VAULT, reverse=True):
        watch.event("deleted", rel)
    watch.event("deleted", ".", is_dir=True)  # watchdog's DirDeletedEvent for the root itself
    watch.source.running = False  # and its emitter thread exits
    watch.tick(1.0)
    assert watch.exit_code == 1
    assert any(line.startswith("error:") and real in line for line in watch.lines), watch.lines


def test_W10_root_gone_replay_moved_away_exits_within_10s(vault, tmp_path):
    watch = ReplayWatch(vault)
    real = watch.real_root
    os.rename(vault, tmp_path / "moved")  # no event at all (RELIABILITY a.2)
    watch.tick(10.0)
    assert watch.exit_code == 1
    assert any(line.startswith("error:") and real in line for line in watch.lines), watch.lines


def test_W10_root_gone_real_rm_rf_and_moved_away(tmp_path, monkeypatch):
    gone = make_vault(tmp_path / "a")
    moved = make_vault(tmp_path / "b")
    watchers = [RealWatch(monkeypatch, gone), RealWatch(monkeypatch, moved)]
    started = time.monotonic()
    shutil.rmtree(gone)
    os.rename(moved, tmp_path / "b" / "moved-away")
    for watch, root in zip(watchers, (gone, moved)):
        watch.thread.join(max(0.1, 10 - (time.monotonic() - started)))
        assert not watch.thread.is_alive(), f"{root}: still running blind"
        assert watch.exit_code == 1
        assert any(line.startswith("error:") and str(root) in line for line in watch.lines)


# --- W11 root is a symlink -------------------------------------------------------------------


def test_W11_root_symlink_replay(vault, tmp_path):
    link = tmp_path / "link-to-notes"
    link.symlink_to(vault, target_is_directory=True)
    watch = ReplayWatch(link)
    assert watch.real_root == os.path.realpath(vault)
    in_place_save(vault, NOTE, note_text(vault) + promise("W11"), watch.event)  # real paths
    watch.settle()
    assert watch.updates == [(frozenset({NOTE}), False)]
    assert "送试驾资料W11" in watch.summary()


def test_W11_root_symlink_real_edits_are_seen(vault, tmp_path, monkeypatch):
    link = tmp_path / "link-to-notes"
    link.symlink_to(vault, target_is_directory=True)
    watch = RealWatch(monkeypatch, link)
    try:
        (vault / NOTE).write_text(note_text(vault) + promise("W11"), encoding="utf-8")
        watch.wait_for_text("送试驾资料W11")
    finally:
        watch.stop()


# --- W12 symlinks inside ---------------------------------------------------------------------


def _plant_links(root: Path) -> None:
    (root / "2026" / "loop").symlink_to("..", target_is_directory=True)
    (root / "etc").symlink_to("/etc", target_is_directory=True)
    (root / "zero.md").symlink_to("/dev/zero")
    (root / "passwd.md").symlink_to("/etc/passwd")


def test_W12_symlinks_inside_replay_never_followed(vault, monkeypatch):
    _plant_links(vault)
    before = snapshot(vault)
    spy = install_spy(monkeypatch)
    started = time.monotonic()
    watch = ReplayWatch(vault)
    assert time.monotonic() - started < 2
    warned = [line for line in watch.initial.new_problems if "zero.md" in line or "passwd.md" in line]
    assert len(warned) == 2 and all("symbolic link" in line for line in warned), warned
    for rel in ("zero.md", "passwd.md", "2026/loop/2026/11/2026-11-24.md", "etc/passwd.md"):
        watch.event("modified", rel)
        watch.event("closed", rel)
    in_place_save(vault, NOTE, note_text(vault) + promise("W12"), watch.event)
    watch.settle()
    assert "送试驾资料W12" in watch.summary()
    assert set(spy.read) <= set(SMALL_VAULT)  # nothing through a link, nothing outside
    assert watch.index() == set(SMALL_VAULT)
    assert not [line for o in watch.outcomes for line in o.new_problems]  # warned once only
    assert "root:" not in "".join(p.read_text("utf-8") for p in watch.config.output_dir.rglob("*.md"))
    assert_untouched(before, vault, changed=(NOTE,))


def test_W12_symlinks_inside_real_start_fast_watch_only_inside(vault, monkeypatch):
    _plant_links(vault)
    spy = install_spy(monkeypatch)
    started = time.monotonic()
    watch = RealWatch(monkeypatch, vault)
    try:
        assert watch.ready - started < 2
        folders = sum(1 for _ in os.walk(vault))  # os.walk never follows links
        watches = watch_module._installed_watches(watch_module._inotify_fds())
        assert watches is None or watches <= folders  # no watch through loop/ or into /etc
        assert sum("symbolic link" in line for line in watch.lines) == 2
        (vault / NOTE).write_text(note_text(vault) + promise("W12"), encoding="utf-8")
        watch.wait_for_text("送试驾资料W12")
        assert set(spy.read) <= set(SMALL_VAULT)
    finally:
        watch.stop()


# --- W13 inotify watch limit -----------------------------------------------------------------

SYSCTL = "sysctl fs.inotify.max_user_watches="


def _many_folders(tmp_path: Path, count: int = 200) -> Path:
    notes = {f"d{i:03d}/2026-11-{i % 28 + 1:02d}.md":
             f"---\ndate: 2026-11-{i % 28 + 1:02d}\n---\n\n今天整理了展厅{i}。\n" for i in range(count)}
    return make_vault(tmp_path, notes)


def _user_namespace_limit_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run([unshare, "--user", "--map-root-user", "sh", "-c",
                            "echo 50 > /proc/sys/user/max_inotify_watches"],
                           capture_output=True, timeout=10)
    return probe.returncode == 0


@pytest.mark.parametrize("fault", ["enospc", "shortfall"])
def test_W13_watch_limit_simulated_warns_and_polls(tmp_path, monkeypatch, fault):
    root = _many_folders(tmp_path, 20)
    monkeypatch.setattr(watch_module, "POLL_INTERVAL", 0.3)  # the fallback's speed is not tested here
    if fault == "enospc":
        import watchdog.observers

        class FullInotify(watchdog.observers.Observer):
            def start(self) -> None:
                raise OSError(errno.ENOSPC, "inotify watch limit reached")

        monkeypatch.setattr(watchdog.observers, "Observer", FullInotify)
    else:  # watches installed silently for only some folders (RELIABILITY 5d)
        monkeypatch.setattr(watch_module, "_installed_watches", lambda fds: 5)
    watch = RealWatch(monkeypatch, root)
    try:
        warning = next(l for l in watch.lines if l.startswith("warning:"))
        assert SYSCTL in warning and "polling" in warning
        assert watch.sources[-1].polling
        (root / "d019" / "extra.md").write_text(
            "---\ndate: 2026-11-20\n---\n\n- [ ] 明天给钱多多送资料W13\n", encoding="utf-8")
        watch.wait_for_text("送资料W13", timeout=10)
    finally:
        watch.stop()


@pytest.mark.skipif(not _user_namespace_limit_works(),
                    reason="cannot lower max_inotify_watches in a user namespace here")
def test_W13_watch_limit_real_user_namespace(tmp_path):
    root = _many_folders(tmp_path, 200)
    unshare = shutil.which("unshare")
    prefix = (unshare, "--user", "--map-root-user", "sh", "-c",
              'echo 50 > /proc/sys/user/max_inotify_watches && exec "$@"', "sh")
    process = WatchProcess(root, prefix=prefix)
    try:
        warning = process.expect(lambda l: l.startswith("warning:"), 30)
        assert SYSCTL in warning, warning
        process.expect(lambda l: l.startswith("watching"), 30)
        (root / "d199" / "2026-11-04.md").write_text(  # the last folders got no watch
            "---\ndate: 2026-11-04\n---\n\n- [ ] 明天给钱多多送资料W13\n", encoding="utf-8")
        ledger = root / "summaries" / LEDGER
        wait_until(lambda: "送资料W13" in ledger.read_text("utf-8"), 10, process.drain)
    finally:
        process.close()


# --- W14 queue overflow ----------------------------------------------------------------------


def _change_silently(root: Path) -> None:
    """Changes whose events were lost: a new note, a deleted one, an edited one."""
    (root / "2026" / "11" / "2026-11-20.md").write_text(
        "---\ndate: 2026-11-20\ncustomers: [钱多多]\n---\n\n- [ ] 明天给钱多多送资料W14\n",
        encoding="utf-8")
    (root / "2026" / "10" / "2026-10-15.md").unlink()
    with open(root / NOTE, "a", encoding="utf-8") as f:
        f.write(promise("W14"))


def test_W14_overflow_replay_full_reconcile(vault, tmp_path):
    watch = ReplayWatch(vault)
    _change_silently(vault)
    watch.loop.feed(FsEvent("overflow", ""), watch.now)
    watch.settle()
    assert [rescan for _, rescan in watch.updates] == [True]
    assert watch.index() == disk_notes(watch.config)
    assert tree(watch.config.output_dir) == fresh_build(vault, tmp_path / "fresh")


def test_W14_overflow_real_logged_warning_triggers_reconcile(vault, tmp_path, monkeypatch):
    watch = RealWatch(monkeypatch, vault)
    try:
        watch.sources[-1].observer.unschedule_all()  # from now on events are lost
        _change_silently(vault)
        time.sleep(0.3)
        assert watch.updates == []
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost")  # what watchdog 7.1 logs
        wait_until(lambda: watch.updates, 5, lambda: watch.lines)
        watch.wait_quiet()
        assert [u[1] for u in watch.updates] == [True]
        assert watch.index() == disk_notes(watch.config)
    finally:
        watch.stop()
    assert tree(watch.config.output_dir) == fresh_build(vault, tmp_path / "fresh")


# --- W15 no self-loop ------------------------------------------------------------------------


def _writes_per_file(spy, output: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path, _ in spy.writes:
        if path.startswith(str(output) + os.sep) and not Path(path).name.startswith("."):
            counts[path] = counts.get(path, 0) + 1
    return counts


def test_W15_no_self_loop_replay(vault, monkeypatch):
    before = snapshot(vault)
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.writes.clear()
    in_place_save(vault, NOTE, note_text(vault) + promise("W15"), watch.event)
    watch.settle(1.0)
    watch.tick(6.0)  # the idle cache save comes after 5 quiet seconds
    assert len(watch.updates) == 1
    writes = list(spy.writes)
    assert any(".notes2insight-cache" in p for p, _ in writes)
    for path, _ in writes:  # what inotify reports for our own atomic writes
        rel = os.path.relpath(path, watch.real_root)
        temp = f"{os.path.dirname(rel)}/.{os.path.basename(rel)}.abc123.n2i-tmp"
        watch.event("created", temp)
        watch.event("modified", temp)
        watch.event("closed", temp)
        watch.event("moved", temp, rel)
    watch.tick(5.0)
    assert len(watch.updates) == 1  # five seconds of silence
    counts = _writes_per_file(spy, watch.config.output_dir)
    assert counts and all(n == 1 for n in counts.values()), counts
    assert_untouched(before, vault, changed=(NOTE,))


def test_W15_no_self_loop_real(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    spy.writes.clear()
    try:
        (vault / NOTE).write_text(note_text(vault) + promise("W15"), encoding="utf-8")
        watch.wait_for_text("送试驾资料W15")
        time.sleep(6.0)  # 5 s of silence, and the idle cache save inside it
        assert len(watch.updates) == 1
        counts = _writes_per_file(spy, watch.config.output_dir)
        assert counts and all(n == 1 for n in counts.values()), counts
    finally:
        watch.stop()


# --- W16 ignore list -------------------------------------------------------------------------


def _litter(root: Path, emit) -> None:
    """Create, modify and delete every kind of litter next to a note."""
    folder = root / "2026" / "11"
    os.symlink("user@host.1:2", folder / ".#x.md")  # dangling, like Emacs' lock
    emit("created", "2026/11/.#x.md")
    for name in ("#x.md#", "x.md~", ".x.md.swp", "4913", "x.md___jb_tmp___", "x.md.vsctmp",
                 "sedAbC123"):
        (folder / name).write_text("---\ncustomers: [垃圾\n", encoding="utf-8")
        emit("created", f"2026/11/{name}")
        with open(folder / name, "a", encoding="utf-8") as f:
            f.write("more\n")
        emit("modified", f"2026/11/{name}")
        emit("closed", f"2026/11/{name}")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    emit("created", ".obsidian/workspace.json")
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "index.lock").write_text("", encoding="utf-8")
    emit("created", ".git/index.lock")
    (root / ".git" / "index.lock").unlink()
    emit("deleted", ".git/index.lock")
    os.mkfifo(folder / "f.md")  # open() on it would block for ever
    emit("created", "2026/11/f.md")
    (folder / "d.md").mkdir()
    emit("created", "2026/11/d.md", is_dir=True)
    for name in ("#x.md#", "x.md~", ".x.md.swp", "4913", "x.md___jb_tmp___", "x.md.vsctmp",
                 "sedAbC123", ".#x.md"):
        (folder / name).unlink()
        emit("deleted", f"2026/11/{name}")


def test_W16_ignore_list_replay_no_parse_no_error(vault, monkeypatch):
    before = snapshot(vault)
    spy = install_spy(monkeypatch)
    watch = ReplayWatch(vault)
    spy.read.clear(), spy.parsed.clear()
    started = time.monotonic()
    _litter(vault, watch.event)
    watch.settle()
    assert time.monotonic() - started < 10
    assert spy.parsed == [] and spy.read == []
    assert not [line for line in watch.lines if "error" in line]
    assert not [line for o in watch.outcomes for line in o.new_problems if ": error:" in line]
    assert_untouched(before, vault)


def test_W16_ignore_list_real_no_parse_no_error_no_hang(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault)
    spy.read.clear(), spy.parsed.clear()
    try:
        _litter(vault, no_events)
        (vault / NOTE).write_text(note_text(vault) + promise("W16"), encoding="utf-8")
        watch.wait_for_text("送试驾资料W16", timeout=10)  # the loop is not stuck on the FIFO
        watch.wait_quiet(0.5)
        assert set(spy.parsed) == {NOTE}
        assert not [line for line in watch.lines if "error" in line]
    finally:
        watch.stop()


# --- W17 paths -------------------------------------------------------------------------------

ODD_NOTES = {
    "客户 笔记/一月 五日.md": "---\ndate: 2026-11-05\ncustomers: [孙丽]\n---\n\n- [ ] 明天给孙丽送资料\n",
    unicodedata.normalize("NFD", "2026/11/Café 2026-11-06.md"):
        "---\ndate: 2026-11-06\n---\n\n- [ ] 明天给李娜送咖啡券\n",
}
INVALID_NAME = b"2026/11/\xff\xfe-2026-11-07.md"


def _odd_vault(tmp_path: Path) -> Path:
    root = make_vault(tmp_path, {**SMALL_VAULT, **ODD_NOTES})
    with open(os.path.join(os.fsencode(root), INVALID_NAME), "wb") as f:
        f.write("---\ndate: 2026-11-07\n---\n\n- [ ] 明天给李娜送名片\n".encode("utf-8"))
    return root


def test_W17_paths_replay_unicode_nfd_and_invalid_bytes(tmp_path):
    root = _odd_vault(tmp_path)
    watch = ReplayWatch(root)
    for rel, text in ODD_NOTES.items():
        in_place_save(root, rel, text + promise("W17"), watch.event)
    invalid = os.fsdecode(INVALID_NAME)
    with open(os.path.join(os.fsencode(root), INVALID_NAME), "ab") as f:
        f.write(promise("W17x").encode("utf-8"))
    watch.event("modified", invalid)
    watch.event("closed", invalid)
    watch.settle()
    assert "明天给孙丽送资料" in watch.summary() and "送咖啡券" in watch.summary()
    errors = [e for o in watch.outcomes for e in o.report.errors]
    assert not errors, errors
    skipped = [line for line in watch.initial.new_problems if "not valid UTF-8" in line]
    assert skipped and skipped[0].startswith("2026/11/\\xff\\xfe-2026-11-07.md:1:"), skipped
    for line in [*watch.lines, *watch.initial.new_problems]:
        line.encode("utf-8")  # no lone surrogate left: prints on any terminal


def test_W17_paths_real_under_lang_c(tmp_path):
    root = _odd_vault(tmp_path)
    # the plain C locale (Python then runs in its UTF-8 mode, PEP 540; forcing PYTHONUTF8=0
    # would make every non-ASCII name undecodable, a different and unsupported setup)
    process = WatchProcess(root, env={"LANG": "C", "LC_ALL": "C"})
    try:
        process.expect(lambda l: l.startswith("watching"), 30)
        rel = "客户 笔记/一月 五日.md"
        (root / rel).write_text(ODD_NOTES[rel] + promise("W17"), encoding="utf-8")
        ledger = root / "summaries" / LEDGER
        wait_until(lambda: "送试驾资料W17" in ledger.read_text("utf-8"), 10, process.drain)
        assert process.process.poll() is None
    finally:
        process.close()
    output = "\n".join(process.drain())
    assert "Traceback" not in output and "UnicodeEncodeError" not in output, output
    assert "2026/11/\\xff\\xfe-2026-11-07.md:1: warning: [bad-name]" in output, output
    assert "送咖啡券" in (root / "summaries" / LEDGER).read_text("utf-8")  # the NFD-named note


# --- W18 polling -----------------------------------------------------------------------------


def test_W18_poll_replay_editor_saves(vault, monkeypatch):
    """Tests 1–5 as the PollingObserver sees them: one diff per second, no CLOSE_WRITE."""
    spy = install_spy(monkeypatch)
    watch = PollReplay(vault)
    ledger = watch.config.output_dir / LEDGER
    text = note_text(vault)
    # W01 vim, W02 Emacs (first and a later save), W03 a replace-save: one update each
    for tag, save in (("P1", vim_save), ("P2", emacs_first_save), ("P3", emacs_later_save),
                      ("P4", REPLACE_SAVES["jetbrains"])):
        before = len(watch.updates)
        text += promise(tag)
        save(vault, NOTE, text, no_events)
        watch.settle(4.0)
        assert [u[0] for u in watch.updates[before:]] == [frozenset({NOTE})], tag
        assert f"送试驾资料{tag}" in watch.summary()
    assert no_deletions(watch.outcomes, watch.lines)
    assert not any(rel.endswith("~") for rel in watch.index())
    # W04 the slow writer: never read empty or half-written
    spy.writes.clear()
    write_in_halves(vault / NOTE, *_slow_write_parts(vault), lambda: watch.tick(0.6))
    watch.settle(5.0)
    _assert_never_half_written(spy.revisions(ledger))
    # W05 autosave: at most two writes
    spy.writes.clear()
    text = note_text(vault)
    for step in range(20):
        text += promise(f"W05-{step}")
        in_place_save(vault, NOTE, text, no_events)
        watch.tick(0.1)
    watch.settle(5.0)
    assert 1 <= len(spy.revisions(ledger)) <= 2
    assert "送试驾资料W05-19" in watch.summary()


def test_W18_poll_real_editor_saves(vault, monkeypatch):
    spy = install_spy(monkeypatch)
    watch = RealWatch(monkeypatch, vault, poll=True)
    ledger = watch.config.output_dir / LEDGER
    quiet = 1.6  # a change a poll has seen is settled (1.5 s) and handed out by then
    try:
        assert watch.sources[-1].polling
        text = note_text(vault)
        # a rename-save shows as delete+create in one diff (the other saves: the replay above)
        saves = [("P1", None)] if VIM else [("P1", REPLACE_SAVES["sed-i"])]
        for tag, save in saves:
            before = len(watch.updates)
            if save is None:
                subprocess.run(vim_command(vault / NOTE, promise(tag).strip()), check=True,
                               timeout=20, stdin=subprocess.DEVNULL, capture_output=True)
                text = note_text(vault)
            else:
                text += promise(tag)
                save(vault, NOTE, text, no_events)
            watch.wait_for_text(f"送试驾资料{tag}")
            watch.wait_quiet(quiet)
            assert [u[0] for u in watch.updates[before:]] == [frozenset({NOTE})], tag
        assert no_deletions([o for _, o in watch.outcomes], watch.lines)
        spy.writes.clear()
        write_in_halves(vault / NOTE, *_slow_write_parts(vault), lambda: time.sleep(0.6))
        watch.wait_for_text("送试驾资料W04")
        watch.wait_quiet(quiet)
        _assert_never_half_written(spy.revisions(ledger))
    finally:
        watch.stop()


# --- W19 shutdown ----------------------------------------------------------------------------


def _burst(root: Path, count: int = 500) -> None:
    for i in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
        path = root / "burst" / f"{day.isoformat()}-{i:03d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ndate: {day.isoformat()}\ncustomers: [客户{i % 30}]\n---\n\n"
                        f"- [ ] 明天给客户{i % 30}打电话{i}\n", encoding="utf-8")


def _assert_clean_stop(root: Path) -> None:
    output = root / "summaries"
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".n2i-tmp")]
    assert not leftovers, leftovers
    with OutputLock(output):  # the lock was released
        pass
    manifest = json.loads((output / MANIFEST_NAME).read_text("utf-8"))
    assert set(tree(output)) <= set(manifest["files"]), "a publish stopped half-way"
    for page in output.rglob("*.md"):  # every summary complete: old or new, never partial
        text = page.read_text("utf-8")
        assert GENERATED_MARKER_PREFIX + "generated sha256=" in text, page
        assert GENERATED_MARKER_PREFIX + "user-notes" in text, page


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("moment", ["reading", "publishing"])
def test_W19_shutdown_in_process_mid_update(vault, monkeypatch, signum, moment):
    """run_watch in the main thread (where signals land), the signal raised at a known moment of
    the 500-note update: while the notes are read (made slow: a big burst takes seconds), or
    while the summaries are being written (which must finish: every file old or new, and the
    next start finds nothing "edited by hand")."""
    import notes2insight.output as output_module
    from notes2insight.config import load_config
    from notes2insight.engine import Engine

    assert threading.current_thread() is threading.main_thread()
    config, _ = load_config(vault)
    burst_written = threading.Event()
    sent: list[float] = []

    def interrupt_once() -> None:
        if burst_written.is_set() and not sent:
            sent.append(time.monotonic())
            signal.raise_signal(signum)  # the handler runs right here, in the main thread

    real_parse, real_write = pipeline_module._parse, output_module.atomic_write_bytes
    if moment == "reading":

        def slow_parse(rel, data, config):
            if rel.startswith("burst/"):
                interrupt_once()
                time.sleep(0.01)  # 500 notes: five seconds of reading
            return real_parse(rel, data, config)

        monkeypatch.setattr(pipeline_module, "_parse", slow_parse)
    else:

        def atomic_write_bytes(path, data, **options):
            new_file = not os.path.exists(path)
            real_write(path, data, **options)
            if new_file and "summaries" in Path(path).parts:
                interrupt_once()  # a new brief is written; the manifest not yet

        monkeypatch.setattr(output_module, "atomic_write_bytes", atomic_write_bytes)
    lines: list[str] = []
    stop = threading.Event()

    def writer() -> None:
        wait_until(lambda: any(l.startswith("watching") for l in lines), 30, lambda: lines)
        _burst(vault)
        burst_written.set()
        time.sleep(15)
        stop.set()  # never hang the suite if the signal never came

    threading.Thread(target=writer, daemon=True).start()
    code = run_watch(config, poll=False, git_commit=False, git_quiet=60, force=False,
                     echo=lines.append, today=lambda: TODAY, stop=stop)
    ended = time.monotonic()
    assert sent, f"the update never started: {lines}"
    assert ended - sent[0] < 2.0, ended - sent[0]
    assert code == 0 and lines[-1] == "stopped"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored
    _assert_clean_stop(vault)
    monkeypatch.setattr(pipeline_module, "_parse", real_parse)
    monkeypatch.setattr(output_module, "atomic_write_bytes", real_write)
    again = Engine(config, today=lambda: TODAY).start()
    assert not again.report.kept_user_edits and not again.report.errors, again.report


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_W19_shutdown_real_process_during_a_burst(vault, signum):
    before = snapshot(vault)
    process = WatchProcess(vault)
    try:
        process.expect(lambda l: l.startswith("watching"), 30)
        _burst(vault)
        time.sleep(0.3)  # the burst has settled: its update is under way
        sent = time.monotonic()
        process.process.send_signal(signum)
        process.process.wait(5)
        assert time.monotonic() - sent < 2.0
        assert process.process.returncode == 0, process.drain()
    finally:
        process.close()
    assert "Traceback" not in "\n".join(process.drain())
    _assert_clean_stop(vault)
    after = snapshot(vault)
    assert {rel: after[rel] for rel in before} == before  # notes untouched: bytes, inode, mtime
