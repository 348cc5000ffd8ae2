"""Bytes of one note → a `Note` record and the problems met while reading it.

Pure: takes the relative path and the bytes, never touches the disk. Every failure becomes a
`Problem` with a file line; a note with a bad front matter still yields its body.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Note, Problem, Severity
from ..text.script import reading
from .decode import decode_note
from .frontmatter import split_front_matter
from .markdown import body_lines

_FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:[-_./]|年\s*)?(?P<m>1[0-2]|0?[1-9])(?:[-_./]|月\s*)?"
    r"(?P<d>3[01]|[12]\d|0?[1-9])(?:日|号)?(?!\d)")
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])(?!\d)")
_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>1[0-2]|0?[1-9])(?:月|[-_.])(?P<d>3[01]|[12]\d|0?[1-9])(?:日|号)?(?!\d)")
# A front-matter date string: the whole value is one date, optionally followed by a time
# ("2026-11-26 10:00", "2026-11-26T10:00:00+08:00") or a weekday after a space. Stricter than
# the file-name patterns, which pick a date out of a longer name: there "2026-13-45" read as
# 2026-01-03 (month 1, day 3), silently moving a note to another month.
_VALUE_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)(?:(?P<sep>[-/._])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"|\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?"
    r"|(?P<m3>\d\d)(?P<d3>\d\d))(?=$|[\sT])")
_YEAR = re.compile(r"^(?P<y>(?:19|20)\d\d)年?$")
_MONTH = re.compile(r"^(?:(?:19|20)\d\d[-_.年])?(?P<m>1[0-2]|0?[1-9])月?$")
_DAY = re.compile(r"^(?P<d>3[01]|[12]\d|0?[1-9])(?:日|号)?$")


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def date_from_path(rel: str) -> dt.date | None:
    """The date a file name gives: `2026-11-26.md`, `20261126.md`, `2026年11月26日.md`, or a
    month-day name (`11月26日.md`, `11-26.md`) or day name (`26.md`) with the year (and month)
    from parent folders such as `2026/11/`."""
    parts = rel.split("/")
    stem = re.sub(r"\.md$", "", parts[-1], flags=re.IGNORECASE)
    folders = parts[:-1]
    for pattern in (_COMPACT_DATE, _FULL_DATE):
        match = pattern.search(stem)
        if match:
            found = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if found:
                return found
    year = next((int(m["y"]) for f in reversed(folders) if (m := _YEAR.match(f))), None)
    if year is None:
        return None
    match = _MONTH_DAY.search(stem)
    if match:
        return _make_date(year, int(match["m"]), int(match["d"]))
    month = next((int(m["m"]) for f in reversed(folders) if (m := _MONTH.match(f))), None)
    day = _DAY.match(stem)
    if month and day:
        return _make_date(year, month, int(day["d"]))
    return None


def date_from_value(value: object) -> dt.date | None:
    """A front-matter date value: a YAML date, a datetime (its local calendar day) or a string."""
    if isinstance(value, dt.datetime):
        return value.date()  # the calendar day as written, never converted to UTC
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int,)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = _VALUE_DATE.match(value.strip())
        if match:
            month = match["m"] or match["m2"] or match["m3"]
            day = match["d"] or match["d2"] or match["d3"]
            return _make_date(int(match["y"]), int(month), int(day))
    return None


def _first_key(meta: dict, *names: str) -> tuple[str | None, object]:
    for name in names:
        if name in meta:
            return name, meta[name]
    return None, None


def parse_note(rel: str, data: bytes, default_author: str | None = None
               ) -> tuple[Note | None, list[Problem]]:
    """Read one note. Returns (None, problems) only when the bytes are not text at all."""
    text, problems = decode_note(data, rel)
    if text is None:
        return None, list(problems)
    problems = list(problems)
    read, traditional, cantonese = reading(text)
    written: tuple[tuple[int, str, str], ...] = ()
    if read != text:
        written = tuple((number, r, w) for number, (r, w)
                        in enumerate(zip(read.split("\n"), text.split("\n")), start=1) if r != w)
        text = read
    fm = split_front_matter(text, rel)
    problems.extend(fm.problems)
    meta = fm.meta if isinstance(fm.meta, dict) else {}
    key, raw_date = _first_key(meta, "date", "日期", "Date")
    date = None
    if key is not None and raw_date is not None:
        date = date_from_value(raw_date)
        line = fm.key_lines.get(key, 1)
        # a value the YAML reader already reported (e.g. `2026-02-30`) needs no second error
        if date is None and not any(p.line == line for p in fm.problems):
            problems.append(Problem(rel, line,
                                    f"cannot read date '{raw_date}'; write it as YYYY-MM-DD",
                                    "date"))
    if date is None:
        date = date_from_path(rel)
    if date is None:
        problems.append(Problem(rel, 1, "no date: add 'date: YYYY-MM-DD' to the front matter or "
                                        "name the file like 2026-11-26.md", "no-date"))
    _, author = _first_key(meta, "author", "作者", "rep", "销售")
    author = str(author).strip() if isinstance(author, (str, int)) and str(author).strip() else None
    try:
        lines = body_lines(fm.body, fm.body_line)
    except Exception as exc:  # markdown-it is robust, but one note must never stop the rest
        problems.append(Problem(rel, fm.body_line, f"cannot parse Markdown: {exc}", "markdown"))
        lines = ()
    note = Note(path=rel, date=date, meta=meta, meta_lines=dict(fm.key_lines),
                value_lines=dict(fm.value_lines), lines=lines,
                body_start=fm.body_line, author=author or default_author,
                written=written, traditional=traditional, cantonese=cantonese)
    return note, problems


__all__ = ["parse_note", "date_from_path", "date_from_value", "Severity"]
