"""Time expressions in a salesperson's notes, resolved against the note's date.

`find_time_expressions(text, base)` finds every expression (`明天上午十点前`, `下下周二之前`,
`12.15之前`, `两个工作日内`, `春节前`, `by Friday`, ...) left to right; `resolve_due(text, base)`
picks the one that gives a to-do its due date. Everything is a pure function of the text and
the base date (the note's date): no clock, no global state. No light library resolves these
well (see /work/shared/NLP_NOTES.md, "Time expressions"), hence a resolver of our own.

How an expression is read
-------------------------
An expression is a *core* (a day, week, month, festival, duration or clock time), then an
optional time of day and clock time (`上午`, `十点`, `八点半`), then an optional relation
suffix. The suffix decides the `kind`:

* `X前/之前/以前` -> ``deadline``: due on X's day itself (`周五前` is due Friday, `月底前` on the
  last day of the month, `春节前` on the festival day; a public holiday whose days off
  `chinese_calendar` knows, on the last day before them: `端午前` 2026 is Jun 18);
* `X后/之后/以后` -> ``after``: from X on: a single day counts itself (`10号以后` = from the 10th),
  a span starts the day after it (`国庆后` = Oct 8, `月底后` = the 1st); `X起` -> ``after``
  from X's first day (`下月起` = the 1st of next month);
* `X内/以内/之内` -> ``deadline`` at the end of X (`本周内` = Sunday);
* `X期间/假期/黄金周` -> ``range`` over a holiday (`国庆期间` = Oct 1–7);
* `节前/节后/放假前/before the holiday` -> the next public holiday's days off (or the one
  under way): the last day before them, or the first day back;
* none -> the core's own kind: ``point`` for a day, ``range`` for a span (`下周`, `下个月初`).

A deadline may also be written as a prefix (`最晚周五`, `截止到月底`, `不晚于12月10日`).

Durations carry their own suffix: `3天内` (deadline base+3), `三天后` (point base+3), `两天前`
(past). Whatever an expression denotes, when its due day falls before the base date it is
reported as ``past``: `resolve_due` never hands out a due date in the past.

Ambiguous anchors
-----------------
* Bare weekdays and days of month (`周一`, `1号`) mean the next occurrence on or after the base
  date (`周四` written on a Thursday is that day); bare `月初`/`中旬` whose days are over mean
  next month's; festivals already over this year mean next year's (`春节前` written in November).
* `M月D日` without a year means this year's date when it is still ahead, otherwise the nearer of
  this year's (past) and next year's (`1月5日` written in December is next January; `11月20日`
  written on Nov 26 is six days ago).
* A past cue after the expression, in the same clause, turns these to the most recent
  occurrence (`国庆后客户来过两次`, `周一已经交车`, `25号客户交了定金`).
  Strong cues: `已经/已/曾经/刚才/刚刚`, a verb + `过` (`来过`, `看过`, `试驾过`; not `过来`/
  `过户`/`过两天`). They may reach back a year (`国庆后客户来过两次` written in September is
  last year's National Day).
  Weak cue: a perfective `了`. It counts only when the clause has no future or conditional
  marker (要/会/再/就/等/记得/约/安排/把/...: `周五客户要来提车了`, `周五来了再说`,
  `清明前把车交了`), is not the `了` of a commitment or an arrival (`约了`, `定了`, `说好了`,
  `到了`: `周六约了客户来看车`, `周五车到了通知客户`) nor right after the expression
  (`马上周一了` = "it is nearly Monday"); and it never sends a date back a year, it only keeps
  this year's one that has begun (`11月20日客户交了定金`).

`到时候/届时` and `前一天/提前两天` point back at the last time named before them (`周四TD，
前一天充电` = Wednesday); alone they are vague.

Not times (by design): vague words (改天, 以后, 有空, 回头, a lone 到时候), counts and quantities
(`两点意见`, `一点也不`, `开了十年`, `六点五升`, `1.2万`, `10-12万`), recurring phrases
(`每周一`, `一周一次`). `N点` is a clock time only with a plausible hour and context: a day or
time of day before it, minutes/`半`/`钟` after it, or a following `前/后/到/来/去/...`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from notes2insight.text.workdays import WorkdayCalendar

__all__ = ["TimeExpr", "find_time_expressions", "resolve_due", "KINDS"]

KINDS = ("point", "deadline", "range", "after", "past")


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression found in a text, resolved to calendar days."""

    text: str  # the matched expression as written, e.g. "下周三前"; == input[start:end]
    start: int
    end: int
    kind: str  # "point" | "deadline" | "range" | "after" | "past"
    first: date  # first day of the span the expression denotes
    last: date  # last day (== first for a single day; for "after": == first, open-ended)
    time: time | None = None  # clock time when one is given (下午三点 -> 15:00)

    @property
    def due(self) -> date:
        """The day a commitment with this expression is due.

        point/after/past -> first; deadline -> last (周五前 -> Friday, 3天内 -> base+3);
        range -> last (周末 -> Sunday, 下个月初 -> the 10th).
        """
        if self.kind in ("deadline", "range"):
            return self.last
        return self.first


# --------------------------------------------------------------------------------------------
# Numerals. A local table instead of cn2an: only 0–99 (days, months, hours, minutes, counts)
# and digit-by-digit years are ever needed here; cn2an costs ~160 ms to import and warns on
# stderr for input it cannot convert.

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _num(s: str) -> int | None:
    """An int from ASCII/full-width digits or a Chinese numeral 0..99; None if not one."""
    if not s:
        return None
    if s.isdigit():
        try:
            return int(s)
        except ValueError:  # e.g. superscript digits, which isdigit() accepts
            return None
    if s == "十":
        return 10
    if "十" in s:
        tens_s, _, ones_s = s.partition("十")
        if "十" in ones_s or len(tens_s) > 1 or len(ones_s) > 1 or tens_s in ("零", "〇", "两"):
            return None
        tens = 1 if not tens_s else _CN_DIGIT.get(tens_s)
        ones = 0 if not ones_s else _CN_DIGIT.get(ones_s)
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    if len(s) == 2 and s[0] in "零〇":  # minutes: 八点零五
        return _CN_DIGIT.get(s[1])
    return None


def _year_num(s: str) -> int | None:
    """A year from `2026`, `26` (-> 2026) or `二〇二六`."""
    if s.isdigit():
        try:
            y = int(s)
        except ValueError:
            return None
        return 2000 + y if len(s) == 2 else y
    digits = [_CN_DIGIT.get(c) for c in s]
    if len(s) != 4 or any(d is None or c == "两" for c, d in zip(s, digits)):
        return None
    return int("".join(str(d) for d in digits))


# --------------------------------------------------------------------------------------------
# Calendar arithmetic

