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


def test_forgetting_past_states_keeps_todays_and_answers_the_same_again(year_of_notes):
    """A watcher drops the states a full render asked for (each customer at the end of every
    past period); asked again, a past state is the same as before."""
    from notes2insight.aggregate.customers import Timelines
    from notes2insight.config import Config

    notes = tuple(sorted(year_of_notes, key=lambda f: (f.date, f.path)))
    today = notes[-1].date
    timelines = Timelines(notes, Config())
    names = sorted(timelines.touches)
    past = {name: timelines.state(name, today - dt.timedelta(days=60)) for name in names}
    now = {name: timelines.state(name, today) for name in names}
    timelines.forget_past(today)
    assert all(set(cached) <= {today} for cached in timelines._cache.values())
    assert all(timelines.state(name, today) is now[name] for name in names)  # kept, not redone
    assert {name: timelines.state(name, today - dt.timedelta(days=60)) for name in names} == past
