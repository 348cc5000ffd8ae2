"""Commitments: the writer's promises and plans, with the day each is due."""

from __future__ import annotations

from conftest import day


def by_line(facts):
    return {c.source.line: c for c in facts.commitments}


def dues_by_line(facts):
    """{file line: due date} of a note's commitments."""
    return {c.source.line: c.due for c in facts.commitments}


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


def test_the_writer_takes_over_after_someone_elses_words(one_note):
    """A promise of the writer's own after another person's clause, a clock time before the
    deadline, and an explicit promise about the future (以后) that is not a lesson."""
    facts = one_note("""
        14:10 经理答应送王总一次保养，我下周二前把保养券开好
        马师傅说周六来交定金，我周五晚上再发消息提醒他
        同事小刘说这个月还有置换补贴，我明天去找店长确认
        我答应李女士以后每周五给她同步一次到港进度
        10:20 周五下午前把陈姐的临牌和发票准备好
        客户说周六来交定金，我很高兴。
        """)  # Thursday 2026-11-26
    found = by_line(facts)
    assert sorted(found) == [1, 2, 3, 4, 5]
    assert [found[n].due for n in (1, 2, 3, 5)] == [day("2026-12-01"), day("2026-11-27"),
                                                    day("2026-11-27"), day("2026-11-27")]
    assert found[4].due is None  # every Friday: no one due date
    assert [(s.source.line, s.customer, s.due) for s in facts.customer_steps] == [
        (2, "马师傅", day("2026-11-28"))]  # the customer's own plan stays their next step


def test_english_to_dos_and_other_peoples_promises(one_note):
    facts = one_note("""
        - Ms. Lin: quote sent yesterday. Quote the service pack to her by Friday.
        Mr. Zhou wants 30万 out the door. I said I'd check with the GM and come back within 2 working days.
        The car lands on the 3rd; I'll have the PDI done by the 5th.
        Jerry (finance) promised to get the new APR terms by Monday.
        Replied late to Ms. Lin, not by noon as promised.
        I'd like a quieter week.
        """)  # Thursday 2026-11-26
    found = by_line(facts)
    assert sorted(found) == [1, 2, 3]
    assert [found[n].due for n in (1, 2, 3)] == [day("2026-11-27"), day("2026-11-30"),
                                                day("2026-12-05")]


def test_appointments_the_writer_sets_and_promises_only_referred_to(one_note):
    facts = one_note("""
        16:40 刘洋订的宋L 到了，电话约他这周六来提车
        - Ms. Wang wants an S60. Booked her TD for next Tuesday 10am.
        - Booked a TD for Mr. Li last week, he never came.
        对比资料我今天才发的，比答应她的月中晚了一天。
        - [ ] Huang: banner text for the 6 June ceremony, check with Sunny on Monday
        ## 下周计划
        下周要做的：
        - 周一给钟总发合同
        """)  # Thursday 2026-11-26
    found = by_line(facts)
    assert sorted(found) == [1, 2, 5, 8]
    assert [found[n].due for n in (1, 2, 5, 8)] == [day("2026-11-28"), day("2026-12-01"),
                                                    day("2026-11-30"), day("2026-11-30")]


