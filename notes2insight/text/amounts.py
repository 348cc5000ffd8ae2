"""Money amounts in Chinese sales notes: `18.98万`, `两万八`, `十五六万`, `报价189800`, ...

Two entry points:

* `parse_amount(value)` reads a whole field value (front matter `amount: 18.98万`);
* `find_amounts(text)` finds every money span in prose, left to right.

Both return `Amount` records in integer yuan with the span they were read from. No library
handles the domain forms (`25.8w`, `3k`, `三十多万`, `10-12万`, `21万左右`, cue words, and
non-money units such as `八万公里`), so the span finder here is our own; `cn2an` only converts
the Chinese numeral inside a span it has already delimited. It must never see whole text:
`cn2an.transform("一共")` gives `1共` (see /work/shared/NLP_NOTES.md, "Money").

Deciding what is money (each rule is a test in tests/test_amounts.py):

1. A currency prefix (`¥`, `RMB`, `人民币`) or unit (`元`, `块`, `块钱`) makes a number money.
2. A "strong" magnitude (`万`, `亿`, `w`, `k`, also inside a Chinese numeral: `两万八`)
   makes it money: in a car salesperson's notes a 万-amount is a price.
3. Anything else (`189800`, `八千`, `两千五`) is money only when a money cue (`报价`, `预算`,
   `补贴`, ...) comes right before it, separated at most by filler words (`是`, `了`, `大概在`).
4. Whatever the above says, a number followed by a non-money unit (`公里`, `台`, `座`, `年`,
   `%`, `个`, ...) is not money (`八万公里`, `三台`, `2026年`), nor are phone numbers, dates
   (`12.15`, `2026-01-05`), numbers glued to Latin letters (`GL8`, `X5`), ordinals (`第三`).

Design choices:

* Approximations `左右`/`出头`/`上下` keep `low == high` (they hedge a single value); only
  explicit ranges (`10-12万`, `十五六万`) and `多`/`几` (`三十多万` = 30万..40万) give a range.
* Bare decimals without a unit (`报价18.98`) are rejected in prose: `18.98` yuan is wrong,
  and silently reading it as 万 would be a guess. `parse_amount` takes numbers literally
  (`amount: 189800` -> 189800 yuan, `amount: 18.98` -> 19 yuan); judging plausibility is
  the deal schema's job.
* Amounts are never negative.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["Amount", "MONEY_CUES", "find_amounts", "parse_amount"]


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount in integer yuan, with the span of the input it was read from."""

    low: int  # integer yuan
    high: int  # == low unless a range (十五六万, 三十多万, 10-12万)
    text: str  # input[start:end]
    start: int
    end: int
    cue: str | None = None  # nearest money cue before it (报价, 预算, 首付, ...) or None


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

#: Words that say "the number after me is money". Longer words first is handled by the regex.
MONEY_CUES: tuple[str, ...] = (
    "报价", "预算", "首付", "首期", "月供", "尾款", "余款", "定金", "订金", "押金", "全款",
    "落地价", "落地", "裸车价", "裸车", "成交价", "成交", "总价", "车价", "车款", "价格",
    "价钱", "售价", "指导价", "官方价", "开价", "出价", "还价", "心理价位", "心理价", "价位",
    "底价", "优惠", "让利", "便宜", "降价", "加价", "折扣", "返利", "返现", "补贴", "差价",
    "贷款", "分期", "利息", "贴息", "手续费", "上牌费", "服务费", "购置税", "保险", "保费",
    "精品", "装潢", "估价", "评估价", "收购价", "置换价", "残值", "预付", "费用", "花了",
    "付了", "收了", "退了", "现金", "提成", "奖金", "佣金", "工资", "罚款", "赔了", "多花",
)  # fmt: skip

#: What may stand between a cue and a bare number (`报价是`, `便宜了`, `预算大概在`).
_FILLERS = (
    "大概", "大约", "差不多", "只要", "一共", "总共", "合计", "总计", "控制在", "最多",
    "最少", "最低", "最高", "不超过", "只有", "是", "为", "了", "在", "约", "要", "给", "才",
    "就", "也", "能", "到", "共", "还", "按", "算", "报", "开", "写", "的", "送", "交", "付",
    "收", "退", "返", "降", "减", "让", "补",
)  # fmt: skip

