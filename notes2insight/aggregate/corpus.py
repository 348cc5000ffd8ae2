"""What the text of the notes dated up to a day holds: in how many notes each keyword candidate
occurs (the document frequencies behind keyword scores), how often each occurs in the current
periods, and the first day each body line was written (a line seen before is a copy, not news).
Kept note by note for a watcher."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from typing import Iterable

from ..model import NoteFacts
from .periods import Period


def uncount(freq: dict[str, int], terms: Iterable[str]) -> None:
    """Take one document's terms out of document counts (a term that reaches 0 is dropped)."""
    for term in terms:
        left = freq[term] - 1
        if left:
            freq[term] = left
        else:
            del freq[term]


class Corpus:
    def __init__(self, notes: Iterable[NoteFacts] = (), periods: Iterable[Period] = ()) -> None:
        """`periods`: those whose term counts are kept (the current week, month and year)."""
        self.doc_freq: Counter[str] = Counter()  # counted in C: a note's terms are unique
        self.notes = 0
        self.period_terms: dict[Period, dict[str, int]] = {period: {} for period in periods}
        # line digest -> the day of every note holding it: one date, or a sorted list of them
        self._line_days: dict[int, dt.date | list[dt.date]] = {}
        for facts in notes:
            self._add(facts)

    def first_day(self, digest: int) -> dt.date | None:
        days = self._line_days.get(digest)
        return days[0] if isinstance(days, list) else days

    def update(self, removed: Iterable[NoteFacts], added: Iterable[NoteFacts]) -> None:
        for facts in removed:
            self._remove(facts)
        for facts in added:
            self._add(facts)

    def _add(self, facts: NoteFacts) -> None:
        self.notes += 1
        self.doc_freq.update(facts.terms)
        for period, counts in self.period_terms.items():
            if facts.date in period:
                for term, count in zip(facts.terms, facts.term_counts):
                    counts[term] = counts.get(term, 0) + count
        days, day = self._line_days, facts.date
        for digest in facts.line_digests:
            held = days.get(digest)
            if held is None:
                days[digest] = day
            elif isinstance(held, list):
                bisect.insort(held, day)
            else:
                days[digest] = sorted((held, day))

    def _remove(self, facts: NoteFacts) -> None:
        self.notes -= 1
        uncount(self.doc_freq, facts.terms)
        for period, counts in self.period_terms.items():
            if facts.date in period:
                for term, count in zip(facts.terms, facts.term_counts):
                    left = counts[term] - count
                    if left:
                        counts[term] = left
                    else:
                        del counts[term]
        days, day = self._line_days, facts.date
        for digest in facts.line_digests:
            held = days[digest]
            if isinstance(held, list):
                held.remove(day)
                if len(held) == 1:
                    days[digest] = held[0]
            else:
                del days[digest]
