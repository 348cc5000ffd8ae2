"""Reading a note: bytes -> text (decode_note), text -> front matter + body (split_front_matter).

Each test states one rule. Positions are 1-based *file* line:col, as an editor shows them.
Every YAML test runs twice: with libyaml (`CSafeLoader`) and with the pure-Python
`SafeLoader`, which is what users without the libyaml wheel get.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from notes2insight.model import Problem, Severity
from notes2insight.parse import frontmatter as fm_module
from notes2insight.parse.decode import decode_note
from notes2insight.parse.frontmatter import MAX_FRONT_MATTER_BYTES, FrontMatter, split_front_matter

PATH = "2026/01/2026-01-05.md"

LOADERS = ["pure-python"] + (["libyaml"] if getattr(yaml, "__with_libyaml__", False) else [])


@pytest.fixture(autouse=True, params=LOADERS)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure-python":
        monkeypatch.setattr(fm_module, "_LOADER", fm_module._loader_class(yaml.SafeLoader))
    return request.param


def split(text: str) -> FrontMatter:
    return split_front_matter(text, PATH)


def where(fm: FrontMatter) -> list[tuple]:
    """(line, col, code) of every problem: what an editor jumps to."""
    return [(p.line, p.col, p.code) for p in fm.problems]


NOTE = """\
---
date: 2026-01-05
author: 小李
customers: [王建国, 李秀英]
deals:
  - customer: 王建国
    stage: 试驾
    amount: 18.98万
  - customer: 李秀英
    stage: 报价
    phone: 13812345678
---

