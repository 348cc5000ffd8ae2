"""Money amounts in a salesperson's notes: what counts as money, its value in yuan, its span.

Case tables are (text, expected spans); an expected span is (span text, low, high) or
(span text, low, high, cue). The shared `money_cases` of /work/shared/data/zh_cases.json are
the acceptance set the library survey was scored on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes2insight.text.amounts import Amount, find_amounts, parse_amount

ZH_CASES = Path(__file__).resolve().parents[2] / "shared/data/zh_cases.json"


def _money_cases() -> list[dict]:
    if not ZH_CASES.exists():
        return []
    return json.loads(ZH_CASES.read_text(encoding="utf-8"))["money_cases"]


def spans(text: str) -> list[tuple]:
    return [(a.text, a.low, a.high) for a in find_amounts(text)]


# --------------------------------------------------------------------------------------------
# Shared acceptance set
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not ZH_CASES.exists(), reason="shared zh_cases.json not available")
@pytest.mark.parametrize("case", _money_cases(), ids=lambda c: c["text"])
def test_shared_money_cases(case: dict) -> None:
    expected = case["expected"]
    low, high = expected if isinstance(expected, list) else (expected, expected)
    assert spans(case["text"]) == [(case["span"], low, high)]


# --------------------------------------------------------------------------------------------
# Forms of money, one per row
# --------------------------------------------------------------------------------------------

POSITIVE = [
    # Arabic numbers with a unit or magnitude
    ("客户说落地20万元能接受", [("20万元", 200000, 200000)]),
    ("这台车卖18.98万", [("18.98万", 189800, 189800)]),
    ("1.2w的装饰包客户不要", [("1.2w", 12000, 12000)]),
    ("裸车25.8W，客户嫌贵", [("25.8W", 258000, 258000)]),
    ("置换差价3k，客户还在犹豫", [("3k", 3000, 3000)]),
    ("公司车队采购4百万", [("4百万", 4000000, 4000000)]),
    ("定金交了5000块", [("5000块", 5000, 5000)]),
    ("月供3500元，36期", [("3500元", 3500, 3500)]),
    ("贴膜送了800元", [("800元", 800, 800)]),
    ("尾款¥189,800已到账", [("¥189,800", 189800, 189800)]),
    ("合同总价 RMB 189800 已确认", [("RMB 189800", 189800, 189800)]),
    ("发票金额189,800元", [("189,800元", 189800, 189800)]),
    ("他说2万8就定", [("2万8", 28000, 28000)]),
    ("首付2万5000", [("2万5000", 25000, 25000)]),
    ("置换车估了1.5亿？应该是1.5万", [("1.5亿", 150000000, 150000000), ("1.5万", 15000, 15000)]),
    ("落地价２０万", [("２０万", 200000, 200000)]),  # full-width digits
    # Chinese numerals
    ("客户心理价位十九万", [("十九万", 190000, 190000)]),
    ("老板说四百万的单子", [("四百万", 4000000, 4000000)]),
    ("最后两万八成交优惠", [("两万八", 28000, 28000)]),
    ("贷款十二万五，三年", [("十二万五", 125000, 125000)]),
    ("总价二十三万六千元", [("二十三万六千元", 236000, 236000)]),
    ("精品送了五千块钱的", [("五千块钱", 5000, 5000)]),
    ("合同写的人民币壹拾伍万元整", [("人民币壹拾伍万元整", 150000, 150000)]),
    ("一千零五块的脚垫", [("一千零五块", 1005, 1005)]),
    ("十块钱的停车费", [("十块钱", 10, 10)]),
    ("落地一万二的差价", [("一万二", 12000, 12000)]),
    # Approximations and ranges
    ("落地价21万左右", [("21万左右", 210000, 210000)]),
    ("预算20万出头", [("20万出头", 200000, 200000)]),
    ("价格20万上下", [("20万上下", 200000, 200000)]),
    ("预算十五六万", [("十五六万", 150000, 160000)]),
    ("二三十万的车都看过", [("二三十万", 200000, 300000)]),
    ("能便宜一两万就好", [("一两万", 10000, 20000)]),
    ("预算三十多万", [("三十多万", 300000, 400000)]),
    ("存款3万多", [("3万多", 30000, 40000)]),
    ("保险3000多块", [("3000多块", 3000, 4000)]),
    ("想要十几万的SUV", [("十几万", 110000, 190000)]),
    ("二十几万的车", [("二十几万", 210000, 290000)]),
    ("10-12万的预算", [("10-12万", 100000, 120000)]),
    ("预算10到12万", [("10到12万", 100000, 120000)]),
    ("团购价格10万—12万之间", [("10万—12万", 100000, 120000)]),
    ("十五到十六万都行", [("十五到十六万", 150000, 160000)]),
    ("优惠5000-1万不等", [("5000-1万", 5000, 10000)]),
    ("预算10~12万", [("10~12万", 100000, 120000)]),
    # Bare numbers after a money cue (filler words allowed in between)
    ("报价189800", [("189800", 189800, 189800)]),
    ("报价189,800客户嫌贵", [("189,800", 189800, 189800)]),
    ("客户预算大概在150000", [("150000", 150000, 150000)]),
    ("置换补贴八千", [("八千", 8000, 8000)]),
    ("保险两千五", [("两千五", 2500, 2500)]),
    ("精品送了2000", [("2000", 2000, 2000)]),
    ("报价：189,800；优惠：8000；落地：20.5万", [
        ("189,800", 189800, 189800), ("8000", 8000, 8000), ("20.5万", 205000, 205000)]),
    # Several in one line, with things around them that are not money
    (
        "王总来店试驾汉EV，报价21.98万，预算20万左右，首付5万，月供3500，跑了8万公里。",
        [("21.98万", 219800, 219800), ("20万左右", 200000, 200000), ("5万", 50000, 50000),
         ("3500", 3500, 3500)],
    ),
    ("宋PLUS DM-i 冠军版 15.98万起", [("15.98万", 159800, 159800)]),
    ("预算20万月底前定", [("20万", 200000, 200000)]),
    ("首付3万分36期", [("3万", 30000, 30000)]),
    ("月供3500到12月底", [("3500", 3500, 3500)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[t for t, _ in POSITIVE])
def test_money_forms(text: str, expected: list[tuple]) -> None:
    assert spans(text) == expected


NEGATIVE = [
    "他家有三台车",  # count
    "想要七座的",  # seats
    "车跑了八万公里",  # distance, even with 万
    "跑了8万公里",
    "跑了8万多公里",
    "油耗六点五升",
    "开了2年",
    "12.15之前回复",  # a date
    "2026-01-05 到店",
    "2026年买车",
    "电话13812345678",  # phone
    "报价13812345678",  # a phone number even after a cue
    "下午3点到店",
    "12月5日再联系",
    "两个人一起来",
    "第2次到店，第三次试驾",
    "首付3成",
    "首付30%",
    "贷款36期",
    "优惠3个点",
    "一共来了五个人",  # cn2an would turn 一共 into 1共
    "一块去试驾",  # 块 as "together"
    "三元催化有问题",  # a car part
    "万一客户不来",
    "千万别忘了回电话",
    "十万火急",
    "报价一直没变",
    "优惠一下",
    "报价18.98",  # a bare decimal: yuan or 万? we do not guess
    "跑了三千",  # 千 without a cue is not money
    "客户开GL8，还有一台X5",
    "2.0T 四驱",
    "第1周",
    "编号0123",
    "邮编100101，报价待定",
    "一二三四五",
    "优惠3，客户还想要脚垫",  # a bare number below 100 is no price
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_money(text: str) -> None:
    assert find_amounts(text) == []


# --------------------------------------------------------------------------------------------
# Cues
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("车队采购预算四百万", "预算"),
        ("一共便宜了三万二", "便宜"),
        ("裸车价18.98万元", "裸车价"),
        ("落地价21万左右", "落地价"),
        ("1.2万的装饰包", None),
        ("人民币壹拾伍万元整", None),
        ("报价20万。19万也行", None),  # the cue is in another sentence
    ],
)
def test_cue_is_the_nearest_before_in_the_same_clause(text: str, cue: str | None) -> None:
    assert find_amounts(text)[-1].cue == cue


def test_cue_does_not_reach_past_the_previous_amount() -> None:
    first, second = find_amounts("首付5万月供3500")
    assert (first.cue, second.cue) == ("首付", "月供")


# --------------------------------------------------------------------------------------------
# Field values
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        (189800, 189800, 189800),
        ("189800", 189800, 189800),
        ("189,800", 189800, 189800),
        ("18.98万", 189800, 189800),
        (" 18.98万元 ", 189800, 189800),
        ("十九万", 190000, 190000),
        ("15-16万", 150000, 160000),
        ("十五六万", 150000, 160000),
        ("18.98万（含购置税）", 189800, 189800),
        ("约20万", 200000, 200000),
        ("8000", 8000, 8000),  # the field name is the cue
        ("八千", 8000, 8000),
        ("50", 50, 50),  # small, but the field says it is money (in prose 优惠50 needs 元/块)
        (18.98, 19, 19),  # numbers are literal yuan; plausibility is the schema's job
        (0, 0, 0),
    ],
)
def test_parse_amount(value: str | int | float, low: int, high: int) -> None:
    amount = parse_amount(value)
    assert amount is not None
    assert (amount.low, amount.high) == (low, high)


@pytest.mark.parametrize(
    "value",
    ["待定", "", "三台", "七座", "2026-01-05", "13812345678", "0123", True, False, None, -5,
     float("nan"), float("inf"), 10**50, "9" * 5000],
)  # fmt: skip
def test_parse_amount_none(value: object) -> None:
    assert parse_amount(value) is None  # type: ignore[arg-type]


def test_parse_amount_span_is_in_the_value() -> None:
    amount = parse_amount(" 18.98万元 ")
    assert amount == Amount(189800, 189800, "18.98万元", 1, 8)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789,.-~到至万千百十亿wWkK元块钱多几左右出头零一二两三四五六七八九壹拾伍佰仟")
    + list("报价预算首付月供优惠公里台座年月日号点个%¥RMB人民币 \n。，第整")
)
_TEXT = st.one_of(st.text(max_size=60), st.lists(_ALPHABET, max_size=40).map("".join))


def _check(text: str, amounts: list[Amount]) -> None:
    previous_end = 0
    for a in amounts:
        assert 0 <= previous_end <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
        assert 0 <= a.low <= a.high
        assert a.cue is None or a.cue in text[: a.start]
        previous_end = a.end


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_find_amounts_never_raises_and_spans_are_consistent(text: str) -> None:
    _check(text, find_amounts(text))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_parse_amount_never_raises(text: str) -> None:
    amount = parse_amount(text)
    if amount is not None:
        _check(text, [amount])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_digits_with_yuan_round_trip(n: int) -> None:
    assert spans(f"报价{n}元") == [(f"{n}元", n, n)]
    assert spans(f"报价{n:,}元") == [(f"{n:,}元", n, n)]


def test_cn2an_is_imported_lazily() -> None:
    import subprocess
    import sys

    code = "import sys, notes2insight.text.amounts; print('cn2an' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
