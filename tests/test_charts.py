"""Mermaid chart builders, checked with the real Mermaid parser (tests/mermaid_oracle.py).

Every chart built here is parsed by mermaid 11.17.2 in one Node process, and what Mermaid read
(labels, titles, values) is compared with what was written, so a label that Mermaid's
preprocessing quietly rewrites fails as surely as one that does not parse.

Needs `npm ci --prefix tests/mermaid`: without it the oracle tests skip, or fail when CI is set.
"""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mermaid_oracle import extract_mermaid_blocks, inspect_charts, oracle_problem
from notes2insight.render.charts import (
    EMPTY_LABEL,
    LABEL_MAX,
    TITLE_MAX,
    bar_chart,
    clean_text,
    format_number,
    horizontal_bar_chart,
    nice_max,
    pie_chart,
)

MONTHS = [f"{m}月" for m in range(1, 13)]
STAGES = ["线索", "到店", "试驾", "报价", "成交", "交车"]
SOURCES = ["抖音", "汽车之家", "懂车帝", "转介绍", "老客户", "自然到店", "电话"]
CUSTOMERS = ["张先生", "李女士", "王总", "赵老师", "陈姐", "刘师傅",
             "杨先生", "黄女士", "周总", "吴老板", "徐先生", "孙女士"]

HOSTILE = [
    'say "hi"', "it's", "C:\\path\\n", "back\\", "50%", "%%comment", "a%%b",
    '%%{init: {"theme": "dark"}}%%', "a:b", "a;b", "#tag", "#quot;", "x#35;y", "&amp;",
    "<script>alert(1)</script>", "<b>粗体</b>", "<a =", "x>", "`md`", "```", "line\nbreak",
    "cr\r\nlf", "tab\there", "\u2028sep", "nul\x00", "{a}", "}", "[a]", "a,b", "-->",
    "title", "bar", "x-axis", "---", "accTitle: x", "  padded  ", "", "   ", "🚗💨",
    "👨\u200d👩\u200d👧 家庭", "\u202eRTL", "线索→到店", "超级无敌长的客户来源名称一二三四五六七八九十",
    "A" * 200,
]


def _truthy_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def oracle():
    """inspect_charts, or skip (fail under CI) when node or tests/mermaid/node_modules is missing."""
    problem = oracle_problem()
    if problem:
        if _truthy_env("CI"):
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    return inspect_charts


# ------------------------------------------------------------------------ reading our own output


def body(block: str) -> str:
    blocks = extract_mermaid_blocks(block)
    assert len(blocks) == 1, block
    return blocks[0]


def written(block: str) -> dict:
    """Title, labels and values as our builder wrote them (none of our strings contains a quote)."""
    text = body(block)
    lines = text.splitlines()
    head = lines[0]
    if head.startswith("pie"):
        title = head[len("pie title "):] if head.startswith("pie title ") else ""
        rows = [re.fullmatch(r'\s*"([^"]*)" : (\S+)', line) for line in lines[1:]]
        assert all(rows), text
        return {"type": "pie", "title": title, "labels": [m[1] for m in rows],
                "values": [[float(m[2]) for m in rows]]}
    assert head in ("xychart-beta", "xychart-beta horizontal"), text
    out = {"type": "xychart", "title": "", "yTitle": "", "series": [], "values": []}
    for line in lines[1:]:
        key, _, rest = line.strip().partition(" ")
        if key == "title":
            out["title"] = re.fullmatch(r'"([^"]*)"', rest)[1]
        elif key == "x-axis":
            out["labels"] = re.findall(r'"([^"]*)"', rest)
        elif key == "y-axis":
            m = re.fullmatch(r'(?:"([^"]*)" )?(-?[\d.]+) --> (-?[\d.]+)', rest)
            assert m, line
            out["yTitle"] = m[1] or ""
            out["range"] = (float(m[2]), float(m[3]))
        elif key in ("bar", "line"):
            m = re.fullmatch(r'(?:"([^"]*)" )?\[([^\]]*)\]', rest)
            assert m, line
            out["series"].append({"kind": key, "title": m[1] or ""})
            out["values"].append([float(v) for v in m[2].split(", ")])
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return out


