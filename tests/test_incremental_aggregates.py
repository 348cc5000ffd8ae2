"""The vault-wide aggregates a watcher changes note by note (promise ledger, mistake log,
corpus) equal the same aggregates built from scratch, after any sequence of edits.

Without this a watched folder would slowly drift from what `build` writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from notes2insight.aggregate.corpus import Corpus
from notes2insight.aggregate.customers import Timelines
from notes2insight.aggregate.incremental import Aggregates, CustomerHistory
from notes2insight.aggregate.ledger import Ledger, build_ledger
from notes2insight.aggregate.mistakes import MistakeLog
from notes2insight.aggregate.periods import KINDS, periods_with
from notes2insight.aggregate.themes import theme_sequence
from notes2insight.config import Config
from notes2insight.extract.people import Contribution
from notes2insight.model import Mistake, Source
from notes2insight.pipeline import link_completions

TODAY = dt.date(2027, 2, 10)


def ordered(current: dict) -> tuple:
    return tuple(sorted((f for f in current.values() if f.date <= TODAY), key=lambda f: (f.date, f.path)))


def delete_or_restore(action: str, path: str, pick: int, current: dict, deleted: dict) -> None:
    """The edit steps every replay shares: a note deleted, or a deleted one brought back."""
    if action == "delete":
        deleted[path] = current.pop(path)
    elif deleted:
        back = sorted(deleted)[pick % len(deleted)]
        current[back] = deleted.pop(back)


def assert_same_ledger(ledger: Ledger, notes: tuple, kept: dict) -> None:
    fresh = Ledger(notes, kept)
    assert ledger.promises == list(build_ledger(notes, kept))
    for index in ("by_made", "by_due", "by_kept", "open_by_due", "open_undated"):
        assert getattr(ledger, index).items == getattr(fresh, index).items, index
        assert getattr(ledger, index).keys == getattr(fresh, index).keys, index
    customers = {p.commitment.customer for p in fresh.promises}
    for name in customers:
        assert ledger.of_customer(name) == fresh.of_customer(name)


def assert_same_corpus(corpus: Corpus, notes: tuple) -> None:
    fresh = Corpus(notes, list(corpus.period_terms))
    assert corpus.doc_freq == fresh.doc_freq and corpus.notes == fresh.notes == len(notes)
    assert corpus.period_terms == fresh.period_terms and len(corpus.period_terms) == 3
    for period, counts in corpus.period_terms.items():
        summed: dict = {}
        for facts in notes:
            if facts.date in period:
                for term, count in zip(facts.terms, facts.term_counts):
                    summed[term] = summed.get(term, 0) + count
        assert counts == summed
    assert corpus._line_days == fresh._line_days
    first: dict = {}
    for facts in notes:
        for digest in facts.line_digests:
            first.setdefault(digest, facts.date)
    assert {d: corpus.first_day(d) for d in first} == first


def assert_same_history(history: CustomerHistory, notes: tuple, config: Config) -> None:
    fresh = CustomerHistory(Timelines(notes, config), TODAY)
    for index in ("events", "wins", "first_seen"):
        assert getattr(history, index).items == getattr(fresh, index).items, index


def assert_same_substance(aggregates: Aggregates, notes: tuple) -> None:
    """Each note's lines, lines with a fact and lines copied from an earlier note (remembered
    between saves) as counted afresh."""
    fresh = Aggregates(notes, {}, Config(notes_dir=".", output_dir="out"), TODAY)
    assert [aggregates.substance_of(f) for f in notes] == [fresh.substance_of(f) for f in notes]


def assert_same_steps(aggregates: Aggregates, notes: tuple) -> None:
    """Each customer's recorded steps, in note order, as a fresh pass over the notes finds them."""
    fresh: dict = {}
    for facts in notes:
        for step in facts.customer_steps:
            if step.customer:
                fresh.setdefault(step.customer, []).append(step)
    named = {n for f in notes for n in f.customers} | set(fresh)
    assert {n: aggregates.steps_of(n) for n in named if aggregates.steps_of(n)} == fresh


