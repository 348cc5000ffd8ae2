"""Commitments: the writer's promises and plans, with the day each is due."""

from __future__ import annotations

from conftest import day


def by_line(facts):
    return {c.source.line: c for c in facts.commitments}


def test_checkboxes_plan_sections_and_cues(one_note):
    facts = one_note("""
        ---
        date: 2026-11-26
        customers: [王建国]
        ---
        ## 客户跟进
        - 答应王总明天上午把贷款方案发给他。
        - 周五前给李女士发报价单。
        ## 明日计划
        - 整理线索，录入系统
        - [ ] 下周三回访刘姐
        - [x] 给王总发配置表
        """)
    found = by_line(facts)
    assert sorted(found) == [6, 7, 9, 10]
    assert found[6].due == day("2026-11-27") and found[6].customer == "王建国"
    assert found[7].due == day("2026-11-27") and found[7].customer == "李女士"
    assert found[9].due == day("2026-11-27")  # undated item under 明日计划: tomorrow
    assert found[10].due == day("2026-12-02") and found[10].rule == "checkbox"
    assert [c.source.line for c in facts.completions] == [11]  # - [x] is work done


def test_what_is_not_our_promise(one_note):
    facts = one_note("""
        客户说周六过来交定金。
        刘姐说下周带老公来看车。
        孙经理答应帮我们申请额外的金融贴息。
        如果客户问起金融政策，就说贴息到月底。
        以后报价前一定要先核对政策。
        昨天答应王建国今天把评估报告发给他，结果忘了。
        """)
    assert facts.commitments == ()
    steps = {s.source.line: s for s in facts.customer_steps}
    assert list(steps) == [2]  # a named customer's own plan; an unnamed 客户's says nothing
    assert steps[2].customer == "刘姐" and steps[2].due == day("2026-12-06")


def test_due_dates_against_the_notes_date(one_note):
    facts = one_note("""
        - [ ] 两个工作日内把发票开出来
        - [ ] 月底前交车
        - [ ] 3天内给客户答复置换评估价
        - [ ] 改天再约黄先生来店
        """)
    dues = [c.due for c in facts.commitments]
    assert dues == [day("2026-11-30"), day("2026-11-30"), day("2026-11-29"), None]


def test_a_later_note_keeps_a_promise(extract):
    vault = extract({
        "2026-11-24.md": "- [ ] 明天给王总发贷款方案\n- [ ] 周五前约李女士试驾\n",
        "2026-11-25.md": "- [x] 给王总发贷款方案\n",
    })
    first = vault.notes[0]
    kept = {c.source.line: c.source in vault.kept for c in first.commitments}
    assert kept == {1: True, 2: False}


def test_english_commitments(one_note):
    facts = one_note("""
        - [ ] Send the quote to Ms. Li by Friday
        Promised Mr. Wang to call back tomorrow.
        Mr. Zhao said he will come on Saturday.
        """)
    found = by_line(facts)
    assert sorted(found) == [1, 2]
    assert found[1].due == day("2026-11-27")
    assert found[2].due == day("2026-11-27")


def _knows_2027() -> bool:
    import datetime as dt

    import chinese_calendar

    try:
        chinese_calendar.is_holiday(dt.date(2027, 1, 4))
        return True
    except NotImplementedError:
        return False


def test_working_days_in_an_unpublished_year_fall_back_with_a_warning(extract):
    import pytest

    if _knows_2027():
        pytest.skip("chinesecalendar now has 2027: pick a later year for this test")
    vault = extract({"2026-12-30.md": "- [ ] 两个工作日内把发票开出来\n"})
    commitment = vault.notes[0].commitments[0]
    assert commitment.due == day("2027-01-01")  # Thu 12-31, Fri 1-1 (no 2027 holiday data yet)
    warnings = [p for p in vault.problems if p.code == "workdays"]
    assert [(p.line, p.severity.value) for p in warnings] == [(1, "warning")]
    assert "2027" in warnings[0].message