def mismatch(block: str, verdict: dict) -> str | None:
    """Why Mermaid's reading of ``block`` differs from ours, or None."""
    if not verdict["ok"]:
        return f"rejected: {verdict['error']}"
    ours, theirs = written(block), verdict["parsed"]
    for key in ("type", "title", "labels", "values"):
        if ours[key] != theirs[key]:
            return f"{key}: wrote {ours[key]!r}, mermaid read {theirs[key]!r}"
    if ours["type"] == "xychart":
        if ours["yTitle"] != theirs["yTitle"]:
            return f"yTitle: wrote {ours['yTitle']!r}, mermaid read {theirs['yTitle']!r}"
        theirs_series = [{"kind": s["kind"], "title": s["title"]} for s in theirs["series"]]
        if ours["series"] != theirs_series:
            return f"series: wrote {ours['series']!r}, mermaid read {theirs_series!r}"
        low, high = ours["range"]
        every = [v for values in ours["values"] for v in values]
        if not (low <= min(every) and max(every) <= high and low < high):
            return f"range {low} --> {high} does not hold {every}"
    return None


# --------------------------------------------------------------------------- the chart catalogue


def catalogue() -> dict[str, str]:
    zeros12 = [0] * 12
    charts = {
        "months_bar_with_target": bar_chart(
            "2026年每月成交", MONTHS, [("成交", [3, 5, 2, 8, 7, 6, 9, 4, 10, 12, 11, 15])],
            y_label="台", line_series=[("目标", [8] * 12)]),
        "months_all_zero": bar_chart("每月成交", MONTHS, [("成交", zeros12)], y_label="台"),
        "months_two_series": bar_chart(
            "本月对比上月", MONTHS, [("上月", list(range(12))), ("本月", list(range(12, 0, -1)))]),
        "money_floats": bar_chart(
            "成交金额", MONTHS[:4], [("金额", [12.345, 0.1 + 0.2, 199999.999, 1 / 3])],
            y_label="万元"),
        "decimal_fraction_values": bar_chart(
            "精确值", ["a", "b", "c"], [("v", [Decimal("2.675"), Fraction(2, 3), 7])]),
        "negatives": bar_chart("环比变化", ["1周", "2周", "3周"], [("变化", [-3, 4.5, -12])]),
        "all_negative": bar_chart("亏损", ["一", "二"], [("差额", [-1, -0.5])]),
        "one_item": bar_chart("今日", ["今天"], [("到店", [1])]),
        "twelve_customers": bar_chart("客户跟进次数", CUSTOMERS, [("次数", list(range(1, 13)))]),
        "line_only": bar_chart("目标", MONTHS[:3], [], line_series=[("目标", [5, 6, 7])]),
        "no_title_no_names": bar_chart("", ["a", "b"], [("", [1, 2])]),
        "huge_numbers": bar_chart("大数", ["a", "b"], [("x", [10**15, 1e20])]),
        "tiny_numbers": bar_chart("小数", ["a", "b"], [("x", [0.004, 0.013])]),
        "funnel": horizontal_bar_chart("销售漏斗", STAGES, [("人数", [120, 64, 40, 25, 12, 10])],
                                       y_label="人数"),
        "funnel_zero": horizontal_bar_chart("销售漏斗", STAGES, [("人数", [0] * 6)]),
        "funnel_one_stage": horizontal_bar_chart("销售漏斗", ["线索"], [("人数", [7])]),
        "funnel_arrow_stages": horizontal_bar_chart(
            "漏斗", ["线索→到店", "到店→成交"], [("转化率%", [53.3, 18.75])]),
        "sources_pie": pie_chart("客户来源", [(s, n) for s, n in zip(SOURCES, [30, 22, 15, 9, 6, 3, 1])]),
        "pie_zero_and_negative_dropped": pie_chart(
            "来源", [("抖音", 0), ("转介绍", -2), ("老客户", 3), ("电话", 0.001), ("门店", 1.5)]),
        "pie_one_item": pie_chart("来源", [("转介绍", 1)]),
        "pie_twelve_items": pie_chart("每月占比", list(zip(MONTHS, range(1, 13)))),
        "pie_no_title": pie_chart("", [("a", 1), ("b", 2)]),
        "hostile_bar_labels": bar_chart(
            "来源 \"敌意\" <b>标题</b> %%x", HOSTILE, [("s\"1", list(range(len(HOSTILE))))],
            y_label="y\"轴\\%%", line_series=[("<目标>", [1.5] * len(HOSTILE))]),
        "hostile_funnel_labels": horizontal_bar_chart(
            "漏斗 #35; `x`", HOSTILE, [("人数", [1] * len(HOSTILE))]),
        "hostile_pie_labels": pie_chart(
            '来源 "引号" %%{init: {}}%% <i>x</i> #quot;', [(h, i + 1) for i, h in enumerate(HOSTILE)]),
        "duplicate_labels": bar_chart("重复", ["张三", "张三", "张三 (2)", "", " "],
                                      [("x", [1, 2, 3, 4, 5])]),
        "duplicates_after_truncation": pie_chart(
            "截断后重复", [("客户来源名称非常长一二三四五六七八九十甲", 1),
                          ("客户来源名称非常长一二三四五六七八九十乙", 2),
                          ("客户来源名称非常长一二三四五六七八九十丙", 3)]),
    }
    for title in HOSTILE:
        charts[f"hostile_title_{title[:12]!r}"] = bar_chart(title, ["a"], [(title, [1])],
                                                            y_label=title)
        charts[f"hostile_pie_title_{title[:12]!r}"] = pie_chart(title, [(title, 1)])
    return charts