def assert_same_aggregates(aggregates: Aggregates, notes: tuple, kept: dict, config: Config) -> None:
    """Everything the aggregates hold equals the same built from scratch over `notes`."""
    assert_same_ledger(aggregates.ledger, notes, kept)
    assert aggregates.mistakes.entries == MistakeLog(notes).entries
    assert aggregates.mistakes.by_theme == MistakeLog(notes).by_theme
    assert_same_steps(aggregates, notes)
    assert_same_substance(aggregates, notes)
    assert aggregates.current_states() == Aggregates(notes, {}, config, TODAY).current_states()
    assert_same_corpus(aggregates.corpus, notes)
    assert_same_history(aggregates.history, notes, config)


edits = st.lists(st.tuples(
    st.sampled_from(["delete", "restore", "move", "drop-completions", "drop-commitments",
                     "copy-commitment", "new-mistake", "drop-mistakes"]),
    st.integers(min_value=0, max_value=10_000), st.integers(min_value=-45, max_value=45)),
    min_size=1, max_size=6)


@settings(max_examples=30, deadline=None)
@given(edits)
def test_aggregates_updated_note_by_note_equal_fresh_ones(year_of_notes, steps):
    config = Config(notes_dir=".", output_dir="out")
    current = {f.path: f for f in year_of_notes}
    deleted: dict = {}
    notes = ordered(current)
    aggregates = Aggregates(notes, link_completions(list(current.values())), config, TODAY)
    for action, pick, days in steps:
        paths = sorted(current)
        path = paths[pick % len(paths)]
        before = current[path]
        if action in ("delete", "restore"):
            delete_or_restore(action, path, pick, current, deleted)
        elif action == "move":
            current[path] = replace(before, date=before.date + dt.timedelta(days=days))
        elif action == "drop-completions":
            current[path] = replace(before, completions=())
        elif action == "drop-commitments":
            current[path] = replace(before, commitments=before.commitments[1:])
        elif action == "copy-commitment":
            # a to-do copied forward into another note: one promise with a copy, or a new one
            donor = current[paths[(pick + abs(days)) % len(paths)]]
            if donor.commitments:
                # appended after the note's last line, as a copied to-do would be
                copy = replace(donor.commitments[0], source=Source(path, 900 + len(before.commitments)))
                current[path] = replace(before, commitments=before.commitments + (copy,))
        elif action == "new-mistake":
            text = ["忘了给客户回电话", "报价单上的购置税算错了", "把展车钥匙弄丢了", "迟到十分钟"][pick % 4]
            current[path] = replace(before, mistakes=before.mistakes + (
                Mistake(text, Source(path, 800 + abs(days)), "cue"),))
        elif action == "drop-mistakes":
            current[path] = replace(before, mistakes=())
        notes = ordered(current)
        kept = link_completions(list(current.values()))
        aggregates.update(notes, kept)
        assert_same_aggregates(aggregates, notes, kept, config)
        assert aggregates.periods() == [p for kind in KINDS
                                        for p in periods_with({f.date for f in notes}, kind, TODAY)]
    texts = [m.text for f in notes for m in f.mistakes]
    assert [(e.theme, *e.theme_label) for e in aggregates.mistakes.entries] == theme_sequence(texts)


def test_a_promise_kept_in_a_later_note_moves_with_that_notes_date(year_of_notes):
    """kept_on is the keeping note's date: moving only that note must move it."""
    current = {f.path: f for f in year_of_notes}
    kept = link_completions(list(current.values()))
    keeper_path = next(source.path for source in kept.values())
    notes = ordered(current)
    ledger = Ledger(notes, kept)
    keeper = current[keeper_path]
    current[keeper_path] = replace(keeper, date=keeper.date + dt.timedelta(days=1))
    moved = ordered(current)
    ledger.update([keeper], [current[keeper_path]], kept)  # the same links, a later day
    assert_same_ledger(ledger, moved, kept)
    assert any(p.kept_on == keeper.date + dt.timedelta(days=1) for p in ledger.by_kept.items)


