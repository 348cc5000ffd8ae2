"""Notes in traditional characters and in Cantonese: read by the same rules, quoted as written."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from notes2insight.extract.customers import is_full_name, surname_of
from notes2insight.text.script import SPEECHES, reading

HONG_KONG_WEEK = {
    "ahfai/2026-07-06.md": """
        # 7月6號（禮拜一）

        朝早十點陳生同佢老婆嚟睇D9，試咗成四十分鐘車。陳生個名叫陳志明。
        陳生問可唔可以送多一年保養，我話要問下經理先，聽日覆佢。
        李太琴日WeChat問N7有冇白色現車，我今日下晝先覆佢，覆遲咗成日。
        今日收訂金嗰陣唔記得叫何生簽訂金確認書。
        """,
    "ahfai/2026-07-08.md": """
        # 7月8號

        黃小姐話報價單收到，但嫌貴，佢話月尾先決定。
        陳生話佢老婆都鍾意，下個禮拜三前我send合同俾佢睇。
        """,
}


def test_a_cantonese_note_in_traditional_characters(extract):
    vault = extract(HONG_KONG_WEEK)
    first, second = vault.notes
    # forms of address read as people, full names as written, 陳生 folded to the name he gave
    assert first.customers == ("陳志明", "李太", "何生")
    assert {m.surface for m in first.mentions} >= {"陳生", "李太", "何生"}
    assert second.customers[0] == "黃小姐" and "陳志明" in second.customers
    # the writer's promises, due from 聽日 and 下個禮拜三, quoted as the writer wrote them
    due = {c.source.line: (c.due, c.text) for c in first.commitments}
    assert due[4][0] == dt.date(2026, 7, 7) and "聽日覆佢" in due[4][1]
    later = {c.source.line: c.due for c in second.commitments}
    assert later == {4: dt.date(2026, 7, 15)}  # 黃小姐's 月尾先決定 is her plan, not a promise
    # 唔記得 is 忘了; the mistake is quoted in traditional characters
    assert [(m.source.line, m.text[:6]) for m in first.mistakes] == [(6, "今日收訂金嗰")]


def test_a_note_in_simplified_characters_reads_as_written():
    text = "---\ncustomers: [王建国]\n---\n今天王总来看车，我答应明天给他发报价单。\n话费和电话都没问题。\n"
    assert reading(text) == (text, False, False)


def test_regional_words_need_a_note_in_that_speech():
    # 係 and 同佢 mean something else in Mandarin; 车太贵 is no person; 阿拉伯数字, 好额度, 安逸,
    # 要得到 and 伊兰特 are Mandarin
    text, _, cantonese = reading("关係不错，价格太贵，车太贵了。")
    assert not cantonese and "係" in text
    mandarin = "合同金额用阿拉伯数字写，银行给了个好额度，客户想过安逸日子，我们要得到他的信任，他开伊兰特。"
    assert reading(mandarin) == (mandarin, False, False)


def test_changsha_speech_reads_gang_as_say_but_not_a_harbour():
    text, _, _ = reading("刘满哥问纯电能跑好远，我顺口港成了 300 公里，明朝跟他港清楚。他在香港和海港城都有店，冇得问题。")
    assert text == "刘满哥问纯电能跑好远，我顺口说成了 300 公里，明天跟他说清楚。他在香港和海港城都有店，没有问题。"
    assert reading("我们港口的物流车队下礼拜来看车。")[0] == "我们港口的物流车队下礼拜来看车。"  # no 长沙 word


@given(st.text(alphabet=st.sampled_from(list("陳生話聽日覆佢唔記得應承咗嘅我今日下晝係同冇 \nabc12，。"
                                             "王总报价单後天們個這說")), max_size=200))
def test_a_reading_keeps_every_line_and_its_length(text):
    read, _, _ = reading(text)
    assert [len(line) for line in read.split("\n")] == [len(line) for line in text.split("\n")]


def test_replacements_keep_their_length_and_names_keep_their_surname():
    assert all(len(k) == len(v) for speech in SPEECHES for k, v in speech.words.items())
    assert surname_of("黃詠詩") == surname_of("黄小姐") == "黄"
    assert is_full_name("黃詠詩") and not is_full_name("陳生") and not is_full_name("李太")


def test_shanghainese_and_sichuanese_notes_read_as_mandarin(extract):
    vault = extract({
        "wenjie/2026-03-16.md": """
            - 张爷叔今朝又来了，伊看中途观L。我搭伊讲明朝下半日把价钱对比表打出来。
            - 张爷叔身份证上名字叫张国强。
            - 陆先生电话里问置换补贴，我讲要问一问经理，后日回伊电话。
            """,
        "tangmei/2026-06-08.md": """
            - 刘嬢嬢大名刘素芬，今天莫得空，约起这个星期六上午来试驾。
            - 给杨总开定金收据，今天又搞忘了。
            """,
    })
    shanghai, sichuan = sorted(vault.notes, key=lambda f: f.path, reverse=True)
    assert shanghai.customers == ("张国强", "陆先生")  # 张爷叔 (Shanghai's uncle) named on line 2
    assert {c.source.line: c.due for c in shanghai.commitments} == {
        1: dt.date(2026, 3, 17), 3: dt.date(2026, 3, 18)}  # 明朝下半日, 后日
    assert "我搭伊讲明朝下半日" in shanghai.commitments[0].text  # quoted as written
    assert sichuan.customers[0] == "刘素芬"
    assert {c.source.line: c.due for c in sichuan.commitments} == {1: dt.date(2026, 6, 13)}
    assert [m.source.line for m in sichuan.mistakes] == [2]  # 搞忘了


def test_shaanxi_e_is_the_writer_only_where_it_stands_as_a_word():
    from notes2insight.text.script import reading

    read, _, _ = reading("额明儿上午克他小区看车。叫额这礼拜过去。金额不对，额度够，名额满了，额外送膜。\n")
    assert read == "我明儿上午去他小区看车。叫我这礼拜过去。金额不对，额度够，名额满了，额外送膜。\n"
    assert reading("这个金额不对，额外送膜。\n")[0] == "这个金额不对，额外送膜。\n"  # no 额 as 我: Mandarin


def test_cantonese_thanks_is_no_should_not():
    from notes2insight.text.script import reading

    assert reading("唔该晒阿琪帮我睇住\n")[0] == "谢谢你阿琪帮我看住\n"


def test_cantonese_says_with_hua_but_a_phone_call_stays_one():
    read, _, cantonese = reading("黄小姐问礼拜六仲算唔算，我话算，十点喺店度等佢。佢话要打电话畀屋企人。\n")
    assert cantonese
    assert read == "黄小姐问礼拜六仲算不算，我说算，十点在店里等他。他说要打电话给家里人。\n"


def test_cantonese_kin_and_papers_read_as_mandarin(one_note):
    """梁太同佢个仔梁志豪 (her son) is a customer of his own, as 她儿子梁志豪 is; 合同上面个名系
    区咏诗 reads as the name on the paper."""
    facts = one_note("梁太同佢个仔梁志豪一齐嚟睇奇骏，梁志豪揸车。\n", date="2026-05-18")
    assert set(facts.customers) == {"梁太", "梁志豪"}
    assert reading("区小姐嚟签咗合同，合同上面个名系区咏诗。\n")[0] == "区小姐来签了合同，合同上面的名是区咏诗。\n"


def test_a_diary_written_to_oneself_reads_its_you_as_the_writer(one_note):
    """你今天又…, 明天上午你记得…: in a note that talks to itself, 你 is the writer — but a
    customer's quoted 你 is the customer speaking to the writer, and a note with 我 as its
    subject keeps 你 as whoever it is."""
    text = ("- 你今天又把王姐的报价算错了。\n- 明天上午你记得给李总回电话。\n"
            "- 王姐说：“你把落地价算好，我周末来。”\n- 你答应她周五前把合同送过去。你别再拖了。\n")
    read = reading(text)[0]
    assert read.startswith("- 我今天又把王姐的报价算错了。\n- 明天上午我记得给李总回电话。\n")
    assert "“你把落地价算好，我周末来。”" in read
    assert reading("我跟他说你放心，明天我给你送过去。你别急，你等我电话，你看行不行。\n")[0].startswith("我跟他说你放心")
    facts = one_note(text, date="2026-03-25")
    assert {c.source.line: c.due for c in facts.commitments} == {2: dt.date(2026, 3, 26), 4: dt.date(2026, 3, 27)}
    assert [m.source.line for m in facts.mistakes] == [1]
