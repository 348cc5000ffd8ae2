"""Tests for the time-expression resolver (notes2insight.text.dates) and WorkdayCalendar.

Each readable case is (note date, sentence, expected expression text, kind, due[, clock]).
The shared zh_cases.json set is scored as its own `scoring` key says, when the file is there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes2insight.text.dates import TimeExpr, find_time_expressions, resolve_due
from notes2insight.text.workdays import WorkdayCalendar

D = date.fromisoformat

THU = "2026-11-26"  # the shared data set's base date, a Thursday
YEAR_END = "2026-12-30"  # Wednesday, two days before 元旦
SUN_MONTH_END = "2027-01-31"  # a Sunday, last of a 31-day month, a year chinese_calendar lacks
TIAOXIU_SAT = "2026-02-14"  # Saturday worked in lieu (调休), eve of the Spring Festival break
BEFORE_NATIONAL_DAY = "2026-09-30"
LEAP = "2028-02-28"  # Monday of a leap February
LABOUR_DAY = "2026-05-01"  # Friday, first day of the 五一 break
HALF_YEAR = "2026-06-30"
MARCH_END = "2026-03-31"
SUNDAY = "2026-08-16"


# (base, sentence, expression, kind, due, clock "HH:MM" or None)
CASES: list[tuple[str, str, str, str, str, str | None]] = [
    # --- year end, roll-over into next year
    (YEAR_END, "明天下午去车管所给刘姐的车上牌", "明天下午", "point", "2026-12-31", None),
    (YEAR_END, "元旦后再给孙总打电话约试驾", "元旦后", "after", "2027-01-02", None),
    (YEAR_END, "1月5日之前把年度返利资料交给厂家", "1月5日之前", "deadline", "2027-01-05", None),
    (YEAR_END, "下周二回访购车满意度", "下周二", "point", "2027-01-05", None),
    (YEAR_END, "年底前还差两台完成任务", "年底前", "deadline", "2026-12-31", None),
    (YEAR_END, "下个月初厂家有新的金融政策", "下个月初", "range", "2027-01-10", None),
    (YEAR_END, "周末带客户去试驾新款", "周末", "range", "2027-01-03", None),
    (YEAR_END, "春节前一定要把车交了", "春节前", "deadline", "2027-02-06", None),
    (YEAR_END, "12月28日客户已经交了定金", "12月28日", "past", "2026-12-28", None),
    (YEAR_END, "3号上午客户来提车", "3号上午", "point", "2027-01-03", None),
    (YEAR_END, "12月28日到1月3日店里搞年终促销", "12月28日到1月3日", "range", "2027-01-03", None),
    (YEAR_END, "明年3月客户再考虑换车", "明年3月", "range", "2027-03-31", None),
    # --- Sunday, month end, leap-less February
    (SUN_MONTH_END, "月底前把按揭材料交给银行", "月底前", "deadline", "2027-01-31", None),
    (SUN_MONTH_END, "下个月底之前完成季度考核", "下个月底之前", "deadline", "2027-02-28", None),
    (SUN_MONTH_END, "一个月后做首保提醒", "一个月后", "point", "2027-02-28", None),
    (SUN_MONTH_END, "周一早上九点开晨会", "周一早上九点", "point", "2027-02-01", "09:00"),
    (SUN_MONTH_END, "这周末客户来看车", "这周末", "range", "2027-01-31", None),
    (SUN_MONTH_END, "下周末陪客户去验车", "下周末", "range", "2027-02-07", None),
    (SUN_MONTH_END, "除夕之前还有一批车到店", "除夕之前", "deadline", "2027-02-05", None),
    (SUN_MONTH_END, "年后再联系吧", "年后", "after", "2027-02-12", None),
    (SUN_MONTH_END, "上周五来的客户今天又来了", "上周五", "past", "2027-01-22", None),
    (SUN_MONTH_END, "周日下午客户来试驾", "周日下午", "point", "2027-01-31", None),
    # --- 调休 Saturday before the Spring Festival holiday
    (TIAOXIU_SAT, "两个工作日内开出发票", "两个工作日内", "deadline", "2026-02-25", None),
    # the 2026 Spring Festival days off are Feb 15–23 (chinese_calendar): back at work on the 24th
    (TIAOXIU_SAT, "过完年再来看车", "过完年", "after", "2026-02-24", None),
    (TIAOXIU_SAT, "除夕前把展车布置好", "除夕前", "deadline", "2026-02-16", None),
    (TIAOXIU_SAT, "情人节店里搞活动", "情人节", "point", "2026-02-14", None),
    (TIAOXIU_SAT, "元宵节后有团购会", "元宵节后", "after", "2026-03-04", None),
    (TIAOXIU_SAT, "下周三之前客户要回复", "下周三之前", "deadline", "2026-02-18", None),
    (TIAOXIU_SAT, "今天上午刚交了一台", "今天上午", "point", "2026-02-14", None),
    # --- National Day
    (BEFORE_NATIONAL_DAY, "国庆期间店里有车展", "国庆期间", "range", "2026-10-07", None),
    (BEFORE_NATIONAL_DAY, "十一后再联系王总", "十一后", "after", "2026-10-08", None),
    (BEFORE_NATIONAL_DAY, "3个工作日内完成交付", "3个工作日内", "deadline", "2026-10-10", None),
    (BEFORE_NATIONAL_DAY, "中秋节客户来过一次", "中秋节", "past", "2026-09-25", None),
    (BEFORE_NATIONAL_DAY, "下个月10号前客户补齐资料", "下个月10号前", "deadline", "2026-10-10", None),
    (BEFORE_NATIONAL_DAY, "十月中旬新车到店", "十月中旬", "range", "2026-10-20", None),
    (BEFORE_NATIONAL_DAY, "明晚七点请吴总吃饭", "明晚七点", "point", "2026-10-01", "19:00"),
    # 2025's National Day and Mid-Autumn days off ran together, Oct 1–8
    (BEFORE_NATIONAL_DAY, "国庆后客户来过两次", "国庆后", "past", "2025-10-09", None),
    ("2026-11-26", "下礼拜一下午我一准给他打电话", "下礼拜一下午", "point", "2026-11-30", None),
    ("2026-04-03", "节后第一天早会", "节后", "after", "2026-04-07", None),  # 清明 off Apr 4–6
    ("2026-04-28", "sit with her for an hour before the holiday", "before the holiday", "deadline",
     "2026-04-30", None),  # 劳动节 off May 1–5
    ("2026-04-14", "交车 | 4/18 上午", "4/18 上午", "point", "2026-04-18", None),
    ("2026-06-16", "端午后第一个工作日打电话", "端午后", "after", "2026-06-22", None),
    # --- leap year
    (LEAP, "明天交车", "明天", "point", "2028-02-29", None),
    (LEAP, "月底前把车交了", "月底前", "deadline", "2028-02-29", None),
    (LEAP, "2月29日上午交车仪式", "2月29日上午", "point", "2028-02-29", None),
    (LEAP, "一年后提醒客户续保", "一年后", "point", "2029-02-28", None),
    (LEAP, "3天内答复客户", "3天内", "deadline", "2028-03-02", None),
    (LEAP, "下个月1号提车", "下个月1号", "point", "2028-03-01", None),
    (LEAP, "春节前交车", "春节前", "deadline", "2029-02-13", None),
    ("2026-02-13", "我答应他元宵节前肯定交", "元宵节前", "deadline", "2026-03-02", None),
    # --- Labour Day holiday
    (LABOUR_DAY, "五一期间客流量大", "五一期间", "range", "2026-05-05", None),
    (LABOUR_DAY, "五一后再联系", "五一后", "after", "2026-05-06", None),
    (LABOUR_DAY, "端午前交车", "端午前", "deadline", "2026-06-18", None),  # off Jun 19–21
    (LABOUR_DAY, "两个工作日内回复客户", "两个工作日内", "deadline", "2026-05-07", None),
    (LABOUR_DAY, "今晚九点前把报价发给客户", "今晚九点前", "deadline", "2026-05-01", "21:00"),
    # --- half-year end
    (HALF_YEAR, "7月5日前交车", "7月5日前", "deadline", "2026-07-05", None),
    (HALF_YEAR, "月初客户会来提车", "月初", "range", "2026-07-10", None),
    (HALF_YEAR, "下旬有个车展", "下旬", "range", "2026-06-30", None),
    (HALF_YEAR, "6月20日客户来过", "6月20日", "past", "2026-06-20", None),
    (HALF_YEAR, "半个月内完成交车前检查", "半个月内", "deadline", "2026-07-15", None),
    # --- March 31 (next month has 30 days)
    (MARCH_END, "一个月后回访", "一个月后", "point", "2026-04-30", None),
    (MARCH_END, "4月1日前交资料", "4月1日前", "deadline", "2026-04-01", None),
    (MARCH_END, "清明前把车交了", "清明前", "deadline", "2026-04-03", None),  # days off Apr 4–6
    (MARCH_END, "下周五下午三点交车", "下周五下午三点", "point", "2026-04-10", "15:00"),
    # --- a Sunday note
    (SUNDAY, "周日下午客户来试驾", "周日下午", "point", "2026-08-16", None),
    (SUNDAY, "这周内把资料交齐", "这周内", "deadline", "2026-08-16", None),
    (SUNDAY, "下周一上午十点前到店", "下周一上午十点前", "deadline", "2026-08-17", "10:00"),
    (SUNDAY, "周六客户已经交了定金", "周六", "past", "2026-08-15", None),
    (SUNDAY, "中秋前给老客户送礼品", "中秋前", "deadline", "2026-09-24", None),  # off Sep 25–27
    (SUNDAY, "9月1日前完成本月任务", "9月1日前", "deadline", "2026-09-01", None),
    # --- the shared base date, other wordings
    (THU, "客户说下下周一来提车", "下下周一", "point", "2026-12-07", None),
    (THU, "客户希望12.20前能提车", "12.20前", "deadline", "2026-12-20", None),
    (THU, "星期五之前给客户回电话", "星期五之前", "deadline", "2026-11-27", None),
    (THU, "十点前到店", "十点前", "deadline", "2026-11-26", "10:00"),
    (THU, "客户三点到店看车", "三点", "point", "2026-11-26", "15:00"),
    (THU, "两点半客户过来看车", "两点半", "point", "2026-11-26", "14:30"),
    (THU, "下午4:30带客户试驾", "下午4:30", "point", "2026-11-26", "16:30"),
    (THU, "一两天内给答复", "一两天内", "deadline", "2026-11-28", None),
    (THU, "过几天再问问", "过几天", "range", "2026-12-01", None),
    (THU, "这几天把展厅收拾一下", "这几天", "range", "2026-11-29", None),
    (THU, "明后天去一趟车管所", "明后天", "range", "2026-11-28", None),
    (THU, "24小时内回复客户投诉", "24小时内", "deadline", "2026-11-27", None),
    (THU, "下个工作日把发票寄出", "下个工作日", "point", "2026-11-27", None),
    (THU, "年前一定要提车", "年前", "deadline", "2027-02-05", None),
    (THU, "11月20日客户交了定金", "11月20日", "past", "2026-11-20", None),
    (THU, "8月1日买的车，现在要做首保", "8月1日", "past", "2026-08-01", None),
    (THU, "3月15日前交车", "3月15日前", "deadline", "2027-03-15", None),
    (THU, "本周内把合同签了", "本周内", "deadline", "2026-11-29", None),
    (THU, "下周内给答复", "下周内", "deadline", "2026-12-06", None),
    (THU, "下周再约", "下周", "range", "2026-12-06", None),
    (THU, "下个月提车", "下个月", "range", "2026-12-31", None),
    (THU, "双十一活动时客户来过", "双十一", "past", "2026-11-11", None),
    (THU, "25号客户交了定金", "25号", "past", "2026-11-25", None),
    (THU, "周一来了个客户看汉兰达", "周一", "past", "2026-11-23", None),
    (THU, "周五约了客户来看车", "周五", "point", "2026-11-27", None),
    (THU, "周五车到了通知客户", "周五", "point", "2026-11-27", None),
    (THU, "周四给客户打电话", "周四", "point", "2026-11-26", None),
    (THU, "周一到周三都在外面跑客户", "周一到周三", "range", "2026-12-02", None),
    (THU, "十一点前到店", "十一点前", "deadline", "2026-11-26", "11:00"),
    (THU, "等一下周一再说", "周一", "point", "2026-11-30", None),
    (THU, "我们下周一起去车管所", "下周", "range", "2026-12-06", None),
    (THU, "马上周一了，报表要交", "周一", "point", "2026-11-30", None),
    (THU, "三天前客户来过", "三天前", "past", "2026-11-23", None),
    (THU, "十多天后到车", "十多天后", "point", "2026-12-06", None),
    (THU, "15号左右到车", "15号左右", "point", "2026-12-15", None),
    (THU, "明天中午12点请客户吃饭", "明天中午12点", "point", "2026-11-27", "12:00"),
    (THU, "今天下班之前给刘姐回电话", "今天下班之前", "deadline", "2026-11-26", None),
    (THU, "二手车过户要3个工作日", "3个工作日", "deadline", "2026-12-01", None),
    (THU, "2026-12-05交车", "2026-12-05", "point", "2026-12-05", None),
    (THU, "截止日期：12.20", "截止日期：12.20", "deadline", "2026-12-20", None),
    (THU, "最晚周五给答复", "最晚周五", "deadline", "2026-11-27", None),
    (THU, "不晚于12月10日上牌", "不晚于12月10日", "deadline", "2026-12-10", None),
    (THU, "客户3天前来过，今天又打电话问价格", "3天前", "past", "2026-11-23", None),
    (THU, "厂家通知12月1日起新政策生效", "12月1日起", "after", "2026-12-01", None),
    (THU, "下月起贷款利率上调", "下月起", "after", "2026-12-01", None),
    (THU, "约了周六上午10点来签合同", "周六上午10点", "point", "2026-11-28", "10:00"),
    (THU, "答应张总明天中午前给答复", "明天中午前", "deadline", "2026-11-27", None),
    (THU, "5号上午十点开周会", "5号上午十点", "point", "2026-12-05", "10:00"),
    (THU, "3号到5号去厂家培训", "3号到5号", "range", "2026-12-05", None),
    (THU, "客户说月中发工资了再来交定金", "月中", "range", "2026-12-20", None),
    (THU, "这个月20号之前把资料交齐", "这个月20号之前", "past", "2026-11-20", None),
    (THU, "今天一点进展都没有", "今天", "point", "2026-11-26", None),
    (THU, "国庆长假前客户来过一次", "国庆长假前", "past", "2026-10-01", None),
    (BEFORE_NATIONAL_DAY, "十一长假前把车交了", "十一长假前", "deadline", "2026-10-01", None),
    (BEFORE_NATIONAL_DAY, "春节假期后再说", "春节假期后", "after", "2027-02-12", None),
    (THU, "配置表 T+2 回她", "T+2", "point", "2026-11-28", None),
    (THU, "排班表交给店长 DDL 12/3", "DDL 12/3", "deadline", "2026-12-03", None),
    (THU, "约评估师 @12/7", "12/7", "point", "2026-12-07", None),
    (THU, "交付中心排到 12/18，提前一天对流程", "12/18", "point", "2026-12-18", None),
    (THU, "周建军 12/19 交付", "12/19", "point", "2026-12-19", None),
    # --- English
    (THU, "Send the quote to Mr. Wang by Friday.", "by Friday", "deadline", "2026-11-27", None),
    (THU, "Follow up next Monday at 3pm.", "next Monday at 3pm", "point", "2026-11-30", "15:00"),
    (THU, "Reply within 3 days.", "within 3 days", "deadline", "2026-11-29", None),
    (THU, "Paperwork due Dec 5.", "due Dec 5", "deadline", "2026-12-05", None),
    (THU, "Deliver the car by end of month", "by end of month", "deadline", "2026-11-30", None),
    (THU, "by 12/5 send the invoice", "by 12/5", "deadline", "2026-12-05", None),
    (THU, "Finish the contract by EOD", "by EOD", "deadline", "2026-11-26", None),
    (THU, "call back tomorrow morning", "tomorrow morning", "point", "2026-11-27", None),
    (THU, "test drive in 2 weeks", "in 2 weeks", "point", "2026-12-10", None),
    (THU, "send the brochure tonight 8pm", "tonight 8pm", "point", "2026-11-26", "20:00"),
    (THU, "the day after tomorrow he signs", "the day after tomorrow", "point", "2026-11-28", None),
]


@pytest.mark.parametrize(("base", "sentence", "expr", "kind", "due", "clock"), CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_case(base: str, sentence: str, expr: str, kind: str, due: str, clock: str | None) -> None:
    found = find_time_expressions(sentence, D(base))
    match = [e for e in found if e.text == expr]
    assert match, f"{expr!r} not found in {found}"
    e = match[0]
    assert (e.kind, e.due.isoformat()) == (kind, due), e
    if clock is not None:
        assert e.time is not None and e.time.strftime("%H:%M") == clock, e


NEGATIVES = [
    "五月中期预测交给经理",  # a report's name, not a time
    "客户一点也不着急，说再比较比较。",
    "王总说三台一起买能不能再便宜点。",
    "他提了两点意见：价格偏高，颜色不喜欢。",
    "客户开了十年的老车，想置换。",
    "预算十五六万，看中了白色的那台。",
    "刘姐家里有两个孩子，想要七座车。",
    "这款车百公里油耗六点五升。",
    "客户说他的车跑了八万公里。",
    "预算20万以内，能接受1.2万的优惠。",
    "2年免息，首付3成。",
    "10-12万的车最好卖。",
    "送了3500元的装潢。",
    "改天再约黄先生来店。",
    "以后再说吧。",
    "有空再聊。",
    "回头再联系。",
    "到时候再说。",
    "早一点到店，便宜一点点吧。",
    "这一点很重要，第二点是颜色。",
    "每周一开例会，一周一次回访。",
    "每天早上8点半开晨会，每周五下午大扫除。",
    "5号车已经订出去了，在1号线地铁口。",
    "利率降到3.5，落地价18.98。",
    "月供3000，36期，一共优惠两万。",
    "客户电话13812345678。",
    "He sat down, the sun was out and we may 5 times call.",
    "十周年店庆，周总来店里。",
    "下个月31号交车",  # no April 31st (base is March 31st): no guess
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_no_time_expression(sentence: str) -> None:
    base = D(MARCH_END) if sentence.startswith("下个月31号") else D(THU)
    assert find_time_expressions(sentence, base) == []
    assert resolve_due(sentence, base) is None


def test_resolve_due_skips_past_and_takes_first() -> None:
    s = "昨天答应王建国今天把二手车评估报告发给他，明天再跟进。"
    found = find_time_expressions(s, D(THU))
    assert [(e.text, e.kind) for e in found] == [("昨天", "past"), ("今天", "point"), ("明天", "point")]
    due = resolve_due(s, D(THU))
    assert due is not None and due.text == "今天" and due.due == D(THU)


def test_spans_point_into_text_and_longest_wins() -> None:
    s = "下下周二之前把上牌手续办好，明天上午十点前确认库存。"
    found = find_time_expressions(s, D(THU))
    assert [e.text for e in found] == ["下下周二之前", "明天上午十点前"]
    assert all(s[e.start:e.end] == e.text for e in found)
    assert found[1].time == time(10, 0)


def test_due_property_by_kind() -> None:
    a, b = D("2026-11-28"), D("2026-11-29")
    assert TimeExpr("周末", 0, 2, "range", a, b).due == b
    assert TimeExpr("周五前", 0, 3, "deadline", D(THU), a).due == a
    assert TimeExpr("元旦后", 0, 3, "after", a, a).due == a
    assert TimeExpr("昨天", 0, 2, "past", a, a).due == a
    assert TimeExpr("后天", 0, 2, "point", a, a).due == a


def test_workdays_in_expressions_use_the_given_calendar() -> None:
    # every day is a working day except weekends and a fake holiday on Friday 2026-11-27
    cal = WorkdayCalendar(is_holiday_fn=lambda d: d.weekday() >= 5 or d == D("2026-11-27"))
    e = resolve_due("两个工作日内把发票开出来", D(THU), calendar=cal)
    assert e is not None and e.due == D("2026-12-01")


# --------------------------------------------------------------------------------------------
# WorkdayCalendar

def test_calendar_holidays_and_tiaoxiu() -> None:
    cal = WorkdayCalendar()
    assert cal.is_workday(D("2026-10-10"))  # Saturday worked in lieu
    assert cal.is_workday(D("2026-02-14"))  # Saturday worked in lieu
    assert not cal.is_workday(D("2026-10-01"))  # National Day
    assert not cal.is_workday(D("2026-10-05"))  # Monday inside the break
    assert not cal.is_workday(D("2026-11-28"))  # ordinary Saturday
    assert cal.add_workdays(D("2026-09-30"), 3) == D("2026-10-10")
    assert cal.add_workdays(D(THU), 2) == D("2026-11-30")
    assert cal.add_workdays(D(THU), 0) == D(THU)
    assert cal.add_workdays(D("2026-11-30"), -1) == D("2026-11-27")
    assert cal.fallback_years == set()


def test_calendar_unknown_year_falls_back_to_weekdays() -> None:
    def fake(d: date) -> bool:
        if d.year >= 2031:
            raise NotImplementedError(f"no data for {d.year}")
        return d.weekday() >= 5

    cal = WorkdayCalendar(is_holiday_fn=fake)
    assert cal.is_workday(D("2030-12-31"))
    assert cal.fallback_years == set()
    assert cal.add_workdays(D("2030-12-31"), 1) == D("2031-01-01")  # Wednesday, Mon–Fri rule
    assert not cal.is_workday(D("2031-01-04"))  # Saturday
    assert cal.fallback_years == {2031}


def test_real_calendar_records_unpublished_years() -> None:
    cal = WorkdayCalendar()
    assert cal.is_workday(D("2099-06-01"))  # a Monday
    assert 2099 in cal.fallback_years


def test_calendar_gives_up_on_a_fake_without_workdays() -> None:
    cal = WorkdayCalendar(is_holiday_fn=lambda d: True)
    with pytest.raises(ValueError):
        cal.add_workdays(D(THU), 1)
    assert find_time_expressions("两个工作日内", D(THU), calendar=cal) == []


def test_import_is_cheap() -> None:
    code = ("import sys, notes2insight.text.dates, notes2insight.text.workdays; "
            "print('chinese_calendar' in sys.modules, 'cn2an' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------------------------
# The shared data set (/work/shared/data/zh_cases.json), scored as its `scoring` key says

_SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "zh_cases.json"


def _load_shared() -> dict | None:
    try:
        return json.loads(_SHARED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


_DATA = _load_shared()
_SKIP = pytest.mark.skip(reason=f"{_SHARED} not available")


def _score(case: dict, base: date) -> tuple[bool, str]:
    """One zh_cases.json time case, scored per its `scoring` rules."""
    found = find_time_expressions(case["sentence"], base)
    shown = [(e.text, e.kind, e.first.isoformat(), e.last.isoformat()) for e in found]
    if case["kind"] == "vague":
        return resolve_due(case["sentence"], base) is None, f"expected nothing, got {shown}"
    match = [e for e in found if e.text == case["expr"]]
    if not match:
        return False, f"{case['expr']!r} not in {shown}"
    e = match[0]
    derived = e.last if case["kind"] == "deadline" else e.first
    if "due" in case:
        ok = derived.isoformat() == case["due"]
    else:
        lo, hi = case["window"]
        ok = lo <= derived.isoformat() <= hi
    ok = ok and e.kind == case["kind"]
    if case.get("time"):
        hh, mm = (int(x) for x in case["time"].split(":"))
        ok = ok and e.time is not None and e.time.hour == hh
        if case["kind"] != "deadline":
            ok = ok and e.time is not None and e.time.minute == mm
    also = [a for a in case.get("also", []) if a not in {x.text for x in found}]
    return ok and not also, f"got {shown}"


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=f"zh{c['id']}") for c in _DATA["time_cases"]] if _DATA else
    [pytest.param(None, marks=_SKIP)],
)
def test_shared_time_case(case: dict) -> None:
    ok, detail = _score(case, D(_DATA["base_date"]))
    assert ok, f"case {case['id']} {case['sentence']}: {detail}"


@pytest.mark.parametrize(
    "sentence", _DATA["time_negatives"] if _DATA else [pytest.param(None, marks=_SKIP)]
)
def test_shared_negative(sentence: str) -> None:
    base = D(_DATA["base_date"])
    assert find_time_expressions(sentence, base) == []


@pytest.mark.skipif(_DATA is None, reason=f"{_SHARED} not available")
def test_shared_score_report(capsys: pytest.CaptureFixture[str]) -> None:
    base = D(_DATA["base_date"])
    cases = _DATA["time_cases"]
    passed = sum(_score(c, base)[0] for c in cases)
    negs = _DATA["time_negatives"]
    clean = sum(not find_time_expressions(s, base) for s in negs)
    with capsys.disabled():
        print(f"\nzh_cases.json: {passed}/{len(cases)} time cases, {clean}/{len(negs)} negatives")
    assert (passed, clean) == (len(cases), len(negs))


# --------------------------------------------------------------------------------------------
# Properties

_ALPHABET = st.sampled_from(list(
    "今明后昨前天日号周星期礼拜月年旬初底末中上下本这个两三一二四五六七八九十半几点时分钟刻"
    ":：./-之以内期间到至早晚午凌晨班春节除夕元旦国庆五秋端清双过再近第每已经来了约要客户交车"
    "0123456789 ，。") + ["Friday", "by ", "next ", "Dec ", "in ", " days", "within ", "EOD", "pm"])
_TEXTS = st.one_of(st.text(max_size=40), st.lists(_ALPHABET, max_size=30).map("".join))
_BASES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
_SETTINGS = settings(max_examples=200, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(text=_TEXTS, base=_BASES)
def test_property_spans_are_consistent(text: str, base: date) -> None:
    found = find_time_expressions(text, base)
    prev_end = 0
    for e in found:
        assert text[e.start:e.end] == e.text
        assert e.first <= e.last
        assert e.start >= prev_end and e.end > e.start
        assert e.kind in ("point", "deadline", "range", "after", "past")
        prev_end = e.end


@_SETTINGS
@given(text=_TEXTS, base=st.dates())
def test_property_never_raises_and_due_not_before_base(text: str, base: date) -> None:
    for e in find_time_expressions(text, base):
        if e.kind != "past":
            assert e.due >= base
    due = resolve_due(text, base)
    assert due is None or (due.kind != "past" and due.due >= base)


@_SETTINGS
@given(base=_BASES, sentence=st.sampled_from([c[1] for c in CASES] + NEGATIVES))
def test_property_resolve_due_on_any_base(base: date, sentence: str) -> None:
    due = resolve_due(sentence, base)
    assert due is None or due.due >= base
    if due is not None and not re.search(r"\d{4}", sentence):  # no explicit year: near future
        assert due.due <= base + timedelta(days=800)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["明天", "下周三前", "12/5", "3/15前", "5号", "by Friday", "tomorrow",
                                 "in 3 days", "3pm", "月底", "，", " ", "给王总发报价", "ſ", "K", "十点",
                                 "2026-11-30", "Dec 5", "eod", "/", "两个工作日内"]), max_size=8))
def test_skipping_english_patterns_on_lines_without_latin_letters_changes_nothing(parts):
    """The English patterns are not scanned on a line without a Latin letter (most Chinese
    lines): the result must be exactly what scanning them all gives."""
    from notes2insight.text import dates

    text = "".join(parts)
    base = date(2026, 11, 24)
    fast = dates.find_time_expressions(text, base)
    saved = dates._NEEDS_LATIN
    try:
        dates._NEEDS_LATIN = frozenset()
        assert dates.find_time_expressions(text, base) == fast
    finally:
        dates._NEEDS_LATIN = saved


@pytest.mark.parametrize("text, expr, due", [
    ("这个周末之前把对比资料发给他", "这个周末之前", "2026-11-29"),  # by the weekend: its Sunday
    ("月中之前给她做一份对比", "月中之前", "2026-12-15"),  # by the middle of the month
    ("confirm delivery with the factory by end of week", "by end of week", "2026-11-29"),
    ("I'll have the PDI done by the 16th", "by the 16th", "2026-12-16"),
    ("I'll have the PDI done by the 28th", "by the 28th", "2026-11-28"),
])
def test_deadlines_on_a_weekend_mid_month_week_end_and_ordinal_day(text, expr, due):
    found = find_time_expressions(text, date(2026, 11, 26))
    assert [(t.text, t.due.isoformat()) for t in found] == [(expr, due)]


def test_the_16th_floor_is_no_date():
    assert find_time_expressions("meeting on the 16th floor", date(2026, 11, 26)) == []


@pytest.mark.parametrize(("base", "text", "expr", "kind", "due"), [
    ("2026-11-26", "latest 23/12", "latest 23/12", "deadline", "2026-12-23"),  # day first when it must be
    ("2026-11-26", "Sat 28/11 at the showroom", "Sat 28/11", "point", "2026-11-28"),  # one date
    ("2026-11-26", "COB Monday", "COB Monday", "deadline", "2026-11-30"),
    ("2026-11-26", "Booked her, Sat 10am.", "Sat 10am", "point", "2026-11-28"),
    ("2026-06-08", "后儿个给他信儿", "后儿个", "point", "2026-06-10"),
    ("2026-06-08", "明儿个后晌给他回电话", "明儿个后晌", "point", "2026-06-09"),
    ("2026-06-18", "端午后头一天打电话", "端午后", "after", "2026-06-22"),
])
def test_dates_in_other_peoples_english_and_in_northern_speech(base, text, expr, kind, due):
    found = [e for e in find_time_expressions(text, D(base)) if e.text == expr]
    assert found and (found[0].kind, found[0].due.isoformat()) == (kind, due), \
        find_time_expressions(text, D(base))


def test_a_bare_fraction_or_score_is_no_date():
    assert find_time_expressions("首付 1/3，比分 3/4", D("2026-11-26")) == []


def test_a_count_from_an_event_has_no_date():
    """合同签订后 7 天内: the days start at a signing the note does not date."""
    for text in ("合同签订后 7 天内交第一批", "到货后三个工作日内开票", "下单后一周内交车"):
        assert find_time_expressions(text, D("2026-09-03")) == [], text
    assert [e.due.isoformat() for e in find_time_expressions("三天内交车", D("2026-09-03"))] == ["2026-09-06"]


def test_a_word_ending_in_jie_is_no_holiday():
    assert find_time_expressions("这个环节后再说，细节前面讲过", D("2026-11-26")) == []


def test_spanish_days_and_shandong_times_of_day():
    import datetime as dt

    from notes2insight.text.dates import find_time_expressions

    monday = dt.date(2026, 9, 7)
    due = lambda text: [(t.text, t.due) for t in find_time_expressions(text, monday)]  # noqa: E731
    assert due("I'd send it mañana before noon") == [("mañana", dt.date(2026, 9, 8))]
    assert due("a cotización a más tardar el miércoles") == [("a más tardar el miércoles", dt.date(2026, 9, 9))]
    assert due("call Ana el jueves") == [("el jueves", dt.date(2026, 9, 10))]
    assert due("she came por la mañana") == []  # in the morning, not tomorrow
    assert due("今儿过晌三点") == [("今儿过晌三点", monday)]
    assert due("赶明儿头晌把落地价发他") == [("明儿头晌", dt.date(2026, 9, 8))]


def test_russian_days_and_new_years_eve_before_its_days_off_are_published():
    import datetime as dt

    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    thursday = dt.date(2026, 4, 9)
    assert due("в пятницу 给他答复", thursday) == [("в пятницу", dt.date(2026, 4, 10))]
    assert due("до понедельника", thursday) == [("до понедельника", dt.date(2026, 4, 13))]
    assert due("к концу месяца 把发票开好", thursday) == [("к концу месяца", dt.date(2026, 4, 30))]
    assert due("завтра утром", thursday)[0] == ("завтра", dt.date(2026, 4, 10))
    assert due("元旦前肯定交车", dt.date(2026, 11, 28)) == [("元旦前", dt.date(2026, 12, 31))]


def test_a_weekday_followed_by_the_date_it_falls_on():
    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    assert due("by Fri the 11th", date(2026, 9, 1)) == [("by Fri the 11th", date(2026, 9, 11))]
    assert due("delivery for Sat 13/6 at 11", date(2026, 6, 4))[0] == ("Sat 13/6", date(2026, 6, 13))
    assert due("handover on Tues 1/9", date(2026, 8, 19)) == [("on Tues 1/9", date(2026, 9, 1))]  # day/month


def test_after_the_holiday_on_the_first_day_back_and_an_arrival_date():
    # 节后第一天 written on the first working day after 五一 / 清明 is that day, not after the
    # next holiday; before the holiday it is still the day after the coming one. 車 6/25 到: an
    # arrival date (not 6/20 到 6/25, a range)
    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    assert due("节后第一天就出了岔子", date(2026, 5, 6)) == [("节后", date(2026, 5, 6))]
    assert due("节后第一天 上午先给赵哥打了电话", date(2026, 4, 7))[0] == ("节后", date(2026, 4, 7))
    assert due("节后第一天给他答复", date(2026, 4, 30)) == [("节后", date(2026, 5, 6))]
    assert due("节前把台账交了", date(2026, 5, 6))[0][1] > date(2026, 5, 6)  # (节前: the next one's eve)
    assert due("林大哥的车 6/25 到，到了先做 PDI", date(2026, 6, 18)) == [("6/25", date(2026, 6, 25))]
    assert due("车 6/25 到", date(2026, 6, 18)) == [("6/25", date(2026, 6, 25))]
    assert [t for t, _ in due("价格 6/20 到 6/25 有效", date(2026, 6, 18))] != ["6/20"]


def test_a_date_followed_by_its_weekday_and_the_day_before_it():
    # 28号星期六: the weekday only confirms the date (read alone it is this week's Saturday), so
    # 前一天 counts back from the 28th; the same after M月N日 and in Cantonese (前一日)
    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    monday = date(2026, 11, 16)
    assert due("提车定在28号星期六上午，前一天我把车洗好", monday) == [
        ("28号星期六上午", date(2026, 11, 28)), ("前一天", date(2026, 11, 27))]
    assert due("合同约在12月3日（周四）签，我前一日把材料打好", monday) == [
        ("12月3日（周四）", date(2026, 12, 3)), ("前一日", date(2026, 12, 2))]


def test_the_nth_of_a_month_written_as_chu():
    # 下个月初五之前: the 5th of next month, as 初五 names a day; 下个月初一定… is still the
    # start of the month (一定 "surely")
    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.kind, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    assert due("下个月初五之前把发票寄给他", date(2026, 11, 20)) == [
        ("下个月初五之前", "deadline", date(2026, 12, 5))]
    assert due("下个月初一定带他去看新车", date(2026, 11, 20)) == [("下个月初", "range", date(2026, 12, 10))]


def test_a_list_item_that_opens_on_a_month_and_day():
    # "2. 3/5 徐总提车": an item dated by the M/D it opens with; "- 1/3 的客户" is a share
    from notes2insight.text.dates import find_time_expressions

    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    assert due("2. 3/5 孙总提车，合同上午打好", date(2026, 2, 27))[0] == ("3/5", date(2026, 3, 5))
    assert due("- 12/3 钱姐付尾款", date(2026, 11, 26)) == [("12/3", date(2026, 12, 3))]
    assert due("- 1/3 的客户是转介绍来的", date(2026, 11, 26)) == []


def test_lunar_days_xiaonian_and_the_day_work_starts_again():
    # 腊月/正月/冬月 days through the lunar calendar (腊月初一 is 2027-01-08, 春节 02-06);
    # 腊月十八前: that day, as 6/15前; 小年 (the north's 廿三) 前: its eve, as 元宵节前;
    # 初六上班 alone near the New Year: 正月初六; 正月十五 stays 元宵
    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    base = date(2027, 1, 11)  # 腊月初四
    assert due("答应他腊月十八前把车办好", base) == [("腊月十八前", date(2027, 1, 25))]
    assert due("腊月廿八上午交车", base)[0] == ("腊月廿八上午", date(2027, 2, 4))
    assert due("小年前把展厅收拾出来", base) == [("小年前", date(2027, 1, 29))]
    assert due("初六上班第一天就给他打电话", date(2027, 2, 3))[0] == ("初六", date(2027, 2, 11))
    assert due("正月十五前给答复", base)[0][1] == date(2027, 2, 19)  # (元宵 2027-02-20, its eve)
    assert due("说初三去他丈母娘家", date(2027, 6, 1)) == []  # 初三 with no return to work: not a date
    assert due("年前的政策下周出来", base)[0][0] == "下周"  # 年前政策: a policy's name
    # a county market on a day of whichever lunar month comes next (2026-06-18 is 五月初四)
    assert due("初九逢集那天再去集上摆车", date(2026, 6, 18)) == [("初九", date(2026, 6, 23))]
    assert due("十五赶集的时候去摆车", date(2026, 6, 18)) == [("十五", date(2026, 6, 29))]
    assert due("首付二十五万", date(2026, 6, 18)) == []


def test_a_weekday_after_a_date_and_a_named_holiday_in_english():
    due = lambda text, day: [(t.text, t.due) for t in find_time_expressions(text, day)]  # noqa: E731
    # 5月23号周六: the weekday confirms the date (前一天 counts back from it, not from 周六)
    assert due("提车约在5月23号周六下午，前一天我把车洗好", date(2026, 5, 12)) == [
        ("5月23号周六下午", date(2026, 5, 23)), ("前一天", date(2026, 5, 22))]
    assert due("五月销量总结下月初交", date(2026, 5, 12)) == [("下月初", date(2026, 6, 10))]
    assert due("十二月客户回访表月底前交", date(2026, 12, 2)) == [("月底前", date(2026, 12, 31))]
    # before the National Day holiday: that holiday's eve, though 中秋 comes first
    assert due("I'll get the paperwork done before the National Day holiday", date(2026, 9, 17)) == [
        ("before the National Day holiday", date(2026, 9, 30))]


# Festival days that are no public holiday are due the day before when written X前 (as 元宵节前);
# English names of a holiday's days off, and a weekday with its day and month
HOLIDAY_WORD_CASES = [
    ("2026-12-01", "双十二前把老客户的邀约名单整理出来", "双十二前", "2026-12-11"),
    ("2027-02-03", "情人节前把粉色那台交给他", "情人节前", "2027-02-13"),
    ("2026-09-16", "I'll send the finance papers before the Golden Week", "before the Golden Week", "2026-09-30"),
    ("2026-09-16", "She'll pick it up after Golden Week", "after Golden Week", "2026-10-08"),
    ("2026-09-29", "I'll call the insurer the day after Golden Week", "the day after Golden Week", "2026-10-08"),
    ("2026-09-30", "I'll drop the spare key at his office on the first day back", "the first day back", "2026-10-08"),
    ("2026-09-16", "Will ring her before Mid-Autumn with the colours", "before Mid-Autumn", "2026-09-24"),
    ("2026-09-29", "Booked the handover for Fri 9 Oct at 3pm", "Fri 9 Oct at 3pm", "2026-10-09"),
]


@pytest.mark.parametrize(("base", "sentence", "expr", "due"), HOLIDAY_WORD_CASES,
                         ids=[c[1] for c in HOLIDAY_WORD_CASES])
def test_festival_eves_and_english_holiday_words(base: str, sentence: str, expr: str, due: str) -> None:
    found = [e for e in find_time_expressions(sentence, D(base)) if e.text == expr]
    assert found and found[0].due == D(due), find_time_expressions(sentence, D(base))


def test_an_ordinal_day_before_a_clause_and_a_weekday_counted_back() -> None:
    """"on the 31st when it lands" is a day (a clause follows it, not a noun: "the 2nd floor");
    "the Friday before" a day named earlier is that week's Friday."""
    found = find_time_expressions("I'll do the PDI on the 31st when it lands.", date(2026, 7, 27))
    assert [(e.text, e.due) for e in found] == [("on the 31st", date(2026, 7, 31))]
    assert find_time_expressions("parked it on the 2nd floor", date(2026, 7, 27)) == []
    found = find_time_expressions("交车 set for Mon 3 Aug; I'll get the ETC ready the Friday before.",
                                  date(2026, 7, 27))
    assert [e.due for e in found if e.text == "the Friday before"] == [date(2026, 7, 31)]
    found = find_time_expressions("Handover on Fri 7 Aug, I'll wash it the Friday before.", date(2026, 7, 27))
    assert [e.due for e in found if e.text == "the Friday before"] == [date(2026, 7, 31)]