def test_the_mistake_log_rethemes_only_from_the_first_change(year_of_notes):
    notes = ordered({f.path: f for f in year_of_notes})
    log = MistakeLog(notes)
    assert log.entries, "the sample notes record mistakes"
    head = list(log.entries[:-1])
    last = next(f for f in reversed(notes) if f.mistakes)
    changed = replace(last, mistakes=last.mistakes + (Mistake("又迟到了", Source(last.path, 99), "cue"),))
    log.update(tuple(changed if f is last else f for f in notes))
    assert all(a is b for a, b in zip(log.entries, head[:len(head) - len(last.mistakes) + 1]))
    assert log.entries[-1].theme == "late" and log.entries[-1].times_before >= 0


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_calendar_splices_events_as_icalendar_writes_them(language):
    """commitments.ics serialises each event once; the file must still be exactly what
    icalendar writes for the whole calendar."""
    from icalendar import Calendar, Event

    from notes2insight.aggregate.ledger import Promise
    from notes2insight.model import Commitment
    from notes2insight.render.ics import render_ics

    day = dt.date(2026, 11, 20)
    long_text = "给王总发汉EV的报价单，附上置换补贴和贷款方案，" * 6  # folded over several lines
    promises = [Promise(Commitment(text, Source("2026/11-20.md", line), day + dt.timedelta(days=line),
                                   "王总", "checkbox"), day, None, None)
                for line, text in ((3, "明天给王总回电话"), (7, long_text), (9, "send Acme the quote"))]
    ours = render_ics(promises, [], day - dt.timedelta(days=30), language)
    calendar = Calendar.from_ical(ours)
    events = calendar.walk("VEVENT")
    assert [str(e["description"]) for e in events] == [f"2026/11-20.md:{n}" for n in (3, 7, 9)]
    whole = Calendar()
    for name in ("prodid", "version", "x-wr-calname"):
        whole.add(name, calendar[name])
    for e in events:
        event = Event()
        for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "description"):
            event.add(name, e.decoded(name) if name.startswith("dt") else str(e[name]))
        whole.add_component(event)
    assert ours == whole.to_ical().decode("utf-8")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["delete", "restore", "drop-mentions", "rename"]),
                          st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=6))
def test_alias_evidence_counted_note_by_note_equals_a_fresh_count(year_of_notes, steps):
    """王总 → 王建国 is learned from every mention in the vault; a watcher only recounts the
    notes that changed."""
    from notes2insight.extract.customers import Directory
    from notes2insight.pipeline import AliasEvidence

    current = {f.path: f for f in year_of_notes}
    deleted: dict = {}
    evidence = AliasEvidence(list(current.values()))
    for action, pick in steps:
        path = sorted(current)[pick % len(current)]
        before = current[path]
        if action in ("delete", "restore"):
            delete_or_restore(action, path, pick, current, deleted)
        elif action == "drop-mentions":
            current[path] = replace(before, mentions=before.mentions[1:])
        elif action == "rename" and before.mentions:
            # the form 王总 now folded to someone else in this note: it stops being an alias
            current[path] = replace(before, mentions=tuple(replace(m, name="王小明") for m in before.mentions))
        evidence.update(list(current.values()))
        fresh = AliasEvidence(list(current.values()))
        for taught in ({}, {("", "王总"): "王建国"}):
            assert evidence.aliases(taught, Directory()) == fresh.aliases(taught, Directory())
        assert (evidence.folded, evidence.full_names, evidence.bare) == (fresh.folded, fresh.full_names, fresh.bare)


NAMES = st.sampled_from(["王建国", "王总", "李娜", "李女士", "张伟", "汉EV", "秦PLUS", "林晓", "林晓发", "陈哥"])
CONTRIBUTIONS = st.builds(
    lambda customers, aliases, models, tagged, colleagues: Contribution(
        tuple(dict.fromkeys(customers)), tuple(aliases), tuple(dict.fromkeys(models)),
        tuple(dict.fromkeys(tagged)), tuple(dict.fromkeys(colleagues))),
    st.lists(NAMES, max_size=3), st.lists(st.tuples(NAMES, NAMES), max_size=2),
    st.lists(NAMES, max_size=2), st.lists(NAMES, max_size=2), st.lists(NAMES, max_size=2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.md", "b.md", "c/d.md", "e.md"]),
                          st.one_of(st.none(), CONTRIBUTIONS)), min_size=1, max_size=10))
