"""A list kept sorted by a key whose first part is a date: cut by date range with bisect, and
changed by insertion and removal, because a watcher changes a handful of items at a time."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Callable, Generic, Iterable, TypeVar

T = TypeVar("T")


class SortedItems(Generic[T]):
    def __init__(self, key: Callable[[T], tuple], items: Iterable[T] = ()) -> None:
        self.key = key
        items = list(items)
        keys = list(map(key, items))
        # each key made once, and the positions sorted by them in C (a ten-year ledger's
        # indexes hold a million promises; (key, item) pairs sorted by a lambda took seconds)
        order = sorted(range(len(items)), key=keys.__getitem__)
        self.keys = [keys[i] for i in order]
        self.items = [items[i] for i in order]

    def subset(self, keep: Callable[[T], bool]) -> "SortedItems[T]":
        """The items `keep` holds true for, in the same order (no key made or sorted again)."""
        out = SortedItems(self.key)
        for k, item in zip(self.keys, self.items):
            if keep(item):
                out.keys.append(k)
                out.items.append(item)
        return out

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: T) -> None:
        k = self.key(item)
        at = bisect.bisect_right(self.keys, k)
        self.keys.insert(at, k)
        self.items.insert(at, item)

    def remove(self, item: T) -> None:
        """Take out this very item (by identity; equal keys are searched forward)."""
        at = bisect.bisect_left(self.keys, self.key(item))
        while self.items[at] is not item:
            at += 1
        del self.keys[at], self.items[at]

    def between(self, start: dt.date, end: dt.date) -> list[T]:
        """The items whose date is in [start, end)."""
        return self.items[bisect.bisect_left(self.keys, (start,)):bisect.bisect_left(self.keys, (end,))]

    def since(self, start: dt.date) -> list[T]:
        """The items whose date is `start` or later."""
        return self.items[bisect.bisect_left(self.keys, (start,)):]

    def count_before(self, day: dt.date) -> int:
        return bisect.bisect_left(self.keys, (day,))
