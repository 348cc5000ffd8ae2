"""Extraction quality on the labelled sets written apart from the extractor, each by a helper who
never saw its code: `tests/heldout` (new writers and styles, only measured) and the dev sets
whose misses showed general gaps — `tests/devset_b` (terse time-stamped lines, long narrative
paragraphs, Chinese front-matter keys, English), `tests/devset_c` (dictated run-on lines,
follow-up tables, code-switched Chinese and English, a used-car desk), `tests/devset_e`
(per-customer sections, northern county speech, fleet sales to firms, Singapore English),
`tests/devset_f` (Cantonese in traditional characters, a report register, T+N / DDL checklists,
call-log tables), `tests/devset_g` (Sichuanese, Shanghainese, quoted WeChat exchanges,
after-sales key-value blocks), `tests/devset_h` (Taiwan Mandarin, the northeast's speech, US
English, tagged P0/P1 lines), `tests/devset_i` (Obsidian callouts and tasks, Gen-Z slang, 湖南
truck sales, Malaysian English) and `tests/devset_j` (a bold-label template, time-stamped symbol
lines, a manager's team notes, Tesla code-switching), `tests/devset_k` (Cantonese in simplified
characters, Australian shorthand, a Lexus formal register, 陕西话) and `tests/devset_l` (山东话,
Org-mode keywords, a shared log with an assistant, Mexican English with Spanish words).
`tests/devset_p` (四川话, daily tables, Singlish, phone dictation), `tests/devset_r` (潮汕话, a
天津 team lead, pasted WeChat chats, an expat's English with pinyin), `tests/devset_s`
(dictation with self-corrections, 极氪 用户 tables, a 台南 業代 in 繁體, a fleet tender rep),
`tests/devset_m` and `tests/devset_q` (measured only until a later round of fixes by category
lifted them), `tests/devset_t` (mainstream notes: an Audi deals template across the year end,
吉利银河 bullets full of other people's promises, plain English at a BMW store, 农历 dues) and
`tests/devset_u` (an Obsidian user's linked properties, time-stamped lines in 双十一, business
English with Jyutping names, paragraphs around 国庆), `tests/devset_v` (a 哈弗 salesman's phone
dictation, a 理想 saleswoman's daily tables, a team lead's work log with his team's orders, a
bilingual consultant serving expats) and `tests/devset_w` (a WeCom daily report template, terse
比亚迪 bullets, Cantonese words in a 佛山 salesman's Mandarin), `tests/devset_x` (a 江铃 truck
salesman's run-on paragraphs, an Obsidian user's task lists and callouts, 京味儿 phone notes with
• bullets), `tests/devset_y` (a county reseller's ledger, a two-author team vault, a 小鹏
consultant's weekly files) reached
the floor after their misses were fixed by category. `tests/devset_z` (a 红旗 政企 report, pasted WeChat
chats, per-customer field blocks) reached it too, and so did `tests/devset_aa` (a Notion export, a
first-month trainee's prose, a veteran's half-month files) and `tests/devset_ab` (an English-first
Lexus consultant, unpunctuated phone dictation, a county dealer's 待办-first notes), `tests/devset_ac`
(an insurance-renewal specialist, a DCC invitation agent, a 抖音 live-stream saleswoman) and
`tests/devset_ad` (a diary written to oneself as 你, 复盘 post-mortems, a Bear user's hashtags).
`tests/devset_n` and `devset_o` are only measured
until they reach it (see their READMEs), but their labels are checked. A floor, not the
target: the closing notes report the figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("devset_score", HERE / "devset" / "score.py")
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)

FLOOR = 0.85


@pytest.mark.parametrize("folder", ["heldout", "devset_b", "devset_c", "devset_e", "devset_f",
                                    "devset_g", "devset_h", "devset_i", "devset_j",
                                    "devset_k", "devset_l", "devset_m", "devset_p", "devset_q",
                                    "devset_r", "devset_s", "devset_t", "devset_u", "devset_v",
                                    "devset_w", "devset_x", "devset_y", "devset_z", "devset_aa",
                                    "devset_ab", "devset_ac", "devset_ad"])
def test_labelled_set_quality_floors(folder):
    labels = scorer.load_labels(HERE / folder / "labels.json")
    assert scorer.check_labels(labels, HERE / folder / "vault", verbose=False) == []
    records = scorer.run_export(HERE / folder / "vault")
    result = scorer.score(records, labels, vault=HERE / folder / "vault")
    report = scorer.format_table(result)
    for category in ("customers", "commitments", "mistakes"):
        assert result[category]["f1"] >= FLOOR, report
    assert result["due"]["accuracy"] >= FLOOR, report


# (devset_n labels 17 `next:` lines inside front matter on purpose, which --check-labels reports)
@pytest.mark.parametrize("folder", ["devset_o"])
def test_measured_sets_have_valid_labels(folder):
    labels = scorer.load_labels(HERE / folder / "labels.json")
    assert scorer.check_labels(labels, HERE / folder / "vault", verbose=False) == []