# 今日
- 王总来店试驾汉EV，报价21.98万
- [ ] 周五前给李姐发报价单
"""


# --------------------------------------------------------------------------------------------
# The normal case
# --------------------------------------------------------------------------------------------


def test_a_normal_note() -> None:
    fm = split(NOTE)
    assert fm.problems == ()
    assert fm.meta == {
        "date": dt.date(2026, 1, 5),
        "author": "小李",
        "customers": ["王建国", "李秀英"],
        "deals": [
            {"customer": "王建国", "stage": "试驾", "amount": "18.98万"},
            {"customer": "李秀英", "stage": "报价", "phone": 13812345678},
        ],
    }
    assert fm.key_lines == {"date": 2, "author": 3, "customers": 4, "deals": 5}


def test_value_lines_locate_list_items_and_their_keys() -> None:
    lines = split(NOTE).value_lines
    assert lines[("deals", 0)] == 6
    assert lines[("deals", 0, "customer")] == 6
    assert lines[("deals", 0, "amount")] == 8
    assert lines[("deals", 1)] == 9
    assert lines[("deals", 1, "phone")] == 11
    assert lines[("customers", 1)] == 4
    assert lines[("date",)] == 2


def test_body_is_the_exact_rest_of_the_file_and_body_line_is_its_file_line() -> None:
    fm = split(NOTE)
    assert fm.body == NOTE.split("---\n", 2)[2]  # the blank line after the fence is kept
    assert fm.body_line == 13
    assert NOTE.split("\n")[fm.body_line - 1 + 1] == "# 今日"  # markdown-it map[0] + body_line


def test_fences_may_have_trailing_spaces_and_close_with_dots() -> None:
    fm = split("---  \ncustomer: 王建国\n...\t\n正文\n")
    assert (fm.meta, fm.body, fm.body_line, fm.problems) == ({"customer": "王建国"}, "正文\n", 4, ())


def test_body_may_be_empty() -> None:
    fm = split("---\ncustomer: 王建国\n---")
    assert (fm.meta, fm.body, fm.body_line) == ({"customer": "王建国"}, "", 4)


@pytest.mark.parametrize("text", ["---\n---\n正文", "---\n\n---\n正文", "---\n# 只有注释\n---\n正文"])
def test_an_empty_block_is_empty_metadata_without_a_problem(text: str) -> None:
    fm = split(text)
    assert (fm.meta, fm.problems, fm.body) == ({}, (), "正文")


@pytest.mark.parametrize("text", ["", "今天没有客户", "# 2026-01-05\n\n- 打电话", "\n\n\n", "  ---\na: 1\n---\n"])
def test_no_front_matter_means_the_whole_text_is_body(text: str) -> None:
    assert split(text) == FrontMatter({}, {}, {}, text, 1, ())


def test_a_setext_heading_or_thematic_break_in_the_body_is_not_front_matter() -> None:
    text = "今日总结\n---\n\n客户: 王总\n\n---\n"
    assert split(text) == FrontMatter({}, {}, {}, text, 1, ())


def test_valid_yaml_with_blank_lines_and_comments_is_front_matter() -> None:
    # Blank lines and `#` lines only raise suspicion when the block is not valid YAML.
    fm = split("---\n# 基本信息\ncustomer: 王建国\n\n# 跟进\nstage: 试驾\n---\n正文\n")
    assert (fm.meta, fm.problems, fm.body_line) == ({"customer": "王建国", "stage": "试驾"}, (), 8)


# --------------------------------------------------------------------------------------------
# Structure problems: nothing is ever dropped
# --------------------------------------------------------------------------------------------


def test_leading_blank_lines_are_accepted_with_a_warning_and_exact_lines() -> None:
    text = "\n\n\n---\ncustomer: 王建国\nstage: 试驾\n---\n正文\n"
    fm = split(text)
    assert fm.meta == {"customer": "王建国", "stage": "试驾"}
    assert fm.key_lines == {"customer": 5, "stage": 6}
    assert (fm.body, fm.body_line) == ("正文\n", 8)
    assert where(fm) == [(4, 1, "fm-leading-blank")]
    assert fm.problems[0].severity is Severity.WARNING


def test_leading_blank_lines_do_not_shift_yaml_error_lines() -> None:
    # python-frontmatter strip()s and reported line 4 here; the real line is 7.
    fm = split("\n\n\n---\ndate: 2026-01-05\ncustomers: [王建国, 李秀英\n---\n正文\n")
    assert [(p.line, p.col, p.code) for p in fm.problems if p.code == "yaml"] == [(7, 1, "yaml")]
    assert "(while parsing a flow sequence at line 6)" in fm.problems[-1].message


def test_unclosed_front_matter_is_an_error_and_the_whole_text_is_body() -> None:
    text = "---\ncustomer: 王建国\nstage: 试驾\n\n今天王总来店试驾。\n"
    fm = split(text)
    assert (fm.meta, fm.body, fm.body_line) == ({}, text, 1)
    assert where(fm) == [(1, 1, "fm-unclosed")]
    assert "never closed" in fm.problems[0].message


def test_a_lone_opening_fence_is_unclosed() -> None:
    assert where(split("---")) == [(1, 1, "fm-unclosed")]
    assert where(split("---\n")) == [(1, 1, "fm-unclosed")]


def test_unclosed_front_matter_with_a_later_markdown_rule_keeps_every_line() -> None:
    # The `---` on line 8 is a thematic break, not the closing fence.
    text = "---\ncustomer: 王建国\nstage: 试驾\n\n## 今日\n王总来店试驾，说回去商量\n\n---\n\n## 明日\n回访王总\n"
    fm = split(text)
    assert (fm.meta, fm.body, fm.body_line) == ({}, text, 1)
    assert where(fm) == [(1, 1, "fm-unclosed")]
    assert "block spans lines 1-8 and contains blank/heading lines – is the closing '---' missing?" in (
        fm.problems[0].message
    )


def test_front_matter_that_is_a_list_becomes_body_with_a_warning() -> None:
    text = "---\n- 王建国\n- 李秀英\n---\n今天两位客户到店。\n"
    fm = split(text)
    assert (fm.meta, fm.body, fm.body_line) == ({}, text, 1)
    assert fm.problems == (
        Problem(PATH, 1, "lines 1-4 look like front matter but are a YAML list; treated as body text",
                "fm-not-mapping", Severity.WARNING, 1),
    )  # fmt: skip


def test_text_between_two_horizontal_rules_is_not_lost() -> None:
    # python-frontmatter made this paragraph disappear.
    text = "---\n今天业绩不错，成交两台\n---\n\n明天继续跟进\n"
    fm = split(text)
    assert (fm.meta, fm.body, fm.body_line) == ({}, text, 1)
    assert where(fm) == [(1, 1, "fm-not-mapping")]
    assert "YAML scalar" in fm.problems[0].message


def test_toml_front_matter_is_not_supported_and_read_as_body() -> None:
    text = '+++\ntitle = "2026-01-05"\n+++\n正文\n'
    fm = split(text)
    assert (fm.meta, fm.body, fm.body_line) == ({}, text, 1)
    assert [(p.code, p.severity, p.message) for p in fm.problems] == [
        ("toml-fm", Severity.WARNING, "TOML front matter (+++) is not supported; read as body text")
    ]


@pytest.mark.parametrize("text", ['{\n"customer": "王建国"\n}\n正文\n', "{ 不是JSON\n正文\n"])
def test_a_first_line_brace_is_just_body(text: str) -> None:
    assert split(text) == FrontMatter({}, {}, {}, text, 1, ())


def test_a_huge_block_is_refused() -> None:
    block = "".join(f"k{i}: 客户{i}\n" for i in range(MAX_FRONT_MATTER_BYTES // 8))
    fm = split(f"---\n{block}---\n正文\n")
    assert (fm.meta, fm.body) == ({}, "正文\n")
    assert where(fm) == [(1, 1, "too-big")]


# --------------------------------------------------------------------------------------------
# YAML syntax errors: positioned at the file line:col, with context and hints
# --------------------------------------------------------------------------------------------


def test_unclosed_flow_sequence_reports_both_marks() -> None:
    fm = split("---\ndate: 2026-01-05\ncustomers: [王建国, 李秀英\nstage: 试驾\n---\n正文\n")
    assert where(fm) == [(4, 6, "yaml")]
    assert fm.problems[0].message.endswith("(while parsing a flow sequence at line 3)")
    assert (fm.meta, fm.body, fm.body_line) == ({}, "正文\n", 6)


def test_colon_in_a_value_hints_to_quote_it() -> None:
    fm = split("---\ndate: 2026-01-05\ncustomer: 王总: 比亚迪4S店\n---\n")
    assert where(fm) == [(3, 13, "yaml")]
    assert "mapping values are not allowed" in fm.problems[0].message
    assert "quote the value" in fm.problems[0].message


def test_tab_indentation_hints_at_tabs() -> None:
    fm = split("---\ncustomer: 王建国\n\tstage: 试驾\n---\n")
    assert where(fm) == [(3, 1, "yaml")]
    assert "tabs are not allowed for indentation" in fm.problems[0].message


def test_a_tab_after_the_colon_is_fine() -> None:
    assert split("---\ncustomer:\t王建国\n---\n").meta == {"customer": "王建国"}


@pytest.mark.parametrize("value", ["@王建国", "`王建国`"])
def test_at_sign_or_backtick_start_hints_to_quote(value: str) -> None:
    fm = split(f"---\ncustomer: {value}\n---\n")
    assert where(fm) == [(2, 11, "yaml")]
    assert "quote values that start with @ or a backtick" in fm.problems[0].message


def test_bad_list_indentation_is_positioned() -> None:
    fm = split("---\ndeals:\n  - customer: 王建国\n    stage: 试驾\n - customer: 李秀英\n---\n")
    assert [(p.line, p.code) for p in fm.problems] == [(5, "yaml")]


def test_crlf_text_gives_the_same_lines() -> None:
    text = "---\ndate: 2026-01-05\ncustomers: [王建国\n---\n正文\n"
    lf, crlf = split(text), split(text.replace("\n", "\r\n"))
    assert where(lf) == where(crlf) == [(4, 1, "yaml")]
    assert crlf.body_line == lf.body_line == 5


def test_a_control_character_is_positioned() -> None:
    fm = split("---\ncustomer: 王建国\x1b\n---\n")
    assert where(fm) == [(2, 14, "yaml-char")]
    assert "U+001B" in fm.problems[0].message


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def test_duplicate_keys_are_errors_at_the_second_occurrence_and_last_wins() -> None:
    fm = split("---\ncustomer: 王建国\nstage: 试驾\ncustomer: 李秀英\n---\n")
    assert fm.meta == {"customer": "李秀英", "stage": "试驾"}
    assert fm.problems == (
        Problem(PATH, 4, "duplicate key 'customer' (first defined on line 2); the last value wins",
                "yaml-duplicate-key", Severity.ERROR, 1),
    )  # fmt: skip


def test_duplicate_keys_in_nested_mappings() -> None:
    fm = split("---\ndeals:\n  - customer: 王建国\n    stage: 试驾\n    stage: 报价\n---\n")
    assert fm.meta == {"deals": [{"customer": "王建国", "stage": "报价"}]}
    assert where(fm) == [(5, 5, "yaml-duplicate-key")]
    assert "first defined on line 4" in fm.problems[0].message


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        ("1: 王建国", "1", "key 1 is an int, not a string; quote it"),
        ("~: 王建国", "~", "key ~ is null, not a string; quote it"),
        ("2026-01-05: 见了王总", "2026-01-05", "key 2026-01-05 is a date, not a string; quote it"),
        ("true: 王建国", "true", "key true is a bool, not a string; quote it"),
        ("1.5: 王建国", "1.5", "key 1.5 is a float, not a string; quote it"),
    ],
)
def test_non_string_keys_are_errors_and_kept_under_their_source_text(line: str, key: str, message: str) -> None:
    fm = split(f"---\n{line}\n---\n")
    assert fm.meta == {key: line.split(": ", 1)[1]}
    assert fm.key_lines == {key: 2}
    assert fm.problems == (Problem(PATH, 2, message, "yaml-key", Severity.ERROR, 1),)


def test_a_list_key_is_dropped_with_an_error() -> None:
    fm = split("---\n? [王建国, 李秀英]\n: 同一家公司\nstage: 试驾\n---\n")
    assert fm.meta == {"stage": "试驾"}
    assert [(p.line, p.code) for p in fm.problems] == [(2, "yaml-key")]


# --------------------------------------------------------------------------------------------
# Values: YAML 1.1 surprises, invalid values, hostile YAML
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("NO", "NO"), ("no", "no"), ("yes", "yes"), ("Yes", "Yes"), ("on", "on"), ("off", "off"),
        ("y", "y"), ("n", "n"), ("true", True), ("True", True), ("FALSE", False), ("tRuE", True),
        ("0123", "0123"), ("010-88886666", "010-88886666"), ("12:30", "12:30"), ("0x1F", "0x1F"),
        ("0o17", "0o17"), ("1_000", "1_000"), ("+86", 86), ("189800", 189800), ("-5", -5), ("0", 0),
        ("18.98", 18.98), ("1e3", 1000.0), (".inf", ".inf"), (".nan", ".nan"), ("null", None),
        ("~", None), ("", None), ("2026-11-26", dt.date(2026, 11, 26)),
        ("'2026-11-26'", "2026-11-26"), ("2026-1-5", "2026-1-5"), ("2026-11-26 10:00", "2026-11-26 10:00"),
        ("18.98万", "18.98万"), ("王建国", "王建国"),
    ],
)  # fmt: skip
def test_yaml_typing_without_yaml_1_1_surprises(raw: str, value: object) -> None:
    fm = split(f"---\nvalue: {raw}\n---\n")
    assert fm.problems == ()
    assert fm.meta == {"value": value}
    assert type(fm.meta["value"]) is type(value)


@pytest.mark.parametrize(
    ("raw", "col", "reason"),
    [
        ("2026-13-45", 7, "invalid date '2026-13-45': month must be in 1..12"),
        ("2026-02-30", 7, "invalid date '2026-02-30': day is out of range for month"),
    ],
)
def test_invalid_dates_are_positioned_and_kept_as_text(raw: str, col: int, reason: str) -> None:
    fm = split(f"---\ncustomer: 王建国\ndate: {raw}\n---\n")
    assert fm.meta == {"customer": "王建国", "date": raw}
    assert where(fm) == [(3, col, "yaml-value")]
    assert fm.problems[0].message.startswith(reason)


def test_a_5000_digit_integer_is_positioned_and_kept_as_text() -> None:
    fm = split("---\namount: " + "9" * 5000 + "\n---\n")
    assert fm.meta == {"amount": "9" * 5000}
    assert where(fm) == [(2, 9, "yaml-value")]


def test_anchors_and_aliases_are_rejected() -> None:
    fm = split("---\nbase: &base\n  stage: 试驾\ndeal:\n  <<: *base\n  customer: 王建国\n---\n正文\n")
    assert (fm.meta, fm.body) == ({}, "正文\n")
    assert where(fm) == [(2, 7, "yaml-alias")]


def test_billion_laughs_is_rejected_fast() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    fm = split("---\n" + "\n".join(rows) + "\n---\n")
    assert time.perf_counter() - start < 0.1
    assert (fm.meta, where(fm)) == ({}, [(2, 4, "yaml-alias")])


def test_python_tags_are_refused_and_never_executed(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    fm = split(f"---\ncustomer: !!python/object/apply:os.system [touch {sentinel}]\nstage: 试驾\n---\n")
    assert not sentinel.exists()
    assert fm.meta == {"customer": None, "stage": "试驾"}
    assert where(fm) == [(2, 11, "yaml")]
    assert "!!python/object/apply:os.system" in fm.problems[0].message


def test_unknown_tags_are_refused() -> None:
    fm = split("---\ncustomer: !Customer 王建国\n---\n")
    assert (fm.meta, where(fm)) == ({"customer": None}, [(2, 11, "yaml")])


def test_a_tagged_root_is_refused() -> None:
    fm = split("---\n!!python/object/apply:os.system [echo hi]\n---\n正文\n")
    assert (fm.meta, fm.body, where(fm)) == ({}, "正文\n", [(2, 1, "yaml")])


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    fm = split("---\ncustomers: " + "[" * 20000 + "\n---\n正文\n")
    assert (fm.meta, fm.body) == ({}, "正文\n")
    assert [(p.line, p.code) for p in fm.problems] == [(2, "yaml")]


def test_fifty_levels_of_block_nesting_are_refused_before_composing() -> None:
    block = "".join("  " * i + f"k{i}:\n" for i in range(60))
    fm = split(f"---\n{block}---\n")
    assert (fm.meta, [p.code for p in fm.problems]) == ({}, ["yaml"])


# --------------------------------------------------------------------------------------------
# decode_note: bytes -> text
# --------------------------------------------------------------------------------------------

GBK_NOTE = "---\ncustomer: 王建国\nstage: 试驾\n---\n今天王总来店试驾汉EV，报价21.98万。\n"


def test_utf8_is_the_normal_case() -> None:
    assert decode_note(NOTE.encode(), PATH) == (NOTE, [])


def test_empty_file_is_an_empty_note() -> None:
    assert decode_note(b"", PATH) == ("", [])


def test_utf8_bom_is_removed_with_a_warning_and_front_matter_still_works() -> None:
    text, problems = decode_note(b"\xef\xbb\xbf" + NOTE.encode(), PATH)
    assert text == NOTE
    assert [(p.line, p.code, p.severity) for p in problems] == [(1, "encoding", Severity.WARNING)]
    assert split(text).meta["author"] == "小李"


@pytest.mark.parametrize(("codec", "bom", "name"), [("utf-16-le", b"\xff\xfe", "UTF-16 LE"),
                                                    ("utf-16-be", b"\xfe\xff", "UTF-16 BE")])  # fmt: skip
def test_utf16_with_bom_is_decoded_with_a_warning(codec: str, bom: bytes, name: str) -> None:
    # Windows Notepad "Unicode" and PowerShell 5.1 `>` write UTF-16 LE with a BOM.
    text, problems = decode_note(bom + NOTE.replace("\n", "\r\n").encode(codec), PATH)
    assert text == NOTE
    assert len(problems) == 1 and name in problems[0].message
    assert problems[0].severity is Severity.WARNING


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_is_decoded_as_gb18030_with_a_positioned_warning(codec: str) -> None:
    text, problems = decode_note(GBK_NOTE.encode(codec), PATH)
    assert text == GBK_NOTE
    assert problems == [
        Problem(PATH, 2, "not valid UTF-8 (byte 0xcd); decoded as GB18030 – please re-save as UTF-8",
                "encoding", Severity.WARNING, 11),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        "---\ntitle: Café crème, résumé\n---\nNaïve\n".encode("cp1252"),  # Windows-1252
        "---\ntitle: Привет, как дела\n---\nтекст заметки\n".encode("cp1251"),  # decodes as rare hanzi
    ],
)
def test_other_legacy_encodings_are_errors(data: bytes) -> None:
    text, problems = decode_note(data, PATH)
    assert text is None
    assert [(p.line, p.code, p.severity) for p in problems] == [(2, "encoding", Severity.ERROR)]


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "客户\x00王建国".encode()])
def test_a_nul_byte_means_binary(data: bytes) -> None:
    assert decode_note(data, PATH) == (None, [Problem(PATH, 1, "binary file, skipped", "binary", Severity.ERROR)])


def test_a_nul_byte_after_8000_bytes_is_not_the_binary_test() -> None:
    text, problems = decode_note(b"a" * 8000 + b"\x00", PATH)
    assert (len(text or ""), problems) == (8001, [])


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_give_identical_metadata_and_lines(newline: str) -> None:
    text, problems = decode_note(NOTE.replace("\n", newline).encode(), PATH)
    assert (text, problems) == (NOTE, [])


def test_mixed_newlines_keep_line_numbers() -> None:
    text, _ = decode_note(b"---\r\ncustomer: a\rstage: b\n---\r\nbody", PATH)
    fm = split(text or "")
    assert (fm.key_lines, fm.body_line, fm.body) == ({"customer": 2, "stage": 3}, 5, "body")


# --------------------------------------------------------------------------------------------
# Properties: never raises, never drops text, positions in range
# --------------------------------------------------------------------------------------------

_YAMLISH = st.lists(
    st.sampled_from(
        ["---", "...", "+++", "", "  ", "\t", "customer: 王建国", "stage: 试驾", "- 王建国", "  - a",
         "deals:", "  - customer: 李秀英", "    amount: 18.98万", "a: b: c", "x: [1, 2", "y: {a: 1",
         "&a [1]", "b: *a", "<<: *a", "1: x", "~: y", "? [a]", ": z", "date: 2026-13-45", "d: 2026-01-05",
         "!!python/object/apply:os.system [ls]", "k: !T v", "# 今日", "今天王总来店", "k: '未闭合",
         'k: "\\ud800"', "\x1b", "\ufeff---", "{", "}", "k: NO", "0123: 0123", "k:\t\tv", "\u2028"]
    ),
    max_size=14,
).map("\n".join)  # fmt: skip


def _check_invariants(text: str, fm: FrontMatter) -> None:
    n_lines = text.count("\n") + 1
    for p in fm.problems:
        assert 1 <= p.line <= n_lines, p
        assert p.col is None or p.col >= 1
        assert p.path == PATH
    # Never lose text: the body is a suffix of the text starting at body_line.
    assert text.endswith(fm.body)
    assert text[: len(text) - len(fm.body)].count("\n") == fm.body_line - 1 or fm.body == ""
    assert all(isinstance(k, str) for k in fm.meta)
    assert all(1 <= line <= n_lines for line in fm.key_lines.values())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_invariants(text, split(text))


@settings(max_examples=500, deadline=None)
@given(_YAMLISH, st.sampled_from(["", "\n", "\n\n正文\n"]))
def test_yamlish_text_never_raises(text: str, tail: str) -> None:
    text = "---\n" + text + tail
    _check_invariants(text, split(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_decode_never_raises(data: bytes) -> None:
    text, problems = decode_note(data, PATH)
    assert (text is None) == any(p.severity is Severity.ERROR for p in problems)
    if text is not None:
        assert "\r" not in text
        _check_invariants(text, split(text))
