"""The commitment ledger: every promise once, and whether it is kept, open or overdue on a day.

A to-do copied forward unchecked into the next days' notes is one promise, not five; a promise
counts as kept from the day of the note that checked it off or reported it done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import Commitment, NoteFacts, Source

CARRY_OVER_DAYS = 31
_NORMAL = re.compile(r"[\s\W_]+")


@dataclass(frozen=True, slots=True)
class Promise:
    commitment: Commitment
    made: dt.date
    kept_on: dt.date | None
    kept_at: Source | None
    copies: tuple[Source, ...] = ()  # later notes that repeated the same to-do

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


def build_ledger(notes: tuple[NoteFacts, ...], kept: dict[Source, Source]) -> tuple[Promise, ...]:
    """Every promise in the vault once, in the order made (notes are in date order)."""
    day_of = {f.path: f.date for f in notes}
    promises: list[Promise] = []
    latest: dict[tuple[str, str | None], int] = {}
    for facts in notes:
        if facts.date is None:
            continue
        for commitment in facts.commitments:
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
                                              first.copies + (commitment.source,))
                    continue
            latest[key] = len(promises)
            promises.append(Promise(commitment, facts.date, kept_on, kept_at))
    return tuple(promises)
