"""Promise keeping resumed after a change equals promise keeping from scratch.

The watcher re-links only from the month of the earliest changed note (`PromiseLinker`); any
sequence of edits, deletions, new notes and date moves must give exactly the links a fresh
scan of the whole vault gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from notes2insight.pipeline import PromiseLinker, link_completions


def key(facts) -> tuple[dt.date, str]:
    return (facts.date, facts.path)


edits = st.lists(st.tuples(st.sampled_from(["delete", "restore", "move", "drop-completions", "late"]),
                           st.integers(min_value=0, max_value=10_000),
                           st.integers(min_value=-60, max_value=60)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(edits)
def test_resumed_linking_equals_a_fresh_scan(year_of_notes, steps):
    current = {f.path: f for f in year_of_notes}
    linker = PromiseLinker()
    assert linker.link(list(current.values())) == link_completions(list(current.values()))
    removed: dict[str, object] = {}
    for action, pick, days in steps:
        paths = sorted(current)
        path = paths[pick % len(paths)]
        before = current[path]
        if action == "delete":
            del current[path]
            removed[path] = before
            since = key(before)
        elif action == "restore" and removed:
            path = sorted(removed)[pick % len(removed)]
            current[path] = removed.pop(path)
            since = key(current[path])
        elif action == "move":
            current[path] = replace(before, date=before.date + dt.timedelta(days=days))
            since = min(key(before), key(current[path]))
        elif action == "late":  # a watcher's usual case: one of the latest notes changes
            path = max(current.values(), key=lambda f: (f.date, -(pick % 7), f.path)).path
            before = current[path]
            current[path] = replace(before, completions=before.completions[1:])
            since = key(before)
        else:
            current[path] = replace(before, completions=())
            since = key(before)
        notes = list(current.values())
        assert linker.link(notes, since) == link_completions(notes)


@pytest.fixture
def scans(monkeypatch) -> list[tuple[int, bool]]:
    """(notes scanned, resumed with the scan's saved state?) for every scan from now on."""
    seen: list[tuple[int, bool]] = []
    original = PromiseLinker._scan

    def spy(self, ordered, start, open_now, state, *rest):
        seen.append((len(ordered) - start, state is not None))
        return original(self, ordered, start, open_now, state, *rest)

    monkeypatch.setattr(PromiseLinker, "_scan", spy)
    return seen


def test_a_resumed_scan_starts_at_the_latest_checkpoint_before_the_change(year_of_notes, scans):
    """Checkpoints sit at the first note of every month and of the last day; the last two
    months' keep the scan's own state (today is often a month before the last plan written
    ahead), so the open promises need not be indexed again."""
    linker = PromiseLinker()
    linker.link(year_of_notes)
    scans.clear()  # the full scan
    last = max(year_of_notes, key=key)
    linker.link(year_of_notes, key(last))  # today's note changed: only today is scanned again
    same_day = [f for f in year_of_notes if f.date == last.date]
    month_start = last.date.replace(day=1)
    earlier = min((f for f in year_of_notes if f.date >= month_start and f.date < last.date), key=key)
    linker.link(year_of_notes, key(earlier))  # the month's first note: the month is scanned again
    same_month = [f for f in year_of_notes if (f.date.year, f.date.month) == (last.date.year, last.date.month)]
    assert scans == [(len(same_day), True), (len(same_month), True)]
    assert len(same_month) < len(year_of_notes) / 3
    previous_start = (month_start - dt.timedelta(days=1)).replace(day=1)
    previous = min((f for f in year_of_notes if previous_start <= f.date < month_start), key=key)
    linker.link(year_of_notes, key(previous))  # the month before: its state is kept too
    assert scans[-1][1] is True
    linker.link(year_of_notes, key(min(year_of_notes, key=key)))  # an old month: rebuilt from its promises
    assert scans[-1][1] is False
    assert linker.link(year_of_notes, key(last)) == link_completions(year_of_notes)


def test_the_day_last_changed_keeps_the_scans_state(year_of_notes, scans):
    """A change mid-month (today's note, with plans written ahead after it) leaves a checkpoint
    with the scan's state at that day: the next change there scans from that day, not from the
    month's first note."""
    linker = PromiseLinker()
    linker.link(year_of_notes)
    scans.clear()  # the full scan
    days = sorted({f.date for f in year_of_notes})
    middle = next(d for d in days[len(days) * 2 // 3:] if d.day > 10)  # not a month's first note
    first_of_day = min((f for f in year_of_notes if f.date == middle), key=key)
    linker.link(year_of_notes, key(first_of_day))  # from the month's first note
    linker.link(year_of_notes, key(first_of_day))  # again: from that day
    from_that_day = [f for f in year_of_notes if key(f) >= key(first_of_day)]
    assert scans[0][0] > len(from_that_day) and scans[1] == (len(from_that_day), True)
    assert linker.link(year_of_notes, key(first_of_day)) == link_completions(year_of_notes)


def team_vault(root, notes: dict[str, str]):
    from notes2insight.config import Config

    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Config(notes_dir=root, output_dir=root / "summaries")


def test_in_a_teams_vault_a_report_keeps_only_its_own_writers_promises(tmp_path):
    """王芳 and 李强 both promised 王建国 the quote; 王芳's report that she sent it keeps her
    promise, not 李强's (before, one report closed every copy of the same words)."""
    from notes2insight.pipeline import run

    config = team_vault(tmp_path, {
        "notes/王芳/2026/2026-11-02.md": "# 11月2日\n- [ ] 明天上午给王建国发报价单\n",
        "notes/李强/2026/2026-11-02.md": "# 11月2日\n- [ ] 明天上午给王建国发报价单\n",
        "notes/王芳/2026/2026-11-03.md": "# 11月3日\n- 上午给王建国发了报价单\n",
    })
    kept = run(config, use_cache=False).kept
    assert {str(s): str(b) for s, b in kept.items()} == {
        "notes/王芳/2026/2026-11-02.md:2": "notes/王芳/2026/2026-11-03.md:2"}


@pytest.mark.parametrize("path, writer", [
    ("王芳/2026-11-02.md", "王芳"),
    ("notes/王芳/2026/11/2026-11-02.md", "王芳"),
    ("日志/李强/2026-11-02.md", "李强"),
    ("Daily/2026-11-02.md", ""),
    ("notes/2026/2026-11-02.md", ""),
    ("2026/11/2026-11-02.md", ""),
    ("2026-11-02.md", ""),
])
def test_a_notes_writer_is_its_first_folder_that_is_no_date_and_no_notes_folder(path, writer):
    from notes2insight.pipeline import _writer_scope

    assert _writer_scope(path) == writer


def test_a_save_links_again_only_its_writers_notes(year_of_notes):
    """The fixture's four copies of the sample vault sit in four folders, four writers: a
    change to one copy's latest note scans that copy's last day, nothing of the other three."""
    from notes2insight.extract.customers import Directory
    from notes2insight.pipeline import VaultMemory, finish

    memory = VaultMemory()
    fresh = finish(list(year_of_notes), {}, Directory(), [], memory)
    assert len(memory.linker.linkers) == 4
    first_copy = [f for f in year_of_notes if f.path.startswith("copy0/")]
    last = max(first_copy, key=key)
    edited = replace(last, completions=())
    again = finish([], {}, Directory(), [], memory, key(last), changed={last.path: edited})
    assert memory.linker.scanned == sum(1 for f in first_copy if f.date == last.date)
    current = [edited if f.path == last.path else f for f in year_of_notes]
    assert again.kept == finish(current, {}, Directory(), []).kept
    assert fresh.kept.keys() - again.kept.keys() <= {c.source for c in last.commitments} | {
        s for s, by in fresh.kept.items() if by.path == last.path}
