"""The garbage collector's pauses: always undone, and freezing only for a large vault."""

from __future__ import annotations

import gc

import pytest

from notes2insight.collector import FREEZE_FROM_NOTES, collector_paused


def test_a_pause_gives_the_collector_back_as_it_was():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_a_pause_ends_when_its_work_fails():
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("a note could not be read")
    assert gc.isenabled()


def test_what_a_large_vault_made_during_the_pause_is_frozen():
    gc.unfreeze()
    with collector_paused(FREEZE_FROM_NOTES - 1):
        kept = [[] for _ in range(100)]
    assert gc.get_freeze_count() == 0
    with collector_paused(FREEZE_FROM_NOTES):
        kept.append([[] for _ in range(100)])
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