CATALOGUE = catalogue()

# Charts the oracle must reject: proof that it is a real check.
KNOWN_BAD = {
    "unquoted_cjk_label": 'xychart-beta\n    x-axis [1月, 2月]\n    bar [1, 2]\n',
    "garbage_diagram": "this is not a diagram\n",
    "misspelled_keyword": 'xychart-beta\n    x-axis ["a"]\n    barr [1]\n',
    "raw_double_quote": 'xychart-beta\n    x-axis ["say "hi"", "b"]\n    bar [1, 2]\n',
    "empty_label": 'xychart-beta\n    x-axis ["", "b"]\n    bar [1, 2]\n',
    "percent_comment": 'xychart-beta\n    x-axis ["%%a", "b"]\n    bar [1, 2]\n',
    "series_too_short": 'xychart-beta\n    x-axis ["a", "b", "c"]\n    bar [1, 2]\n',
    "series_too_long": 'xychart-beta\n    x-axis ["a", "b"]\n    line [1, 2, 3]\n',
    "duplicate_x_label": 'xychart-beta\n    x-axis ["a", "a"]\n    bar [1, 2]\n',
    "script_label_emptied": 'xychart-beta\n    x-axis ["<script>x</script>", "b"]\n    bar [1, 2]\n',
    "no_series": 'xychart-beta\n    x-axis ["a", "b"]\n',
    "pie_negative": 'pie\n    "a" : -1\n',
    "pie_duplicate_label": 'pie\n    "a" : 1\n    "a" : 2\n',
    "pie_trailing_backslash": 'pie\n    "a\\" : 1\n',
    "pie_no_slices": "pie title 空\n",
}

# Charts that parse but that Mermaid reads differently from what was written: proof that the
# read-back comparison catches silent corruption, which the unsanitised labels would cause.
KNOWN_MISREAD = {
    # Mermaid's preprocessing rewrites ="..." inside a "tag" spanning two labels: slices merge.
    "tag_spanning_labels": '```mermaid\npie title x\n    "<a =" : 1\n    "x>" : 2\n```\n',
    # %% starts a comment: the pie title is cut short.
    "percent_in_pie_title": '```mermaid\npie title 50%%off\n    "a" : 1\n```\n',
    # the pie parser reads backslash escapes: \n becomes a line break.
    "backslash_escape": '```mermaid\npie\n    "a\\nb" : 1\n```\n',
}


@pytest.fixture(scope="module")
def verdicts(oracle):
    """Every chart of this module, parsed in a single Node process."""
    sources = {**CATALOGUE, **{f"bad:{k}": v for k, v in KNOWN_BAD.items()},
               **{f"misread:{k}": v for k, v in KNOWN_MISREAD.items()}}
    names = list(sources)
    return dict(zip(names, oracle([sources[n] for n in names])))


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_catalogue_chart_parses_as_written(name, verdicts):
    problem = mismatch(CATALOGUE[name], verdicts[name])
    assert problem is None, f"{name}: {problem}\n{CATALOGUE[name]}"


@pytest.mark.parametrize("name", list(KNOWN_BAD))
def test_oracle_rejects_known_bad_chart(name, verdicts):
    verdict = verdicts[f"bad:{name}"]
    assert not verdict["ok"], f"the oracle accepted {KNOWN_BAD[name]!r}"
    assert verdict["error"]


@pytest.mark.parametrize("name", list(KNOWN_MISREAD))
def test_oracle_read_back_catches_corruption(name, verdicts):
    verdict = verdicts[f"misread:{name}"]
    assert verdict["ok"], verdict  # it parses...
    assert mismatch(KNOWN_MISREAD[name], verdict) is not None  # ...but not as written