def test_the_directory_merged_note_by_note_equals_a_fresh_merge(changes):
    """Who is a customer, an alias, a colleague or a car model, from every note's contribution:
    a watcher re-merges only the notes that changed; an alias two notes define goes to the
    note first in path order, as in a fresh merge."""
    from notes2insight.extract.people import DirectoryMerger, merge

    config = Config(notes_dir=".", output_dir="out", aliases={"陈哥": "陈志强"},
                    colleagues=frozenset({"林晓"}))
    merger, current = DirectoryMerger(), {}
    for path, contribution in changes:
        if contribution is None:
            current.pop(path, None)
        else:
            current[path] = contribution
        merger.update(dict(current))
        fresh = merge([current[p] for p in sorted(current)], config)
        assert merger.directory(config) == fresh


def test_a_note_saved_again_with_the_same_names_keeps_the_directory():
    """A save that changes no name (most of a watcher's) reuses the directory it had; a name
    that comes or goes makes a new one."""
    from notes2insight.extract.people import Contribution, DirectoryMerger

    config = Config(notes_dir=".", output_dir="out")
    merger = DirectoryMerger()
    merger.update({"a.md": Contribution(("王建国",), (("王总", "王建国"),)), "b.md": Contribution(("李秀英",))})
    first = merger.directory(config)
    merger.update({"a.md": Contribution(("王建国",), (("王总", "王建国"),)), "b.md": Contribution(("李秀英",))})
    assert merger.directory(config) is first
    merger.update({"a.md": Contribution(("王建国", "赵磊"), (("王总", "王建国"),)), "b.md": Contribution(("李秀英",))})
    assert "赵磊" in merger.directory(config).customers


@settings(max_examples=30, deadline=None)
@given(edits)
def test_a_watchers_vault_steps_told_only_the_changed_notes_equal_a_fresh_run(year_of_notes, steps):
    """A watcher's save hands `finish` only the notes it changed (not the ten thousand others),
    and the aggregates only what `finish` says changed: both still equal a fresh run."""
    from notes2insight.extract.customers import Directory
    from notes2insight.pipeline import VaultMemory, finish

    config = Config(notes_dir=".", output_dir="out")
    current = {f.path: f for f in year_of_notes}
    deleted: dict = {}
    memory = VaultMemory()
    facts = finish(list(current.values()), {}, Directory(), [], memory)

    def up_to_today(facts) -> tuple:  # the folded facts, as a watcher's aggregates hold them
        return tuple(f for f in facts.notes if f.date <= TODAY)

    aggregates = Aggregates(up_to_today(facts), facts.kept, config, TODAY)
    for action, pick, days in steps:
        path = sorted(current)[pick % len(current)]
        before = dict(current)
        if action in ("delete", "restore"):
            delete_or_restore(action, path, pick, current, deleted)
        elif action == "move":
            current[path] = replace(current[path], date=current[path].date + dt.timedelta(days=days))
        elif action == "drop-completions":
            current[path] = replace(current[path], completions=())
        elif action in ("drop-commitments", "copy-commitment"):
            current[path] = replace(current[path], commitments=current[path].commitments[1:])
        else:
            current[path] = replace(current[path], mistakes=())
        changed = {p: current.get(p) for p in before.keys() | current.keys() if before.get(p) is not current.get(p)}
        since = min(((f.date, p) for p in changed for f in (before.get(p), current.get(p)) if f is not None),
                    default=(dt.date.max, ""))
        previous, aliases = facts, memory.aliases
        facts = finish([], {}, Directory(), [], memory, since, changed=changed)
        fresh = finish(list(current.values()), {}, Directory(), [])
        assert facts.notes == fresh.notes and facts.kept == fresh.kept
        changes = facts.changes_since(previous)
        if memory.aliases == aliases:  # else every note folds again: all of them changed
            assert changes is not None and changes.notes.keys() == changed.keys()
            assert changes.kept == {s for s, _ in previous.kept.items() ^ facts.kept.items()}
        else:
            assert changes is None
        notes = up_to_today(facts)
        aggregates.update(notes, facts.kept, changes)
        assert_same_aggregates(aggregates, notes, facts.kept, config)
