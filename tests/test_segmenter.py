"""The project's jieba tagger: the same tags as jieba's own, memo or not."""

from __future__ import annotations

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings, strategies as st

from notes2insight.text.segmenter import Segmenter

SENTENCES = [
    "今天张建华到店看了汉兰达，试驾完说下周带老婆再来",
    "下午刘晓梅来试驾了雷凌双擎，王总说月底前定",
    "上午欧阳娜娜打电话问保养套餐，我答应明天发报价单",
    "李国强和赵磊一起来店里谈置换，评估师老郑给了13.5万",
    "Mr. Wang 来看车，问了 RAV4 荣放的优惠",
]


@pytest.fixture(scope="module")
def plain():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


def tags(tagger, text):
    return [(pair.word, pair.flag) for pair in tagger.lcut(text)]


def test_the_memo_changes_no_tag(plain, tmp_path):
    first = Segmenter(tmp_path)
    assert [first.tag(s) for s in SENTENCES] == [tags(plain, s) for s in SENTENCES]
    second = Segmenter(tmp_path)  # the memo is shared: every run is known now
    assert [second.tag(s) for s in SENTENCES * 2] == [tags(plain, s) for s in SENTENCES * 2]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="张王李赵刘陈杨黄周吴建华晓梅国强娜到店看试驾了来说明天报价，。 ", max_size=24))
def test_any_run_of_characters_is_tagged_as_jieba_tags_it(plain, segmenter, text):
    assert segmenter.tag(text) == tags(plain, text)


def test_every_segmenter_of_a_process_shares_one_dictionary(tmp_path):
    first, second = Segmenter(tmp_path / "a"), Segmenter(tmp_path / "b")
    assert first.tokenizer is second.tokenizer and first.tagger is second.tagger
