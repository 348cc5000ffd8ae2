"""What a heading says about the lines under it: a plan, a mistake list, a reflection…"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import lru_cache


class SectionKind(str, Enum):
    PLAN = "plan"
    MISTAKE = "mistake"
    REFLECTION = "reflection"
    OTHER = "other"


_KINDS: tuple[tuple[SectionKind, re.Pattern], ...] = (
    (SectionKind.MISTAKE, re.compile(
        r"失误|错误|问题与|踩坑|不足|教训|犯错|自己的错|我的错|"
        r"mistake|error|lesson|what went wrong|cock-?ups?|own goals?|"
        r"not my finest|slip-?ups?|screw-?ups?|my bad|"
        # how people say "I slipped" in a heading: 掉链子, 整岔劈 (东北), 崴泥 (天津), 出包 (台湾),
        # 做孬 (潮汕), 搞砸了的, 咋弄错了, La regué, oops
        r"掉链子|岔劈|崴泥|栽(?:了|的|跟头)|出包|做孬|搞砸|弄砸|办砸|弄错|搞错|整错|出错|差错|疏忽|翻车|失手|拉胯|做错|做錯|"
        r"\bla regu[ée]\b|\boops\b|dropped the ball|fuck-?ups?|mess-?ups?", re.I)),
    (SectionKind.REFLECTION, re.compile(
        r"反思|反省|检讨|复盘|心得|感悟|体会|思考|自省|自查|reflection|review|retro|learn", re.I)),
    (SectionKind.PLAN, re.compile(
        r"计划|待办|待跟进|要做|要弄|要办|要干|要搞|要处理|安排|承诺|下一步|todo|to-do|to do|plan|next|tomorrow"
        r"|明日|明天|明儿|跟进事项|备忘|\btmrw?\b|mañana|pendientes|завтра|план"
        # `这礼拜：` over a list: what is to be done this week (not ## 本周回顾, a review)
        r"|^(?:这|本)个?(?:周|礼拜|星期)(?:内|里)?[:：]$", re.I)),
)
# 明日计划 / Plan for tomorrow: undated items are due the next day.
_TOMORROW = re.compile(r"明日|明天|明儿|tomorrow|\btmrw?\b|mañana|завтра", re.I)
_THIS_WEEK = re.compile(r"本周|这周|(?:这|本)个?(?:礼拜|星期)|this week", re.I)


@lru_cache(maxsize=4096)
def section_kind(section_path: tuple[str, ...]) -> SectionKind:
    """The kind of the nearest heading that has one (a customer sub-heading under 明日计划 is
    still part of the plan)."""
    for heading in reversed(section_path):
        heading = _as_section(heading)
        for kind, pattern in _KINDS:
            if pattern.search(heading):
                return kind
    return SectionKind.OTHER


def heading_time(section_path: tuple[str, ...], note_date: dt.date | None, calendar=None) -> dt.date | None:
    """The day the nearest heading names when it is a time ahead of the note and nothing else
    (`端午后第一天：`, `周五要做`, `下周一` over a list: what to do then). A past one is a diary's
    section for that day (a weekly file's `## 周三`); a dated title (`10月9日 周五`) is neither."""
    if not section_path or note_date is None:
        return None
    return _heading_day(section_path[-1], note_date, calendar)


@lru_cache(maxsize=4096)
def _heading_day(heading: str, note_date: dt.date, calendar) -> dt.date | None:
    words = _TIME_HEADING_TAIL.sub("", _TIME_HEADING_HEAD.sub("", _ASIDE.sub("", heading).strip()))
    if not words or _DATED_TITLE.match(words):
        return None
    from ..text.dates import find_time_expressions

    words = _EN_WEEKDAYS.get(words.lower().rstrip("."), words)  # Mon: → Monday
    found = find_time_expressions(words, note_date, calendar)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(words) or found[0].kind == "past":
        return None
    if _BARE_WEEKDAY.match(words) and (not heading.rstrip().endswith((":", "："))
                                       or found[0].first.isocalendar()[:2] == note_date.isocalendar()[:2]):
        # a weekly file's `## 周三` is a day of its week, not a plan; a label `周一：` on a
        # Saturday names a day of a week no diary has reached yet: the plan for it
        return None
    # 本周 over a week's report is now, not ahead; 端午前 / 节前要做的 over a list: due by then
    if found[0].kind == "deadline":
        # (放假前要弄的 on the last working day before it: today's list)
        return found[0].due if found[0].due >= note_date else None
    return found[0].due if found[0].first > note_date else None


# `## 周一`, `## 周四 4/23`, `## Wed 22/4`: a weekday heading, perhaps with its date
_DAY_SECTION = re.compile(r"^\s*([^\s（(]+?)\s*(?:[（(]?\d{1,2}\s*[/.月-]\s*\d{1,2}[日号]?[）)]?)?\s*$")


def _day_section(heading: str) -> int | None:
    from ..text.dates import weekday_index

    m = _DAY_SECTION.match(heading)
    return None if m is None else weekday_index(m.group(1))


def written_days(note) -> dict[int, dt.date]:
    """A file of many days — a weekly file (`## 周一` … `## 周五`) or a month's log
    (`## 5月2日（周六 值班）` …), a day's notes under each: line → the day it was written,
    which its time words count from (明天 under `## 周四` is Friday, not the day after the
    file's date). Empty for any other note."""
    from ..model import BlockKind

    if note.date is None:
        return {}
    headings = [line.text for line in note.lines if line.kind is BlockKind.HEADING]
    # (three days at least: `Fri:` and `Sat:` over a daily note's lists are the plan for them)
    if len({d for d in (_dated_section(h, note.date) for h in headings) if d is not None}) >= 3:
        def day_of(heading: str) -> dt.date | None:
            return _dated_section(heading, note.date)
    elif sum(1 for h in headings if _day_section(h) is not None) >= 3:
        monday = note.date - dt.timedelta(days=note.date.weekday())

        def day_of(heading: str) -> dt.date | None:
            index = _day_section(heading)
            return None if index is None else monday + dt.timedelta(days=index)
    else:
        return {}
    out: dict[int, dt.date] = {}
    last: dt.date | None = None  # (## 下周 after ## 周六 was written on the Saturday)
    for line in note.lines:
        day = next((d for d in map(day_of, reversed(line.section_path)) if d is not None), None)
        if day is not None:
            last = day
        if last is not None:
            out[line.line] = last
    return out


# `## 5月2日（周六 值班）`, `## 2026-05-06 周三`, `## 5.8`: a heading that is a day's date and
# nothing more (a plan noun after it, `## 5月9日计划`, makes it the plan for that day instead)
_DATED_SECTION = re.compile(r"^\s*(?:(?P<y>\d{4})\s*[-年./]\s*)?(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*[日号]?"
                            r"\s*(?:[（(][^）)]*[）)]|(?:周|星期|礼拜)[一二三四五六日天])?\s*$")


def _dated_section(heading: str, note_date: dt.date) -> dt.date | None:
    m = _DATED_SECTION.match(heading)
    if m is None:
        return None
    year = int(m.group("y") or note_date.year)
    day = _make_day(year, int(m.group("m")), int(m.group("d")))
    if day is not None and not m.group("y") and (day - note_date).days < -200:
        day = _make_day(year + 1, day.month, day.day)  # a December file's `## 1月2日`
    return day


def _make_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _as_section(heading: str) -> str:
    """The words of a heading that name a section. A note's dated title says how the day went
    (`9月24日 周四（明天开始放中秋）`, `10月9日 周五 明天调休上班`): only a plan noun after
    its date makes it a section (`11月27日计划`)."""
    heading = _ASIDE.sub("", heading)
    if _DATED_TITLE.match(heading) and not _PLAN_NOUN.search(heading):
        return ""
    return heading


_ASIDE = re.compile(r"[（(][^）)]*[）)]")
_DATED_TITLE = re.compile(r"^\s*(?:\d{4}\s*[-年./]\s*)?\d{1,2}\s*[月/.\-]\s*\d{1,2}")
_PLAN_NOUN = re.compile(r"计划|待办|安排|要做|todo|to-do|plan", re.I)
_BARE_WEEKDAY = re.compile(r"^(?:周|星期|礼拜)[一二三四五六日天]$")
_EN_WEEKDAYS = {abbr: day for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
                for abbr in (day[:3].lower(), day[:4].lower(), day.lower())}
# `To do by end of the month:`, `待办（月底前）`: the plan word before the time the heading names
_TIME_HEADING_HEAD = re.compile(r"^(?:to[ -]?do|things to do|plan|待办|要做的?)\s*(?=by\b|before\b|\S)", re.I)
_TIME_HEADING_TAIL = re.compile(r"(?:第一天|头一天|第一个工作日)?(?:回来)?(?:(?:要|得)[做办整弄干跑跟][的了]?|的安排|安排|待办|的事"
                                r"|\s*(?:todo|to-do|to do))?\s*[:：]?$", re.IGNORECASE)


def plan_default_offset(section_path: tuple[str, ...]) -> str | None:
    """'tomorrow' or 'week' when a plan heading implies a due date for undated items."""
    for heading in reversed(section_path):
        heading = _as_section(heading)
        if _KINDS[2][1].search(heading):
            if _TOMORROW.search(heading):
                return "tomorrow"
            if _THIS_WEEK.search(heading):
                return "week"
            return None
    return None


_INLINE_LABEL = re.compile(r"^\s*([^：:，,。.!！?？]{1,12}?)\s*[:：]\s*(.*)$")


_MISTAKE_MARK = re.compile(r"^\s*(?:❌|✖️?|✗)\uFE0F?\s*(?=\S)")


# 明天的事，上午去…；今天的问题，…: a dictated paragraph opened by the day's topic and a comma
# (or a space, when the phone's dictation put no comma: 明天的事 上午去车管所…)
_SPOKEN_LABEL = re.compile(r"^\s*((?:明天|明日|明儿)的(?:事儿?|事情|安排|计划)|(?:今天|今日)的(?P<slip>问题|失误))(?:[，,]|\s)\s*(.*)$")


def inline_label(text: str) -> tuple[SectionKind | None, str | None, str]:
    """`失误：报价算错了`, `明天要做的：给老郑发配置表`, `明天的事，…`: a label at the start of a line
    works like a heading for that line. Returns (kind, label, rest) — kind None when there is no
    label."""
    marker = _MISTAKE_MARK.match(text)
    if marker:  # ❌ 报价单少写了一个零: a line marked as a slip, as 失误： would
        return SectionKind.MISTAKE, "❌", text[marker.end():]
    spoken = _SPOKEN_LABEL.match(text)
    if spoken:
        kind = SectionKind.MISTAKE if spoken.group("slip") else SectionKind.PLAN
        return kind, spoken.group(1), spoken.group(3)
    match = _INLINE_LABEL.match(text)
    if not match:
        return None, None, text
    label = match.group(1)
    kind = section_kind((label,))
    if kind is SectionKind.OTHER:
        return None, None, text
    return kind, label, match.group(2)
