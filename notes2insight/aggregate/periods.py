"""Periods as half-open date spans from one splitter: ISO weeks (Monday first), months, years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("week", "month", "year")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """`start <= day < end`. `key` names the file: 2026-W48, 2026-11, 2026."""

    kind: str
    start: dt.date
    end: dt.date
    key: str

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day < self.end

    def next(self) -> "Period":
        return period_of(self.kind, self.end)

    def previous(self) -> "Period":
        return period_of(self.kind, self.start - dt.timedelta(days=1))


@lru_cache(maxsize=1 << 16)  # a vault's days recur in every build; ten years is 3,653 of them
def period_of(kind: str, day: dt.date) -> Period:
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period("week", start, start + dt.timedelta(days=7), f"{year}-W{week:02d}")
    if kind == "month":
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        return Period("month", start, end, f"{start.year}-{start.month:02d}")
    if kind == "year":
        return Period("year", dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1), str(day.year))
    raise ValueError(f"unknown period kind {kind!r}")


def periods_with(days: set[dt.date], kind: str, today: dt.date) -> list[Period]:
    """Every period of `kind` that holds a note day, plus the current one, in order."""
    found = {period_of(kind, d) for d in days if d <= today}
    found.add(period_of(kind, today))
    return sorted(found)


def months_of(year: int) -> list[Period]:
    return [period_of("month", dt.date(year, m, 1)) for m in range(1, 13)]