def test_qixi_its_eve_and_a_month_that_names_a_thing() -> None:
    """七夕 (农历七月初七, no public holiday): 七夕前 is its eve, as 双十一前; 九月上半月 is the 1st to
    the 15th (past on the 20th); 十月优惠的事 is October's offer, no time."""
    base = date(2026, 8, 13)
    assert [(e.text, e.due) for e in find_time_expressions("七夕前交车", base)] == [("七夕前", date(2026, 8, 18))]
    assert [(e.text, e.due) for e in find_time_expressions("七夕当天上午交车", base)] == [("七夕当天", date(2026, 8, 19))]
    assert find_time_expressions("客户七十岁了，腿脚不好", base) == []
    found = find_time_expressions("九月上半月组里的数据整理好发何总", date(2026, 9, 20))
    assert [(e.kind, e.first, e.last) for e in found] == [("past", date(2026, 9, 1), date(2026, 9, 15))]
    assert find_time_expressions("问何总韩总十月优惠的事", date(2026, 9, 24)) == []
    assert [e.due for e in find_time_expressions("十月底前交车", date(2026, 9, 24))] == [date(2026, 10, 31)]


def test_a_span_counted_from_the_first_day_back_after_a_holiday() -> None:
    """国庆后三个工作日内 (written 09-30): 10-08, 10-09 and the 调休 Saturday 10-10; 节后两天内 from the
    holiday just ahead; a span after an event the note does not date (签合同后…) stays none."""
    cal = WorkdayCalendar()
    found = find_time_expressions("我跟她说国庆后三个工作日内给她交车", date(2026, 9, 30), cal)
    assert [(e.text, e.due) for e in found if e.kind == "deadline"] == [("三个工作日内", date(2026, 10, 10))]
    found = find_time_expressions("节后两天内给他回话", date(2026, 9, 22), cal)
    assert [(e.text, e.due) for e in found if e.kind == "deadline"] == [("两天内", date(2026, 9, 29))]
    assert find_time_expressions("签合同后三个工作日内出审批", date(2026, 9, 22), cal) == []


