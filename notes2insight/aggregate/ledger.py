"""The commitment ledger: every promise once, and whether it is kept, open or overdue on a day.

A to-do copied forward unchecked into the next days' notes is one promise, not five; a promise
counts as kept from the day of the note that checked it off or reported it done.

Copies only ever merge with the same to-do (same words, same customer), so the ledger is a set
of independent chains, one per to-do. `Ledger` keeps them, and sorted indexes over them, so
that a watcher's changed notes recompute only their own to-dos' chains.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from ..model import Commitment, NoteFacts, Source
from .sorted_items import SortedItems

CARRY_OVER_DAYS = 31
_NORMAL = re.compile(r"[\s\W_]+")


@dataclass(frozen=True, slots=True)
class Promise:
    commitment: Commitment
    made: dt.date
    kept_on: dt.date | None
    kept_at: Source | None
    copies: tuple[Source, ...] = ()  # later notes that repeated the same to-do
    position: int = 0  # the commitment's place among its note's commitments (a tie-break)

    @property
    def due(self) -> dt.date | None:
        return self.commitment.due

    def status(self, asof: dt.date) -> str:
        """"kept", "overdue", "open" (dated, not yet due) or "undated" — as it stood on `asof`."""
        if self.kept_on is not None and self.kept_on <= asof:
            return "kept"
        if self.due is None:
            return "undated"
        return "overdue" if self.due < asof else "open"


def _key(commitment: Commitment) -> tuple[str, str | None]:
    return _NORMAL.sub("", commitment.text), commitment.customer


def _said_order(item: tuple) -> tuple:
    return item[:3]  # (made, path, position): the commitment itself never decides


def build_ledger(notes: tuple[NoteFacts, ...], kept: dict[Source, Source]) -> tuple[Promise, ...]:
    """Every promise in the vault once, in the order made (notes are in date order).

    The plain statement of the rule; `Ledger` computes the same promises chain by chain."""
    day_of = {f.path: f.date for f in notes}
    promises: list[Promise] = []
    latest: dict[tuple[str, str | None], int] = {}
    for facts in notes:
        if facts.date is None:
            continue
        for position, commitment in enumerate(facts.commitments):
            kept_at = kept.get(commitment.source)
            kept_on = day_of.get(kept_at.path) if kept_at else None
            key = _key(commitment)
            index = latest.get(key)
            if index is not None:
                first = promises[index]
                if (facts.date - first.made).days <= CARRY_OVER_DAYS and first.kept_on is None:
                    # the same to-do copied into a later note: still the first promise
                    promises[index] = Promise(first.commitment, first.made,
                                              kept_on if first.kept_on is None else first.kept_on,
                                              kept_at if first.kept_at is None else first.kept_at,
                                              first.copies + (commitment.source,), first.position)
                    continue
            latest[key] = len(promises)
            promises.append(Promise(commitment, facts.date, kept_on, kept_at, (), position))
    return tuple(promises)


# Sort keys: plain tuples (a date, then the source's path and line, then the position) compare
# fast, and (day,) sorts before every key of that day, which is how ranges are cut.
def made_key(p: Promise) -> tuple:
    s = p.commitment.source
    return (p.made, s.path, s.line, p.position)


def due_key(p: Promise) -> tuple:
    s = p.commitment.source
    return (p.commitment.due, p.made, s.path, s.line, p.position)


def kept_key(p: Promise) -> tuple:
    s = p.commitment.source
    return (p.kept_on, s.path, s.line, p.position)


class Ledger:
    """Every promise of the notes dated up to a day, chained per to-do and indexed by the day
    made, due and kept; unkept promises have their own indexes (what is open, overdue or due
    soon is then a range, not a pass over ten years of promises)."""

    def __init__(self, notes: Iterable[NoteFacts], kept: dict[Source, Source]) -> None:
        self._kept = kept
        self._day_of: dict[str, dt.date] = {}
        self._said: dict[tuple, list[tuple]] = {}  # to-do -> [(made, path, position, commitment)]
        self._chains: dict[tuple, tuple[Promise, ...]] = {}
        self._key_of: dict[Source, tuple] = {}  # commitment -> its to-do
        self._keepers: dict[tuple, frozenset[str]] = {}  # to-do -> notes that keep one of its copies
        self._kept_in: dict[str, set[tuple]] = {}  # note -> to-dos it keeps
        self._customers: dict[str | None, set[tuple]] = {}
        for facts in notes:  # in (date, path) order: every list of copies comes out sorted
            self._add_note(facts, in_order=True)
        for key in self._said:
            self._chains[key] = self._chain(key)
        every = [p for chain in self._chains.values() for p in chain]
        self.by_made = SortedItems(made_key, every)
        self.by_due = SortedItems(due_key, (p for p in every if p.due is not None))
        self.by_kept = SortedItems(kept_key, (p for p in every if p.kept_on is not None))
        self.open_by_due = self.by_due.subset(lambda p: p.kept_on is None)
        self.open_undated = self.by_made.subset(lambda p: p.kept_on is None and p.due is None)

    # -- reading -----------------------------------------------------------------------------

    @property
    def promises(self) -> list[Promise]:
        """Every promise in the order made."""
        return self.by_made.items

    def of_customer(self, name: str) -> list[Promise]:
        """The customer's promises in the order made."""
        out = [p for key in self._customers.get(name, ()) for p in self._chains[key]]
        out.sort(key=made_key)
        return out

    # -- changing ----------------------------------------------------------------------------

    def update(self, removed: Iterable[NoteFacts], added: Iterable[NoteFacts],
               kept: dict[Source, Source], kept_changed: Iterable[Source] | None = None) -> None:
        """Take out the `removed` notes and put in the `added` ones, with the vault's new kept
        links; equals a ledger built from scratch over the new notes. `kept_changed`: the
        promises kept otherwise than in the last call's `kept` (None: compare them all)."""
        touched: set[tuple] = set()
        for facts in removed:
            touched |= self._remove_note(facts)
        for facts in added:
            touched |= self._add_note(facts)
        if kept_changed is None:
            kept_changed = {source for source, _ in self._kept.items() ^ kept.items()}
        for source in kept_changed:  # promises kept (or no more) elsewhere
            key = self._key_of.get(source)
            if key is not None:
                touched.add(key)
        self._kept = kept
        for key in touched:
            self._rechain(key)

    def _add_note(self, facts: NoteFacts, in_order: bool = False) -> set[tuple]:
        touched = set(self._kept_in.get(facts.path, ()))  # its date decides when those were kept
        if facts.date is None:
            return touched
        self._day_of[facts.path] = facts.date
        for position, commitment in enumerate(facts.commitments):
            key = _key(commitment)
            said = self._said.setdefault(key, [])
            item = (facts.date, facts.path, position, commitment)
            if in_order:
                said.append(item)
            else:
                bisect.insort(said, item, key=_said_order)
            self._key_of[commitment.source] = key
            self._customers.setdefault(commitment.customer, set()).add(key)
            touched.add(key)
        return touched

    def _remove_note(self, facts: NoteFacts) -> set[tuple]:
        touched = set(self._kept_in.get(facts.path, ()))
        if self._day_of.pop(facts.path, None) is None:
            return touched
        for commitment in facts.commitments:
            key = _key(commitment)
            said = self._said.get(key, [])
            said[:] = [s for s in said if s[1] != facts.path]
            self._key_of.pop(commitment.source, None)
            touched.add(key)
        return touched

    def _chain(self, key: tuple) -> tuple[Promise, ...]:
        """The promises of one to-do (the loop of `build_ledger`, for one key)."""
        chain: list[Promise] = []
        keepers: set[str] = set()
        for made, _, position, commitment in self._said.get(key, ()):
            kept_at = self._kept.get(commitment.source)
            kept_on = None
            if kept_at is not None:
                keepers.add(kept_at.path)
                kept_on = self._day_of.get(kept_at.path)
            if chain:
                first = chain[-1]
                if (made - first.made).days <= CARRY_OVER_DAYS and first.kept_on is None:
                    chain[-1] = Promise(first.commitment, first.made, kept_on,
                                        kept_at if first.kept_at is None else first.kept_at,
                                        first.copies + (commitment.source,), first.position)
                    continue
            chain.append(Promise(commitment, made, kept_on, kept_at, (), position))
        for path in keepers:
            self._kept_in.setdefault(path, set()).add(key)
        self._keepers[key] = frozenset(keepers)
        return tuple(chain)

    def _rechain(self, key: tuple) -> None:
        for path in self._keepers.pop(key, ()):
            holders = self._kept_in.get(path)
            if holders is not None:
                holders.discard(key)
                if not holders:
                    del self._kept_in[path]
        old = self._chains.pop(key, ())
        if not self._said.get(key):
            for p in old:
                for index in self._indexes(p):
                    index.remove(p)
            self._said.pop(key, None)
            holders = self._customers.get(key[1])
            if holders is not None:
                holders.discard(key)
            return
        # a promise that came out the same keeps its very object (and its place in the
        # indexes): a note saved again rebuilds the chains of all its to-dos, most unchanged
        same = {p: p for p in old}
        chain = tuple(same.pop(p, p) for p in self._chain(key))
        for p in same.values():
            for index in self._indexes(p):
                index.remove(p)
        reused = {id(p) for p in old}
        for p in chain:
            if id(p) not in reused:
                for index in self._indexes(p):
                    index.add(p)
        self._chains[key] = chain

    def _indexes(self, p: Promise) -> list[SortedItems]:
        out = [self.by_made]
        if p.due is not None:
            out.append(self.by_due)
        if p.kept_on is not None:
            out.append(self.by_kept)
        elif p.due is not None:
            out.append(self.open_by_due)
        else:
            out.append(self.open_undated)
        return out
