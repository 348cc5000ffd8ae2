"""Recurring mistakes grouped into themes: curated rules first, then similarity clusters."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notes2insight.aggregate.themes import RULES, Theme, group_mistakes

# (mistake, expected theme key); "other:..." keys are clusters of what no rule claims.
CASES: list[tuple[str, str]] = [
    ("忘了给李女士回电话", "forgot-call"),
    ("又忘了给杨帆回电话了", "forgot-call"),
    ("I forgot to call Mr. Wang back", "forgot-call"),
    ("昨天答应陈哥今天上午回电话，结果忙忘了，下午他打过来问，很被动。", "forgot-call"),
    ("陪客户聊天太久，忘了下午 3 点的电话回访，两个客户没打成。", "forgot-call"),
    ("没有及时跟进孙浩，他已经去隔壁店订了。", "forgot-call"),
    ("报价单上的金融贴息写错了", "quote-error"),
    ("购置税算错了，少算了两千", "quote-error"),
    ("报价漏算了上牌费", "quote-error"),
    ("给王总报价时把置换补贴算成了 8000，实际是 5000，下午又打电话更正，挺尴尬。", "quote-error"),
    ("今天最大的失误是把赵敏的定金收据开成了 3000，实际收的是 5000。", "quote-error"),
    ("Gave Mr. Lee the wrong price for the trim level, used last month's discount.", "quote-error"),
    ("迟到十分钟", "late"),
    ("早上又迟到了，被店长说了", "late"),
    ("I was 20 minutes late for the morning meeting.", "late"),
    ("忘记提前给试驾车充电，张伟来了之后只剩 30% 电，临时换了一台。", "test-drive"),
    ("试驾车没洗，里面还有上一个客户的矿泉水瓶", "test-drive"),
    ("The demo car was low on charge when Ms. Chen arrived.", "test-drive"),
    ("Forgot to log Mr. Gao's visit in the CRM until 6pm, Linda noticed.", "lead-entry"),
    ("昨天到店的两组客户没有及时录入系统，被经理批评了", "lead-entry"),
    ("没留马女士的电话号码，只能等她再来", "lead-entry"),
    ("下午给黄先生录订单的时候，把公司名称里的“贸易”写错成了“商贸”，开票前才发现。", "paperwork"),
    ("Sent Ms. Ye's contract to the wrong email (her old work address), fixed next day.", "paperwork"),
    ("合同上客户身份证号填错了一位", "paperwork"),
    ("何姐交车 没拍交车照片 群里没法发", "delivery"),
    ("交车前 PDI 检查单漏了一项胎压，售后老马帮我补上了。", "delivery"),
    ("邓丽问海豹06的续航，我把 CLTC 和 WLTC 的数据说错了", "wrong-info"),
    ("跟客户说国补还能申请，其实上周就截止了，承诺不实", "wrong-info"),
    ("I quoted Ms. Tang the wrong lease end date (said Nov 15, it's Nov 30).", "wrong-info"),
    ("接待时有点不耐烦，客户问了三遍同样的问题", "attitude"),
    ("和客户争执了几句，语气太冲", "attitude"),
    ("I interrupted Mr. Zhou too often while he was explaining his budget.", "attitude"),
    ("把车钥匙弄丢了，找了半个小时", "other:车钥匙"),
    ("车钥匙又弄丢了，耽误客户看车", "other:车钥匙"),
    ("开会的时候手机没静音，被点名了", "other:手机没静音"),
    ("开会时手机没静音，又被点名", "other:手机没静音"),
    ("展厅的宣传册放错了位置", "other:展厅的宣传册放错了位置"),
]
TEXTS = [text for text, _ in CASES]


def _by_key(themes: list[Theme]) -> dict[str, set[str]]:
    return {theme.key: {TEXTS[i] for i in theme.members} for theme in themes}


def _is_partition(themes: list[Theme], n: int) -> None:
    members = [i for theme in themes for i in theme.members]
    assert sorted(members) == list(range(n))
    for theme in themes:
        assert theme.members, theme
        assert list(theme.members) == sorted(theme.members)
    order = [(-len(theme.members), theme.members[0]) for theme in themes]
    assert order == sorted(order)


def test_grouping_matches_expected_themes() -> None:
    themes = group_mistakes(TEXTS)
    expected: dict[str, set[str]] = {}
    for text, key in CASES:
        expected.setdefault(key, set()).add(text)
    assert _by_key(themes) == expected


@pytest.mark.parametrize("text,key", [case for case in CASES if not case[1].startswith("other:")],
                         ids=[case[0][:20] for case in CASES if not case[1].startswith("other:")])
def test_each_rule_alone(text: str, key: str) -> None:
    (theme,) = group_mistakes([text])
    assert theme.key == key
    assert theme.members == (0,)


def test_result_is_a_partition_in_order() -> None:
    themes = group_mistakes(TEXTS)
    _is_partition(themes, len(TEXTS))
    assert themes[0].key in {"forgot-call", "quote-error"}  # the two largest, 6 each
    assert [t.key for t in themes[:2]] == ["forgot-call", "quote-error"]  # tie: first member


def test_rule_theme_labels() -> None:
    themes = {theme.key: theme for theme in group_mistakes(TEXTS)}
    assert themes["forgot-call"].label_zh == "忘记回电话/跟进"
    assert themes["forgot-call"].label_en == "Forgot to call back / follow up"
    assert themes["late"].label_zh == "迟到"
    labels = {rule.key: (rule.label_zh, rule.label_en) for rule in RULES}
    for key, theme in themes.items():
        if not key.startswith("other:"):
            assert (theme.label_zh, theme.label_en) == labels[key]


def test_cluster_labels() -> None:
    themes = {theme.key: theme for theme in group_mistakes(TEXTS)}
    assert themes["other:车钥匙"].label_zh == "车钥匙"
    assert themes["other:手机没静音"].label_en == "手机没静音"
    assert themes["other:展厅的宣传册放错了位置"].members == (TEXTS.index("展厅的宣传册放错了位置"),)


def test_long_lone_mistake_label_is_shortened() -> None:
    text = "周六的车展我忘了报名，展位没了，只能去蹭经销商集团的展位，下次要提前看群通知。"
    (theme,) = group_mistakes([text])
    assert theme.label_zh.endswith("…")
    assert len(theme.label_zh) <= 21
    assert text.startswith(theme.label_zh[:-1])


def test_english_mistakes_cluster_on_words() -> None:
    texts = ["Lost the showroom key again", "lost the showroom key at lunch", "展厅的灯没关"]
    themes = group_mistakes(texts)
    assert [theme.members for theme in themes] == [(0, 1), (2,)]
    assert themes[0].key == "other:showroom"  # shared by both; longest of the shared words
    assert themes[1].label_zh == "展厅的灯没关"


def test_same_grouping_whatever_the_input_order() -> None:
    reference = _by_key(group_mistakes(TEXTS))
    rng = random.Random(20261126)
    for _ in range(20):
        shuffled = TEXTS[:]
        rng.shuffle(shuffled)
        themes = group_mistakes(shuffled)
        _is_partition(themes, len(shuffled))
        assert {theme.key: {shuffled[i] for i in theme.members} for theme in themes} == reference


def test_deterministic() -> None:
    assert group_mistakes(TEXTS) == group_mistakes(list(TEXTS))


def test_empty_and_degenerate_input() -> None:
    assert group_mistakes([]) == []
    themes = group_mistakes(["", "   ", "???", "123"])
    _is_partition(themes, 4)
    assert all(theme.label_zh for theme in themes)


def test_duplicate_texts_share_a_theme() -> None:
    themes = group_mistakes(["把展车的钥匙锁在车里了"] * 3)
    assert [theme.members for theme in themes] == [(0, 1, 2)]


def test_theme_is_frozen() -> None:
    theme = group_mistakes(["迟到十分钟"])[0]
    with pytest.raises(AttributeError):
        theme.key = "x"  # type: ignore[misc]


_CHARS = st.sampled_from(list("忘了回电话报价算错迟到试驾车没电交车合同资料钥匙丢手机开会的又")
                         + list("I forgot to call late wrong price ,.，。0123456789") + ["\n", "…"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_any_strings_give_a_partition(texts: list[str]) -> None:
    themes = group_mistakes(texts)
    _is_partition(themes, len(texts))
    assert len({theme.key for theme in themes}) == len(themes)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=30), max_size=30), st.randoms(use_true_random=False))
def test_domain_like_strings_order_independent(texts: list[str], rng: random.Random) -> None:
    themes = group_mistakes(texts)
    _is_partition(themes, len(texts))
    order = list(range(len(texts)))
    rng.shuffle(order)
    shuffled = [texts[i] for i in order]
    again = group_mistakes(shuffled)
    # Same member sets once mapped back to the original indices.
    original = {frozenset(theme.members) for theme in themes}
    mapped = {frozenset(order[i] for i in theme.members) for theme in again}
    assert mapped == original


UNRULED = ["车钥匙弄丢了", "把车钥匙丢在展厅了", "展车没擦干净", "展厅的展车没有擦", "合同模板用了旧版",
           "用了旧版的合同模板", "lost the car key", "···", "", "试乘试驾路线走错了", "客户的茶水没续",
           "车钥匙弄丢了展车没擦干净", "展车没擦干净车钥匙弄丢了"]  # like two earlier ones at once


@settings(max_examples=300, deadline=None)
@example([("add", "车钥匙弄丢了"), ("add", "展车没擦干净"), ("add", "展车没擦干净车钥匙弄丢了")])
@example([("add", "车钥匙弄丢了"), ("add", "车钥匙弄丢了"), ("undo", 2), ("add", "展车没擦干净"),
          ("add", "车钥匙弄丢了展车没擦干净")])
@given(st.lists(st.one_of(st.tuples(st.just("add"), st.sampled_from(UNRULED + [t for t, _ in CASES[:6]])),
                          st.tuples(st.just("undo"), st.integers(0, 6))), max_size=40))
def test_the_theme_index_themes_as_theme_sequence_through_adds_and_undos(steps) -> None:
    """Added one by one and cut back from the end, each mistake gets the theme the plain
    rule gives the mistakes kept so far."""
    from notes2insight.aggregate.themes import ThemeIndex, theme_sequence

    index = ThemeIndex()
    texts: list[str] = []
    themes: list = []
    unruled: list[int] = []
    for action, value in steps:
        if action == "add":
            theme = index.add(value)
            texts.append(value)
            themes.append(theme)
            unruled.append(index.unruled)
        else:
            keep = max(0, len(texts) - value)
            del texts[keep:], themes[keep:], unruled[keep:]
            index.truncate(unruled[-1] if unruled else 0)
        assert themes == theme_sequence(texts)