#: A number followed by one of these is a count or a measure, not money.
_NON_MONEY_UNITS = (
    "公里", "千米", "公斤", "小时", "分钟", "个", "km", "KM", "Km", "米", "里", "台", "辆",
    "部", "人", "位", "名", "次", "年", "岁", "月", "天", "日", "号", "周", "星期", "点",
    "时", "秒", "期", "成", "折", "%", "％", "座", "升", "L", "斤", "吨", "件", "条",
    "张", "家", "套", "只", "款", "种", "项", "倍", "度", "克", "马力", "匹", "档", "门",
    "轮", "圈", "层", "楼", "户", "组", "批", "趟", "遍", "通", "页", "份", "瓶", "箱", "寸",
    "码", "公分", "毫", "厘", "屏", "万公里", "转",
)  # fmt: skip

#: Words that start like a non-money unit but follow amounts naturally (`20万月底前`, `分期`).
_UNIT_EXCEPTIONS = (
    "月底", "月初", "月中", "月末", "年底", "年初", "年前", "年后", "年内", "分期", "门店",
    "家用", "套餐", "点儿", "成交", "成本", "折扣", "折后", "台车价",
)  # fmt: skip

#: Idioms that contain a numeral but are not amounts.
_IDIOMS = ("十万火急", "一五一十", "三五成群", "一万个", "十万八千里")