def _month_end(y: int, m: int) -> date:
    return date(y, m, _stdlib_calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _add_months(d: date, n: int) -> date:
    """`d` plus n calendar months, the day clamped to the month's end (Jan 31 + 1 -> Feb 28)."""
    y, m = _shift_month(d.year, d.month, n)
    return date(y, m, min(d.day, _stdlib_calendar.monthrange(y, m)[1]))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Festivals. Lunar dates for 2020–2035 (checked against chinese_calendar for 2020–2026 and a
# lunar converter for later years); outside that table a lunar festival resolves to nothing
# rather than to a guess.

_SPRING_FESTIVAL = {
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23),
    2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
}
_DRAGON_BOAT = {
    2020: (6, 25), 2021: (6, 14), 2022: (6, 3), 2023: (6, 22), 2024: (6, 10), 2025: (5, 31),
    2026: (6, 19), 2027: (6, 9), 2028: (5, 28), 2029: (6, 16), 2030: (6, 5), 2031: (6, 24),
    2032: (6, 12), 2033: (6, 1), 2034: (6, 20), 2035: (6, 10),
}
_MID_AUTUMN = {
    2020: (10, 1), 2021: (9, 21), 2022: (9, 10), 2023: (9, 29), 2024: (9, 17), 2025: (10, 6),
    2026: (9, 25), 2027: (9, 15), 2028: (10, 3), 2029: (9, 22), 2030: (9, 12), 2031: (10, 1),
    2032: (9, 19), 2033: (9, 8), 2034: (9, 27), 2035: (9, 16),
}


def _lunar(table: dict[int, tuple[int, int]], y: int, offset: int = 0) -> date | None:
    md = table.get(y)
    return None if md is None else date(y, *md) + timedelta(days=offset)


def _qingming(y: int) -> date | None:
    # Solar term 清明 (Apr 4 or 5): the usual 21st-century formula [Y*D + C] - [Y/4].
    if not 2000 <= y <= 2099:
        return None
    yy = y % 100
    return date(y, 4, int(yy * 0.2422 + 4.81) - yy // 4)


# name -> (festival day, holiday span first, holiday span last) for a year, or None.
# Spans are the usual public-holiday blocks (approximate: the State Council shifts them).
_Festival = Callable[[int], "tuple[date, date, date] | None"]


def _fixed(m: int, d: int, days: int = 1) -> _Festival:
    def f(y: int) -> tuple[date, date, date]:
        day = date(y, m, d)
        return day, day, day + timedelta(days=days - 1)
    return f


def _spring(y: int) -> tuple[date, date, date] | None:
    day = _lunar(_SPRING_FESTIVAL, y)
    if day is None:
        return None
    return day, day - timedelta(days=1), day + timedelta(days=5)  # 除夕 .. 初六


def _new_year_eve(y: int) -> tuple[date, date, date] | None:
    # 除夕 is simply the day before the Spring Festival of year y
    day = _lunar(_SPRING_FESTIVAL, y, -1)
    return None if day is None else (day, day, day)


def _single(fn: Callable[[int], date | None]) -> _Festival:
    def f(y: int) -> tuple[date, date, date] | None:
        day = fn(y)
        return None if day is None else (day, day, day)
    return f


def _qixi(y: int) -> date | None:
    """七夕, 农历七月初七 (always in the solar year's July or August): lunardate is imported only
    for a line that names it."""
    from lunardate import LunarDate

    try:
        return LunarDate(y, 7, 7).to_solar_date()
    except ValueError:  # outside lunardate's table
        return None


_FESTIVALS: dict[str, _Festival] = {
    "元旦": _fixed(1, 1),
    "春节": _spring,
    "除夕": _new_year_eve,
    "元宵": _single(lambda y: _lunar(_SPRING_FESTIVAL, y, 14)),
    "清明": _single(_qingming),
    "五一": _fixed(5, 1, 5),
    "端午": _single(lambda y: _lunar(_DRAGON_BOAT, y)),
    "中秋": _single(lambda y: _lunar(_MID_AUTUMN, y)),
    "国庆": _fixed(10, 1, 7),
    "情人节": _fixed(2, 14),
    "双十一": _fixed(11, 11),
    "双十二": _fixed(12, 12),
    "平安夜": _fixed(12, 24),
    "圣诞": _fixed(12, 25),
    "七夕": _single(_qixi),
}
_FESTIVAL_ALIASES = {
    "元旦节": "元旦", "春节": "春节", "过年": "春节", "农历新年": "春节", "大年初一": "春节",
    "除夕": "除夕", "大年三十": "除夕", "年三十": "除夕", "大年夜": "除夕", "元宵节": "元宵", "正月十五": "元宵",
    "元宵": "元宵", "清明节": "清明", "清明": "清明", "五一": "五一", "劳动节": "五一",
    "端午节": "端午", "端午": "端午", "中秋节": "中秋", "中秋": "中秋", "国庆节": "国庆",
    "国庆": "国庆", "十一": "国庆", "元旦": "元旦", "情人节": "情人节", "双十一": "双十一",
    "双11": "双十一", "双十二": "双十二", "双12": "双十二", "平安夜": "平安夜",
    "圣诞节": "圣诞", "圣诞": "圣诞", "七夕节": "七夕", "七夕": "七夕",
}


# --------------------------------------------------------------------------------------------
# Regex building blocks

_D = "[0-9０-９]"
_NOT_NUM_BEFORE = r"(?<![0-9０-９零〇一二两三四五六七八九十百千万几.．])"
_DAY_NUM = rf"(?:{_D}{{1,2}}|[一二三四五六七八九十]{{1,3}})"
_MONTH_NUM = rf"(?:{_D}{{1,2}}|十[一二]?|[一二三四五六七八九])"
_HOUR_NUM = rf"(?:{_D}{{1,2}}|[零〇一二两三四五六七八九十]{{1,3}})"
_COUNT_NUM = rf"(?:{_D}{{1,3}}|[一二两三四五六七八九十]{{1,3}}|几)"
# 一两天, 两三天, 三五天: a span of counts; the larger one is used (the due date is the latest)
_APPROX_COUNT = "一两|两三|三四|三五|四五|五六|六七|七八|八九"
_YEAR4 = r"(?:[12][0-9]{3}|[〇零一二三四五六七八九]{4})"

# time of day. Single-character 早/晚 only directly before a clock time (晚八点), as
# `早点`/`晚点` alone mean "earlier/later".
_TOD_WORDS = ("凌晨|清晨|早晨|早上|一早|上午|中午|午后|下午|傍晚|晚上|晚间|夜里|夜间|半夜|深夜|"
              "下班|收工|上班|午饭|后晌|下晌|前晌|上晌|头晌|过晌|晌午|上半天|下半天|上半日|下半日")
# 后晌: northern for afternoon (山东's 头晌 / 过晌: morning / afternoon); 上半日/下半日: Shanghai's
# (not before 一/两: 早一点到, 晚两天 are "a bit earlier", "two days later")
_TOD = rf"(?:{_TOD_WORDS}|[早晚](?=(?:{_D}{{1,2}}|十[一二]?|[三四五六七八九])[点时]))"
_MINUTE = rf"(?:{_D}{{1,2}}|零[一二三四五六七八九]|[二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CLOCK = (rf"(?:(?P<hh>{_D}{{1,2}})[:：](?P<mm>[0-5０-５]{_D})(?!{_D})"
          rf"|(?P<h>{_HOUR_NUM})(?:点|(?<=[0-9０-９])时)(?:(?P<half>半)|(?P<quarter>一刻|三刻)"
          rf"|(?P<min>{_MINUTE})(?P<fen>分)?|(?P<zheng>钟|整))?)")

# relation suffixes; 前/后 not when they start another word (前往, 前来, 后续, 后天, ...)
_SUFFIX_RX = re.compile(
    r"(?P<before>之前|以前|前(?![天台面排座往来进去后景途期夕]))"
    r"|(?P<after>之后|以后|过后|后(?![天台面排座续备视来期果边方悔者门勤]|头(?!一天|天)))"
    r"|(?P<since>起(?![来床码步]))"
    r"|(?P<within>之内|以内|内(?![饰部容外存需]))"
    r"|(?P<during>期间|小长假|长假|假期|放假|黄金周)"
    r"|(?P<approx>左右|前后|当天|那天)"
)
_RECURRING_RX = re.compile(r"每[^，,。；;！!？?\n]{0,4}$")
_DEADLINE_PREFIX_RX = re.compile(
    r"(?:最晚|最迟|不晚于|不迟于|截止到|截至到|截止|截至|DDL|ddl|[Dd]eadline)(?:日期|时间)?[ \t]*"
    r"(?:到|在|于|是|为|：|:)?[ \t]*$"
)
_TAIL_TOD_RX = re.compile(rf"[ \t]?(?P<tod>{_TOD})")
_TAIL_CLOCK_RX = re.compile(rf"[ \t]?{_CLOCK}")
_EN_CLOCK = r"(?P<eh>\d{1,2})(?::(?P<em>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m)(?![A-Za-z])"
_EN_TAIL_CLOCK_RX = re.compile(rf"(?i)\s*(?:at\s+)?{_EN_CLOCK}")

_CLAUSE_DELIMS = "，,。；;！!？?\n"
_CLAUSE_END_RX = re.compile(f"[{_CLAUSE_DELIMS}]")
# Past cues (see module docstring): they are searched after the expression, in its clause.
_PAST_CUE_RX = re.compile(
    r"已经|已|曾经|刚才|刚刚"
    r"|(?<=[来去看试谈聊问见打说提到用开坐交付办签订买卖做接送约找系驾])过(?![来去年节日期户程滤夜])"
    r"|(?<![约定订排好应到])了(?![吧吗呢])"
)
# A 了 cue only counts in a clause with no future or conditional marker (周五客户要来提车了).
_FUTURE_MARKER_RX = re.compile(
    r"要|会|将|再|准备|打算|得|需|记得|计划|争取|必须|一定|应该|该|等|如果|要是|到时|就|才|能|可以|想|"
    r"预计|约|安排|提醒|别|不要|务必|可能|估计|马上|快|把|尽快"
)

# ---- 点 as a clock: what may stand before/after a bare `N点` (without a day/time of day).
_CLOCK_BAD_BEFORE = set("第差早晚快慢多少好贵高低大小稍再有这那些点长短远近宜了降涨减加便")
_CLOCK_GATE_AFTER_RX = re.compile(
    r"[ \t]?(?:之?前|以前|之后|以后|后(?![天续面])|到|至|左右|准时|来|去|见|开会|出发|接|送|集合|"
    r"碰头|打电话|给|过来|过去|开始|结束|-|~|～|—)"
)
_CLOCK_NOT_AFTER_RX = re.compile(
    r"[也都儿点多不没意]|建议|要求|问题|进展|东西|好处|区别|优势|原因|想法|看法|顾虑|担心|需要|注意"
)
_CLOCK_GATE_BEFORE_RX = re.compile(r"(?:约在|约|定在|改到|改在|推到|安排在|时间是|时间)[ \t]?$")


# --------------------------------------------------------------------------------------------
# Internal representation of a core before its tail/suffix is read

@dataclass(slots=True)
class _Anchor:
    first: date
    last: date
    kind: str = "point"  # point | range | past | deadline | after
    before: date | None = None  # what "X前" is due on (default: first)
    after: date | None = None  # where "X后" starts (default: first for a day, last+1 for a span)
    period: tuple[date, date] | None = None  # holiday span, for "X期间"
    tod: str | None = None  # implied time of day (今晚 -> 晚上)
    time: time | None = None
    end: int | None = None  # match end, when the handler shortened it
    suffixable: bool = True  # False when the core carries its own suffix (3天内)
    tailable: bool = True  # may take a time of day / clock time after it
    within_ok: bool = True  # may take 内 (本周内, 今天内; not clock times)
    english: bool = False
    force: str | None = None  # relation from an English preposition: before | after


class _Ctx:
    """Per-call state: the text, the base date, a lazily made workday calendar."""

    __slots__ = ("text", "base", "_calendar")

    def __init__(self, text: str, base: date, calendar: WorkdayCalendar | None) -> None:
        self.text = text
        self.base = base
        self._calendar = calendar

    def workdays(self) -> WorkdayCalendar:
        if self._calendar is None:
            self._calendar = WorkdayCalendar()
        return self._calendar

    def past_cue(self, start: int, end: int) -> int:
        """How strongly the clause reads as something that already happened.

        0: no cue; 1 (weak): a perfective 了 after the expression, no future marker in the
        clause; 2 (strong): 已经/曾经/刚才/V过 after the expression. See the module docstring.
        """
        text = self.text
        stop = _CLAUSE_END_RX.search(text, end)
        stop_at = stop.start() if stop else len(text)
        after = text[end:stop_at]
        weak = False
        for cue in _PAST_CUE_RX.finditer(after):
            if cue.group() != "了":
                return 2
            if cue.start() > 0:  # `周一了` right after the expression: "it is Monday now"
                weak = True
        if not weak:
            return 0
        begin = max(text.rfind(ch, 0, start) for ch in _CLAUSE_DELIMS) + 1
        return 0 if _FUTURE_MARKER_RX.search(text, begin, stop_at) else 1


_Handler = Callable[[re.Match, _Ctx], "_Anchor | None"]


def _day(d: date, **kw) -> _Anchor:
    return _Anchor(d, d, **kw)


def _span(first: date, last: date, **kw) -> _Anchor:
    return _Anchor(first, last, kind="range", **kw)


def _pick_next_or_recent(candidates: list[date], base: date, past: int) -> date | None:
    """Next candidate on/after base, or with a past cue the latest on/before base."""
    if past:
        older = [d for d in candidates if d <= base]
        return max(older) if older else None
    newer = [d for d in candidates if d >= base]
    return min(newer) if newer else None


def _pick_year_nearest(make: Callable[[int], "tuple[date, date] | None"], base: date,
                       past: int) -> tuple[date, date] | None:
    """Year for a month/day written without one (see module docstring).

    A strong past cue takes the latest occurrence that has begun; a weak one (了) only keeps
    this year's when it has begun, it never sends a date back a year.
    """
    spans = {y: make(y) for y in (base.year - 1, base.year, base.year + 1)}
    this, nxt, prev = spans[base.year], spans[base.year + 1], spans[base.year - 1]
    if past == 2:
        for s in (this, prev):
            if s is not None and s[0] <= base:
                return s
        return None
    if past == 1 and this is not None and this[0] <= base:
        return this
    if this is not None and this[1] >= base:
        return this
    if this is None:
        return nxt
    if nxt is None:
        return this
    # this year's is over: the nearer of it and next year's (ties to the future)
    return nxt if (nxt[0] - base) <= (base - this[1]) else this


# --------------------------------------------------------------------------------------------
# Core handlers (Chinese)

def _h_relative_day(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    word = m.group(0)
    tod = None
    if word.startswith("大后"):
        offset = 3
    elif word.startswith("大前"):
        offset = -3
    elif word.startswith("后"):
        offset = 2
    elif word.startswith("前"):
        offset = -2
    else:
        offset = {"今": 0, "明": 1, "昨": -1, "夜": -1, "转": 1}[word[0]]
        if word[1:] in ("晚", "夜"):
            tod = "晚上"
        elif word[1:] in ("早", "晨"):
            tod = "早上"
    d = ctx.base + timedelta(days=offset)
    return _day(d, kind="past" if offset < 0 else "point", tod=tod)


_RELATIVE_DAY_RX = re.compile(
    r"大后天|大前天|(?<![之以提明三四五七八九十几两天目当从眼面门年])前天"
    r"|(?<![大明三四五六七八九十几两天周日号以之然最落背午今])后天"
    r"|今(?:天|日|儿个|儿|早|晨|晚|夜)|明(?:天|日|儿个|儿|早|晨|晚)|昨(?:天|日|儿个|儿|晚|夜)"
    r"|大后儿个?|大前儿个?|后儿个|夜儿个|后儿(?![子童女])"  # northern speech: the day after tomorrow, yesterday
    r"|(?<![之以提明三四五七八九十几两天目当从眼面门年])前儿(?:个|(?![子媳童女]))"  # …the day before yesterday
    r"|(?<![回扭掉])转天"  # 北京话: the next day (我转天把数据发他); not 回转/扭转
    r"|(?:今|明|后|昨|夜)个(?![月年周星礼人子头])"  # the northeast's 今个/明个/后个/夜个 (not 今个月)
    r"|(?<![\u4e00-\u9fff])明(?=电(?![池量脑视器子动车费梯工瓶机]))"  # a veteran's shorthand: 明电杜姐 (明天打电话)
)


def _h_two_days(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    word = m.group(0)
    if word == "明后天":
        return _span(b + timedelta(days=1), b + timedelta(days=2))
    few = word.endswith("几天")
    if word.startswith("过"):  # 过两天 / 过几天: soon, not today
        return _span(b + timedelta(days=1 if not few else 2), b + timedelta(days=3 if not few else 5))
    if word.startswith("前"):  # 前两天 / 前几天: recently
        return _Anchor(b - timedelta(days=3 if not few else 5), b - timedelta(days=1), kind="past")
    # 这两天 / 这几天 / 近两天: now-ish, starting today
    return _span(b, b + timedelta(days=2 if not few else 3))


# (not the 前 of 提前两天 "two days ahead", nor the 过 of 超过两天 "more than two days")
_TWO_DAYS_RX = re.compile(
    r"明后天|(?:(?<![超经通不度越错])过|这|(?<![最接靠将])近|(?<![提之以目当从])前)(?:两|几)天(?![内后前])"
)


_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                  "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6,
                  "１": 0, "２": 1, "３": 2, "４": 3, "５": 4, "６": 5, "７": 6}
# 上周/下周 prefixes: not the 上 of 马上/线上/晚上, nor the 下 of 一下/以下/线下/剩下
# (等一下周一再说 = "wait, Monday then"; 线上周末活动 = "online weekend event").
_REL_UP = r"(?<![马线网晚早楼路])上"
_REL_DOWN = r"(?<![一以如等线剩留私底楼乡])下"
_WEEK_PRE = rf"(?P<pre>下下个?|{_REL_DOWN}个?|上上个?|{_REL_UP}个?|本|这一|这个?)"
_WEEK_UNIT = r"(?:周|星期|礼拜)"
# not after a count (一周一次, 两周三次, 每周一) unless that numeral is itself a weekday (周一周二)
_NO_COUNT_BEFORE = r"(?<!(?<![周期拜])[0-9一二三四五六七八九十两几每])"
# 一 as Monday, but not the 一 of 一起/一共/一样/一直 (下周一起去 = "next week, together")
_WD_ONE = "一(?![起共样直定般齐块些]|致(?![电函信歉])|下(?![午班]))"  # 周一下午 is Monday; 周一下子 is not;
# 下周一致电 is Monday's call, 意见一致 no day


def _week_offset(pre: str | None) -> int | None:
    if pre is None:
        return None
    if pre.startswith("下下"):
        return 2
    if pre.startswith("下"):
        return 1
    if pre.startswith("上上"):
        return -2
    if pre.startswith("上"):
        return -1
    return 0


def _h_weekday(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    offset = _week_offset(m.group("pre"))
    wd = m.group("wd")
    if wd == "末":
        week = 0 if offset is None else offset
        sat = _monday(b) + timedelta(days=7 * week + 5)
        # 这个周末之前 = by the weekend: its Sunday (as a deadline, a weekend ends on Sunday)
        return _span(sat, sat + timedelta(days=1), before=sat + timedelta(days=1))
    n = _WEEKDAY_CHARS[wd]
    if offset is not None:
        return _day(_monday(b) + timedelta(days=7 * offset + n))
    # bare weekday: next occurrence (today included), or the latest one with a past cue
    ahead = b + timedelta(days=(n - b.weekday()) % 7)
    if ctx.past_cue(m.start(), m.end()):
        return _day(b - timedelta(days=(b.weekday() - n) % 7))
    return _day(ahead)


_WEEKDAY_RX = re.compile(
    rf"{_NO_COUNT_BEFORE}{_WEEK_PRE}?{_WEEK_UNIT}(?P<wd>{_WD_ONE}|[二三四五六日天1-7１-７末])(?!年|岁)"
)


def _h_week(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    offset = _week_offset(m.group("pre"))
    mon = _monday(ctx.base) + timedelta(days=7 * offset)
    return _span(mon, mon + timedelta(days=6))


_WEEK_RX = re.compile(
    rf"{_NO_COUNT_BEFORE}{_WEEK_PRE}{_WEEK_UNIT}(?![二三四五六日天1-7１-７末年岁期]|{_WD_ONE})"
)


def _month_part_span(y: int, mo: int, part: str | None) -> tuple[date, date] | None:
    if part in ("初", "上旬"):
        return date(y, mo, 1), date(y, mo, 10)
    if part in ("中", "中旬"):
        return date(y, mo, 11), date(y, mo, 20)
    if part == "下旬":
        return date(y, mo, 21), _month_end(y, mo)
    if part == "上半月":  # 九月上半月的数据: the 1st to the 15th
        return date(y, mo, 1), date(y, mo, 15)
    if part == "下半月":
        return date(y, mo, 16), _month_end(y, mo)
    if part in ("底", "末"):
        end = _month_end(y, mo)
        return end, end
    return date(y, mo, 1), _month_end(y, mo)  # 份 / the whole month


def _month_anchor(first: date, last: date, part: str | None, day: bool) -> _Anchor:
    if day:
        return _day(first)
    if part in ("底", "末"):  # a single day, but "月底后" starts the next day
        return _day(first, after=first + timedelta(days=1))
    if part == "中":  # 月中之前 = by the middle of the month: the 15th (中旬之前: the 11th)
        return _span(first, last, before=first.replace(day=15))
    return _span(first, last)


_FREQUENCY_RX = re.compile(r"[0-9０-９一二两三四五六七八九十几]+[次回趟遍]")
_DATE_FOLLOW_RX = re.compile(r"之?前|以前|之?后|以后|上午|下午|晚上|早上|中午|当天")


def _h_month(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    text = ctx.text
    end = m.end()
    part = m.group("part")
    day_s = m.group("day")
    if day_s is not None and m.group("dsuf") is None:
        # `12月5` without 日/号: a date only when nothing but a break or a time word follows
        # (下个月初一定…: 初 is the month's start, 一定 "surely")
        nxt = text[end:end + 2]
        if not (nxt == "" or nxt[0] in " \t，,。；;、）)" or _DATE_FOLLOW_RX.match(nxt)):
            day_s = None
            end = m.start("day")
            part = "初" if m.group("early") else part
    day = _num(day_s) if day_s else None
    if day_s and day is None:
        return None

    year: int | None = None
    if m.group("year"):
        year = _year_num(m.group("year"))
        if year is None:
            return None
    elif m.group("yrel"):
        year = b.year + {"今": 0, "本": 0, "明": 1, "去": -1, "后": 2, "前": -2}[m.group("yrel")]

    mrel = m.group("mrel")
    if mrel is not None:
        if year is not None:
            return None  # 明年下个月: nonsense
        shift = 2 if mrel.startswith("下下") else 1 if mrel.startswith("下") else \
            -2 if mrel.startswith("上上") else -1 if mrel.startswith("上") else 0
        y, mo = _shift_month(b.year, b.month, shift)
        if day is not None:
            d = _valid(y, mo, day)
            return None if d is None else _day(d, end=_confirming_weekday_end(text, end))
        first, last = _month_part_span(y, mo, part)
        return replace(_month_anchor(first, last, part, False), end=end)

    mo = _num(m.group("mnum"))
    if mo is None or not 1 <= mo <= 12:
        return None
    if part is None and day is None and _FREQUENCY_RX.match(text, end):
        return None  # 一月一次: a frequency
    if part is None and day is None and year is None and _MONTH_AS_NAME.match(text, end):
        return None  # 九月权益政策, 九月第三周周报: a month naming a thing, not a time

    def make(y: int) -> tuple[date, date] | None:
        if day is not None:
            d = _valid(y, mo, day)
            return None if d is None else (d, d)
        return _month_part_span(y, mo, part)

    if year is not None:
        span = make(year)
    else:
        span = _pick_year_nearest(make, b, ctx.past_cue(m.start(), end))
    if span is None:
        return None
    return replace(_month_anchor(span[0], span[1], part, day is not None),
                   end=_confirming_weekday_end(text, end) if day is not None else end)


def _confirming_weekday_end(text: str, end: int) -> int:
    """2月12号星期四, 14号礼拜六: the weekday after a date only confirms that day (read alone it
    would be this week's), so the date's match runs over it."""
    weekday = _MD_WEEKDAY.match(text, end)
    return weekday.end() if weekday else end


_MONTH_AS_NAME = re.compile(r"的(?!时候|那|前|底|初|中|末)|第|[\u4e00-\u9fff]{0,2}(?:意向|权益|政策|总结|周报|月报|"
                            r"目标|任务|销量|业绩|考核|报表|方案|活动|促销|名单|客户表|排班|值班表|战败|客户|"
                            r"优惠|补贴|贴息|数据|价格|报价)")  # 问何总十月优惠的事: October's offer, no deadline
_MONTH_RX = re.compile(
    rf"(?:(?<![0-9０-９])(?P<year>{_YEAR4}|{_D}{{2}})年|(?P<yrel>今|本|明|去|后)年)?"
    rf"(?:(?P<mrel>下下个?|{_REL_DOWN}个?|上上个?|{_REL_UP}个?|本|这个?|当)月"
    rf"|{_NOT_NUM_BEFORE}(?<![第个每])(?P<mnum>{_MONTH_NUM})(?:月份|月))"
    rf"(?:(?P<part>初(?![一二三四五六七八九十])|中旬|上旬|下旬|上半月|下半月|底|末|中(?![心国午间旬期]))"
    rf"|(?P<early>初)?(?P<day>{_DAY_NUM})(?P<dsuf>日|号)?)?"  # 下个月初五: the 5th, as 初五 names it
    r"(?!中期)"  # 五月中期预测: a report's name, not a time
)


def _h_bare_month_part(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    word = m.group(0)
    part = word[1] if word.startswith("月") else word
    first, last = _month_part_span(b.year, b.month, part)
    if last < b and not ctx.past_cue(m.start(), m.end()):
        y, mo = _shift_month(b.year, b.month, 1)  # 月初 written on the 26th: next month's
        first, last = _month_part_span(y, mo, part)
    return _month_anchor(first, last, part, False)


_BARE_MONTH_PART_RX = re.compile(
    r"(?<![个本这上下当0-9０-９一二三四五六七八九十月])(?:月初|月中(?![心国午间旬期])|月底|月末|上旬|中旬|下旬)"
)


def _h_iso_date(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    y = _year_num(m.group("y"))
    d = _valid(y, int(m.group("m")), int(m.group("d"))) if y else None
    return None if d is None else _day(d)


_ISO_DATE_RX = re.compile(
    rf"(?<![0-9０-９.\-/])(?P<y>[12][0-9]{{3}})(?P<sep>[-/.])(?P<m>{_D}{{1,2}})(?P=sep)"
    rf"(?P<d>{_D}{{1,2}})(?![0-9０-９]|\.[0-9])"
)

# M.D / M/D / M-D only as a date in a date-like context: a relation or time word after it, or a
# scheduling word before it. `6.5升`, `1.2万`, `10-12万`, `报价12.5` stay numbers.
_MD_WEEKDAY = re.compile(r"[ \t]?[（(]?(?:周|星期|礼拜)[一二三四五六日天][）)]?")  # 8/15 禮拜六
_MD_AFTER_RX = re.compile(r"[ \t]?(?:之?前|以前|之?后|以后|号|日|上午|下午|晚上|早上|中午|傍晚|当天|那天|"
                          r"交付|交车|提车|到店|签约|试驾|到港|到货|下班|上班|到(?![ \t]?[0-9０-９]))|"  # 車 6/25 到
                          + _MD_WEEKDAY.pattern
                          + r"|[ \t]?[0-2]?\d[:：][0-5]\d(?!\d)")  # ⏰ 11/12 09:30 交付
_MD_BEFORE_RX = re.compile(
    r"(?:截止|截至|定于|定在|约在|安排在|改到|改在|推到|提前到|日期|日子|时间|排到|排在|@|DDL|ddl|Deadline|deadline|"
    r"答应[他她]?|约好|说好)"
    r"(?:到|为|是)?[ \t：:]?$"
)


def _h_t_plus(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    """T+2: two days after the note's day, as trading desks and CRMs write it."""
    return _day(ctx.base + timedelta(days=int(m.group("n"))))


_T_PLUS_RX = re.compile(r"(?<![A-Za-z0-9])T\s?\+\s?(?P<n>\d{1,2})(?![0-9])")


_PRICE_BEFORE = re.compile(r"(?:估|报|价|卖|收|让|降|付|贷|预算|落地|裸车|优惠)[ \t]?$")


def _h_md(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    text = ctx.text
    # a table's time cell holds the date alone (| 交车 | 5/20 |)
    after_ok = _MD_AFTER_RX.match(text, m.end()) is not None or (
        m.group("sep") == "/" and text.strip() == m.group())
    before_ok = _MD_BEFORE_RX.search(text[max(0, m.start() - 5):m.start()]) is not None \
        or (m.group("sep") == "/" and _ITEM_START.fullmatch(text, 0, m.start()) is not None
            and not text.startswith(("的", " 的"), m.end())) \
        or (m.group("sep") == "/" and _CLAUSE_OPEN.search(text, 0, m.start()) is not None
            and _STEP_AFTER.match(text, m.end()) is not None)  # …交车，10/23 把车检查好
    if not (after_ok or before_ok):
        return None
    if not after_ok and m.group("sep") == "." and len(m.group("d")) < 2:
        return None  # `时间3.5` reads as a number; `日期12.15` as a date
    if m.group("sep") == "." and _PRICE_BEFORE.search(text, max(0, m.start() - 4), m.start()):
        return None  # 老马估 8.5 周三前…: a price in 万, then the day
    mo, dd = int(m.group("m")), int(m.group("d"))
    if mo > 12 and 1 <= dd <= 12 and m.group("sep") == "/":
        mo, dd = dd, mo  # Sat 13/6: a day/month writer's date (no 13th month)
    if not 1 <= mo <= 12:
        return None

    def make(y: int) -> tuple[date, date] | None:
        d = _valid(y, mo, dd)
        return None if d is None else (d, d)

    span = _pick_year_nearest(make, ctx.base, ctx.past_cue(m.start(), m.end()))
    if span is None:
        return None
    weekday = _MD_WEEKDAY.match(text, m.end())  # 8/15 禮拜六: the weekday only confirms the day
    return _day(span[0], end=weekday.end() if weekday else None)


# …交车，10/23 把车检查好: a clause that opens on M/D and a 把 step is dated by it
_CLAUSE_OPEN = re.compile(r"[，,；;]\s*$")
_STEP_AFTER = re.compile(r"\s*我?(?:先|提前)?把")
# 2. 3/5 徐总提车: a list item that opens on M/D is dated by it
_ITEM_START = re.compile(r"\s*(?:\d{1,2}[.、)）]\s*|[-*•]\s*)?")
_MD_RX = re.compile(
    rf"(?<![0-9０-９.．\-/A-Za-z¥￥$])(?<![0-9０-９][:：])(?P<m>{_D}{{1,2}})(?P<sep>[./\-])(?P<d>{_D}{{1,2}})"
    rf"(?![0-9０-９]|[.．/\-:][0-9０-９]|[万千百wWkK%％元块])"
)


_DAY_NOUNS = "线楼位门店厅库机电桩房院柜口键球字码品色站台座包间床牌卡号屋场馆"


def _h_bare_day(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    n = _num(m.group("n"))
    if n is None or not 1 <= n <= 31:
        return None
    if m.group("suf") == "日" and not m.group("n").isdigit():
        # 一日三餐: a Chinese-numeral N日 only before a time word, a relation or a break
        nxt = ctx.text[m.end():m.end() + 2]
        if not (nxt == "" or nxt[0] in " \t，,。；;、" or _MD_AFTER_RX.match(nxt) or _SUFFIX_RX.match(nxt)):
            return None
    cands = []
    for k in (-1, 0, 1, 2):
        y, mo = _shift_month(b.year, b.month, k)
        d = _valid(y, mo, n)
        if d is not None:
            cands.append(d)
    d = _pick_next_or_recent(cands, b, ctx.past_cue(m.start(), m.end()))
    # within_ok=False: `3日内` is "within three days" (the duration reading wins)
    weekday_end = _confirming_weekday_end(ctx.text, m.end())
    return None if d is None else _day(d, within_ok=False,
                                       end=weekday_end if weekday_end > m.end() else None)


_BARE_DAY_RX = re.compile(
    rf"{_NOT_NUM_BEFORE}(?<![第编型款代月年周批期楼座层排号码])(?P<n>{_DAY_NUM})(?P<suf>号|日)"
    rf"(?!车(?!展)|前台|游|[{_DAY_NOUNS}])"
)


def _h_festival(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    word = m.group("fest")
    if word in ("年前", "年后", "过完年"):
        name = "春节"
    else:
        name = _FESTIVAL_ALIASES[word]
    fn = _FESTIVALS[name]
    year_s = m.group("fy")
    picked: tuple[date, date, date] | None
    if year_s:
        y = {"今年": b.year, "明年": b.year + 1, "去年": b.year - 1}.get(year_s)
        if y is None:
            y = _year_num(year_s[:-1])
        picked = fn(y) if y else None
    else:
        past = ctx.past_cue(m.start(), m.end())
        cands = [f for f in (fn(y) for y in (b.year - 1, b.year, b.year + 1)) if f is not None]
        this_year = [f for f in cands if f[0].year == b.year and f[0] <= b]
        if past == 2 or (past == 1 and this_year):
            # strong cue: the latest one that has begun; weak cue (了): this year's only
            older = [f for f in cands if f[0] <= b] if past == 2 else this_year
            picked = max(older) if older else None
        else:
            newer = [f for f in cands if f[2] >= b]  # still on or ahead
            picked = min(newer) if newer else None
    if picked is None:
        return None
    day, h_first, h_last = picked
    if word == "年前":  # before the Spring Festival: by New Year's Eve
        eve = day - timedelta(days=1)
        return _Anchor(b if b <= eve else eve, eve, kind="deadline", suffixable=False)
    # 元宵节前: by its eve, as 端午前/中秋前 fall on the day before their days off (and 元旦前 on
    # Dec 31 when next year's days off are not published yet)
    # — so does every festival day that is no public holiday: 双十一前 is Nov 10, 情人节前 Feb 13
    # (除夕 starts the Spring Festival's days off, read with them)
    before = day - timedelta(days=1) if name not in _PUBLIC_HOLIDAYS | {"除夕"} or name == "元旦" else None
    if name in _PUBLIC_HOLIDAYS:
        # the published days off, where known: 端午 2026 is Jun 19–21, so 端午后 is Jun 22
        # and 端午前 the last day before them, Jun 18
        block = ctx.workdays().holiday_block(day)
        if block is not None:
            h_first, h_last = min(h_first, block[0]), max(h_last, block[1])
            before = h_first - timedelta(days=1)
    if word in ("年后", "过完年"):
        start = h_last + timedelta(days=1)
        return _Anchor(start, start, kind="after", suffixable=False)
    return _day(day, after=h_last + timedelta(days=1), period=(h_first, h_last), before=before)


# 节前 / 节后 / "before the holiday": the next public holiday's days off (or the one under way).
_HOLIDAY_REF_RX = re.compile(r"(?<![过春年环细章关季调礼音使情枝])(?P<which>节|放假|假期|长假|收假)(?P<rel>之?前|之?后|以前|以后)"
                             r"|(?i:\b(?P<en>before|after) the (?:(?P<named>mid-?autumn|national day|dragon boat|"
                             r"labou?r day|may day|qingming|spring festival|chinese new year|cny|new year) )?"
                             r"(?:(?:festival )?holidays?|break|long weekend)\b)")
_EN_HOLIDAY_NAMES = {"midautumn": "中秋", "mid-autumn": "中秋", "national day": "国庆", "dragon boat": "端午",
                     "labour day": "五一", "labor day": "五一", "may day": "五一", "qingming": "清明",
                     "spring festival": "春节", "chinese new year": "春节", "cny": "春节", "new year": "元旦"}


def _h_holiday_ref(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    if not (m.group("en") or m.group("rel")).lower().startswith(("前", "之前", "以前", "before")) \
            and _first_day_back(ctx):
        # 节后第一天就出了岔子, written on the first working day after 五一: the holiday just over
        return _Anchor(ctx.base, ctx.base, kind="point", suffixable=False)  # (today, as 今天 is)
    block = ctx.workdays().next_holiday_block(ctx.base)
    if m.group("named"):  # before the Mid-Autumn holiday: that one's days off, not just the next
        fn = _FESTIVALS[_EN_HOLIDAY_NAMES[m.group("named").lower()]]
        days = [f[0] for f in (fn(y) for y in (ctx.base.year, ctx.base.year + 1)) if f is not None]
        day = next((d for d in days if d >= ctx.base - timedelta(days=7)), None)
        block = ctx.workdays().holiday_block(day) if day is not None else None
    if block is None:
        return None  # no published holiday ahead: better no date than a guess
    first, last = block
    if (m.group("en") or m.group("rel")).lower().startswith(("前", "之前", "以前", "before")):
        day = first - timedelta(days=1)
        return _Anchor(min(ctx.base, day), day, kind="deadline", suffixable=False)
    start = last + timedelta(days=1)
    return _Anchor(start, start, kind="after", suffixable=False)


# "before the Golden Week", "after Mid-Autumn", "the day after Golden Week", "on the first day
# back": a named holiday's (or the next one's) published days off, as 国庆前 / 国庆后第一天 read
_EN_HOLIDAY_RX = re.compile(
    r"(?i)\b(?:(?P<dayafter>the day after)|(?P<rel>before|after|until|by))\s+(?:the\s+)?"
    r"(?P<name>golden week|mid-?autumn(?: festival)?|national day|chinese new year|cny|spring festival|"
    r"dragon boat(?: festival)?|qingming|may day)(?!\s+(?:holidays?|break|long weekend)\b)\b"
    r"|\b(?P<back>the first (?:working )?day back)\b")
_EN_HOLIDAY_WORDS = {"golden week": "国庆", "midautumn": "中秋", "mid-autumn": "中秋", "national day": "国庆",
                     "chinese new year": "春节", "cny": "春节", "spring festival": "春节", "dragon boat": "端午",
                     "qingming": "清明", "may day": "五一"}


def _h_en_holiday(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    workdays = ctx.workdays()
    if m.group("back"):
        block = workdays.next_holiday_block(ctx.base)
    else:
        name = m.group("name").lower().removesuffix(" festival")
        fn = _FESTIVALS[_EN_HOLIDAY_WORDS[name]]
        days = [f[0] for f in (fn(y) for y in (ctx.base.year, ctx.base.year + 1)) if f is not None]
        day = next((d for d in days if d >= ctx.base - timedelta(days=7)), None)
        block = workdays.holiday_block(day) if day is not None else None
    if block is None:
        return None
    first, last = block
    back = last + timedelta(days=1)
    if m.group("back") or m.group("dayafter"):
        return _day(back, english=True, suffixable=False)
    if m.group("rel").lower() == "after":
        return _Anchor(back, back, kind="after", english=True, suffixable=False)
    eve = first - timedelta(days=1)
    return _Anchor(min(ctx.base, eve), eve, kind="deadline", english=True, suffixable=False)


def _first_day_back(ctx: _Ctx) -> bool:
    """Is the base day the first working day after a public holiday's days off?"""
    workdays = ctx.workdays()
    if not workdays.is_workday(ctx.base):
        return False
    day = ctx.base - timedelta(days=1)
    for _ in range(4):  # (the holiday's last day, or a weekend after it)
        if workdays.is_workday(day):
            return False
        if workdays.is_public_holiday(day):
            return True
        day -= timedelta(days=1)
    return False


_PUBLIC_HOLIDAYS = frozenset({"元旦", "春节", "清明", "五一", "端午", "中秋", "国庆"})


_FESTIVAL_RX = re.compile(
    rf"(?P<fy>今年|明年|去年|{_YEAR4}年)?(?P<fest>"
    r"春节|过年|农历新年|大年初一|除夕|大年三十|年三十|大年夜|元宵节|元宵|正月十五|元旦节|元旦|清明节|清明|"
    r"(?<![0-9一二三四五六七八九十])五一(?![0-9一二三四五六七八九十号日])|劳动节|端午节|端午|中秋节|中秋|国庆节|国庆|"
    r"(?<![0-9一二三四五六七八九十双])十一(?=之?前|以前|之?后|以后|期间|假期|长假|小长假|放假|黄金周)|"
    r"情人节|双十一|双11|双十二|双12|平安夜|圣诞节|圣诞|七夕节|七夕|"
    r"(?<![0-9一二三四五六七八九十两几多半今去明往每个前后当新过])年前(?![0-9一二三四五六七八九十两几][个天周季名位次])"
    r"(?!(?:的)?(?:政策|活动|优惠|促销|特价|补贴))|"  # 年前政策: a policy's name, as 九月权益政策
    r"(?<![0-9一二三四五六七八九十两几多半今去明往每个前后当新])年后|过完年)"
)



# 农历 days: 腊月二十, 腊月廿五, 正月初八, 冬月十五, 小年 (the north's 腊月廿三, as most of the
# country keeps it), and 初八 alone where a line names the New Year's return to work (初八开工).
# lunardate (a small table, 1900–2099) converts them; it is imported for such a line only.
_LUNAR_MONTHS = {"正月": 1, "冬月": 11, "腊月": 12}
_LUNAR_DAY = r"初[一二三四五六七八九十]|廿[一二三四五六七八九]|二十[一二三四五六七八九]?|三十|十[一二三四五六七八九]?"
_LUNAR_RX = re.compile(
    rf"(?P<lm>正月|冬月|腊月)(?P<ld>{_LUNAR_DAY})(?![0-9一二三四五六七八九十])(?!号|日)"
    r"|(?<![春过大])(?P<xiao>小年)(?![纪级轻龄])"
    rf"|(?<![月0-9一二三四五六七八九十])(?P<bare>初[一二三四五六七八九十])(?=[ \t]?(?:[（(]?开工|上班|收假|开门))"
    # 初九逢集那天: a county town's market falls on days of the lunar month, whichever month
    rf"|(?<![月0-9一二三四五六七八九十])(?P<market>{_LUNAR_DAY})(?=[ \t]?(?:逢集|赶集|大集|有集|集上))")


def _lunar_day_num(word: str) -> int:
    if word.startswith("初"):
        return _num(word[1:]) or 10
    if word.startswith("廿"):
        return 20 + (_num(word[1:]) or 0)
    return _num(word) or 0


def _h_lunar(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    if m.group("lm") == "正月" and m.group("ld") == "十五":
        return None  # 正月十五: 元宵, read as the festival
    try:
        from lunardate import LunarDate
    except ImportError:  # pragma: no cover - a declared dependency; without it, no lunar dates
        return None
    b = ctx.base
    if m.group("market"):  # the next (or, told as past, the last) such day of a lunar month
        wanted = _lunar_day_num(m.group("market"))
        days = [b + timedelta(days=k) for k in range(-31, 32)
                if LunarDate.from_solar_date(*(b + timedelta(days=k)).timetuple()[:3]).day == wanted]
        picked = _pick_next_or_recent(days, b, ctx.past_cue(m.start(), m.end()))
        return None if picked is None else _day(picked)
    if m.group("xiao"):
        month, day, festival = 12, 23, True
    elif m.group("bare"):
        month, day, festival = 1, _lunar_day_num(m.group("bare")), False
    else:
        month, day, festival = _LUNAR_MONTHS[m.group("lm")], _lunar_day_num(m.group("ld")), False
    b = ctx.base
    this_year = LunarDate.from_solar_date(b.year, b.month, b.day).year

    def solar(year: int) -> date | None:
        try:
            return LunarDate(year, month, day).to_solar_date()
        except ValueError:  # 三十 of a short 腊月
            return None

    days = [d for d in (solar(y) for y in (this_year - 1, this_year, this_year + 1)) if d is not None]
    if m.group("bare") and not any(abs((d - b).days) <= 45 for d in days):
        return None  # 初八 far from the New Year: not the day work starts again
    picked = _pick_next_or_recent(days, b, ctx.past_cue(m.start(), m.end()))
    if picked is None:
        return None
    # 小年前: by its eve, as 元宵节前; 腊月二十前: that day, as 6/15前
    return _day(picked, before=picked - timedelta(days=1) if festival else None)


def _h_year_part(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    ys = m.group("ys")
    if ys is None:
        y = b.year
    elif ys in ("今", "本"):
        y = b.year
    elif ys in ("明", "去", "后"):
        y = b.year + {"明": 1, "去": -1, "后": 2}[ys]
    else:
        y = _year_num(ys)
        if y is None:
            return None
    part = m.group("yp")
    if part in ("底", "末"):
        end = date(y, 12, 31)
        return _day(end, after=end + timedelta(days=1))
    if part == "内":
        end = date(y, 12, 31)
        return _Anchor(min(b, end), end, kind="deadline", suffixable=False)
    # 年初: January. Bare 年初 whose January is over means next year's.
    if ys is None and date(y, 1, 31) < b and not ctx.past_cue(m.start(), m.end()):
        y += 1
    return _span(date(y, 1, 1), date(y, 1, 31))


_YEAR_PART_RX = re.compile(
    rf"(?:(?P<ys>今|本|明|去|后|(?<![0-9]){_YEAR4})年年?"
    r"|(?<![0-9０-９一二三四五六七八九十两几多半个每新过])年)"
    r"(?P<yp>底|末|初|内(?![饰部容外存需]))"
)


# 今年 alone is mostly talk about the year (今年卖了100台), so only with 内; 明年/去年 alone count.
_YEAR_RX = re.compile(
    r"(?<![以之过0-9一二三四五六七八九十两几多半])(?P<ys>明|去|后)年(?![0-9０-９一二三四五六七八九十月底末初内的级])"
    r"|(?P<ys2>今|本)年(?=之内|以内|内)"
)


def _h_year_any(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    ys = m.group("ys") or m.group("ys2")
    y = ctx.base.year + {"今": 0, "本": 0, "明": 1, "去": -1, "后": 2}[ys]
    return _span(date(y, 1, 1), date(y, 12, 31), tailable=False)


# ---- durations: N天内 / 三天后 / 两个工作日内 / 半个月内 / 两周后 / 一年内 / 24小时内 / 三天前

_DUR_RX = re.compile(
    rf"(?P<guo>再过|过)?{_NOT_NUM_BEFORE}"
    rf"(?:(?P<n>{_COUNT_NUM}|{_APPROX_COUNT})多?(?P<ge>个)?多?(?P<half>半)?|(?P<onlyhalf>半)(?P<ge2>个)?)"
    r"(?P<unit>工作日|天|日|周|星期|礼拜|月|年|小时|钟头)"
    # (N天前来过 is "came N days ago": 前来 is no verb after a duration)
    r"(?P<suf>之内|以内|内(?![饰部容外存需])|之后|以后|过后|后(?![天续面排座来果期])|之前|以前|前(?![天台面排座往进后]))?"
)


# An event before a duration (签订后, 到货以后, 付款之后): the count starts there, on a day
# the note does not give. A time word before 后 (三天后, 国庆后) is no event.
_AFTER_EVENT = re.compile(r"(?<![天日号周月年节时点期])(?<!礼拜)(?:之后|以后|后)[ \t]*$")


# 国庆后三个工作日内, 节后两天内: a span counted from the first day back after a public holiday
_HOLIDAY_BEFORE = re.compile(r"(?P<name>春节|过年|元旦|清明|五一|劳动节|端午|中秋|国庆|十一|节)节?(?:之后|以后|后)[ \t]*$")


def _after_holiday_within(name: str, n: int | None, unit: str, ctx: _Ctx) -> _Anchor | None:
    """国庆后三个工作日内 (written 2026-09-30): 10-08, 10-09, 10-10 — the first day back is the first
    of the span; 节 is the holiday just ahead."""
    if not n:
        return None
    workdays = ctx.workdays()
    if name == "节":
        block = workdays.next_holiday_block(ctx.base)
    else:
        fn = _FESTIVALS[_FESTIVAL_ALIASES.get(name, "国庆" if name == "十一" else name)]
        days = [f[0] for f in (fn(y) for y in (ctx.base.year, ctx.base.year + 1)) if f is not None]
        day = next((d for d in days if d >= ctx.base - timedelta(days=7)), None)
        block = workdays.holiday_block(day) if day is not None else None
    if block is None:
        return None  # no published days off: better no date than a guess
    try:
        due = workdays.add_workdays(block[1], n) if unit == "工作日" else \
            workdays.add_workdays(block[1], 1) + timedelta(days=n - 1)
    except ValueError:
        return None
    return _Anchor(ctx.base, due, kind="deadline", suffixable=False)


def _h_duration(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    unit = m.group("unit")
    suf = m.group("suf")
    guo = m.group("guo")
    n_s = m.group("n")
    has_ge = bool(m.group("ge") or m.group("ge2"))
    if unit == "月" and not has_ge and not (m.group("onlyhalf") or m.group("half")):
        return None  # 3月后 is "after March", handled as a month
    if unit == "日" and (m.group("ge") or suf not in ("之内", "以内", "内")):
        return None  # N日前/N日后 read as a day of month (10日后 = after the 10th)
    if suf is None and unit != "工作日" and not guo:
        return None  # 开了十年, 试驾了三天: a length, not a time
    holiday = _HOLIDAY_BEFORE.search(ctx.text, max(0, m.start() - 8), m.start())
    if holiday and unit in ("工作日", "天") and suf in ("之内", "以内", "内") and n_s and not m.group("half"):
        return _after_holiday_within(holiday.group("name"), _num(n_s), unit, ctx)
    if _AFTER_EVENT.search(ctx.text, max(0, m.start() - 8), m.start()):
        return None  # 合同签订后7天内, 到货后三个工作日: counted from an event, not from today
    if m.group("onlyhalf"):
        n, half = 0, True
    else:
        n = 3 if n_s == "几" else _num(n_s[-1]) if n_s in _APPROX_COUNT.split("|") else _num(n_s)
        half = bool(m.group("half"))
        if n is None:
            return None
    vague = n_s == "几"
    sign = -1 if suf in ("之前", "以前", "前") else 1
    if guo and sign < 0:
        return None

    if unit == "工作日":
        if half or n == 0:
            return None
        try:
            d = ctx.workdays().add_workdays(b, sign * n)
        except ValueError:
            return None
    elif unit in ("天", "日"):
        d = b + timedelta(days=sign * (n + (1 if half and n else 0)))
    elif unit in ("周", "星期", "礼拜"):
        d = b + timedelta(days=sign * (7 * n + (3 if half else 0)))
    elif unit == "月":
        d = _add_months(b, sign * n) + timedelta(days=sign * (15 if half else 0))
    elif unit == "年":
        d = _add_months(b, sign * (12 * n + (6 if half else 0)))
    else:  # hours
        hours = n + (0.5 if half else 0)
        d = b + timedelta(days=sign * int(hours // 24))

    if sign < 0:
        return _day(d, kind="past", suffixable=False)
    if suf in ("之内", "以内", "内") or (suf is None and unit == "工作日"):
        return _Anchor(b, d, kind="deadline", suffixable=False)
    if guo and n_s in ("两", "几") and unit == "天" and suf is None:
        return None  # 过两天/过几天: soon, a range (_TWO_DAYS_RX)
    if vague:  # 几天后: a few days from now, read as a range
        return _span(d - timedelta(days=1), d + timedelta(days=2), suffixable=False)
    return _day(d, suffixable=False)


_NEXT_WORKDAY_RX = re.compile(r"下(?:一)?个工作日|下一工作日")


def _h_next_workday(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    try:
        return _day(ctx.workdays().add_workdays(ctx.base, 1))
    except ValueError:
        return None


# ---- time of day / clock without a day: today

def _parse_clock(m: re.Match) -> tuple[time, int, bool] | None:
    """(clock time before TOD adjustment, end position, explicit) from a _CLOCK match.

    `explicit` means the form itself shows a clock (9:30, 八点半, 八点十分, 三点钟).
    """
    if m.group("hh") is not None:
        h, mi = int(m.group("hh")), int(m.group("mm"))
        if h > 24 or (h == 24 and mi):
            return None
        return time(h % 24, mi) if h < 24 else time(23, 59), m.end(), True
    h = _num(m.group("h"))
    if h is None or h > 24:
        return None
    end = m.end()
    mi = 0
    explicit = False
    if m.group("half"):
        mi, explicit = 30, True
    elif m.group("quarter"):
        mi, explicit = (15 if m.group("quarter") == "一刻" else 45), True
    elif m.group("min") is not None:
        raw = m.group("min")
        single = len(raw) == 1  # 六点五 (six point five) unless written 六点五分
        if single and not m.group("fen"):
            end = m.start("min")
        else:
            v = _num(raw)
            if v is None or v > 59:
                return None
            mi, explicit = v, True
    elif m.group("zheng"):
        explicit = True
    if h == 24:
        return time(23, 59), end, explicit
    return time(h, mi), end, explicit


_EVENING = {"下午", "午后", "傍晚", "晚上", "晚间", "夜里", "夜间", "深夜", "晚", "下班", "收工", "后晌", "下晌",
            "下半天", "下半日", "过晌"}


def _adjust_hour(t: time, tod: str | None) -> time:
    """12-hour clock + time of day -> 24-hour (下午三点 -> 15:00)."""
    h = t.hour
    if tod in _EVENING:
        if 1 <= h < 12:
            h += 12
        elif h == 12 and tod in ("晚上", "晚间", "夜里", "夜间", "深夜", "晚"):
            return time(23, 59)
    elif tod == "中午":
        if 1 <= h <= 5:
            h += 12
    elif tod is None and 1 <= h <= 6:
        # No time of day: in a salesperson's working day 两点/三点 is the afternoon.
        h += 12
    return time(h, t.minute)


def _h_tod(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    tod = m.group("tod")
    if tod in ("下班", "收工", "上班", "午饭") and not _SUFFIX_RX.match(ctx.text, m.end()):
        return None  # 下班 alone is no time; 下班前 is (today)
    return _day(ctx.base, tod=tod, within_ok=False)


_TOD_RX = re.compile(rf"(?<![每那当这天日号末第])(?P<tod>{_TOD})(?!茶|班|好|饭)")


def _h_clock(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    text = ctx.text
    start = m.start()
    if start > 0 and text[start - 1] in _CLOCK_BAD_BEFORE:
        return None
    parsed = _parse_clock(m)
    if parsed is None:
        return None
    t, end, explicit = parsed
    if not explicit:
        gated = (_CLOCK_GATE_AFTER_RX.match(text, end) is not None
                 or _CLOCK_GATE_BEFORE_RX.search(text[max(0, start - 4):start]) is not None)
        if not gated:
            return None
    return _day(ctx.base, time=_adjust_hour(t, None), end=end, tailable=False, within_ok=False)


_CLOCK_RX = re.compile(rf"{_NOT_NUM_BEFORE}(?<![A-Za-z]){_CLOCK}")


# --------------------------------------------------------------------------------------------
# English

_EN_WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
                "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4,
                "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
                # Spanish, as a Mexican or Spanish writer mixes it in (el lunes, a más tardar el miércoles)
                "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
                "sábado": 5, "sabado": 5, "domingo": 6,
                # Russian, as a writer serving Russian customers mixes it in (в пятницу, до понедельника)
                "понедельник": 0, "понедельника": 0, "вторник": 1, "вторника": 1, "среда": 2, "среду": 2,
                "среды": 2, "четверг": 3, "четверга": 3, "пятница": 4, "пятницу": 4, "пятницы": 4,
                "суббота": 5, "субботу": 5, "субботы": 5, "воскресенье": 6, "воскресенья": 6}
_EN_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
              "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
              "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
              "nov": 11, "november": 11, "dec": 12, "december": 12}
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
               "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2,
               "a few": 3, "couple of": 2, "few": 3}
_EN_PREP = (r"(?:(?P<prep>by|before|until|till|til|due|no later than|latest|at the latest|on|after|from"
            r"|a más tardar(?:\s+el)?|a mas tardar(?:\s+el)?|antes del?|para el|hasta el|el|до|к|во|в"
            r"|(?:COB|EOD|EOB|close of business|end of day|(?:end|close) of play)(?:\s+on)?)\s+)?")
_EN_WD = "|".join(sorted(_EN_WEEKDAYS, key=len, reverse=True))
_EN_MON = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_NUM = "|".join(sorted((re.escape(k) for k in _EN_NUMBERS), key=len, reverse=True))
_WS_RX = re.compile(r"\s+")
_EN_TOD = {"morning": "上午", "afternoon": "下午", "evening": "晚上", "night": "晚上"}


def _en_relation(prep: str | None) -> str | None:
    if prep is None:
        return None
    prep = prep.lower()
    if prep == "after":
        return "after"
    if prep in ("on", "from", "el", "para el", "в", "во"):
        return None
    return "before"


def _h_en_day(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    word = _WS_RX.sub(" ", m.group("word").lower())
    offsets = {"today": 0, "tonight": 0, "this evening": 0, "this afternoon": 0, "this morning": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1, "yesterday": -1,
               "hoy": 0, "mañana": 1, "pasado mañana": 2, "ayer": -1,
               "сегодня": 0, "завтра": 1, "послезавтра": 2, "вчера": -1,
               "the day after tomorrow": 2, "day after tomorrow": 2,
               "the day before yesterday": -2, "day before yesterday": -2}
    off = offsets[word]
    tod = "晚上" if word == "tonight" else _EN_TOD.get((m.group("tod") or word.removeprefix("this ")).lower())
    return _day(b + timedelta(days=off), kind="past" if off < 0 else "point", tod=tod,
                english=True, force=_en_relation(m.group("prep")), suffixable=False)


_EN_DAY_RX = re.compile(
    rf"(?i)(?<![A-Za-z]){_EN_PREP}(?P<word>the\s+day\s+after\s+tomorrow|day\s+after\s+tomorrow|"
    r"the\s+day\s+before\s+yesterday|day\s+before\s+yesterday|today|tonight|tomorrow|tmrw|tmr|yesterday"
    r"|this\s+(?:evening|afternoon|morning)"
    r"|pasado\s+mañana|(?<!la )(?<!esta )(?<!una )mañana|hoy|послезавтра|завтра|сегодня|вчера)"
    r"(?:\s+(?P<tod>morning|afternoon|evening|night))?(?![A-Za-z])"
)


_EN_WHEN_AFTER = re.compile(r",?\s+(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}/\d{1,2}|"
                            r"morning|afternoon|evening|night|noon)\b", re.IGNORECASE)


def _h_en_weekday(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    raw = m.group("wd")
    wd = raw.lower()
    prep, rel = m.group("prep"), (m.group("rel") or "").lower()
    if len(wd) <= 4 and not (prep or rel) and not raw[0].isupper():
        return None  # "sat", "sun", "wed" in running text are not days
    if len(wd) <= 4 and re.match(r"\s+[A-Z][a-z]", ctx.text[m.end():]) and not rel:
        return None  # "before Sun Yue comes": a surname, the next word the given name
    if wd in ("sat", "sun", "mon") and not (prep or rel) and not (
            raw[0].isupper() and _EN_WHEN_AFTER.match(ctx.text, m.end())):
        return None  # but "Sat 10am", "Sun 28/11", "Mon morning" are days
    n = _EN_WEEKDAYS[wd]
    end = m.end("wd") if len(wd) > 5 else m.end()  # "Fri." keeps its dot, "Friday." does not
    dated = _weekday_with_date(ctx.text, m.end(), b, n)
    if dated is not None:  # "Fri the 11th", "Sat 13/6": the date the weekday confirms
        return _day(dated[0], english=True, force=_en_relation(prep), suffixable=False, end=dated[1])
    if rel == "next":
        d = _monday(b) + timedelta(days=7 + n)
    elif rel == "this":
        d = _monday(b) + timedelta(days=n)
    elif rel == "last":
        d = _monday(b) + timedelta(days=n - 7)
    else:
        d = b + timedelta(days=(n - b.weekday()) % 7)
    return _day(d, english=True, force=_en_relation(prep), suffixable=False, end=end)


_WEEKDAY_DATE = re.compile(rf"\s*,?\s*(?:the\s+)?(?P<a>\d{{1,2}})(?:(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_EN_MON})"
                           r"\.?(?![A-Za-z])|(?:st|nd|rd|th)\b|/(?P<b>\d{1,2})(?![\d/]))", re.IGNORECASE)


def _weekday_with_date(text: str, at: int, base: date, weekday: int) -> tuple[date, int] | None:
    """The date right after a weekday that falls on it: "the 11th" (this month or the next),
    "13/6" or "6/13" (whichever order names that weekday), near the note's day."""
    m = _WEEKDAY_DATE.match(text, at)
    if m is None:
        return None
    a, second = int(m.group("a")), m.group("b")
    candidates: list[date] = []
    if m.group("mon"):  # "Thu 8 Oct"
        month = _EN_MONTHS[m.group("mon").lower()]
        candidates.extend(d for d in (_valid(y, month, a) for y in (base.year, base.year + 1, base.year - 1))
                          if d is not None)
    elif second is None:
        for shift in (0, 1, -1):
            y, mo = _shift_month(base.year, base.month, shift)
            d = _valid(y, mo, a)
            if d is not None:
                candidates.append(d)
    else:
        for mo, dd in ((int(second), a), (a, int(second))):  # day/month first, then month/day
            for y in (base.year, base.year + 1, base.year - 1):
                d = _valid(y, mo, dd)
                if d is not None:
                    candidates.append(d)
    fits = sorted((d for d in candidates if d.weekday() == weekday), key=lambda d: abs((d - base).days))
    return (fits[0], m.end()) if fits and abs((fits[0] - base).days) <= 200 else None


_EN_WEEKDAY_RX = re.compile(
    rf"(?i)(?<![A-Za-z]){_EN_PREP}(?:(?P<rel>next|this|coming|the\s+coming|last)\s+)?"
    rf"(?P<wd>{_EN_WD})\.?(?![A-Za-zА-Яа-яЁё])"
)


def _h_en_period(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    word = _WS_RX.sub(" ", m.group("word").lower())
    force = _en_relation(m.group("prep"))
    if word in ("eod", "cob", "end of day", "end of the day", "close of business", "end of play", "close of play"):
        return _Anchor(b, b, kind="deadline", english=True, suffixable=False)
    if word in ("eom", "end of month", "end of the month", "month end", "month-end") or word.endswith("месяца"):
        end = _month_end(b.year, b.month)
        return _day(end, english=True, force=force or "before", suffixable=False)
    if word in ("eow", "end of week", "end of the week") or word.endswith("недели"):
        # the week ends on Sunday (本周内, "end of next week"); a showroom works weekends
        return _day(_monday(b) + timedelta(days=6), english=True, force=force or "before",
                    suffixable=False)
    if word in ("end of year", "end of the year", "year end", "year-end", "eoy"):
        return _day(date(b.year, 12, 31), english=True, force=force or "before", suffixable=False)
    rel, unit = word.split(" ", 1)
    if unit == "week":
        mon = _monday(b) + timedelta(days=7 if rel == "next" else -7 if rel == "last" else 0)
        return _span(mon, mon + timedelta(days=6), english=True, force=force, suffixable=False)
    if unit == "month":
        shift = 1 if rel == "next" else -1 if rel == "last" else 0
        y, mo = _shift_month(b.year, b.month, shift)
        return _span(date(y, mo, 1), _month_end(y, mo), english=True, force=force, suffixable=False)
    return None


_EN_PERIOD_RX = re.compile(
    rf"(?i)(?<![A-Za-z]){_EN_PREP}(?P<word>eod|cob|eom|eow|eoy|close\s+of\s+business|(?:end|close)\s+of\s+play|"
    r"конц[уае]\s+месяца|конц[уае]\s+недели|"
    r"end\s+of\s+(?:the\s+)?(?:day|week|month|year)|month[\s-]end|year[\s-]end|"
    r"(?:next|this|last)\s+(?:week|month))(?![A-Za-z])"
)


def _h_en_duration(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else _EN_NUMBERS.get(_WS_RX.sub(" ", raw))
    if n is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    business = bool(m.group("biz"))
    prep = (m.group("p1") or "").lower()
    if unit == "day" and business:
        try:
            d = ctx.workdays().add_workdays(b, n)
        except ValueError:
            return None
    elif unit == "day":
        d = b + timedelta(days=n)
    elif unit == "week":
        d = b + timedelta(days=7 * n)
    elif unit == "fortnight":  # British: two weeks
        d = b + timedelta(days=14 * n)
    elif unit == "month":
        d = _add_months(b, n)
    else:
        d = _add_months(b, 12 * n)
    if m.group("ago"):
        return None if prep else _day(b - (d - b), kind="past", suffixable=False)
    if prep == "within":
        return _Anchor(b, d, kind="deadline", english=True, suffixable=False)
    if not prep and not m.group("later"):
        return None  # "3 days" alone is a length
    return _day(d, english=True, suffixable=False)


_EN_DURATION_RX = re.compile(
    rf"(?i)(?<![A-Za-z])(?:(?P<p1>in|within|after)\s+)?(?P<n>\d{{1,3}}|{_EN_NUM})\s+"
    r"(?P<biz>business\s+|working\s+)?(?P<unit>days?|weeks?|fortnights?|months?|years?)"
    r"(?:\s+(?P<later>later|from\s+now)|\s+(?P<ago>ago))?(?![A-Za-z])"
)


def _h_en_date(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    b = ctx.base
    month_word = m.group("mon1") or m.group("mon2")
    if month_word and month_word.lower() in ("may", "mar", "march") and not m.group("prep") \
            and not month_word[0].isupper():
        return None  # "may 5", "march 3 km": the verbs, unless written as a month
    if m.group("d4"):  # "by the 16th": the next 16th (or, with a past cue, the last one)
        dd = int(m.group("d4"))
        cands = [d for d in (_valid(*_shift_month(b.year, b.month, k), dd) for k in (-1, 0, 1, 2)) if d]
        d = _pick_next_or_recent(cands, b, ctx.past_cue(m.start(), m.end()))
        return None if d is None else _day(d, english=True, force=_en_relation(m.group("prep")),
                                           suffixable=False)
    if m.group("mon1"):
        mo, dd = _EN_MONTHS[m.group("mon1").lower()], int(m.group("d1"))
    elif m.group("mon2"):
        mo, dd = _EN_MONTHS[m.group("mon2").lower()], int(m.group("d2"))
    else:
        mo, dd = int(m.group("m3")), int(m.group("d3"))
        if mo > 12 and 1 <= dd <= 12:
            mo, dd = dd, mo  # 23/12: day first, as British and Singapore English write it
        elif not m.group("prep"):
            return None  # a bare 12/5 is as likely a fraction or a score
        if not 1 <= mo <= 12:
            return None
    year_s = m.group("y")
    if year_s:
        d = _valid(int(year_s), mo, dd)
        span = None if d is None else (d, d)
    else:
        def make(y: int) -> tuple[date, date] | None:
            d = _valid(y, mo, dd)
            return None if d is None else (d, d)
        span = _pick_year_nearest(make, b, ctx.past_cue(m.start(), m.end()))
    if span is None:
        return None
    return _day(span[0], english=True, force=_en_relation(m.group("prep")), suffixable=False)


_EN_DATE_RX = re.compile(
    rf"(?i)(?<![A-Za-z0-9]){_EN_PREP}(?:"
    rf"(?P<mon1>{_EN_MON})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?![0-9])"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_EN_MON})(?![A-Za-z])"
    r"|(?P<m3>[0-3]?\d)/(?P<d3>[0-3]?\d)(?![0-9/])"
    # (not "the 2nd floor": a noun after it; "on the 31st when it lands": a clause after it)
    r"|(?<=\s)the\s+(?P<d4>[0-3]?\d)(?:st|nd|rd|th)(?![A-Za-z0-9])"
    r"(?!\s+(?:of\s+)?(?!(?:when|once|if|and|or|as|so|at|before|after|because|then|too|morning|afternoon|evening"
    r"|night)\b)[A-Za-z])"
    r")(?:,?\s+(?P<y>(?:19|20)\d\d)(?![0-9]))?"
)


def _h_en_clock(m: re.Match, ctx: _Ctx) -> _Anchor | None:
    h = int(m.group("eh"))
    mi = int(m.group("em") or 0)
    if not 1 <= h <= 12:
        return None
    if m.group("ampm").lower().startswith("p") and h < 12:
        h += 12
    elif m.group("ampm").lower().startswith("a") and h == 12:
        h = 0
    return _day(ctx.base, time=time(h, mi), english=True, tailable=False, suffixable=False,
                force=_en_relation(m.group("prep")), within_ok=False)


_EN_CLOCK_RX = re.compile(rf"(?i)(?<![A-Za-z0-9:]){_EN_PREP}(?:at\s+)?{_EN_CLOCK}")


# --------------------------------------------------------------------------------------------
# Putting a core, its tail and its suffix together

_CORES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_RELATIVE_DAY_RX, _h_relative_day),
    (_TWO_DAYS_RX, _h_two_days),
    (_WEEKDAY_RX, _h_weekday),
    (_WEEK_RX, _h_week),
    (_MONTH_RX, _h_month),
    (_BARE_MONTH_PART_RX, _h_bare_month_part),
    (_ISO_DATE_RX, _h_iso_date),
    (_MD_RX, _h_md),
    (_T_PLUS_RX, _h_t_plus),
    (_BARE_DAY_RX, _h_bare_day),
    (_FESTIVAL_RX, _h_festival),
    (_LUNAR_RX, _h_lunar),
    (_HOLIDAY_REF_RX, _h_holiday_ref),
    (_EN_HOLIDAY_RX, _h_en_holiday),
    (_YEAR_PART_RX, _h_year_part),
    (_YEAR_RX, _h_year_any),
    (_DUR_RX, _h_duration),
    (_NEXT_WORKDAY_RX, _h_next_workday),
    (_TOD_RX, _h_tod),
    (_CLOCK_RX, _h_clock),
    (_EN_DAY_RX, _h_en_day),
    (_EN_WEEKDAY_RX, _h_en_weekday),
    (_EN_PERIOD_RX, _h_en_period),
    (_EN_DURATION_RX, _h_en_duration),
    (_EN_DATE_RX, _h_en_date),
    (_EN_CLOCK_RX, _h_en_clock),
)

# The English patterns cannot match a text without a Latin letter (12/5 is the one exception:
# _EN_DATE_RX also reads a slash date).
_NEEDS_LATIN = frozenset({_EN_DAY_RX, _EN_WEEKDAY_RX, _EN_PERIOD_RX, _EN_DURATION_RX, _EN_DATE_RX,
                          _EN_CLOCK_RX, _EN_HOLIDAY_RX})
_LATIN_RX = re.compile(r"(?i)[a-zа-яё]")  # (?i): also the letters that fold to a-z (K, ſ); Cyrillic too

# A cheap pre-check: texts without any of these characters/words have no time expression.
_QUICK_RX = re.compile(
    r"[今明后昨前天日号周星期礼拜月年旬初底末节除夕元宵清明五一端午中秋国庆十双圣诞情人七过这上下本午晚早夜点时工:：./\-]"
    r"|(?i:[a-zа-яё])"  # English, Spanish and Russian day words
)


def _finish(start: int, end: int, a: _Anchor, ctx: _Ctx) -> TimeExpr | None:
    text, base = ctx.text, ctx.base
    if _RECURRING_RX.search(text, max(0, start - 5), start):
        return None  # 每天早上8点半, 每周五下午: a routine, not a date
    pos = a.end if a.end is not None else end
    tod = a.tod
    clock: time | None = a.time
    if a.tailable and not a.english:
        mt = _TAIL_TOD_RX.match(text, pos)
        if mt is not None and not (mt.group("tod") in ("下班", "收工", "上班", "午饭")
                                   and not _SUFFIX_RX.match(text, mt.end())):
            tod = mt.group("tod")
            pos = mt.end()
        mc = _TAIL_CLOCK_RX.match(text, pos)
        if mc is not None:
            parsed = _parse_clock(mc)
            if parsed is not None:
                t, cend, explicit = parsed
                # after a day, `N点` is a clock unless the words go on like a count
                # (今天一点进展都没有, 明天两点意见)
                if explicit or tod is not None or not _CLOCK_NOT_AFTER_RX.match(text, cend):
                    clock = _adjust_hour(t, tod)
                    pos = cend
    elif a.tailable and a.english:
        me = _EN_TAIL_CLOCK_RX.match(text, pos)
        if me is not None:
            h, mi = int(me.group("eh")), int(me.group("em") or 0)
            if 1 <= h <= 12:
                if me.group("ampm").lower().startswith("p") and h < 12:
                    h += 12
                elif me.group("ampm").lower().startswith("a") and h == 12:
                    h = 0
                clock = time(h, mi)
                pos = me.end()
    elif clock is not None and tod is not None:
        clock = _adjust_hour(clock, tod)

    relation = a.force
    if a.suffixable:
        ms = _SUFFIX_RX.match(text, pos)
        if ms is not None:
            rel = ms.lastgroup
            if rel == "during" and a.period is None:
                rel = None
            elif rel == "within" and not a.within_ok:
                rel = None
            if rel is not None:
                relation = None if rel == "approx" else rel
                pos = ms.end()
            if rel == "during" and a.period is not None:
                # 国庆长假前 / 春节假期后: before the break starts, after it ends
                ms2 = _SUFFIX_RX.match(text, pos)
                if ms2 is not None and ms2.lastgroup in ("before", "after", "since"):
                    relation = ms2.lastgroup
                    a = replace(a, first=a.period[0], last=a.period[1], before=a.period[0],
                                after=a.period[1] + timedelta(days=1))
                    pos = ms2.end()

    if relation is None and not a.english and a.kind in ("point", "range"):
        # 最晚周五 / 截止12月10日 / 不晚于月底: a deadline written as a prefix
        mp = _DEADLINE_PREFIX_RX.search(text, max(0, start - 10), start)
        if mp is not None:
            relation, start = "before", mp.start()

    kind, first, last = a.kind, a.first, a.last
    if relation == "before":
        last = a.before if a.before is not None else a.first
        kind, first = "deadline", min(base, last)
    elif relation == "after":
        if a.after is not None:
            first = a.after
        elif a.first != a.last:
            first = a.last + timedelta(days=1)
        kind, last = "after", first
    elif relation == "since":  # 下月起 / 12月1日起: from the first day of X on
        kind, last = "after", first
    elif relation == "within":
        kind, first = "deadline", min(base, a.last)
    elif relation == "during" and a.period is not None:
        kind, (first, last) = "range", a.period

    due = last if kind in ("deadline", "range") else first
    if due < base:
        kind = "past"
        first = min(first, last)
    if first > last:
        first = last
    if pos <= start:
        return None
    return TimeExpr(text[start:pos], start, pos, kind, first, last, clock)


def _select(cands: list[TimeExpr], length: int) -> list[TimeExpr]:
    """Longest match wins; then left to right; no overlaps."""
    chosen: list[TimeExpr] = []
    taken = bytearray(length)
    for c in sorted(cands, key=lambda e: (-(e.end - e.start), e.start)):
        if not any(taken[c.start:c.end]):
            chosen.append(c)
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    chosen.sort(key=lambda e: e.start)
    return chosen


_RANGE_JOIN_RX = re.compile(r"[ \t]*(?:到|至|~|～|-|—|–|－)[ \t]*")


def _merge_ranges(exprs: list[TimeExpr], ctx: _Ctx, depth: int) -> list[TimeExpr]:
    """`周一到周三`, `12月28日至1月3日`: one range, due at its end."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        # the first end may lie in the past (12月28日到1月3日 written on Dec 30)
        if i + 1 < len(exprs) and a.kind in ("point", "range", "past"):
            b = exprs[i + 1]
            gap = ctx.text[a.end:b.start]
            joined = bool(gap) and _RANGE_JOIN_RX.fullmatch(gap) is not None
            if joined and b.kind in ("point", "range", "deadline", "past"):
                if b.last < a.first and depth == 0:
                    # the second end counts from the first: 周一到周五 said on a Thursday
                    again = _find(b.text, a.first, ctx._calendar, depth + 1)
                    if len(again) == 1 and again[0].text == b.text:
                        b = replace(again[0], start=b.start, end=b.end)
                if b.kind != "past" and b.last >= a.first and (b.last - a.first).days <= 400:
                    kind = "deadline" if b.kind == "deadline" else "range"
                    if b.last < ctx.base:
                        kind = "past"
                    out.append(TimeExpr(ctx.text[a.start:b.end], a.start, b.end, kind,
                                        a.first, b.last, a.time))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


# A Chinese pattern matches only a text holding one of these characters (its unit, its day
# word, its digits): a line without them is not scanned for it. A quarter of a cold build's
# extraction went into running every pattern over every line.
_TRIGGERS: dict[re.Pattern[str], frozenset[str]] = {
    _RELATIVE_DAY_RX: frozenset("前后今明昨夜转"),
    _TWO_DAYS_RX: frozenset("天"),
    _WEEKDAY_RX: frozenset("周期拜"),
    _WEEK_RX: frozenset("周期拜"),
    _MONTH_RX: frozenset("月"),
    _BARE_MONTH_PART_RX: frozenset("月旬"),
    _ISO_DATE_RX: frozenset("12"),
    _MD_RX: frozenset("./-．"),
    _T_PLUS_RX: frozenset("+"),
    _BARE_DAY_RX: frozenset("号日"),
    _FESTIVAL_RX: frozenset("春过农大除年元清五劳端中国十情双平圣七"),
    _LUNAR_RX: frozenset("正冬腊小初廿二三十"),
    _YEAR_PART_RX: frozenset("年"),
    _YEAR_RX: frozenset("年"),
    _DUR_RX: frozenset("工天日周期拜月年时头"),
    _NEXT_WORKDAY_RX: frozenset("工"),
    _TOD_RX: frozenset(_TOD_WORDS.replace("|", "") + "早晚"),
    _CLOCK_RX: frozenset("点时:："),
}


def _find(text: str, base: date, calendar: WorkdayCalendar | None, depth: int) -> list[TimeExpr]:
    ctx = _Ctx(text, base, calendar)
    cands: list[TimeExpr] = []
    latin = _LATIN_RX.search(text) is not None
    slash = "/" in text
    chars = set(text)
    for rx, handler in _CORES:
        if not latin and rx in _NEEDS_LATIN and not (slash and rx is _EN_DATE_RX):
            continue  # most Chinese lines: half the patterns cannot match, skip their scan
        trigger = _TRIGGERS.get(rx)
        if trigger is not None and chars.isdisjoint(trigger):
            continue
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            try:
                anchor = handler(m, ctx)
                if anchor is None:
                    continue
                expr = _finish(m.start(), m.end(), anchor, ctx)
            except (ValueError, OverflowError):
                continue  # a date out of range (year 1 or 9999 bases): not resolvable
            if expr is not None:
                cands.append(expr)
    return _merge_ranges(_select(cands, len(text)), ctx, depth)


def weekday_index(word: str) -> int | None:
    """周三, 星期天, 礼拜六, Wed, Thursday → 0–6 (Monday 0); None for any other word."""
    word = word.strip()
    for prefix in ("星期", "礼拜", "周"):
        if word.startswith(prefix) and len(word) == len(prefix) + 1:
            return _WEEKDAY_CHARS.get(word[-1])
    return _EN_WEEKDAYS.get(word.lower().rstrip("."))


def find_time_expressions(text: str, base: date,
                          calendar: WorkdayCalendar | None = None) -> list[TimeExpr]:
    """All time expressions in `text`, resolved against `base` (the note's date).

    Left to right, non-overlapping; where candidates overlap the longest wins
    (`下下周二之前` over `下周二`). `calendar` counts Chinese working days for `N个工作日`
    (a default `WorkdayCalendar` is made when needed; pass one to see its `fallback_years`).
    """
    if not text or _QUICK_RX.search(text) is None:
        return []
    return _with_references(text, _find(text, base, calendar, 0), base)


# Words that point back at the last time named before them: `马师傅周四TD，记得前一天充电`
# (Wednesday), `下个月初有店庆，到时候我再约他` (early next month). Alone they are vague.
_REFERENCE_RX = re.compile(r"(?P<same>到时候|到时|届时|(?<=[车店约牌货说])(?:那天|当天)|当天"
                           r"|(?i:\b(?:before|until|by) then\b|\bbefore (?:she|he|they) (?:gets?|comes?) (?:here|in)\b"
                           r"|\bbefore (?:the )?(?:delivery|pickup)\b))|(?:的)?(?:(?P<eve>前一天|前一日|前一晚"
                           r"|(?i:\bthe day (?:before|b4)\b(?! yesterday)))|"
                           rf"提前(?P<n>[1-7一二两三四五六七])天(?![前后内])"
                           # 4月20号到期，到期前三天我再打一次: counted back from the event just named
                           r"|(?:(?<=到期)|(?<=交车)|(?<=提车)|(?<=到店)|(?<=签约)|(?<=过户)|(?<=上牌)|(?<=开标))"
                           r"前(?:(?P<n2>[1-9一二两三四五六七八九十])天|(?P<week>一周|一个?星期|一个?礼拜))"
                           # "the Friday before" (Mon 3 Aug): the last such weekday before that day
                           r"|(?i:\bthe (?P<wd>mon|tues|wednes|thurs|fri|satur|sun)day before\b))")


_TOD_ONLY = re.compile(rf"(?:{_TOD})|\d{{1,2}}(?:[:：]\d\d)?\s*(?:[ap]m)?", re.IGNORECASE)  # 下午, 5:30


def points_back(text: str) -> str | None:
    """Does `text` hold a word that points at the day named before it? "same" for that day
    (到时候, 交车那天, before then), "earlier" for a day counted back from it (前一天, 提前两天)."""
    m = _REFERENCE_RX.search(text)
    if m is None:
        return None
    return "same" if m.group("same") else "earlier"


def _with_references(text: str, found: list[TimeExpr], base: date) -> list[TimeExpr]:
    if not found or not _REFERENCE_RX.search(text, found[0].end):
        return found
    out = list(found)
    for m in _REFERENCE_RX.finditer(text, found[0].end):
        if any(e.start <= m.start() < e.end for e in found):
            continue
        # (a bare 下午 after 2月10号 names no day of its own)
        earlier = [e for e in found if e.end <= m.start() and not (_TOD_ONLY.fullmatch(e.text) and e.due == base)]
        if not earlier or earlier[-1].kind == "past":
            continue
        e = earlier[-1]
        if m.group("same") and m.group("same").endswith("天") and e.kind == "range":
            continue  # 8 月到今天 7 台…交车那天: "that day" names a day, not a span
        if m.group("same"):
            out.append(TimeExpr(m.group(), m.start(), m.end(), e.kind, e.first, e.last, e.time))
            continue
        if e.kind not in ("point", "deadline"):
            continue  # the day before "next month"
        if m.group("wd"):
            wanted = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun").index(m.group("wd").lower())
            day = e.due - timedelta(days=(e.due.weekday() - wanted) % 7 or 7)
        else:
            back = 1 if m.group("eve") else 7 if m.group("week") else _num(m.group("n") or m.group("n2"))
            day = e.due - timedelta(days=back)
        out.append(TimeExpr(m.group(), m.start(), m.end(), "past" if day < base else "point", day, day, None))
    out.sort(key=lambda e: e.start)
    return out


def resolve_due(text: str, base: date, calendar: WorkdayCalendar | None = None) -> TimeExpr | None:
    """The expression that gives a to-do in `text` its due date, or None.

    The first expression that is not ``past`` (`昨天答应他今天发` -> 今天); None when the text
    has no expression or only vague ones (改天, 回头).
    """
    for expr in find_time_expressions(text, base, calendar):
        if expr.kind != "past":
            return expr
    return None
