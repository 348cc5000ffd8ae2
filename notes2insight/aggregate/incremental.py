"""The vault-wide aggregates over the notes dated up to today — customer timelines, the promise
ledger, the mistake log, the corpus — built once and then changed note by note.

A watcher's unchanged notes keep their very facts objects (pipeline.VaultMemory), so what
changed is found by identity; the aggregates then take out the old facts and put in the new
ones, and equal aggregates built from scratch.
"""

from __future__ import annotations

import bisect
import datetime as dt
from operator import attrgetter

from ..config import Config
from ..model import CustomerStep, NoteFacts, Source
from .corpus import Corpus
from .customers import CustomerState, StageEvent, Timelines
from .ledger import Ledger
from .mistakes import MistakeLog
from .periods import KINDS, Period, period_of
from .sorted_items import SortedItems


def _event_key(item: tuple[dt.date, str, StageEvent]) -> tuple:
    day, name, event = item
    return (day, event.source.path, event.source.line, name)


def _by_day_and_name(item: tuple) -> tuple:
    return (item[0], item[1])


class CustomerHistory:
    """Every customer's stage changes, win and first contact as of today, sorted by day across
    customers (a period's summary cuts them by range); redone only for changed customers."""

    def __init__(self, timelines: Timelines, today: dt.date) -> None:
        self.timelines = timelines
        self.today = today
        self._of: dict[str, tuple[list, list, list]] = {}
        events, wins, firsts = [], [], []
        for name in timelines.touches:
            held = self._items(name)
            self._of[name] = held
            events += held[0]
            wins += held[1]
            firsts += held[2]
        self.events: SortedItems[tuple[dt.date, str, StageEvent]] = SortedItems(_event_key, events)
        self.wins: SortedItems[tuple[dt.date, str, StageEvent]] = SortedItems(_by_day_and_name, wins)
        self.first_seen: SortedItems[tuple[dt.date, str]] = SortedItems(_by_day_and_name, firsts)

    def _items(self, name: str) -> tuple[list, list, list]:
        state = self.timelines.state(name, self.today)
        if state is None:
            return [], [], []
        return ([(e.day, name, e) for e in state.stages],
                [(state.won.day, name, state.won)] if state.won else [],
                [(state.first_seen, name)])

    def update(self, names: set[str]) -> None:
        for name in names:
            old = self._of.pop(name, ([], [], []))
            new = self._items(name)
            for index, before, after in zip((self.events, self.wins, self.first_seen), old, new):
                for item in before:
                    index.remove(item)
                for item in after:
                    index.add(item)
            if any(new):
                self._of[name] = new