def test_that_day_names_a_day_not_a_span() -> None:
    found = find_time_expressions("8月到今天7台，还差3台。我答应交车那天送她两个靠垫", date(2026, 8, 24))
    assert [e.text for e in found] == ["8月到今天"]
    found = find_time_expressions("宝来下礼拜四交车，交车那天给他整个大礼包", date(2026, 8, 24))
    assert [(e.text, e.due) for e in found][-1] == ("那天", date(2026, 9, 3))


@pytest.mark.parametrize(("text", "expr", "kind", "due"), [
    ("我转天把数据发他", "转天", "point", "2026-12-20"),  # 北京话: the next day
    ("我大后儿之前整理个清单发他", "大后儿之前", "deadline", "2026-12-22"),
    ("前儿个他来过", "前儿个", "past", "2026-12-17"),
    ("大前儿个下的单", "大前儿个", "past", "2026-12-16"),
])
def test_beijing_day_words(text, expr, kind, due):
    found = [e for e in find_time_expressions(text, D("2026-12-19")) if e.text == expr]
    assert found and (found[0].kind, found[0].due.isoformat()) == (kind, due), \
        find_time_expressions(text, D("2026-12-19"))


def test_turning_things_around_is_no_day():
    assert find_time_expressions("局面扭转天气也好了", D("2026-12-19")) == []
