"""Every mistake of the notes dated up to a day, in date order, each with its theme and how
often that theme came before.

A mistake's theme depends only on the mistakes before it (`themes.theme_sequence`), so when a
watcher's change reaches the log only the mistakes from the first changed one on are themed
again; at the end of a ten-year vault that is the last few.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Sequence

from ..model import Mistake, NoteFacts
from .themes import ThemeIndex


@dataclass(frozen=True, slots=True)
class MistakeEntry:
    day: dt.date
    mistake: Mistake
    theme: str  # theme key
    theme_label: tuple[str, str]  # (zh, en)
    times_before: int  # earlier mistakes of the same theme


class MistakeLog:
    def __init__(self, notes: Sequence[NoteFacts] = ()) -> None:
        self.entries: list[MistakeEntry] = []
        self.days: list[dt.date] = []
        self._themes = ThemeIndex()
        self._unruled_upto: list[int] = []  # unruled mistakes among entries[:i + 1]
        self._counts: dict[str, int] = {}  # theme -> entries of it
        # theme -> its entries in order (the dashboard's and the log's groups, kept as the
        # entries change instead of grouped again after every save)
        self.by_theme: dict[str, list[MistakeEntry]] = {}
        self.update(notes)

    def update(self, notes: Sequence[NoteFacts], since: dt.date | None = None) -> None:
        """Make the log hold exactly the mistakes of `notes` (in date order). Unchanged notes
        keep their very Mistake objects, so the unchanged prefix is found by identity.
        `since`: no note dated before it changed (a watcher's save: the log's last days)."""
        start = 0
        if since is not None:  # the entries before `since` stand: compare from there on
            start = bisect.bisect_left(self.days, since)
            notes = notes[bisect.bisect_left(notes, since, key=attrgetter("date")):]
        items = [(f.date, m) for f in notes for m in f.mistakes]
        same = start
        for (day, mistake), entry in zip(items, self.entries[start:]):
            if entry.mistake is not mistake or entry.day != day:
                break
            same += 1
        items = items[same - start:]
        counts = self._counts
        for entry in reversed(self.entries[same:]):
            counts[entry.theme] -= 1
            if not counts[entry.theme]:
                del counts[entry.theme]
            group = self.by_theme[entry.theme]
            group.pop()  # the latest of its theme: entries go in date order
            if not group:
                del self.by_theme[entry.theme]
        del self.entries[same:], self.days[same:], self._unruled_upto[same:]
        self._themes.truncate(self._unruled_upto[-1] if same else 0)
        for day, mistake in items:
            key, zh, en = self._themes.add(mistake.text)
            entry = MistakeEntry(day, mistake, key, (zh, en), counts.get(key, 0))
            self.entries.append(entry)
            self.by_theme.setdefault(key, []).append(entry)
            self.days.append(day)
            self._unruled_upto.append(self._themes.unruled)
            counts[key] = counts.get(key, 0) + 1

    def upto(self, asof: dt.date) -> list[MistakeEntry]:
        return self.entries[:bisect.bisect_right(self.days, asof)]

    def themes_upto(self, asof: dt.date) -> dict[str, list[MistakeEntry]]:
        """The entries up to `asof` by theme, each theme's in date order (do not change them)."""
        if not self.days or asof >= self.days[-1]:
            return self.by_theme
        themes: dict[str, list[MistakeEntry]] = {}
        for entry in self.upto(asof):
            themes.setdefault(entry.theme, []).append(entry)
        return themes

    def between(self, start: dt.date, end: dt.date) -> list[MistakeEntry]:
        """The entries dated in [start, end)."""
        return self.entries[bisect.bisect_left(self.days, start):bisect.bisect_left(self.days, end)]