def test_the_writers_part_in_a_line_about_others_and_times_that_point_back(one_note):
    """A clause addressed to someone after another's words is the writer's; so is joining
    another's plan (我陪同); a time naming a thing (3月战败分析) or narrating a misspoken
    figure does not hide the deadline after it; 前一天 / 到时候 point back at a named day."""
    facts = one_note("""
        14:30 评估师老王周六上门看朗逸，我陪同
        16:00 陈姐的海豚 厂家说 12.5 到港，下周一先打电话跟陈姐说一声
        17:20 下班前才发现上午跟黄总说总价时说成了 60.5 万，少说了一万，明天一早跟他更正
        16:00 11 月战败分析 今天下班前交给店长
        马师傅周六 TD，记得前一天给 TD 车充满电
        我跟他说下个月初有店庆活动，到时候我再约他来店里
        Mr. Li came in for the S60, will call him tomorrow.
        He'll think it over, will let me know by Friday.
        王总说周六来提车，我很高兴。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {
        1: day("2026-11-28"), 2: day("2026-11-30"), 3: day("2026-11-27"), 4: day("2026-11-26"),
        5: day("2026-11-27"), 6: day("2026-12-10"), 7: day("2026-11-27")}
    assert [m.source.line for m in facts.mistakes] == [3]


def test_a_follow_up_table_and_tasks_handed_to_others(one_note):
    """In a table with a next-step column, each row's next step is a to-do of the writer's,
    due by its time cell; empty, waiting, done or someone else's steps are not. 节后 / 端午前
    follow the published days off."""
    facts = one_note("""
        ---
        customers: [周国华]
        ---
        ## 客户跟进
        | 客户 | 级别 | 进展 | 下一步 | 时间 |
        |---|---|---|---|---|
        | 周国华 | H | 报价 18.68万，嫌高 | 我找经理申请再让两千 | 明天 |
        | 沈姐 | A | 试驾了荣放 | 发金融方案 | 4/16 前 |
        | 吴先生 | B | 清明回老家 | — | — |
        | 蔡老板 | A | 要3台海狮 | 小李出团购报价 | 4/8 |
        | 严师傅 | B | 金融方案已发 ✅ | 等他回复 | — |
        | 邓女士 | C | 战败 | 写战败原因发群里 | 节后第一天 |
        | 钟女士 | A | 到车了 | 交车（小周主持） | 5/15 |
        - [ ] 组内金融进件 周五前全部交齐 —— 小李负责
        - [ ] 端午前再约周国华试驾一次
        """, date="2026-04-03")  # Friday before 清明 (days off Apr 4–6)
    assert dues_by_line(facts) == {
        7: day("2026-04-04"), 8: day("2026-04-16"), 12: day("2026-04-07"), 15: day("2026-06-18")}
    assert by_line(facts)[7].customer == "周国华" and by_line(facts)[7].rule == "table:next-step"


def test_what_the_writer_tells_a_customer_they_will_do(one_note):
    """我跟他说后天给他回话: a promise, also in a dictated run-on line with no commas; a
    customer's first person inside their quoted words is not the writer."""
    facts = one_note("""
        孙哥说优惠他还得跟家里商量我跟他说我回头问问调车的事后天给他回话
        然后我跟孙哥说下礼拜一下午我一准给他打电话告诉他结果
        雷女士要发票我说两个工作日内开出来给她
        彭总说话很直接：“价格给到位我下个月初就订两台”。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-28"), 2: day("2026-11-30"), 3: day("2026-11-30")}


def test_a_repair_with_its_day_set_under_a_mistakes_heading(one_note):
    facts = one_note("""
        ## 失误
        - 报价的时候跟 Kevin 说 0 息可以做 5 年，其实只有 3 年，我说错了。明天要跟他更正一下。
        - 迟到了 10 分钟，下次要早点出门。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {2: day("2026-11-27")}
    assert [m.source.line for m in facts.mistakes] == [2, 3]


def test_northern_speech(one_note):
    """俺 is 我; 明儿个 / 后儿个 / 后晌 are tomorrow, the day after, the afternoon. The
    commitment quotes the writer's own words."""
    facts = one_note("""
        王婶问有没有白色的，俺说明儿个后晌给她回电话
        俺礼拜六后晌把星卡整备好
        刘二哥说后儿个来看车
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-27"), 2: day("2026-11-28")}
    assert "俺说明儿个后晌" in by_line(facts)[1].text


def test_a_promise_counted_from_an_event_has_no_due_date(one_note):
    """合同签订后 7 天内 starts at a signing the note does not date; 说好了 / 我答应了 is the
    promise made, not the work done."""
    facts = one_note("""
        - 合同签订后 7 天内我们先交 2 台样车给他们车队试运营，这个我跟张经理当面说好了。
        - 陈总要求合同签订后 7 天内交第一批冷藏车，我答应了，让改装厂先备货。
        """)
    assert dues_by_line(facts) == {1: None, 2: None}


def test_the_writers_own_day_on_a_to_do_that_names_anothers_and_promise_idioms(one_note):
    facts = one_note("""
        - [ ] 蔡老板 团购合同草稿（他月底前给答复，但我这周先把草稿准备好）
        - 下一步：12 月 4 号前交车，我跟他拍了胸脯。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-29"), 2: day("2026-12-04")}


def test_in_a_line_without_commas_the_nearest_subject_acts(one_note):
    facts = one_note("""
        我已经跟调车的小董说了小董答应下礼拜一之前给我准信
        我觉得王总明天会来提车
        小刘说我明天要去车管所
        """, colleagues=("小刘", "小董"))  # Thursday 2026-11-26
    assert dues_by_line(facts) == {3: day("2026-11-27")}


def test_a_formal_report_drops_its_i(one_note):
    """拟于 / 我将于 / 我需在 / 需在…补办 are the writer's; 约定 a visit is an appointment kept by
    both; 如…，拟… is a condition; 客户将于 is the customer's plan."""
    facts = one_note("""
        1. 许先生：询问能否加装运动排气，已答复需向厂家确认，拟于两个工作日内回复。
        2. 沈国华：经请示展厅经理，同意赠送精品礼包。我将于下周一上午前往沈总公司沟通合同细节。
        3. 沈总同意月底前签约。我需在本周五前将合同终稿发沈总秘书审核。
        4. 唐女士：已于昨日电话邀约，约定 4 月 30 日下午到店试驾 718 Cayman。
        5. 如沈总能于月底前签约，拟向经理申请额外赠送一年保养。
        6. 钱老师将于下周到店看车。
        """, date="2026-04-22")  # a Wednesday
    assert dues_by_line(facts) == {1: day("2026-04-24"), 2: day("2026-04-27"), 3: day("2026-04-24"),
                                   4: day("2026-04-30")}


def test_a_call_log_table_reads_each_row_as_what_happened_with_its_customer(one_note):
    """| 时间 | 客户 | 事项 |: the clock time is when the call was, the customer labels the
    row; the title's aside (明天开始放中秋) does not make the note a plan."""
    facts = one_note("""
        # 9月24日 周四（明天开始放中秋）

        | 时间 | 客户 | 事项 |
        | --- | --- | --- |
        | 09:00 | 胡卫东 | 打包价今天上午发了 ✔。约好 9 月 30 日上午十点交车 |
        | 11:00 | 熊志强 | 说国庆跑车忙，节后再说 |
        | 13:00 | 邓姐 | 约她这周六下午来试驾探陆 |
        | 13:30 | 邓姐 | 当场说定了，要等她老公国庆回来一起来签。我说国庆前把合同先准备好 |
        """, date="2026-09-24")
    assert dues_by_line(facts) == {5: day("2026-09-30"), 7: day("2026-09-26"), 8: day("2026-09-30")}
    assert by_line(facts)[7].text == "邓姐：约她这周六下午来试驾探陆"


def test_after_a_customers_words_the_writer_takes_over_after_a_time_or_by_calling_them(one_note):
    facts = one_note("""
        陈生说他老婆都钟意，下个礼拜三前我把合同发给他看。
        她说儿子还在比，月底前答复我。
        何生今天没来补签，打他电话又没人听，明天再打。
        我答应他交车前帮他搞定旧车过户的手续。
        """, date="2026-07-08")  # a Wednesday
    assert dues_by_line(facts) == {1: day("2026-07-15"), 3: day("2026-07-09"), 4: None}


def test_a_to_do_counted_back_from_an_event_is_due_the_day_before(one_note):
    facts = one_note("""
        - [ ] 周建军 3/29 交付，前一天和阿杰把交付仪式的花和横幅准备好
        - [ ] 蒋女士约 L60 试驾，她说周六上午，要提前一天把试驾车充满电
        - [ ] 汪老师加微信，发萤火虫的配置表 T+1
        - [ ] 3 月区域线上直播排班表交给店长 DDL 3/12
        """, date="2026-03-05")  # a Thursday
    assert dues_by_line(facts) == {1: day("2026-03-28"), 2: day("2026-03-06"), 3: day("2026-03-06"),
                                   4: day("2026-03-12")}


def test_the_time_at_the_cue_and_a_deadline_named_later(one_note):
    facts = one_note("""
        钱姐礼拜天没来说家里有事改到这礼拜六了我礼拜五得把银河E5的优惠申请表填好交给经理签字
        韩立军礼拜天带老婆来了订了星越L约好下礼拜二过来签合同
        下个月初要交 Q3 的 forecast，deadline 12 月 5 号。
        我答应他元宵节前肯定交车。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-27"), 2: day("2026-12-01"), 3: day("2026-12-05"),
                                   4: day("2027-02-19")}


def test_a_dated_title_is_no_plan_and_later_is_a_promise_without_a_day(one_note):
    """A note's title says how the day went (10月9日 周五 明天调休上班); 回头 + an action is the
    writer's promise with no day; a follow-up after a customer's silence is the writer's."""
    facts = one_note("""
        10月9日 周五 明天调休上班

        - 国庆前厂家锁定了排产，10 月 20 号开始分三批交，29 号下午电话确认的 ✔
        - 顾虑：他问留学生购车免税，我不确定政策还有没有，回头问一下经理。
        - 顾虑：他担心冬天续航，我说回头把车主群里的冬季实测数据发他。
        - 王婶那边还没动静，下个礼拜再问问。
        - 王总说考虑一下，下周再来。
        """, date="2026-10-09")
    assert dues_by_line(facts) == {4: None, 5: None, 6: day("2026-10-18")}


def test_in_a_quoted_exchange_only_the_writers_replies_count(one_note):
    """`>` quotes hold a customer's WeChat messages (their 我 is the customer); the writer's
    reply (> 我：…) is what they told the customer; a line right after a quote is prose again."""
    facts = one_note("""
        **赵先生** 🟢
        > 我再想想，下周我去极氪那边看看
        > 我：赵哥，明天中午前我把 Pro 版的价格和金融方案一起发您
        > 我：好的吴总，到时候我把合同样本也打印好
        > 我：还没出，政策一出来我第一时间告诉您
        我打算下周一再约他来店里。
        承诺：无（他自己说回去想想）
        """, date="2026-01-08")  # a Thursday
    assert dues_by_line(facts) == {3: day("2026-01-09"), 4: None, 5: None, 6: day("2026-01-12")}
    assert by_line(facts)[3].text.startswith("我：赵哥")


def test_a_list_headed_by_a_day_ahead_is_what_to_do_that_day(one_note):
    """端午后第一天： / 明儿： over a list: to do then; `## 本周` over a week's report, or a past
    day's heading in a weekly file, is no plan."""
    facts = one_note("""
        端午后第一天：
        - 上午十点陈老师提车
        - 跟杨总碰合同细节

        明儿：
        - 刘素芬提车的时间再跟她确认一遍

        ## 本周
        1. 鑫源王总：厂家政策没批下来，他 5 台订了江淮。战败。

        ## 周一
        - 王总来看了车，挺满意

        张爷叔问天窗还来得及吗。我说我查一下排产，明天放假，节后第一天回他。
        """, date="2026-06-18")  # a Thursday; 端午 2026 is Friday 06-19, back to work 06-22
    assert dues_by_line(facts) == {2: day("2026-06-22"), 3: day("2026-06-22"), 6: day("2026-06-19"),
                                   14: day("2026-06-22")}


def test_a_customers_thing_and_a_step_still_to_come(one_note):
    facts = one_note("""
        - 周师傅的保养套餐表答应了月底前发，明天必须弄出来。
        承诺：我说镀晶可以送，但要下周一问过邓经理才能给准话
        - 周师傅的保养套餐表上周已经发过了。
        """)  # Thursday 2026-11-26
    assert sorted(dues_by_line(facts)) == [1, 2]
    assert [c.source.line for c in facts.completions] == [3]


def test_the_northeasts_days_tags_and_a_day_counted_from_the_sentence_before(one_note):
    facts = one_note("""
        我跟他说明个把迈腾的落地价给他整出来发微信。
        我拍胸脯说后个之前给他整明白。
        - P2 #跟进 邓先生：我让安装师傅先看车位照片，后天前给他答复。 #承诺
        - P1 #承诺 许姐 说周四带她妈妈来看 L7。
        宝来下礼拜四交车。我答应张大爷交车那天给他孙子整个新手大礼包。
        交车日定在 12/4 礼拜五下午两点，她爸爸也会来。我要提前一天把车子美容弄好。

        明天：
        - 整理七月的潜在客户名单
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-27"), 2: day("2026-11-28"), 3: day("2026-11-28"),
                                   5: day("2026-12-03"), 6: day("2026-12-03"), 9: day("2026-11-27")}


def test_in_a_dictated_line_each_i_starts_the_writers_clause_again(one_note):
    facts = one_note("""
        冯建平要开专票我答应他这礼拜五之前把开票资料模板发给他们财务
        韩立军说他下个月再来看看
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-11-27")}


def test_a_promise_told_after_its_day_and_what_would_have_been(one_note):
    facts = one_note("""
        韩立军的新车年前肯定到不了我跟他说节后第一天就给他打电话约交车时间
        孙志刚问能不能年前提车我跟他说没问题年前肯定让他开上新车
        上周六本来约了老万上午来，结果我把时间记成了下午，幸好他没来，不然要让他白等。
        顾女士表示报价可以接受，拟于节后到店签约。
        """, date="2026-02-10")
    assert sorted(dues_by_line(facts)) == [1, 2]


def test_a_promise_told_with_the_day_it_counts_from(one_note):
    facts = one_note("""
        何姐想看S07。我跟她说端午耍完回来第一天给她打电话约S07试驾。
        他说这礼拜天带旧车过来评估，我说好的，礼拜天我叫老周一起来看车。
        """, date="2026-06-18")  # a Thursday; back to work after 端午 on 06-22
    assert sorted(dues_by_line(facts)) == [1, 2] and dues_by_line(facts)[2] == day("2026-06-21")


def test_english_days_counted_back_and_a_colleagues_shift_taken(one_note):
    facts = one_note("""
        - Linda Park: she's coming in next Tuesday at 5:30 to sign. Need to have the blue one detailed before she gets here.
        - Marco is out on Friday, I'm covering his two appointments.
        - Priya Shah is ready after all. Set her and her daughter up for Saturday 10am, Civic Sport.
        小孙明个上午来试驾 GTE，车我今个下班前充满。
        他说等三月厂家政策出来再说。我说政策一出来我头一个告诉他。
        """)  # Thursday 2026-11-26
    assert dues_by_line(facts) == {1: day("2026-12-01"), 2: day("2026-11-27"), 3: day("2026-11-28"),
                                   4: day("2026-11-26"), 5: None}


def test_a_templates_bold_labels_are_its_sections(one_note):
    facts = one_note("""
        # 9月24日 周四（明儿起放中秋）

        **重点客户：**
        1、王总定了 H9，黑色现车没有。
        **明日计划：**
        ① 给王总发金融方案
        ② 整理意向客户表
        中秋我轮休三天，节后第一天（28号）：
        ③ 问厂家 H9 黑色到车日子
        **问题与反思：**
        王总的定金收据上，车型我写成了旗领。
        """, date="2026-09-24")
    assert dues_by_line(facts) == {6: day("2026-09-25"), 7: day("2026-09-25"), 9: day("2026-09-28")}
    assert [m.source.line for m in facts.mistakes] == [11]  # the label line is no mistake


def test_obsidian_callouts_are_the_writers_own_boxes_and_a_deadline_heads_a_list(one_note):
    facts = one_note("""
        ## 跟进
        - 苏敏说端午前来定。

        > [!todo] 端午前
        > - [ ] 何家明的上牌资料
        > - [ ] 给黄伯发一段辅助驾驶的视频

        > [!quote] 陈静
        > 我明天下午过来看车

        > [!warning] 失误
        > 陈静试驾前我没检查电量，只剩 23%。

        节前要做的：
        - 国庆值班表交给小刘
        """, date="2026-06-16")
    assert dues_by_line(facts) == {5: day("2026-06-18"), 6: day("2026-06-18"), 15: day("2026-06-18")}
    assert [m.source.line for m in facts.mistakes] == [12]  # the customer's message is hers


def test_a_manager_s_team_blocks_eod_and_a_month_naming_a_thing(extract):
    vault = extract({"2026-09-10.md": """
        **我自己**
        - 我答应张总下周一前把团购方案做出来。

        **小刘**
        - 李女士说周六再来。我让小刘别老打电话。

        **阿杰**
        - 赵老师那边阿杰跟丢了。

        **明日计划：**
        ① 给马骁发一份天工08 的九月权益政策
        ② 钱总 锁车单 EOD
        ⏰ 9/17 09:30 何雨桐交付
        """}, colleagues=("阿杰",))
    facts = vault.notes[0]
    assert {"张总", "李女士", "赵老师", "钱总"} <= set(facts.customers)
    assert "小刘" not in facts.customers  # a block of the team's, as 阿杰's is
    dues = dues_by_line(facts)
    assert dues[2] == day("2026-09-14")
    assert dues[11] == day("2026-09-11")  # the plan's day: 九月 names the policy
    assert dues[12] == day("2026-09-11")  # EOD, read on the plan's day
    assert dues[13] == day("2026-09-17")  # M/D before a clock time is a date


def test_a_formal_reports_own_promises(one_note):
    facts = one_note("""
        （二）跟进事项
        1. 唐女士希望首次保养时由本人陪同办理，本人已应允。
        2. 郑经理要求十月底前提交第四季度大客户拓展计划，本人拟于 10 月 28 日前完成初稿。
        3. 本人计划于周四下班前完成意向客户分级表并提交。
        """, date="2026-10-21")
    assert dues_by_line(facts) == {2: None, 3: day("2026-10-28"), 4: day("2026-10-22")}


def test_org_mode_keywords_and_a_shared_logs_other_hand(one_note):
    facts = one_note("""
        ## 林先生
        :PROPERTIES:
        :客户: 林志明
        :END:
        TODO 林先生家充电桩勘测 SCHEDULED: <2026-06-10 Wed 14:00>
        DONE 给林先生发配置对比
        CLOSED: [2026-06-04 Thu 17:20]
        WAITING 等厂家回复企业采购政策
        - [小敏] 钱女士来电问有没有白色现车，我说明天帮她查好发微信。
        - 小敏记：我把孙先生的回访记错了。
        - 交车我跟赵总约在下周三上午十点。
        """, date="2026-06-05")
    assert dues_by_line(facts) == {5: day("2026-06-10"), 11: day("2026-06-10")}
    assert [c.source.line for c in facts.completions] == [6]
    assert facts.mistakes == ()  # the assistant's slip is hers


def test_a_managers_own_lines_replies_and_the_teams_tasks(one_note):
    facts = one_note("""
        6. 我：明天（周六）上午陪蒙小燕去新桥镇找黄支书。
        7. 韦丽：周四前约莫老板再来一次店里。
        8. 覃海：这周约陆师傅来店里谈扬光。
        【语音转文字】王姐：我们回去再商量一下，这个星期六之前给你个准信。
        我回：好的王姐，帮您留到下个星期三。
        - 周先生（周日，电话就行）回访。
        """, date="2026-03-13", colleagues=("韦丽", "覃海"))
    assert dues_by_line(facts) == {1: day("2026-03-14"), 5: day("2026-03-18")}
    assert "周日" not in facts.customers


def test_a_deals_next_step_in_front_matter_when_it_is_the_writers(one_note):
    facts = one_note("""
        ---
        date: 2026-01-19
        deals:
          - customer: 杜宏伟
            stage: 试驾
            next: 明天中午前把 ES8 行政版的落地价对比发他微信
          - customer: 贺佳
            stage: 到店
            next: 她说这周六带她爸来试驾
          - customer: 唐敏
            stage: 订单
            next: 下周日前付尾款
          - customer: 王建国
            stage: 报价
            next: 重新算购置税，明天发报价单
        ---
        - [ ] 答应王总（王建国）明天上午把重新算好的报价单发给他
        """, date="2026-01-19")
    assert dues_by_line(facts) == {6: day("2026-01-20"), 17: day("2026-01-20")}  # one promise to 王建国


def test_a_wait_in_a_plan_is_someone_elses_move(one_note):
    facts = one_note("""
        ## 待办
        WAITING 等厂家回复企业采购政策
        等 Vicky 出企业分期方案的结果
        WAITING 厂家讲 7 月 6 号到仓，到当天我就打给他约交车
        - 给林先生回电话
        """, date="2026-06-05")
    assert sorted(dues_by_line(facts)) == [4, 5]


def test_informal_english_plans_in_the_present_tense(one_note):
    """Singlish and a hurried diary state the writer's plan without "will"; a habit, a past
    act and someone else's plan are not promises."""
    facts = one_note("""
        - Auntie Mary called, she want to change her Vios. Told her I send her the trade-in estimate tmr.
        - Ms Priya want the quote in writing, I said I email her by Friday latest.
        - Mr Tan cannot make it Sat. Moved his Seal TD to Sun 10am, I come in early to charge the demo car.
        - I call Uncle Lim every Monday.
        - Sent Mr Tan the breakdown yesterday.
        - He said he call me tmr.
        """, date="2026-10-05")
    assert {line: str(due) for line, due in dues_by_line(facts).items()} == {
        1: "2026-10-06", 2: "2026-10-09", 3: "2026-10-11"}


def test_a_day_the_writer_set_with_a_customer_and_logseqs_task_markers(one_note):
    facts = one_note("""
        - 交车我跟她约的 14 号下晚儿，她下班过来。
        - 試乘我跟她改約下禮拜六早上十點。
        - 张孃孃的首保我给她约在下礼拜二上午十点。
        - 上周我跟她约的周三，结果她没来。
        - LATER 整理五月战败客户回访表
        - NOW LS7 试驾车充到 90%，明天中午之前
        - DONE 给 Lisa 发了 0 息方案
        """, date="2026-10-09")
    assert {line: str(due) for line, due in dues_by_line(facts).items()} == {
        1: "2026-10-14", 2: "2026-10-17", 3: "2026-10-13", 5: "None", 6: "2026-10-10"}


def test_a_dropped_todo_is_neither_still_to_do_nor_kept(extract):
    vault = extract({
        "2026-06-01.md": """
            - [ ] 周三前给林先生发配置对比
            - [ ] 给钱女士回电话，问她白色现车的事
            """,
        "2026-06-03.md": """
            - [-] 给林先生发配置对比（他已经订了别家）
            - ~~给钱女士回电话，问她白色现车的事~~
            - [/] 周五前整理五月战败客户回访表
            - CANCELLED 约赵总试驾
            - [>] 明天给孙先生打电话
            - [x] ~~给周姐发保险报价~~
            """,
    })
    first, second = vault.notes
    assert dues_by_line(second) == {3: day("2026-06-05"), 5: day("2026-06-04")}
    assert [c.source.line for c in second.completions] == [6]  # checked, then struck: done
    assert vault.kept == {}  # dropping a to-do does not keep the promise
    assert [c.source.line for c in first.commitments] == [1, 2]


def test_a_report_keeps_the_promise_before_it_on_its_line_not_the_one_after(extract):
    vault = extract({
        "2026-11-17.md": "答应王总周四前把金融方案发给他。\n",
        "2026-11-20.md": """
            答应李姐今晚把报价单发给她。晚上已经发过去了。
            金融方案已经发给王总了。明天再给他打个电话确认一下。
            """,
    })
    earlier, today = vault.notes
    reported = earlier.commitments[0].source
    made_and_kept, called = (c.source for c in today.commitments)
    assert vault.kept[made_and_kept] == today.completions[0].source  # 答应…。晚上已经发过去了
    assert vault.kept[reported] == today.completions[1].source  # the report keeps 11-17's promise
    assert called not in vault.kept  # …not tomorrow's call, written after it


def test_a_promise_told_with_its_day_then_i_in_dialect(one_note):
    picked = one_note("- 冯磊又问能不能帮他媳妇看台代步车，俺说中，这礼拜天之前俺挑三台发他。\n",
                      date="2026-10-15")
    assert dues_by_line(picked) == {1: day("2026-10-18")}
    told = one_note("- 我跟他讲节后头一天我把 08 的最终价跟赠品清单一起发他。\n", date="2026-04-30")
    assert dues_by_line(told) == {1: day("2026-05-06")}  # the first working day after 五一


def test_a_pasted_chat_with_a_header_per_sender_and_a_promise_told_with_tong(one_note):
    facts = one_note("""
        > 王姐 10:32
        > 小李，L6和L7到底差在哪，我看着长得都差不多[捂脸]
        > 我 10:35
        > 王姐，主要是空间和后排，我周三前把两台的对比方案整理好发您[抱拳]
        > 王姐 10:36
        > 好嘞，下周六我跟我老公一起来看车

        阿强来了，讲金融方案睇了，月供还是太高。我同伊讲明日上昼把新个方案发伊。
        """, date="2026-06-01")
    assert dues_by_line(facts) == {4: day("2026-06-03"), 8: day("2026-06-02")}
    assert facts.customers == ("王姐", "阿强")  # her name in the writer's reply is hers


def test_a_report_of_work_done_is_no_plan_for_the_writer_to_join(one_note):
    facts = one_note("""
        张孃孃的桩礼拜二装好了，我去看了，师傅弄得巴适。她的车到店了，交车我跟她约在节后第一天，28 号上午十点。
        评估师老王明天上门看车，我陪同。
        """, date="2026-09-24")
    assert dues_by_line(facts) == {1: day("2026-09-28"), 2: day("2026-09-25")}


def test_a_tasks_plugin_due_date_wins_over_a_month_the_task_names(one_note):
    facts = one_note("- [ ] 6 月交车计划表 📅 2026-06-17\n- [ ] 7 月的试驾排班表 📅️ 2026-06-20\n",
                     date="2026-06-16")
    assert dues_by_line(facts) == {1: day("2026-06-17"), 2: day("2026-06-20")}


def test_whom_the_writer_told_is_the_object_not_the_one_promising(extract):
    # a diary drops the "I": "Told Victor I'd know by Monday" is the writer's, also once Victor
    # is a known customer
    vault = extract({
        "2026-06-01.md": "- Victor Alvarez: wants the Tacoma TRD.\n",
        "2026-06-11.md": "- Put in a locate. Told Victor I'd know by Monday.\n- Victor says he'll decide by Monday.\n",
    })
    texts = [c.text for c in vault.notes[1].commitments]
    assert texts == ["Told Victor I'd know by Monday."]  # (not his own "he'll decide")
    assert vault.notes[1].commitments[0].due.isoformat() == "2026-06-15"


def test_a_repair_set_after_an_apology_in_a_slip_and_a_place_of_mine_is_no_new_subject(one_note):
    # the writer's own clause after the apology is the promise (改约 10 号下午三点交车); 在我抽屉里
    # holds no new subject (晚上送到他奶茶店 stays the slip's report)
    facts = one_note("""
        唐姐这边我搞砸了：我跟唐姐说成了 6 号交车。今天打电话给她道歉，改约 10 号下午三点交车，她同意了。
        ❌ 阿强交车 把他的ETC卡 忘在我抽屉里了 晚上送到他奶茶店
        """, date="2026-02-03")
    assert [(c.source.line, c.due.isoformat() if c.due else None) for c in facts.commitments] == [(1, "2026-02-10")]


def test_a_wrong_day_said_is_no_plan_and_their_agreeing_is_no_work_done(one_note):
    # 说成了 6 号交车: the wrong day told, not a promise; …改约 10 号交车，她不太高兴，还是同意了:
    # her agreeing does not report the handover done; 周四我就跟杨帆说了，…也接受了 is a report
    facts = one_note("""
        我跟唐姐说成了 6 号交车。

        今天打电话给唐姐道歉，改约 10 号下午三点交车，她不太高兴，还是同意了。

        周四我就跟杨帆说了，他有点失望，但也接受了。
        """, date="2026-02-03")
    assert [(c.source.line, c.due.isoformat()) for c in facts.commitments] == [(3, "2026-02-10")]


def test_dictated_invitations_and_a_day_said_before_my_step(one_note):
    # voice input, no commas: 我说…你…这周五下午过来 sets the day; 嗯下周二下午我把…: the day
    # said right before 我 is my step's; 我约的下周一上午九点; 她说好的 is her yes, no promise;
    # a customer's own plan (她说她儿子下个月驾照考完) stays hers
    facts = one_note("""
        她说她儿子下个月驾照考完 想让儿子也能开 我说那这周六带你儿子过来一起试驾 她说好的
        我说白姐你这周五下午过来我给你安排试驾 她说好
        她说她儿子周六要练车 改到下周二下午 嗯下周二下午我把ID.3充满电等他们
        - 老彭要带两个司机来试车，我约的下周一上午九点，在二店门口。
        他说下个月再来看看 她说好的
        """, date="2026-03-26")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {
        1: "2026-03-28", 2: "2026-03-27", 3: "2026-03-31", 4: "2026-03-30"}


def test_a_told_weekday_with_its_date_and_table_steps_asking_the_boss(one_note):
    # 我跟伊讲下礼拜一（7/13）交车: the day told; 找店长申请… / 跟店长申请…: the writer asks the
    # boss; 交给小吴跟: the customer handed to a colleague
    facts = one_note("""
        - 我跟伊讲下礼拜一（7/13）交车，伊讲好。

        | 用户 | 进展 | 下一步 | 时间 |
        | --- | --- | --- | --- |
        | 钱总 | 问团购 | 找店长申请大客户政策，报价给他 | 周五 |
        | 沈先生 | 要送膜 | 跟店长申请送全车膜，批下来回他 | 周三 |
        | 程先生 | 想看 001 | 交给小吴跟 | — |
        """, date="2026-07-07")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {
        1: "2026-07-13", 5: "2026-07-10", 6: "2026-07-08"}


def test_a_dictated_list_heading_without_a_colon_on_the_last_day_before_the_holiday(one_note):
    # 放假前要弄的 (no colon, no # ) over a list, written on the last working day before 清明:
    # today's to-dos; 节前要弄的： likewise
    facts = one_note("""
        放假前要弄的
        - 展厅的车都锁好 钥匙交给值班的
        - 给马骏打电话确认一下开票信息

        今天郭总来提车了
        """, date="2026-04-03")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {
        2: "2026-04-03", 3: "2026-04-03"}


def test_the_due_is_the_writers_own_day_not_a_status_an_instruction_or_a_slips(one_note):
    # 周三不对周四: the corrected day; 确认了 2 月 9 号交车不变: a status, my step's 2 月 7 号 is
    # due; 冯总让我这周…，我周五前…: the boss's 这周 is his; 五一期间的线索: no deadline; 节后回来…
    # (written before the holiday) 我说这个我去申请 清明节后第一天给他答复 over the customer's 四月中旬
    facts = one_note("""
        我说这个我得问李经理 那个周三不对周四之前给他回话
        - 跟马国栋确认了 2 月 9 号上午交车不变。2 月 7 号上午我跟 PDI 师傅一起把 10 台车过一遍。
        - 冯总让我这周把埃安的配置和价格摸清楚，我周五前做个对比表给冯总。
        他说星空蓝四月中旬才有车 问能不能再送一年保养 我说这个我去申请 清明节后第一天给他答复
        - 让小陈明天回访，把充电桩的政策给他说清楚。
        """, date="2026-01-27")
    dues = {line: d.isoformat() for line, d in dues_by_line(facts).items()}
    assert dues[1] == "2026-01-29" and dues[2] == "2026-02-07" and dues[3] == "2026-01-30"
    assert 5 not in dues  # (小陈's task)


def test_a_repair_after_a_slip_is_due_on_its_own_day(one_note):
    # in a slip list: 周二…的时候，把…说成了…，明天上午我打电话更正 (not 周二); 答应…到今天还没发，
    # 明天上午一定发 (the clause after the slip); …看错了，礼拜五打电话改口 narrates the slip
    facts = one_note("""
        ## 自查
        - 周二给王总回电话的时候，把营运证代办周期说成了 5 个工作日，其实要 10 个工作日，明天上午我打电话跟王总更正。
        - 周二答应阿强的金融方案，到今天还没发，明天上午一定发。
        - 王建设那单跑了，说到底是俺礼拜四把车龄看错估高了，礼拜五打电话改口，人家觉得俺不实在。
        """, date="2026-01-21")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {2: "2026-01-22", 3: "2026-01-22"}


def test_a_weekday_after_a_slip_is_a_repair_ahead_unless_the_story_has_passed_it(one_note):
    # on Wednesday 01-21: 周二…说成了…，礼拜五打电话更正 counts on from Tuesday to Friday 01-23,
    # ahead: a repair; 礼拜四…看错了，礼拜五打电话改口 goes on from last Thursday: Friday 01-16, past
    facts = one_note("""
        ## 自查
        - 周二给王总回电话的时候把价格说成了 25 万，礼拜五打电话跟王总更正。
        - 说到底是我礼拜四把车龄看错估高了，礼拜五打电话改口，人家觉得我不实在。
        """, date="2026-01-21")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {2: "2026-01-23"}


def test_a_table_step_counted_back_from_the_event_in_its_time_cell(one_note):
    facts = one_note("""
        | 用户 | 进展 | 下一步 | 时间 |
        | --- | --- | --- | --- |
        | 顾女士 | 今天来锁单 | 约交付时间，前一天把车检查好 | 5/16 交付 |
        | 钱总 | 报价 | 把五一期间的线索分一下 | 5/12 |
        """, date="2026-05-09")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {3: "2026-05-15", 4: "2026-05-12"}


def test_a_set_day_after_a_space_a_told_step_done_in_person_and_an_estimate_lends_no_day(one_note):
    # 交車我跟她約 7/1 禮拜三下午 (a space before the date); 我跟老彭说节后第一天我亲自送过去;
    # 车大概四月二十号左右到 到了我第一时间通知他: the car's estimate is no due (到了: no day)
    facts = one_note("""
        - 她今天來訂了黑色 NX 350h。交車我跟她約 7/1 禮拜三下午。
        - 远程厂家漏发了充电枪，我跟老彭说节后第一天我亲自送过去。
        车大概四月二十号左右到 到了我第一时间通知他
        """, date="2026-06-18")
    dues = dues_by_line(facts)
    assert dues[1].isoformat() == "2026-07-01" and 2 in dues
    assert dues[3] is None


def test_the_first_day_back_narrates_today_and_a_promise_referred_to_in_a_slip(one_note):
    # on the first working day after 五一: 节后第一天就出了岔子 is today; 答应小蒋 5/7 约试驾，我把日子
    # 记成了 5/8: the promise the slip is about; the repair 周六上午十点我在店里等他 is due
    facts = one_note("""
        ## 今日复盘
        节后第一天就出了岔子：答应小蒋 5/7 约试驾，我把日子记成了 5/8，今天他微信问明天几点。跟他道歉，改到周六，周六上午十点我在店里等他。
        """, date="2026-05-06")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {2: "2026-05-09"}


def test_my_step_on_the_day_an_event_was_named_for(one_note):
    # 1 月 30 号开标，那天我带上标书…: my step on the tender's day; 二十二号到了以后我当天就给他打电话
    # (到了以后 is "once it arrives", no lesson); not the customer's 王总说下周三开会定
    facts = one_note("""
        - 1 月 30 号开标，那天我带上标书正本和法人授权书去现场。
        我跟赵哥说了 一月二十二号到了以后我当天就给他打电话约交车的时间
        - 王总说下周三开会定。
        """, date="2026-01-14")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {1: "2026-01-30", 2: "2026-01-22"}


def test_coming_back_is_no_reply_and_a_deadline_after_the_day_back_says_when(one_note):
    # 节后回来我把…整理一下 两个工作日内发她 (04-03, before 清明): 04-07 and 04-08 are the two
    # working days; 后天回来第一件事是给宋振华跑车管所: the day back
    facts = one_note("""
        那我说节后回来我把朗逸的现车和颜色给她整理一下 两个工作日内发她
        明天轮休，后天回来第一件事是给宋振华跑车管所预约上牌。
        """, date="2026-04-03")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {1: "2026-04-08", 2: "2026-04-05"}


def test_a_promise_to_act_once_something_happens(one_note):
    # 批下来了第一时间告诉她 after 我说…，: the reply's dropped 我; such a promise has no day of its
    # own (车要等到月底 says when the car may come), unless a day is named for the event and the
    # promise is for that very day (下周三到…到店当天); 通知我 is someone else's promise to me
    facts = one_note("""
        - 她问贷款批了没有，我说银行还在审，批下来了第一时间告诉她。
        - 车要等到月底，我跟他说车一到我就给他打电话。
        - 物流说下周三到，我答应孙姐到店当天就给她打电话。
        - 厂家说排产下来了第一时间通知我。
        - 我讲有了合适的车头一个发他照片。
        """, date="2026-11-20")
    assert {line: d and d.isoformat() for line, d in dues_by_line(facts).items()} == {
        1: None, 2: None, 3: "2026-11-25", 5: None}


def test_the_writers_shift_on_the_roster_is_no_promise(one_note):
    # 我值…的班 / "I'm on duty" gives the shifts, no deadline; but what the writer does on that
    # day (…的班，那天我把…) and covering a colleague's shift (帮她值半天班) are promises
    facts = one_note("""
        ## 下周安排
        - 店里初一到初三放假，初四上班。我值初五的班。
        - I'm on duty Sat and Mon. Lena has Sunday.
        ## 今天
        经理说：国庆照常营业，我值 2 号跟 5 号的班。
        国庆我值 3 号的班，那天我把孙总的新车上好牌照。
        小周问我能不能替她值周日的班，周日我帮她值半天班。
        """, date="2026-09-24")
    assert {line: d and d.isoformat() for line, d in dues_by_line(facts).items()} == {
        6: "2026-10-03", 7: "2026-09-27"}


def test_a_time_then_the_thing_then_the_writers_act(one_note):
    # 周六上午试驾车我给她留着: the thing comes first, then 我 and the act; not someone's words
    # (周五他说我…)
    facts = one_note("""
        刘姐说周六带她爱人来试驾，我说行，周六上午试驾车我给她留着。
        我说明天下午三点的合同我先打印好两份。
        周五他说我报价太高。
        """, date="2026-11-26")
    assert {line: d and d.isoformat() for line, d in dues_by_line(facts).items()} == {
        1: "2026-11-28", 2: "2026-11-27"}


def test_a_favour_a_colleague_asks_and_the_writer_agrees_to(one_note):
    # the colleague's request (替她…的班, 让我帮他接…, "asked me to cover…") with the writer's yes
    # is the writer's promise, due on the day asked for; a request refused is none
    facts = one_note("""
        - 小吴问我能不能替她下周二下午的班，她孩子开家长会，我说行。
        - 老杨这周六请假，让我帮他接一下他约的试驾，我说没问题。
        - Priya asked me to cover her Thursday 3pm handover. Said sure.
        - 小陈问我能不能帮她顶周日的班，我说不行。
        """, date="2026-11-26")
    assert {line: d and d.isoformat() for line, d in dues_by_line(facts).items()} == {
        1: "2026-12-01", 2: "2026-11-28", 3: "2026-11-26"}


def test_a_time_that_names_a_thing_in_a_plan_item(one_note):
    # under 明日计划, 周六的试驾车 / 月底的回访表 name a thing: the item is tomorrow's
    facts = one_note("""
        ## 明日计划
        - 周六的试驾车排一下，给孙总留一台
        - 月底的回访表还差四个，补上
        - 周五前把报价单发给钱姐
        """, date="2026-11-24")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {
        2: "2026-11-25", 3: "2026-11-25", 4: "2026-11-27"}


def test_of_several_times_in_a_plan_item_the_one_the_act_follows(one_note):
    # 后天孙姐提车，明天把车洗好: the customer's day first, the writer's after it
    facts = one_note("""
        ## 明日计划
        - 后天孙姐提车，明天把车洗好、膜贴好
        - 周五前把报价单发给钱姐，周六他来店里
        """, date="2026-11-24")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {
        2: "2026-11-25", 3: "2026-11-27"}


def test_a_promise_told_with_how_it_was_broken(one_note):
    # 答应…，搞忘了，今天才发 / 答应两天内出，拖到今天才给: a slip told as one, no open promise; a
    # promise with no such tail is still open
    facts = one_note("""
        答应孙姐周一之前把置换方案发她，忘了，今天下午才发。
        答应钱总两天内出报价，拖到今天才给他。
        答应冯哥周五前把保险单发给他。
        """, date="2026-11-26")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {3: "2026-11-27"}


def test_my_own_step_the_day_before_an_appointment_two_sentences_back(one_note):
    # 提车约在腊月廿八上午，…。前一天我…: the writer's step, the day before (腊月廿八 = 2027-02-04)
    facts = one_note("""
        - 贷款批了。提车约在腊月廿八上午，他说那天单位放假。前一天我把车做个精洗、油加满。
        """, date="2027-01-25")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {1: "2027-02-03"}


def test_my_own_step_on_its_own_day_before_the_appointment(one_note):
    # 约了周日上午来看车，周六我先把展车擦干净: the writer's step falls due on Saturday
    facts = one_note("""
        - 约了宋姐周日上午来看车，周六我先把展车擦干净、电充满。
        """, date="2026-06-02")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {1: "2026-06-06"}


def test_english_prep_for_an_event_under_tomorrow_and_a_clock_after_a_day(one_note):
    # under ## Tomorrow: "Wash the X3 for Mrs. Lee's handover on Sunday" is tomorrow's step;
    # "…wants to come on Friday. I'll have the car ready at 10am": Friday's 10am
    facts = one_note("""
        - Mr. Ho asked to see the i5 again on Friday. Fine, I'll have it charged and ready at 10am.

        ## Tomorrow
        - Wash the X3 for Mrs. Lee's handover on Sunday
        """, date="2026-06-02")
    assert {line: d.isoformat() for line, d in dues_by_line(facts).items()} == {1: "2026-06-05", 4: "2026-06-03"}


def test_a_repair_put_off_and_one_sent_over_tomorrow_after_a_slip(one_note):
    # under ## 反思: 回头得跟他更正 is a promise with no day; 明天我重新打印寄过去 is due
    # tomorrow (寄过去: "over to him", not "have sent"); 晚上打过去是空号 tells what happened
    facts = one_note("""
        ## 反思
        - 彭哥问终身保修包不包括电机，我随口说包括，其实只包三电，回头得跟他更正一下。
        - 发票抬头我把公司名写错了一个字，明天我重新打印寄过去。
        - 回访时把号码后两位抄反了，晚上打过去是空号，后来问他同事要了号码。
        """, date="2026-06-02")
    assert {line: d for line, d in dues_by_line(facts).items()} == {2: None, 3: day("2026-06-03")}


def test_a_promise_tied_to_an_event_has_no_day(one_note):
    # 到货了马上通知她 / 批下来了我第一时间告诉他: once it happens, a day nobody knows (an
    # estimate of it, 下月中旬到港, is no day either); 小李说到了通知我: not the writer's
    facts = one_note("""
        - 卢姐问红色什么时候有，我说下月中旬到港，到货了马上通知她。
        - 贷款还在审，批下来了我第一时间告诉他。
        - 车下月中旬到港，到了我第一时间约他来看车。
        - 小李说配件到了通知我。
        """, date="2026-06-02")
    assert dues_by_line(facts) == {1: None, 2: None, 3: None}


def test_a_plan_item_to_be_finished_by_a_day_ahead_is_no_report(one_note):
    # ## 计划: 月底前把…回访做完 is what to finish by then (做完 is no report of work done);
    # 回访做完了 is
    facts = one_note("""
        ## 计划
        - 周五前把上个月战败客户的回访做完
        - 昨天的回访做完了
        """, date="2026-06-02")
    assert dues_by_line(facts) == {2: day("2026-06-05")}


def test_an_english_diary_sentence_that_drops_its_i_before_and_promised(one_note):
    # "Showed her the i5 and promised to…": the writer's promise; "Kelly checked and promised
    # to…" is Kelly's
    facts = one_note("""
        - Showed her the i5 interior and promised to send the finance table by Thursday.
        - Kelly checked the rates and promised to get back to me tomorrow.
        """, date="2026-06-02")
    assert dues_by_line(facts) == {1: day("2026-06-04")}


def test_a_steps_own_date_beside_the_events_date(one_note):
    """- [ ] 11/28 周六上午孙姐交车，11/27 把车检查好: the step the writer does is due on its own day."""
    facts = one_note("""
        ## 跟进
        - [ ] 11/28 周六上午十点孙姐交车，11/27 把车检查好、贴膜
        """, date="2026-11-25")
    assert dues_by_line(facts) == {2: day("2026-11-27")}


def test_eod_before_an_english_day_in_a_line_with_a_chinese_word(one_note):
    """"by EOD Friday" keeps its Friday though the line quotes a Chinese term (车船税)."""
    facts = one_note("""
        Mr. Fung asked how the vehicle tax (车船税) is paid. I'll send him the breakdown by EOD Friday.
        """, date="2026-11-23")
    assert [c.due for c in facts.commitments] == [day("2026-11-27")]


def test_a_clock_time_in_chinese_numerals_under_tomorrow_is_tomorrows(one_note):
    facts = one_note("""
        明天：
        - 九点前把韩先生的购车合同打印好
        """, date="2026-11-23")
    assert [c.due for c in facts.commitments] == [day("2026-11-24")]


def test_english_plan_labels_a_weekday_of_next_week_and_a_deadline(one_note):
    """`Mon:` on a Saturday is next Monday's plan; `To do by end of the month:` is due the 31st."""
    facts = one_note("""
        Hans signed! 定金 2w.

        Mon:
        - Sophie: ask Steven about company-registered 回购

        To do by end of the month:
        - 7 月 CRM 里的 lead 全部更新
        """, date="2026-07-18")
    assert dues_by_line(facts) == {4: day("2026-07-20"), 7: day("2026-07-31")}


def test_a_bare_weekday_heading_of_the_notes_own_week_is_a_diary_section(one_note):
    facts = one_note("""
        ## 周三
        - 陪王总试驾了汉EV，对续航比较满意
        ## 周四
        - 李女士来看车，聊了一个小时
        """, date="2026-07-20")
    assert facts.commitments == ()


def test_an_english_clause_then_a_chinese_one_starts_the_writers_sentence(one_note):
    facts = one_note("""
        Her husband Arjun Nair drives a Model Y and wants to compare. 约了他们 this Sat 10am 来试驾 MIX。

        邱女士's son can't come this Sat after all, 改约了下周二晚上七点，我那天晚班。

        Hans wants the white one, 他说下周再来看看。
        """, date="2026-07-13")
    dues = dues_by_line(facts)
    assert dues[1] == day("2026-07-18") and dues[3] == day("2026-07-21")
    assert 5 not in dues  # his own plan, after his clause


def test_a_chinese_weekday_label_of_next_week_is_that_days_plan(one_note):
    facts = one_note("""
        王总下午来签了合同。

        周一：
        - 给王总送发票
        """, date="2026-07-18")  # a Saturday
    assert dues_by_line(facts) == {4: day("2026-07-20")}


def test_the_writers_own_step_on_its_own_day_before_the_appointment(one_note):
    """约了小郭明天上午十点来试驾，今天晚上我的把试驾车电充满 (的 for 得, dictated): tonight's step is the
    line's promise; a step someone else takes (物流把车送到) leaves the appointment's day."""
    facts = one_note("""
        约了小郭明天上午十点来试驾枭龙，今天晚上我的把试驾车电充满。

        我跟吴教授约了 28 号上午十点交车，27 号晚上我来店里把车检查一遍。

        我跟卢女士约了 28 号上午十点交车，27 号物流把车送到店里。

        我跟他约了 1 Aug (Sat) 上午交车 — his parents land on the 8th. I'll do the PDI on the 31st when it lands.
        """, date="2026-07-09")
    assert dues_by_line(facts) == {1: day("2026-07-09"), 3: day("2026-07-27"), 5: day("2026-07-28"),
                                   7: day("2026-07-31")}


def test_a_bare_day_in_the_time_cell_is_the_counted_back_steps_own(one_note):
    facts = one_note("""
        | 客户 | 意向车型 | 进度 | 下一步 | 时间 |
        | --- | --- | --- | --- | --- |
        | 陶叔 | i6 | 约好了周五上午十点试驾 | 试驾前一天把 i6 四驱试驾车充满 | 8/13 |
        | 葛先生 | L7 | 定了 | 约交付时间，前一天把车检查好 | 8/16 交付 |
        """, date="2026-08-11")
    assert dues_by_line(facts) == {3: day("2026-08-13"), 4: day("2026-08-15")}


def test_a_plan_item_whose_month_names_a_thing_keeps_the_headings_day(one_note):
    facts = one_note("""
        **明日计划**
        1. 九月上半月组里的数据整理好发何总。
        2. 问何总韩总十月优惠的事。
        3. 七夕活动的邀约名单报给店长。
        4. 十月底前把卢女士的车交了。
        """, date="2026-09-20")
    assert dues_by_line(facts) == {2: day("2026-09-21"), 3: day("2026-09-21"), 4: day("2026-09-21"),
                                   5: day("2026-10-31")}


def test_a_colleague_opening_the_clause_sets_his_own_appointment(one_note):
    """林琳约她周四来签合同 is 林琳's appointment (a colleague from the config); the lead's own
    clause after a colleague's (…我跟大伟说那天我跟你一块儿去) keeps the day named before it."""
    facts = one_note("""
        陈女士的贷款批下来了，林琳约她周四来签合同。
        卢女士的贷款批下来了，我约她周四来签合同。
        大伟跟冯总约了五月八号上午交车，我跟大伟说那天我跟你一块儿去他公司。
        """, date="2026-04-28", colleagues=frozenset({"林琳", "大伟"}))
    assert dues_by_line(facts) == {2: day("2026-04-30"), 3: day("2026-05-08")}


def test_a_dictated_paragraph_opened_by_tomorrows_business_and_told_promises(one_note):
    """明天的事，… dates the whole paragraph; 我跟他说节后第一天肯定能交 and 我跟她说国庆后三个工作日内给她交车
    are told promises; 我说那明天下午两点半我在店里等你，手续一块办了 is a plan, its 了 no report;
    过两天我在给您打个电话 (在 for 再) has no day; 今天的事，… is no plan."""
    facts = one_note("""
        明天的事，上午去二手车老孟那问一下刘哥那台旧车大概能估多少，下午把展厅那台白色大狗洗的干干净净的。

        今天的事，上午跑了两趟车管所，下午接待了三批客户。

        调车要三四天，中秋前来不及，我跟他说节后第一天肯定能交。

        他说明天来交首付，我说那明天下午两点半我在店里等你，手续一块办了。

        他说还的跟家里商量商量，礼拜四之前给我回话，我说行，过两天我在给您打个电话问问。

        周一打电话约他，他说已经在别家交了定金了。
        """, date="2026-09-22")
    assert dues_by_line(facts) == {1: day("2026-09-23"), 5: day("2026-09-28"), 7: day("2026-09-23"), 9: None}


def test_a_leads_own_visit_before_the_rescheduled_delivery(one_note):
    facts = one_note("""
        - 跟她商量改到下周二上午交，我说下周一下午我亲自去钣喷车间盯着，弄好了拍照片给她。
        - 跟他约了下周二上午交车，下周一物流去钣喷车间拉车。
        """, date="2026-01-09")
    assert dues_by_line(facts) == {1: day("2026-01-12"), 2: day("2026-01-13")}


def test_a_team_leads_orders_requests_and_the_morning_meeting_are_not_his_promises(one_note):
    """晨会：…这周必须追到 8 台 is what the meeting said; 让大周… under 明日计划 hands the task to the
    team (大周 has customers of his own); 需要售后排一下 asks another department; 筹备会开到六点 is a
    meeting, not 会 + an action. His own items stay."""
    facts = one_note("""
        **今日完成工作**
        1. 晨会：九月组里目标 18 台，这周必须追到 8 台。
        2. 大周的客户冯老板要两台 V 260。
        3. 卢晓雯的车国庆期间要做 PDI，需要售后排一下。
        4. 七夕活动筹备会开到六点，店长让我负责布置交车区。
        5. 晨会：我说这周我把战败客户都回访一遍。

        **明日计划**
        1. 让大周上午给冯老板打个电话，说价格我们认。
        2. 上午陪小王去刘总公司，当面谈置换价。
        3. 准备吴经理公司三台车的购车合同文本，烦请郑经理审核。
        """, date="2026-09-16")
    assert sorted(dues_by_line(facts)) == [6, 10, 11]


def test_the_writers_act_when_the_customer_comes_by_on_the_day(one_note):
    """我跟张磊说这礼拜六他回来的时候我把两台试驾车都给他留着; 下礼拜一他路过店里我在给他弄 (在 for 再);
    not 这礼拜六他回来的时候带媳妇一起来 (his plan)."""
    facts = one_note("""
        我跟张磊说这礼拜六他回来的时候我把大狗和H6两台试驾车都给他留着。

        给他打电话说了，下礼拜一他路过店里我在给他弄。

        张磊说这礼拜六他回来的时候带媳妇一起来看车。
        """, date="2026-07-07")
    assert dues_by_line(facts) == {1: day("2026-07-11"), 3: day("2026-07-13")}


def test_an_events_day_is_no_tally_up_to_today(one_note):
    """8 月到今天 7 台。…我答应交车那天送她两个靠垫，周五前去精品部领: the errand's own day; 宝来下礼拜四
    交车。我答应交车那天… still points at Thursday."""
    facts = one_note("""
        **小结**：8 月到今天 7 台，还差 3 台。程姐说家里老人坐第三排怕颠，我答应交车那天送她两个靠垫，周五前去精品部领。

        宝来下礼拜四交车。我答应交车那天给他孙子整个大礼包。
        """, date="2026-08-24")
    assert dues_by_line(facts) == {1: day("2026-08-28"), 3: day("2026-09-03")}


def test_a_plan_item_naming_the_thing_someone_wants_is_the_writers(one_note):
    facts = one_note("""
        To do by end of the month:
        - The expat customer list Steven wants for the August event
        - 客户说下周再来看看
        """, date="2026-07-23")
    assert dues_by_line(facts) == {2: day("2026-07-31")}


def test_typed_bullets_under_a_beijing_tomorrow_label_are_its_items(one_note):
    """iPhone Notes' • bullets are list items: under `明儿：` they are tomorrow's to-dos; under
    `这礼拜：` this week's (undated ones due on its Sunday). A diary's `## 本周` stays a section
    that reports, not a plan."""
    facts = one_note("""
        12月14日 礼拜一 晴

        • 刘姐上午来的，看CT5 28T豪华型。

        明儿：
        • 给刘姐出CT5的金融方案
        • 上午把锐歌试驾车送去洗

        这礼拜：
        • 二十九号下午 金总XT6检查、贴膜
        • 战败分析交马经理
        """, date="2026-12-28")
    assert dues_by_line(facts) == {6: day("2026-12-29"), 7: day("2026-12-29"),
                                   10: day("2026-12-29"), 11: day("2027-01-03")}
    facts = one_note("""
        ## 本周
        - 鑫源王总：厂家大客户政策没批下来，他 5 台订了江淮。战败。
        """, date="2026-08-27")
    assert dues_by_line(facts) == {}


def test_beijing_day_words_date_the_writers_promise(one_note):
    facts = one_note("""
        • 小齐说冬天电车掉电厉害。我说冬天续航的事我转天把锐歌冬季实测的数据发他。
        • 我跟马骁说更新指标要准备的材料，我大后儿之前整理个清单发他。
        """, date="2026-12-19")
    assert dues_by_line(facts) == {1: day("2026-12-20"), 2: day("2026-12-22")}


def test_a_weekly_file_counts_each_days_time_words_from_that_day(one_note):
    """A file per week (`## 周一` … `## 周六`): 明天 under `## 周四` is Friday; `## 下周` after the
    last day is written then, so its `周一：` is next Monday; a day label `周一：` is no colleague
    called 周一 whose task it would be."""
    facts = one_note("""
        # W17 · 4/20 – 4/25

        ## 周一
        - 郑女士想等五一的政策。我说五一政策一出来我第一时间发她企微。

        ## 周三
        - 刘总的车机有点卡，我跟刘总说明天上午帮他约服务中心看一下。

        ## 周四
        - 林先生问交付能不能快点，我说明天上午去问交付的阿杰，给他个准信。

        ## 下周
        - 周一：Tony 金融方案 + 思域评估价
        """, date="2026-04-20")
    assert dues_by_line(facts) == {4: None, 7: day("2026-04-23"), 10: day("2026-04-24"),
                                   13: day("2026-04-27")}


def test_a_customers_condition_answered_by_the_writer_does_not_bind_the_writers_promise(one_note):
    facts = one_note("""
        他说要是能优惠三万就定，我说我明儿上午找马经理。
        要是他同意，我明天上午把合同打出来。
        """, date="2026-12-17")
    assert dues_by_line(facts) == {1: day("2026-12-18")}


def test_a_ledgers_label_over_plain_lines_and_a_latin_name_told(one_note):
    """`要办：` opening a paragraph of plain lines heads them (a ledger has no list markers); 我跟
    Tony 说… is the writer telling Tony, not Tony speaking; `- [ ] 周一上午：…` is the writer's task for
    Monday morning, no line of a colleague called 周一上午."""
    facts = one_note("""
        账：
        收 胖子定金 2000 微信

        要办：
        周五前盯着孙经理把黑色CS75PLUS调过来
        李庄老李那边 回头再打个电话

        - 我跟 Tony 说下周一中午前把 P7+ 的金融方案和他那台思域的评估价一起发他。
        - [ ] 周一上午：刘志鹏 型格最终优惠
        """, date="2026-03-25")
    assert dues_by_line(facts) == {5: day("2026-03-27"), 6: None, 8: day("2026-03-30"), 9: day("2026-03-30")}


def test_a_repair_put_off_to_tomorrow_with_an_adverb_between(one_note):
    """…说秃噜了，明儿一块儿跟她更正: 一块儿 (together) between the day and the act."""
    facts = one_note("""
        今儿栽的：
        • 刘姐问CT5的油耗，我张嘴就说百公里六个油，回来一查是七点八，说秃噜了，明儿一块儿跟她更正。
        """, date="2026-12-14")
    assert dues_by_line(facts) == {2: day("2026-12-15")}


def test_a_told_promise_for_when_the_writer_has_time_has_no_day(one_note):
    facts = one_note("""
        • 钱先生想换京牌又没指标。我说等我有空把用家里人指标买车的流程整理一份发他。
        """, date="2026-12-19")
    assert dues_by_line(facts) == {1: None}


def test_a_pasted_chat_is_read_by_who_sent_each_message(one_note):
    """`黄志明 14:06：好，合同我节后签` is the customer's; `我 10:31：好的，明天上午我把合同打印好` the
    writer's promise; `我 09:30：梁哥，续航对比发您了` only reports; `我 09:31：我让小覃做个方案` hands
    the errand on."""
    facts = one_note("""
        黄志明 14:06：好，合同我节后签
        我 10:31：好的，明天上午我把合同和配置确认单打印好
        我 09:30：梁哥，知音两个版本的续航对比发您了
        我 09:31：有的覃哥，我让小覃做个方案，做好她直接发您
        阿杰不熬夜 10:10：好，周五放假，我们周四晚上去提行不行
        """, date="2026-09-24")
    assert dues_by_line(facts) == {2: day("2026-09-25")}


def test_a_customers_field_block_dates_the_next_step_by_its_time_field(one_note):
    facts = one_note("""
        ### 王哥（王建新）
        - 进展：上午试驾豹8，很满意，嫌29.98万贵
        - 下一步：我把豹8的金融方案和置换方案一起发他
        - 时间：明天中午前

        ### 孙总
        - 下一步：我做3台钛7的集采报价，找马经理批特价
        - 时间：周五前
        """, date="2026-06-24")
    assert dues_by_line(facts) == {3: day("2026-06-25"), 7: day("2026-06-26")}


def test_a_customers_quoted_words_are_hers_to_the_end_of_the_quote(one_note):
    """A sentence split inside `她说：“…。”` keeps the quote's 我 as the speaker: no takeover by
    the writer until the quote closes; the writer's own quote (`我说：“…”`) is the writer's."""
    facts = one_note("""
        她说：“我今天就是来试驾的，我老公下礼拜再来看。”
        顾姐说：“小何，我下个月介绍我妹妹来买车。”
        他说：“行，那我周六来，你把车准备好”，我说周五下午我把车洗好。
        我说：“好的，明天我给您送过去。”
        """, date="2026-09-14")
    assert dues_by_line(facts) == {3: day("2026-09-18"), 4: day("2026-09-15")}


def test_a_half_months_file_counts_each_days_time_words_from_its_dated_heading(one_note):
    """A veteran's `2026-05上.md`: `## 5月2日（周六 值班）` … one heading per day; 节后第一天 and
    明天 count from the day they were written under, `端午前要办：` dates the items it heads."""
    facts = one_note("""
        ---
        month: 2026-05
        date: 2026-05-01
        ---
        ## 5月2日（周六 值班）
        节后第一天给孔先生打电话 更正油耗
        ## 5月6日（周三）
        两个工作日内给孔先生出个置换加贷款方案
        ## 5月9日 周六
        明天上午找保险公司把划痕险加上
        端午前要办：副总揽境再约一次
        """, date="2026-05-01")
    assert dues_by_line(facts) == {6: day("2026-05-06"), 8: day("2026-05-08"),
                                   10: day("2026-05-10"), 11: day("2026-06-18")}


def test_a_veterans_shorthand_ledger_line_ends_on_his_own_act(one_note):
    """Telegraphic lines with spaces for commas: the chunk that opens on its day after a space
    is the writer's act (`明电催` = 明天打电话催); 电 before a person is a call; a chunk after
    someone else speaks is theirs, and a day that is a verb's object (排到 28号交车) is a status."""
    facts = one_note("""
        孔先生流水还没交 明电催
        张总要置 旧帕萨特 老马估 8.5 周三前给他正式置换方案
        节后第一天电孔先生 更正油耗
        杜姐 他说 11号前给我答复
        赵老师的艾瑞泽8 排到 28号交车
        说明电池的质保 他说没问题
        """, date="2026-04-27")
    assert dues_by_line(facts) == {1: day("2026-04-28"), 2: day("2026-04-29"), 3: day("2026-05-06")}


def test_a_to_do_called_off_by_its_own_later_words_or_struck_through_with_a_reason(one_note):
    """`- [ ] ～～…～～ 来不及了` (a Chinese keyboard's tildes) and `- [ ] ~~…~~ 用旧的` are
    dropped; so is a to-do whose later words call it off (不用打了, 菏泽店说不要了). A struck word
    with its correction after it is still to do; 说贴膜不要了 is what to tell him."""
    facts = one_note("""
        - [ ] 给刘二哥打电话问他牛卖了没 不用打了 他自己来了
        - [ ] ～～集上的易拉宝找人重新印～～ 来不及了 用旧的
        - [ ] ~~周五前把宣传单重新印一遍~~（厂家给了新的）
        - [ ] 上半年二网销量统计 菏泽店说不要了
        - [ ] ~~周三~~ 周四给王总打电话
        - [ ] 明天给王总打电话，说贴膜不要了
        """, date="2026-06-12")
    assert sorted(by_line(facts)) == [5, 6]


def test_dictated_topic_labels_with_a_space_for_the_comma(one_note):
    """The phone's dictation puts no comma: `明天的事 上午…下午…` is tomorrow's plan and
    `今天的问题 …我说的六百三 其实…` today's slip, though a customer opens its words."""
    facts = one_note("""
        明天的事 上午去车管所拿孟师傅的牌 下午把刘姐要看的两台车挪到展厅
        今天的问题 赵老师问续航 我说的六百三 其实她看的那个版本是五百一十五 回来一查才发现的
        """, date="2026-11-16")
    assert dues_by_line(facts) == {1: day("2026-11-17")}
    assert [m.source.line for m in facts.mistakes] == [2]


def test_the_writers_step_the_day_before_an_appointment_on_a_ledger_line(one_note):
    """约他下周三上午来提车 前一天我跟小张把两台车洗好: the step counted back from the appointment
    is due the day before, on a comma-less line too; `前一天把车洗好` after a comma drops its 我."""
    facts = one_note("""
        马师傅两台速腾 副刹装好了 约他下周三上午来提车 前一天我跟小张把两台车洗好
        我说 17 号上午我在店里等他，前一天把车洗好、膜贴好。
        我跟他约的下周四下午交车 就是四月九号 前一天我把车检查一遍
        """, date="2026-04-03")
    assert dues_by_line(facts) == {1: day("2026-04-07"), 2: day("2026-04-16"), 3: day("2026-04-08")}


def test_an_english_writers_deadlines_and_a_promise_refused(one_note):
    """`before 五一` is 五一前; `this evening` is today; `before Sun Yue comes` names a
    person, no Sunday; "I can't promise" is no promise, but a later "I'll…" in the sentence is."""
    facts = one_note("""
        - [ ] Mr. Zhang: order form + deposit account, before 五一
        - [ ] charge and wash the blue NX tomorrow afternoon, before Sun Yue comes
        - I'll send Auntie Chen our May offer (0% for 24 months) this evening.
        - Wang Zong asked for 8% off. Told him I can't promise that, it's above my level.
        - I told him I can't promise before Friday, but I'll push and give him an answer by Thursday.
        """, date="2026-04-28")
    assert dues_by_line(facts) == {1: day("2026-04-30"), 2: day("2026-04-29"), 3: day("2026-04-28"),
                                   5: day("2026-04-30")}


def test_questions_to_herself_replies_reported_and_an_invitation_put_off(one_note):
    """为什么我一紧张就忘事？ is no plan; 钱老板回了一句：“我…下周给你们信” is his; 到了我马上给她
    打了电话 is done; 改天再约他 is a promise with no day."""
    facts = one_note("""
        晚上回家想了想，为什么我一紧张就忘事？
        钱老板回了一句：“我再想想，下周给你们信。”
        李姐的 M8 上午到店了，到了我马上给她打了电话。
        Kevin 说还是太贵，考虑再等等。改天再约他。
        """, date="2026-11-04")
    assert dues_by_line(facts) == {4: None}


def test_an_act_on_the_day_something_arrives_is_due_that_day_when_the_day_is_named(one_note):
    """厂家说26号到 到了当天我电他: the call is due the 26th; 车礼拜三…调到店 到了当天我就给孟师傅
    打电话 is due Wednesday; 交车定5月9号 调休那天 前一天我把PDI做完 (做完 with no 了: how the
    step ends) is due the day before."""
    facts = one_note("""
        刘老师 电 问车到了没 厂家说26号到 到了当天我电他
        孟师傅的牌明天出 车礼拜三从仓库调到店 到了当天我就给孟师傅打电话约提车
        交车定5月9号 调休那天 前一天我把PDI做完
        """, date="2026-04-27")
    assert dues_by_line(facts) == {1: day("2026-05-26"), 2: day("2026-04-29"), 3: day("2026-05-08")}


def test_a_day_ahead_with_the_work_ending_in_no_le_is_a_plan(one_note):
    """周五上午我跟小李一起把 PDI 做完、膜贴好: a day ahead, and 做完 with no 了 is how the plan ends;
    这周回访都按时完成 (this week, now) reports."""
    facts = one_note("""
        - 周五上午我跟小李一起把 PDI 做完、膜贴好。
        - 这周回访都按时完成，没出错
        """, date="2026-11-25")
    assert dues_by_line(facts) == {1: day("2026-11-27")}


def test_an_english_weekday_label_on_a_line_dates_its_item(one_note):
    """On a Saturday, `Mon: …` is the coming Monday's item, under a plan heading or with an act."""
    facts = one_note("""
        ## Next week
        - Mon: RX truck schedule → call 张伟 with the day
        - Mon: dash cam stock → Auntie Chen
        """, date="2026-05-09")
    assert dues_by_line(facts) == {2: day("2026-05-11"), 3: day("2026-05-11")}


def test_documents_named_for_promises_the_bosss_promise_and_a_chat_report(one_note):
    """承诺书 and 投标保证金 are a document and money, no promise; under 明日计划 with the day in an
    aside, 王总答应… is the boss's; `我 09:30：…发您了[图片]` only reports."""
    facts = one_note("""
        1. 三年免费保养承诺书已起草，待王总签字盖章。
        2. 投标保证金今日下午已缴纳。
        二、明日计划（10月10日，周六调休上班）
        1. 上午将承诺书报王总签字盖章。
        2. 王总答应节后第一天与厂家通话，落实支持价。
        我 09:30：梁哥，两个版本的续航对比发您了[图片]
        """, date="2026-10-09")
    assert dues_by_line(facts) == {4: day("2026-10-10")}


def test_the_writer_setting_off_at_a_time_told(one_note):
    facts = one_note("""
        我跟胖子说明天上午九点半我从店里出发 开过去也就半个钟头
        """, date="2026-03-27")
    assert dues_by_line(facts) == {1: day("2026-03-28")}


def test_a_renewal_call_counted_back_from_the_expiry_the_line_names(one_note):
    """The policy's expiry is no due; 到期前三天 / 到期前一周 counts back from it, and the writer's
    call then is the promise; 节后再联系我 is the customer's."""
    facts = one_note("""
        - 陈师傅的营运险 4月20号到期，到期前三天我再给他打一次。
        - 周女士（陈师傅老婆）5月8日到期，到期前一周我再打给她。
        - 她说节前不买了，节后再联系我。
        """, date="2026-03-23")
    assert dues_by_line(facts) == {1: day("2026-04-17"), 2: day("2026-05-01")}


def test_a_line_tagged_todo_is_a_to_do(one_note):
    facts = one_note("""
        - 于老师想 3 月 8 号妇女节那天提车，我说没问题，那天上午我在店里等她 #todo
        - 于老师说她下午还要去接孩子 #客户/于老师
        """, date="2026-02-26")
    assert dues_by_line(facts) == {1: day("2026-03-08")}


def test_a_reminder_to_oneself_with_its_day_is_a_promise(one_note):
    """别忘了周五前把…录进系统 is the writer's to-do; 下次别忘了带名片 is a lesson; 昨天忘了… a slip."""
    facts = one_note("""
        - 别忘了周五前把刘哥的试驾回访录进系统。
        - 下次别忘了带名片。
        - 昨天忘了给刘哥回电话。
        """, date="2026-03-23")
    assert dues_by_line(facts) == {1: day("2026-03-27")}


def test_an_english_promise_that_opens_the_sentence_and_asks_whether(one_note):
    """"Promised 张伟 to check with regional if we can get…": the diary's dropped I, and an
    embedded question (check … if), no condition; "If he signs, I'll call him" stays one."""
    facts = one_note("""
        - Promised 张伟 to check with regional if we can get a white RX before June, and to get back to him 周二前.
        - If he signs on Friday, I'll call the bank on Monday.
        """, date="2026-04-25")
    assert dues_by_line(facts) == {1: day("2026-04-28")}
