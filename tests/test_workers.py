"""A cold build on several cores gives exactly the facts of a build in one process."""

from __future__ import annotations

import os
import shutil

import pytest

import notes2insight.workers as workers
from conftest import PROJECT, copy_sample
from notes2insight.config import Config
from notes2insight.pipeline import run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


@pytest.fixture
def notes(tmp_path):
    target = tmp_path / "notes"
    copy_sample(target)
    shutil.copytree(PROJECT / "tests" / "errors" / "vault", target / "bad")  # problems too
    return target


def test_facts_do_not_depend_on_how_many_processes_read_them(notes, monkeypatch, segmenter):
    config = Config(notes_dir=notes, output_dir=notes / "summaries")
    alone = run(config, use_cache=False, segmenter=segmenter)
    started = []
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "worker_count", lambda notes: started.append(notes) or 3)
    shared = run(config, use_cache=False, segmenter=segmenter)
    assert started and started[0] > 30
    assert shared.notes == alone.notes
    assert shared.kept == alone.kept
    assert shared.problems == alone.problems
    assert shared.directory == alone.directory


def test_one_process_for_a_small_vault_or_a_threaded_caller(monkeypatch):
    assert workers.worker_count(10) == 1
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a watcher's observer thread
    assert workers.worker_count(100_000) == 1
