"""Chinese working days: official holidays and 调休 make-up days, via `chinese_calendar`.

`chinese_calendar` (PyPI `chinesecalendar`) only knows the years the State Council has
published; for any other year it raises `NotImplementedError`. Then this module falls back to
Monday–Friday and records the year in `WorkdayCalendar.fallback_years`, so a caller can warn
("2027 holidays not known, counted Mon–Fri").

The package is imported lazily, inside the methods: importing it costs ~5 ms and it is only
needed when a note actually says "N个工作日".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

__all__ = ["WorkdayCalendar"]

# Upper bound on how far add_workdays may walk: a guard against a broken injected
# is_holiday_fn that says every day is a holiday (which would otherwise loop forever).
_MAX_SCAN_DAYS = 3660


class WorkdayCalendar:
    """Decides whether a date is a Chinese working day.

    `is_holiday_fn(d) -> bool` replaces the `chinese_calendar` lookup (tests pass a fake).
    It may raise `NotImplementedError` for a year it does not know, like the real package;
    that year then falls back to Monday–Friday and is added to `fallback_years`.
    """

    def __init__(self, is_holiday_fn: Callable[[date], bool] | None = None) -> None:
        self._is_holiday_fn = is_holiday_fn
        self.fallback_years: set[int] = set()

    def _lookup_is_holiday(self, d: date) -> bool:
        if self._is_holiday_fn is not None:
            return bool(self._is_holiday_fn(d))
        import chinese_calendar  # lazy: see module docstring

        return bool(chinese_calendar.is_holiday(d))

    def is_workday(self, d: date) -> bool:
        """True when `d` is a working day in mainland China (holidays off, 调休 Saturdays on)."""
        try:
            return not self._lookup_is_holiday(d)
        except NotImplementedError:
            # Year not published (yet): plain Monday–Friday, and remember to tell the user.
            self.fallback_years.add(d.year)
            return d.weekday() < 5

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after `d` (n == 0 gives `d`; negative n counts backwards).

        `d` itself never counts: from Thursday 2026-11-26, `add_workdays(d, 2)` is Monday
        2026-11-30 (Friday, then Monday).
        """
        if n == 0:
            return d
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        current = d
        for _ in range(_MAX_SCAN_DAYS + remaining * 7):
            current += step
            if self.is_workday(current):
                remaining -= 1
                if remaining == 0:
                    return current
        raise ValueError(f"no {n} working days within reach of {d.isoformat()}")

    def holiday_block(self, d: date) -> tuple[date, date] | None:
        """The days off around public holiday `d`, joined weekends included (端午 2026:
        Jun 19–21), or None when `d` is no published public holiday (then callers keep
        their own estimate rather than guess from weekdays)."""
        if not self.is_public_holiday(d):
            return None
        first = last = d
        for _ in range(31):  # the longest blocks (春节, 国庆) are 8–9 days
            if self.is_workday(first - timedelta(days=1)):
                break
            first -= timedelta(days=1)
        for _ in range(31):
            if self.is_workday(last + timedelta(days=1)):
                break
            last += timedelta(days=1)
        return first, last

    def next_holiday_block(self, d: date, within: int = 92) -> tuple[date, date] | None:
        """The days off of the public holiday under way on `d` or next within `within` days."""
        for offset in range(within):
            day = d + timedelta(days=offset)
            if self.is_public_holiday(day):
                return self.holiday_block(day)
        return None

    def is_public_holiday(self, d: date) -> bool:
        """A day off for a named public holiday (not a plain weekend; unknown years: False)."""
        if self._is_holiday_fn is not None:
            try:
                return bool(self._is_holiday_fn(d)) and d.weekday() < 5
            except NotImplementedError:
                return False
        import chinese_calendar

        try:
            off, name = chinese_calendar.get_holiday_detail(d)
        except NotImplementedError:
            return False
        return off and name is not None

    def __repr__(self) -> str:
        source = "chinese_calendar" if self._is_holiday_fn is None else "custom"
        return f"WorkdayCalendar({source}, fallback_years={sorted(self.fallback_years)})"