def test_benign_labels_round_trip_unchanged(verdicts):
    assert verdicts["months_bar_with_target"]["parsed"]["labels"] == MONTHS
    assert verdicts["funnel"]["parsed"]["labels"] == STAGES
    assert verdicts["twelve_customers"]["parsed"]["labels"] == CUSTOMERS
    assert verdicts["sources_pie"]["parsed"]["labels"] == SOURCES
    assert verdicts["pie_twelve_items"]["parsed"]["labels"] == MONTHS
    assert verdicts["months_bar_with_target"]["parsed"]["title"] == "2026年每月成交"


def test_markdown_document_keeps_every_fence():
    """All charts in one Markdown page: a CommonMark reader finds each block whole, in order."""
    blocks = list(CATALOGUE.values())
    page = "# 月度总结\n\n" + "\n一段文字 `code` 和 ``` 在行中。\n\n".join(blocks)
    assert extract_mermaid_blocks(page) == [body(b) for b in blocks]


# ------------------------------------------------------------------- generated labels (hypothesis)

HOSTILE_BITS = [
    '"', "'", "\\", "%", "%%", ":", ";", "#", "#quot;", "#35;", "&", "<", ">", "<script>",
    "</script>", "<a =", "`", "```", "{", "}", "[", "]", ",", "\n", "\r\n", "\r", "\t", "\u2028",
    "\x00", "\x1b", "%%{init: {}}%%", "-->", "title ", "bar", "line", "x-axis", "---", "accTitle:",
    "线索", "抖音", "到店", "🚗", "👨\u200d👩\u200d👧", "\u200b", "\u202e", " ", "  ", "…", "—",
]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=6)), max_size=8).map(
    "".join)
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**7),
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
)


@st.composite
def chart_inputs(draw):
    labels = draw(st.lists(texts, min_size=1, max_size=12))
    n_bars = draw(st.integers(min_value=1, max_value=2))
    bars = [(draw(texts), draw(st.lists(numbers, min_size=len(labels), max_size=len(labels))))
            for _ in range(n_bars)]
    lines = [(draw(texts), draw(st.lists(numbers, min_size=len(labels), max_size=len(labels))))
             for _ in range(draw(st.integers(min_value=0, max_value=1)))]
    pie_values = st.one_of(numbers, st.integers(min_value=-5, max_value=0))
    pie = [(label, draw(pie_values)) for label in labels]
    return draw(texts), labels, bars, draw(texts), lines, pie


def test_generated_labels_always_parse(oracle):
    """~50 generated inputs × 3 charts, all checked in one oracle call."""
    built: list[tuple[object, str]] = []

    @settings(max_examples=50, deadline=None, database=None, derandomize=_truthy_env("CI"))
    @given(chart_inputs())
    def build(inputs):
        title, labels, bars, y_label, lines, pie = inputs
        charts = [bar_chart(title, labels, bars, y_label=y_label, line_series=lines),
                  horizontal_bar_chart(title, labels, bars, y_label=y_label)]
        pie_block = pie_chart(title, pie)
        if pie_block:
            charts.append(pie_block)
        for chart in charts:
            check_shape(chart)
            built.append((inputs, chart))

    build()
    assert len(built) >= 100
    results = oracle([chart for _, chart in built])
    failures = [(inputs, chart, problem) for (inputs, chart), verdict in zip(built, results)
                if (problem := mismatch(chart, verdict))]
    assert not failures, "\n\n".join(
        f"input: {inputs!r}\nchart:\n{chart}problem: {problem}" for inputs, chart, problem in
        failures[:5])


def check_shape(chart: str) -> None:
    assert chart.startswith("```mermaid\n") and chart.endswith("\n```\n")
    for text in re.findall(r'"([^"]*)"', body(chart)):
        assert len(text) <= TITLE_MAX
        assert not set(text) & set('"\\<>`\n\r\t'), text
        assert "%%" not in text


# ------------------------------------------------------------------------ pure Python behaviour


@pytest.mark.parametrize("value, text", [
    (0, "0"), (3, "3"), (3.0, "3"), (-0.0, "0"), (2.5, "2.5"), (2.675, "2.68"), (0.1 + 0.2, "0.3"),
    (1 / 3, "0.33"), (1e-7, "0"), (-0.004, "0"), (-2.345, "-2.35"), (1e20, "100000000000000000000"),
    (10**15, "1000000000000000"), (123456789.125, "123456789.13"), (Decimal("2.50"), "2.5"),
    (Fraction(2, 3), "0.67"),
])
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, "3", None, Decimal("NaN")])
def test_format_number_rejects(value):
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize("value, top", [
    (0, 1), (-5, 1), (0.004, 1), (0.01, Decimal("0.01")), (0.013, Decimal("0.01")), (0.016, Decimal("0.02")),
    (0.3, Decimal("0.3")),
    (1, 1), (7, 8), (8.5, 10), (11, 12), (37, 40), (85, 100), (100, 100), (101, 120),
    (1234, 1500), (99999, 100000),
])
def test_nice_max(value, top):
    assert nice_max(value) == top


