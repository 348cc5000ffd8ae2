"""A note's date comes from its front matter, else its file name, else it is a problem."""

from __future__ import annotations

import datetime as dt

import pytest

from notes2insight.parse.note import date_from_path, parse_note


@pytest.mark.parametrize("rel, expected", [
    ("2026-11-26.md", "2026-11-26"),
    ("日志/2026_11_26 周四.md", "2026-11-26"),
    ("20261126.md", "2026-11-26"),
    ("2026年11月26日.md", "2026-11-26"),
    ("2026年11月6日 星期五.md", "2026-11-06"),
    ("2026/11月26日.md", "2026-11-26"),
    ("2026年/11-26.md", "2026-11-26"),
    ("2026/11/26.md", "2026-11-26"),
    ("notes/2026/11/2026-11-26.md", "2026-11-26"),
    ("11月26日.md", None),  # no year anywhere
    ("2026-02-30.md", None),
    ("会议记录.md", None),
])
def test_date_from_file_name(rel, expected):
    found = date_from_path(rel)
    assert (found.isoformat() if found else None) == expected


def test_front_matter_date_wins_over_the_file_name():
    note, problems = parse_note("2026-11-26.md", "---\ndate: 2026-11-20\n---\n正文\n".encode())
    assert note.date == dt.date(2026, 11, 20) and problems == []


@pytest.mark.parametrize("value", ["2026-11-20", "'2026-11-20'", "2026/11/20", "2026年11月20日",
                                   "2026-11-20 10:00", "2026-11-20T10:00:00+08:00"])
def test_front_matter_date_forms(value):
    note, _ = parse_note("x.md", f"---\n日期: {value}\n---\n".encode())
    assert note.date == dt.date(2026, 11, 20)


def test_unreadable_date_is_a_problem_on_its_line():
    note, problems = parse_note("2026-11-26.md", "---\ntitle: x\ndate: 下周三\n---\n".encode())
    assert note.date == dt.date(2026, 11, 26)  # falls back to the file name
    assert [(p.line, p.code) for p in problems] == [(3, "date")]


def test_no_date_anywhere():
    note, problems = parse_note("随笔.md", "今天很忙。\n".encode())
    assert note.date is None
    assert [(p.path, p.line, p.code) for p in problems] == [("随笔.md", 1, "no-date")]


def test_body_lines_are_file_lines_after_front_matter():
    text = "---\ndate: 2026-11-26\ncustomers: [王建国]\n---\n\n\n## 失误\n- 忘了回电话\n"
    note, _ = parse_note("a.md", text.encode())
    assert [(l.line, l.text) for l in note.lines] == [(7, "失误"), (8, "忘了回电话")]


def test_crlf_gives_the_same_lines_as_lf():
    text = "---\ndate: 2026-11-26\n---\n## 失误\n- 忘了回电话\n"
    lf, _ = parse_note("a.md", text.encode())
    crlf, _ = parse_note("a.md", text.replace("\n", "\r\n").encode())
    assert lf.lines == crlf.lines and lf.meta == crlf.meta
