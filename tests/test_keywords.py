"""The week's keywords: per-note term counts by dictionary lookups, TF-IDF over a period.

Speed (note_terms vs Segmenter.cut) is measured outside the test suite: timing asserts are flaky.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from notes2insight.text.keywords import (
    DOMAIN_WORDS,
    STOP_WORDS,
    document_frequencies,
    note_terms,
    top_keywords,
)

# One week of a salesperson's notes (the period) ...
WEEK = [
    """## 客户跟进
- 王总来试驾宋PLUS，觉得落地价有点高，21号再来。下午给他重新做了报价，置换车评估 6w。
- 李女士问金融贴息，首付三成，月供 4200 左右。答应明天把贷款方案发给她。
## 明日计划
- [ ] 上午给王总打电话确认置换补贴
""",
    """今天比较忙。上午张伟来试驾秦L，对续航很满意，报价 15.58 万，他说还要和家里商量。
下午陪李女士试驾，她还是觉得首付高，想等国庆优惠。晚上把报价单发给王总，置换补贴按 5000 算。
""",
    """## 客户跟进
- 王总决定置换，旧车评估价 6.2 万，报价确认后下周订车，定金 5000。
- 张伟再次试驾，问了保养和质保政策。
- 新客户刘先生到店看海豹06，约了周六试驾。
## 失误
- 忘了给李女士回电话。
""",
]
# ... and the rest of the vault, which sets document frequencies.
BACKGROUND = [
    "今天在店里值班，整理了一下库存车的资料，下午开会。",
    "上午开早会，店长讲了这个月的目标。下午没什么客户，整理客户档案。",
    "孙浩提车，交车仪式很顺利，拍了交车照片。",
    "周末车展，接待了三组客户，留了两个电话。",
    "今天休息。",
    "陈哥来做首保，顺便看了看新车型，说明年再换车。",
    "给三个老客户做了回访，一个想换车，两个暂时不考虑。",
    "厂家培训，学习新车型的卖点和竞品对比。",
]
NUMBERISH = re.compile(r"^[0-9.,:%]+[a-zA-Z]{0,3}$|^[零〇一二两三四五六七八九十百千万亿几半多第]+.?$")


def _vault_terms(segmenter) -> list[dict[str, int]]:
    return [note_terms(text, segmenter) for text in WEEK + BACKGROUND]


def _week_keywords(segmenter, top: int = 10) -> list[tuple[str, float]]:
    notes = _vault_terms(segmenter)
    period: Counter[str] = Counter()
    for terms in notes[:len(WEEK)]:
        period.update(terms)
    return top_keywords(period, document_frequencies(notes), len(notes), top)


# --------------------------------------------------------------------------------------------
# The week's keywords
# --------------------------------------------------------------------------------------------


def test_week_keywords_are_domain_terms(segmenter) -> None:
    keywords = [term for term, _ in _week_keywords(segmenter)]
    assert {"试驾", "报价", "置换补贴"} <= set(keywords[:5])
    assert {"首付", "落地价", "定金", "订车"} & set(keywords)


def test_week_keywords_have_no_filler_or_numbers(segmenter) -> None:
    for term, score in _week_keywords(segmenter, top=40):
        assert term not in STOP_WORDS
        assert len(term) >= 2
        assert not NUMBERISH.match(term), term
        assert term not in {"来试", "王总来", "21", "觉得", "今天", "客户", "比较", "还是", "周六", "下周"}
        assert score > 0


def test_week_keywords_are_deterministic(segmenter) -> None:
    first = _week_keywords(segmenter, top=30)
    assert _week_keywords(segmenter, top=30) == first
    # Same counts in another insertion order: same ranking.
    notes = _vault_terms(segmenter)
    period: Counter[str] = Counter()
    for terms in notes[:len(WEEK)]:
        period.update(terms)
    reversed_period = dict(reversed(list(period.items())))
    reversed_df = dict(reversed(list(document_frequencies(notes).items())))
    assert top_keywords(reversed_period, reversed_df, len(notes), 30) == first


# --------------------------------------------------------------------------------------------
# note_terms
# --------------------------------------------------------------------------------------------


def test_longest_match_first(segmenter) -> None:
    terms = note_terms("试驾车没电了，客户只能改天再来试驾。", segmenter)
    assert terms["试驾车"] == 1
    assert terms["试驾"] == 1  # only the second one: 试驾车 is not also 试驾


def test_domain_words_beat_dictionary_fragments(segmenter) -> None:
    # jieba's dictionary has 来试 but not 试驾: a plain longest match would give 来试|驾.
    terms = note_terms("王总来试驾，谈了落地价和金融贴息。", segmenter)
    assert terms == {"试驾": 1, "落地价": 1, "金融贴息": 1}


def test_domain_word_inside_a_common_word_is_not_counted(segmenter) -> None:
    assert "现车" not in note_terms("发现车况不错", segmenter)
    assert "交车" not in note_terms("坐公交车来的", segmenter)
    assert "提车" in note_terms("客户想提前提车", segmenter)


def test_extra_words_are_counted_when_they_occur(segmenter) -> None:
    text = "陪杨帆试驾宋PLUS DM-i，杨帆想要 RAV4 的空间。Mr. Wang called about the Model Y."
    terms = note_terms(text, segmenter, ["杨帆", "宋PLUS DM-i", "Mr. Wang", "Model Y", "韩梅梅"])
    assert terms["杨帆"] == 2
    assert terms["宋PLUS DM-i"] == 1
    assert terms["Mr. Wang"] == 1
    assert terms["Model Y"] == 1
    assert terms["RAV4"] == 1
    assert "韩梅梅" not in terms
    assert "DM-i" not in terms  # inside the extra word, not counted twice


def test_extra_words_accept_any_iterable(segmenter) -> None:
    text = "杨帆来了，杨帆又走了"
    expected = note_terms(text, segmenter, ["杨帆"])
    assert note_terms(text, segmenter, iter(["杨帆"])) == expected
    assert note_terms(text, segmenter, ("杨帆",)) == expected
    assert note_terms(text, segmenter, frozenset({"杨帆"})) == expected == {"杨帆": 2}


def test_extra_word_is_not_found_inside_a_longer_ascii_word(segmenter) -> None:
    assert note_terms("Amygdala, Amy!", segmenter, ["Amy"])["Amy"] == 1
    assert "宋PLUS" not in note_terms("宋PLUSX 是什么", segmenter, ["宋PLUS"])


def test_ascii_models_kept_numbers_dropped(segmenter) -> None:
    terms = note_terms("RAV4 和 CR-V 对比，2.0T 动力够，报价 21 万，25.8w，3k 定金，10:30 到店，2026-11-26，3pm，"
                       "CRM 里记一下，4S店", segmenter)
    for kept in ("RAV4", "CR-V", "2.0T", "CRM", "4S"):
        assert kept in terms, kept
    for dropped in ("21", "25.8w", "3k", "10:30", "2026-11-26", "3pm", "26"):
        assert dropped not in terms, dropped


def test_chinese_numbers_dates_and_single_characters_dropped(segmenter) -> None:
    terms = note_terms("下周一 周五 星期三 两万八 十五号 第一次 三个人 一台 车 好 四驱 七座 一口价", segmenter)
    assert set(terms) == {"四驱", "七座", "一口价"}


def test_stop_words_dropped_domain_words_kept(segmenter) -> None:
    text = ("今天客户觉得比较满意，还是没有决定，我们已经可以了。他们时候问题一个这个那个什么现在明天下午上午晚上"
            "电话情况感觉知道需要然后因为所以但是不过还有一直应该一起自己。试驾 报价 置换 金融 贴息 落地价 交车 "
            "订车 定金 首付 保养 续航 优惠")
    terms = note_terms(text, segmenter)
    assert set(terms) == {"试驾", "报价", "置换", "金融", "贴息", "落地价", "交车", "订车", "定金", "首付",
                          "保养", "续航", "优惠"}


def test_english_notes(segmenter) -> None:
    terms = note_terms("Mr. Gao came for a test drive. Sent him the quote and the trade-in offer. "
                       "Quote was OK, he wants the loan plan. The RAV4 test-drives went well.", segmenter)
    assert terms["试驾"] == 2
    assert terms["报价"] == 2  # "quote" and sentence-initial "Quote" are the same word
    assert terms["置换"] == 1
    assert terms["贷款"] == 1
    assert terms["RAV4"] == 1
    assert not {"the", "was", "he", "mr", "Mr", "and", "him"} & set(terms)


def test_capitalised_names_kept_and_sentence_start_folded(segmenter) -> None:
    terms = note_terms("Linda checked the buyout. Buyout is fine. Linda agreed.", segmenter)
    assert terms["Linda"] == 2
    assert terms["buyout"] == 2
    assert "Buyout" not in terms and "linda" not in terms


def test_front_matter_headings_and_urls_ignored(segmenter) -> None:
    text = "---\ndate: 2026-11-26\nmodel: 宋PLUS\n---\n## 客户跟进\n试驾 https://example.com/报价?x=1\n#置换 tag"
    # A heading is the template; a #tag is content.
    assert note_terms(text, segmenter) == {"试驾": 1, "置换": 1, "tag": 1}


def test_full_width_text_normalised(segmenter) -> None:
    assert note_terms("ＲＡＶ４试驾，２１号", segmenter) == {"RAV4": 1, "试驾": 1}


def test_empty_and_blank(segmenter) -> None:
    assert note_terms("", segmenter) == {}
    assert note_terms("   \n\n", segmenter) == {}
    assert note_terms("。。。!!! 123 4", segmenter) == {}


def test_stop_list_is_curated() -> None:
    required = ("今天 客户 一下 觉得 比较 还是 没有 已经 可以 我们 他们 时候 问题 一个 这个 那个 什么 现在 明天 "
                "下午 上午 晚上 电话 情况 感觉 知道 需要 然后 因为 所以 但是 不过 还有 一直 应该 一起 自己").split()
    assert set(required) <= STOP_WORDS
    assert len(STOP_WORDS) >= 150
    assert not STOP_WORDS & DOMAIN_WORDS
    kept = "试驾 报价 置换 金融 贴息 落地价 交车 订车 定金 首付 保养 续航 优惠".split()
    assert set(kept) <= DOMAIN_WORDS


def test_import_is_cheap() -> None:
    code = ("import sys, notes2insight.text.keywords, notes2insight.aggregate.themes; "
            "assert 'jieba' not in sys.modules, 'jieba imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------------
# top_keywords
# --------------------------------------------------------------------------------------------


def test_tf_idf_formula() -> None:
    result = top_keywords({"试驾": 3, "报价": 1, "置换": 2}, {"试驾": 9, "报价": 0, "置换": 1}, 10)
    expected = {
        "试驾": round(3 * (math.log(11 / 10) + 1), 4),
        "报价": round(1 * (math.log(11 / 1) + 1), 4),
        "置换": round(2 * (math.log(11 / 2) + 1), 4),
    }
    assert result == sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    assert [term for term, _ in result] == ["置换", "报价", "试驾"]


def test_ties_break_by_term_and_top_limits() -> None:
    result = top_keywords({"b": 1, "a": 1, "c": 1, "d": 2}, {}, 5, top=3)
    assert [term for term, _ in result] == ["d", "a", "b"]
    assert top_keywords({"a": 1}, {}, 5, top=0) == []
    assert top_keywords({}, {}, 0) == []


def test_scores_rounded_and_non_positive_counts_skipped() -> None:
    result = top_keywords({"a": 1, "b": 0, "c": -3}, {"a": 1}, 3)
    assert result == [("a", round(math.log(4 / 2) + 1, 4))]
    assert all(score == round(score, 4) for _, score in result)


def test_document_frequency_larger_than_corpus_is_capped() -> None:
    # A term seen in more notes than counted (stale df): idf never drops below 1.
    assert top_keywords({"a": 2}, {"a": 50}, 10) == [("a", 2.0)]


# --------------------------------------------------------------------------------------------
# Generated input
# --------------------------------------------------------------------------------------------

_CHARS = st.sampled_from(list("试驾车报价置换金融贴息落地价交订定首付保养续航优惠今天客户我们一二三十万")
                         + list("RAV4DM-i .,，。:#-\n\t0123456789AaZz") + ["\u3000", "\ufeff", "ｗ", "𠀀"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(), extra=st.lists(st.text(max_size=8), max_size=5))
def test_arbitrary_text_never_raises(segmenter, text: str, extra: list[str]) -> None:
    terms = note_terms(text, segmenter, extra)
    assert all(isinstance(t, str) and len(t) >= 2 for t in terms)
    assert all(isinstance(c, int) and c > 0 for c in terms.values())


@settings(max_examples=300, deadline=None)
@given(text=st.text(_CHARS, max_size=200), extra=st.lists(st.text(_CHARS, max_size=6), max_size=4))
def test_domain_like_text_counts_positive(segmenter, text: str, extra: list[str]) -> None:
    terms = note_terms(text, segmenter, extra)
    assert all(c > 0 for c in terms.values())
    assert not set(terms) & STOP_WORDS
    assert note_terms(text, segmenter, extra) == terms


@settings(max_examples=200, deadline=None)
@given(period=st.dictionaries(st.text(min_size=1, max_size=4), st.integers(-2, 50), max_size=20),
       df=st.dictionaries(st.text(min_size=1, max_size=4), st.integers(-1, 100), max_size=20),
       n_docs=st.integers(0, 100), top=st.integers(-1, 25))
def test_top_keywords_properties(period, df, n_docs: int, top: int) -> None:
    result = top_keywords(period, df, n_docs, top)
    assert len(result) <= max(top, 0)
    assert all(period[term] > 0 and score > 0 for term, score in result)
    assert result == sorted(result, key=lambda item: (-item[1], item[0]))
    assert len({term for term, _ in result}) == len(result)