def test_all_zero_chart_has_a_nonempty_range():
    assert "y-axis 0 --> 1\n" in bar_chart("t", ["a", "b"], [("s", [0, 0])])
    assert "y-axis 0 --> 1\n" in horizontal_bar_chart("t", ["a"], [("s", [0.001])])


def test_negative_values_extend_the_range_below_zero():
    assert "y-axis -12 --> 5\n" in bar_chart("t", ["a", "b"], [("s", [-11, 4.5])])


def test_exact_output():
    assert bar_chart("每月成交", ["1月", "2月"], [("成交", [3, 7.5])], y_label="台",
                     line_series=[("目标", [5, 5])]) == (
        "```mermaid\n"
        "xychart-beta\n"
        '    title "每月成交"\n'
        '    x-axis ["1月", "2月"]\n'
        '    y-axis "台" 0 --> 8\n'
        '    bar "成交" [3, 7.5]\n'
        '    line "目标" [5, 5]\n'
        "```\n")
    assert horizontal_bar_chart("漏斗", ["线索", "到店"], [("人数", [10, 4])]).splitlines()[1] == (
        "xychart-beta horizontal")
    assert pie_chart("来源", [("抖音", 2), ("转介绍", 0), ("老客户", 1.25)]) == (
        "```mermaid\n"
        "pie title 来源\n"
        '    "抖音" : 2\n'
        '    "老客户" : 1.25\n'
        "```\n")


@pytest.mark.parametrize("build", [bar_chart, horizontal_bar_chart])
def test_series_length_must_match_labels(build):
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        build("t", ["a", "b", "c"], [("s", [1, 2])])
    with pytest.raises(ValueError, match="4 values for 3 labels"):
        build("t", ["a", "b", "c"], [("s", [1, 2, 3])], line_series=[("target", [1, 2, 3, 4])])
    with pytest.raises(ValueError):
        build("t", [], [("s", [1])])


def test_bad_values_and_missing_series_raise():
    with pytest.raises(ValueError):
        bar_chart("t", ["a"], [("s", [math.nan])])
    with pytest.raises(ValueError):
        bar_chart("t", ["a"], [("s", [math.inf])])
    with pytest.raises(ValueError):
        pie_chart("t", [("a", math.nan)])
    with pytest.raises(ValueError, match="at least one"):
        bar_chart("t", ["a"], [])


def test_empty_inputs_give_empty_text():
    assert bar_chart("t", [], []) == ""
    assert horizontal_bar_chart("t", [], [("s", [])]) == ""
    assert pie_chart("t", []) == ""
    assert pie_chart("t", [("a", 0), ("b", -3), ("c", 0.004)]) == ""


def test_clean_text():
    assert clean_text('say "hi"') == "say 'hi'"
    assert clean_text("a\\b") == "a＼b"
    assert clean_text("<script>") == "＜script＞"
    assert clean_text("100%%%") == "100%"
    assert clean_text("x#35;y #tag") == "x＃35;y #tag"
    assert clean_text("`md`") == "'md'"
    assert clean_text(" line\r\nbreak\t\x00end \u2028") == "line break end"
    assert clean_text("线索→到店 🚗") == "线索→到店 🚗"
    long = clean_text("超级无敌长的客户来源名称一二三四五六七八九十")
    assert len(long) == LABEL_MAX and long.endswith("…")
    assert len(clean_text("A" * 200, TITLE_MAX)) == TITLE_MAX
    assert clean_text(None) == ""


def test_labels_are_made_distinct_and_never_empty():
    chart = bar_chart("t", ["张三", "张三", "张三 (2)", "", "  "], [("s", [1, 2, 3, 4, 5])])
    assert written(chart)["labels"] == ["张三", "张三 (3)", "张三 (2)", EMPTY_LABEL,
                                        f"{EMPTY_LABEL} (2)"]
    long = ["客户来源名称非常长一二三四五六七八九十" + c for c in "甲乙丙"]
    labels = written(pie_chart("t", [(name, 1) for name in long]))["labels"]
    assert len(set(labels)) == 3 and all(len(label) <= LABEL_MAX for label in labels)


def test_deterministic():
    args = ("每月", MONTHS, [("成交", [1.005 * i for i in range(12)])])
    assert bar_chart(*args) == bar_chart(*args)