class Aggregates:
    def __init__(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source], config: Config,
                 today: dt.date) -> None:
        """`notes`: the notes dated up to `today`, in (date, path) order."""
        self.today = today
        self.notes = notes
        self._by_path = {f.path: f for f in notes}
        self.timelines = Timelines(notes, config)
        self.history = CustomerHistory(self.timelines, today)
        self.ledger = Ledger(notes, kept)
        self.mistakes = MistakeLog(notes)
        self.corpus = Corpus(notes, [period_of(kind, today) for kind in KINDS])
        self._period_notes: dict[Period, int] = {}  # every week, month and year: notes in it
        self._count_periods(notes, 1)
        self._current: dict[str, CustomerState] | None = None  # every customer as of today
        self._names: tuple[str, ...] | None = None  # every customer, sorted
        self._names_set: frozenset[str] = frozenset()
        # path -> (facts, (body lines, lines with a fact, lines copied from an earlier note))
        self._substance: dict[str, tuple[NoteFacts, tuple[int, int, int]]] = {}
        # customer -> (day, path, position, step) of each step a note records (sorted)
        self._steps: dict[str, list[tuple[dt.date, str, int, CustomerStep]]] = {}
        for facts in notes:
            self._add_steps(facts, in_order=True)

    def update(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source], changes=None) -> set[str]:
        """Bring the aggregates to `notes` (dated up to today, in order) and `kept`; returns
        the customers whose timeline changed. `changes` (pipeline.VaultChanges): all that
        changed since the facts of the last call, so the vault is not compared note by note."""
        before = self._by_path
        if changes is None:
            current = {f.path: f for f in notes}
            removed = [f for path, f in before.items() if current.get(path) is not f]
            added = [f for path, f in current.items() if before.get(path) is not f]
            kept_changed = None
        else:
            current = before
            removed, added = [], []
            for path, (_, new) in changes.notes.items():
                old = before.get(path)
                if new is not None and (new.date is None or new.date > self.today):
                    new = None  # only notes dated up to today count
                if old is new:
                    continue
                if old is not None:
                    removed.append(old)
                    del current[path]
                if new is not None:
                    added.append(new)
                    current[path] = new
            kept_changed = changes.kept
        self.notes, self._by_path = notes, current
        affected: set[str] = set()
        if removed or added:
            affected = self.timelines.update(removed, added)
            self.history.update(affected)
            if self._names is not None and len(self._names) != len(self.timelines.touches):
                self._names = None
            elif self._names is not None and any(
                    (name in self.timelines.touches) != (name in self._names_set) for name in affected):
                self._names = None
            if self._current is not None:
                for name in affected:
                    state = self.timelines.state(name, self.today)
                    if state is None:
                        self._current.pop(name, None)
                    else:
                        self._current[name] = state
            first = min(f.date for f in (*removed, *added))  # the earliest day changed
            self.corpus.update(removed, added)
            self.mistakes.update(notes, first)
            self._count_periods(removed, -1)
            self._count_periods(added, 1)
            # a line counts as copied when an earlier note has it: only the notes from the
            # first changed day on can count otherwise now
            for facts in notes[bisect.bisect_left(notes, first, key=attrgetter("date")):]:
                self._substance.pop(facts.path, None)
            for facts in removed:
                self._substance.pop(facts.path, None)
                for name in {step.customer for step in facts.customer_steps if step.customer}:
                    kept_steps = [item for item in self._steps[name] if item[1] != facts.path]
                    if kept_steps:
                        self._steps[name] = kept_steps
                    else:
                        del self._steps[name]
            for facts in added:
                self._add_steps(facts)
        self.ledger.update(removed, added, kept, kept_changed)
        return affected

    def current_states(self) -> dict[str, CustomerState]:
        """Every customer as of today (in no particular order; do not change it): kept
        customer by customer as notes change."""
        if self._current is None:
            self._current = {}
            for name in self.timelines.touches:
                state = self.timelines.state(name, self.today)
                if state is not None:
                    self._current[name] = state
        return self._current

    def customer_names(self) -> tuple[str, ...]:
        """Every customer named up to today, sorted: the same tuple object from one update
        to the next while nobody is added or dropped (the file names follow from it)."""
        if self._names is None:
            self._names = tuple(sorted(self.timelines.touches))
            self._names_set = frozenset(self._names)
        return self._names

    def substance_of(self, facts: NoteFacts) -> tuple[int, int, int]:
        """(body lines, lines with a fact, lines copied from an earlier note) of one note."""
        known = self._substance.get(facts.path)
        if known is not None and known[0] is facts:
            return known[1]
        total = with_facts = copied = 0
        first_day = self.corpus.first_day
        for line, digest in zip(facts.body_lines, facts.line_digests):
            total += 1
            if line in facts.fact_lines:
                with_facts += 1
            elif (first_day(digest) or facts.date) < facts.date:
                copied += 1
        counted = (total, with_facts, copied)
        self._substance[facts.path] = (facts, counted)
        return counted

    def steps_of(self, name: str) -> list[CustomerStep]:
        """The customer's recorded steps (test drive, quote…), in note order."""
        return [step for *_, step in self._steps.get(name, ())]

    def _add_steps(self, facts: NoteFacts, in_order: bool = False) -> None:
        for position, step in enumerate(facts.customer_steps):
            if step.customer:
                item = (facts.date, facts.path, position, step)
                steps = self._steps.setdefault(step.customer, [])
                if in_order:
                    steps.append(item)
                else:
                    bisect.insort(steps, item, key=lambda item: item[:3])

    def periods(self) -> list[Period]:
        """Every week, month and year that holds a note, and the current ones; by kind, in order."""
        out: list[Period] = []
        for kind in KINDS:
            found = {p for p in self._period_notes if p.kind == kind}
            found.add(period_of(kind, self.today))
            out += sorted(found)
        return out

    def _count_periods(self, notes, step: int) -> None:
        counts = self._period_notes
        for facts in notes:
            for kind in KINDS:
                period = period_of(kind, facts.date)
                left = counts.get(period, 0) + step
                if left:
                    counts[period] = left
                else:
                    del counts[period]