_CN_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNIT = "十拾百佰千仟万萬亿億"
_CN_START = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT_VALUE.update({"〇": 0, "两": 2})
_CN_DIGIT_VALUE.update({c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_CN_UNIT_VALUE = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000,
}  # fmt: skip
_MAG_VALUE = {
    "百万": 1_000_000, "千万": 10_000_000, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000,
    "w": 10_000, "W": 10_000, "k": 1000, "K": 1000,
}  # fmt: skip
_STRONG_MAGS = frozenset({"百万", "千万", "万", "萬", "亿", "億", "w", "W", "k", "K"})

# Full-width digits map one-to-one onto ASCII, so spans stay valid in the original text.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_MAX_CN_LEN = 20  # longer numeral runs are not amounts (and keep cn2an's input small)
_MAX_DIGITS = 12  # keeps int() far from Python's 4300-digit limit

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN = rf"[{_CN_START}][{_CN_DIGIT}{_CN_UNIT}]*(?:点[{_CN_DIGIT}]+)?"
_MAG = r"(?:百万|千万|[百佰千仟万萬亿億]|[wWkK](?![A-Za-z]))"


def _num(i: int) -> str:
    # `三十多万`: more before the magnitude; `3万多`: after it; `2万8`: Arabic tail after 万.
    return (
        rf"(?P<n{i}>{_ARABIC}|{_CN})(?P<more{i}>多|几)?(?P<mag{i}>{_MAG})?"
        rf"(?P<tail{i}>(?<=[万萬])(?:\d(?:千|(?![\d.,]))|\d{{4}}(?![\d.,])))?"
        rf"(?P<moreb{i}>(?<![多几])(?:多|几))?"
    )


_PREFIX = r"(?P<prefix>(?:[¥￥]|RMB|rmb|CNY|人民币)\s*)?"
_SEP = r"\s*(?:-|~|～|〜|—|–|到|至)\s*"
_SUFFIX = r"(?P<unit>[ \t]*(?:元整|元|圆|块钱|块|人民币|RMB|rmb))?(?P<approx>左右|出头|上下)?"

_SINGLE = re.compile(_PREFIX + _num(1) + _SUFFIX)
_RANGE = re.compile(_PREFIX + _num(1) + _SEP + _num(2) + _SUFFIX)
_CANDIDATE = re.compile(rf"[¥￥]|RMB|rmb|CNY|人民币|\d|[{_CN_START}]")
_NUMBER_RUN = re.compile(rf"[\d,.]+|[{_CN_DIGIT}{_CN_UNIT}点]+")
_CUE = re.compile("|".join(sorted(map(re.escape, MONEY_CUES), key=len, reverse=True)))
_GAP = re.compile(
    r"[\s:：=]*(?:(?:" + "|".join(sorted(_FILLERS, key=len, reverse=True)) + r")[\s:：=]*){0,3}"
)
_CLAUSE_BREAK = re.compile(r"[。！？；!?;\n]")
_PHONE = re.compile(r"1[3-9]\d{9}")
_CUE_WINDOW = 12  # characters to look back for a cue


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_amount(value: str | int | float) -> Amount | None:
    """Read a whole field value as money, e.g. front matter `amount: 18.98万`.

    Numbers are taken literally as yuan (`189800`, `18.98` -> 19); strings may use every form
    `find_amounts` knows, and a bare number counts without a cue (the field name is the cue).
    Returns the first amount in the value, or None when it holds no money (`待定`, `三台`,
    a date, a phone number, a bool, a negative number).
    """
    try:
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite() or number < 0 or number.adjusted() >= _MAX_DIGITS:
                return None
            yuan = _to_yuan(number)
            text = str(value)
            return Amount(yuan, yuan, text, 0, len(text))
        if not isinstance(value, str):
            return None
        found = _scan(value, field=True)
        return found[0] if found else None
    except Exception:  # noqa: BLE001 - bad input is data: never raise on a field value
        return None


def find_amounts(text: str) -> list[Amount]:
    """Every money span in prose, left to right (see the module docstring for the rules)."""
    if not isinstance(text, str) or not text:
        return []
    try:
        return _scan(text, field=False)
    except Exception:  # noqa: BLE001 - a bug here must not take a whole note down
        return []


# --------------------------------------------------------------------------------------------
# Scanner
# --------------------------------------------------------------------------------------------


def _scan(original: str, *, field: bool) -> list[Amount]:
    text = original.translate(_FULL_WIDTH)
    found: list[Amount] = []
    pos = 0
    while True:
        cand = _CANDIDATE.search(text, pos)
        if cand is None:
            return found
        start = cand.start()
        prev_end = found[-1].end if found else 0
        amount = None
        for pattern in (_RANGE, _SINGLE):
            m = pattern.match(text, start)
            if m is not None:
                amount = _judge(m, text, original, prev_end, field=field)
                if amount is not None:
                    break
        if amount is not None:
            found.append(amount)
            pos = amount.end
        else:
            # Skip the whole numeral run: never re-read `026` inside `2026` or `五` in `十五`.
            run = _NUMBER_RUN.match(text, start)
            pos = run.end() if run else start + 1


def _judge(m: re.Match[str], text: str, original: str, prev_end: int, *, field: bool) -> Amount | None:
    """Decide whether a regex match is money and compute its value, or return None."""
    is_range = m.re is _RANGE
    n1_start = m.start("n1")
    has_prefix = m.group("prefix") is not None
    unit = (m.group("unit") or "").strip()
    end = m.end()

    # Context: glued to Latin letters/digits (GL8, X5, 2.0T) or an ordinal (第三) is no amount.
    before = text[n1_start - 1] if n1_start > 0 else ""
    if not has_prefix and before and before.isascii() and (before.isalnum() or before in "._/-:"):
        return None
    if before == "第" or text.startswith(_IDIOMS, n1_start):
        return None
    after = text[end : end + 2]
    if after[:1].isascii() and after[:1].isalnum():
        return None
    if after[:1] and after[:1] in ".:/-" and after[1:2].isdigit():
        return None  # 12.15.1 / 10:30 / 2026-01-05
    following = text[end : end + 16].lstrip(" \t")  # a slice: never copy the whole rest
    if (
        not unit
        and following.startswith(_NON_MONEY_UNITS)
        and not following.startswith(_UNIT_EXCEPTIONS)
        and not following.startswith(MONEY_CUES)  # 5万月供3500: 月 starts the next cue
    ):
        return None

    first = _read_number(m, 1)
    if first is None:
        return None
    if is_range:
        second = _read_number(m, 2)
        if second is None or m.group("n2").startswith("0"):
            return None
        low, high = _combine_range(first, second)
        if low is None:
            return None
        last = second
    else:
        low, high = first.low, first.high
        last = first

    # Money-ness: prefix/unit, strong magnitude, or a cue right before (rule 1-3).
    cn_numeral = last.chinese
    if unit == "块" and cn_numeral and not last.has_cn_unit:
        return None  # 一块去 / 两块屏: 块 as a classifier
    if unit and cn_numeral and not last.has_cn_unit and unit not in ("块钱", "元整"):
        return None  # 三元催化: only 块钱/元整 make a bare Chinese digit money
    cue, cue_end = _find_cue(text, original, n1_start if not has_prefix else m.start(), prev_end)
    money = has_prefix or bool(unit) or last.strong
    if not money:
        if cn_numeral and not last.has_cn_unit:
            return None  # 三, 一二三: digit strings are never amounts in prose
        if not cn_numeral and (not first.plain_ok or not last.plain_ok):
            return None  # phone numbers, 0123
        if field:
            money = True
        elif last.decimal or (not cn_numeral and last.low < 100):
            return None  # prose: 报价18.98 (yuan or 万?), 优惠3 (too small for a bare price)
        elif cue_end is not None and _GAP.fullmatch(text, cue_end, n1_start):
            money = True
    if not money:
        return None
    if low < 0 or high < low:
        return None
    start = m.start()
    return Amount(low, high, original[start:end], start, end, cue)


@dataclass(frozen=True, slots=True)
class _Number:
    """One number of a match with its magnitude applied, before range combination."""

    low: int
    high: int
    base_low: Decimal  # without the magnitude suffix (for `10-12万`: 10)
    scale: int  # trailing magnitude a range's first number may borrow: 万 for 12万 and 十六万
    has_mag: bool
    strong: bool  # 万/亿/w/k anywhere
    chinese: bool
    has_cn_unit: bool  # a Chinese numeral containing 十/百/千/万/亿
    decimal: bool
    plain_ok: bool  # a bare Arabic number that may be money (not a phone, no leading zero)


def _read_number(m: re.Match[str], i: int) -> _Number | None:
    raw = m.group(f"n{i}")
    mag_text = m.group(f"mag{i}")
    more = m.group(f"more{i}") or m.group(f"moreb{i}")
    more_after_mag = m.group(f"moreb{i}") is not None and mag_text is not None
    tail = m.group(f"tail{i}")
    mag = _MAG_VALUE[mag_text] if mag_text else 1
    chinese = not raw[0].isdigit()

    if chinese:
        if len(raw) > _MAX_CN_LEN:
            return None
        pair = _cn_pair(raw)
        if pair is None:
            return None
        lo, hi, step = pair
        has_cn_unit = any(c in _CN_UNIT for c in raw)
        strong = any(c in "万萬亿億" for c in raw)
        decimal = "点" in raw
        plain_ok = True
    else:
        digits = raw.replace(",", "")
        if len(digits.split(".")[0]) > _MAX_DIGITS:
            return None
        lo = hi = Decimal(digits)
        step = _arabic_step(digits)
        has_cn_unit = strong = False
        decimal = "." in digits
        plain_ok = (
            not _PHONE.fullmatch(digits)
            and not (digits.startswith("0") and len(digits) > 1 and not decimal)
            and (decimal or len(digits) <= 9)
        )
    strong = strong or (mag_text in _STRONG_MAGS)
    if tail:
        # 2万8 / 两万8千 / 2万5000: the lookbehind guarantees a 万 right before the tail.
        if decimal or (not chinese and mag_text not in ("万", "萬")):
            return None
        tail_value = int(tail[0]) * 1000 if len(tail) <= 2 else int(tail)
        lo = hi = lo + Decimal(tail_value) / mag
        step = Decimal(1000) / mag if len(tail) <= 2 else Decimal(1) / mag
    if more:
        # 三十多万 = 30..40万; 3万多 = 3..4万; 十几万 = 11..19万.
        if more_after_mag:
            step = Decimal(1)
        if more == "多":
            hi = lo + step
        else:  # 几 counts one place lower: 十几 = 11..19, 三万几 = 31000..39000
            step = step / 10 if step >= 10 or more_after_mag else step
            lo, hi = lo + step, lo + 9 * step
    low_yuan, high_yuan = _to_yuan(lo * mag), _to_yuan(hi * mag)
    scale = mag
    if chinese and not mag_text and raw[-1] in "万萬亿億":
        scale = _CN_UNIT_VALUE[raw[-1]]
    return _Number(
        low=low_yuan, high=high_yuan, base_low=lo, scale=scale, has_mag=bool(mag_text),
        strong=strong, chinese=chinese, has_cn_unit=has_cn_unit or bool(mag_text and chinese),
        decimal=decimal, plain_ok=plain_ok,
    )  # fmt: skip


def _combine_range(first: _Number, second: _Number) -> tuple[int | None, int]:
    """`10-12万`, `十五到十六万`: the first number borrows the second's magnitude when it has none."""
    high = second.high
    if first.has_mag or first.strong or second.scale == 1:
        low = first.low
    else:
        low = _to_yuan(first.base_low * second.scale)
        if low > high:  # 5000-1万: the first number was already in yuan
            low = first.low
    if low > high or low == 0:
        return None, high
    return low, high


def _find_cue(text: str, original: str, start: int, prev_end: int) -> tuple[str | None, int | None]:
    """The nearest money cue in the same clause before `start`, not reaching past the previous amount."""
    lo = max(prev_end, start - _CUE_WINDOW)
    window = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        lo += breaks[-1].end()
    best = None
    for cue in _CUE.finditer(text, lo, start):
        best = cue
    if best is None:
        return None, None
    return original[best.start() : best.end()], best.end()


# --------------------------------------------------------------------------------------------
# Numerals
# --------------------------------------------------------------------------------------------


def _to_yuan(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _arabic_step(digits: str) -> Decimal:
    """The place value `多` adds to: 30 -> 10, 3000 -> 1000, 35 -> 1, 1.5 -> 0.1."""
    if "." in digits:
        return Decimal(1).scaleb(-len(digits.split(".")[1]))
    stripped = digits.rstrip("0")
    return Decimal(10) ** (len(digits) - len(stripped)) if stripped else Decimal(1)


@lru_cache(maxsize=4096)
def _cn_pair(raw: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """Convert a Chinese numeral to (low, high, step); `十五六` -> (15, 16), `两万八` -> 28000."""
    adjacent = [
        i for i in range(len(raw) - 1) if raw[i] in _CN_DIGIT_VALUE and raw[i + 1] in _CN_DIGIT_VALUE
        and raw[i] not in "零〇" and raw[i + 1] not in "零〇"
    ]  # fmt: skip
    if "点" not in raw and len(adjacent) == 1:
        # 十五六 / 二三十 / 三四 / 一两: two neighbouring digits name a small range.
        i = adjacent[0]
        a, b = _CN_DIGIT_VALUE[raw[i]], _CN_DIGIT_VALUE[raw[i + 1]]
        if b != a + 1:
            return None
        low = _cn2an(raw[:i] + raw[i] + raw[i + 2 :])
        high = _cn2an(raw[:i] + raw[i + 1] + raw[i + 2 :])
        if low is None or high is None:
            return None
        return low, high, _cn_step(raw[:i] + raw[i] + raw[i + 2 :])
    if adjacent and "点" not in raw:
        return None  # 一八九八零零: digit-by-digit readings are codes, not amounts
    value = _cn2an(raw)
    if value is None:
        return None
    return value, value, _cn_step(raw)


def _cn_step(raw: str) -> Decimal:
    """The place value `多` adds to: 三十 -> 10, 三万 -> 10000, 两万八 -> 1000, 十五 -> 1."""
    if "点" in raw:
        return Decimal(1).scaleb(-len(raw.split("点")[1]))
    last = raw[-1]
    if last in _CN_UNIT_VALUE:
        return Decimal(_CN_UNIT_VALUE[last])
    if len(raw) >= 2 and raw[-2] in _CN_UNIT_VALUE:
        return Decimal(_CN_UNIT_VALUE[raw[-2]]) / 10  # abbreviated: 两万八 = 2万8千
    return Decimal(1)


def _cn2an(numeral: str) -> Decimal | None:
    """cn2an on one numeral span only; None when it cannot convert it."""
    import cn2an  # lazy: importing cn2an costs ~150 ms

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns (to stderr) about long decimals
            value = cn2an.cn2an(numeral, "normal")
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on bad numerals
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
