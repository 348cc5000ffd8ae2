"""Customer timelines updated note by note (a watcher) equal timelines built from scratch."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from conftest import copy_sample
from notes2insight.aggregate.customers import Timelines
from notes2insight.config import Config
from notes2insight.pipeline import run

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    notes = tmp_path_factory.mktemp("timelines") / "notes"
    copy_sample(notes)
    config = Config(notes_dir=notes, output_dir=notes / "summaries")
    return config, [f for f in run(config, use_cache=False).notes if f.date is not None]


def fresh(notes, config) -> Timelines:
    return Timelines(tuple(sorted(notes, key=lambda f: (f.date, f.path))), config)


def same(a: Timelines, b: Timelines) -> None:
    assert a.touches == b.touches and a.deals == b.deals
    for name in b.touches:
        assert a.state(name, TODAY) == b.state(name, TODAY)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["drop", "back", "drop-deals", "move"]),
                          st.integers(min_value=0, max_value=1000)), min_size=1, max_size=5))
def test_updated_timelines_equal_fresh_ones(sample, steps):
    config, notes = sample
    current = {f.path: f for f in notes}
    dropped: dict = {}
    timelines = fresh(current.values(), config)
    for state_name in list(timelines.touches)[:3]:
        timelines.state(state_name, TODAY)  # states cached before the change must not survive it
    for action, pick in steps:
        path = sorted(current)[pick % len(current)]
        before = current[path]
        if action == "drop":
            del current[path]
            dropped[path] = before
            timelines.update([before], [])
        elif action == "back" and dropped:
            path = sorted(dropped)[pick % len(dropped)]
            current[path] = dropped.pop(path)
            timelines.update([], [current[path]])
        elif action == "drop-deals":
            current[path] = replace(before, deals=(), mentions=before.mentions[:1])
            timelines.update([before], [current[path]])
        else:
            current[path] = replace(before, date=before.date - dt.timedelta(days=3))
            timelines.update([before], [current[path]])
        same(timelines, fresh(current.values(), config))
