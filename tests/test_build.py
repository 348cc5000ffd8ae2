"""`n2i build`: the numbers in every summary, checked against a small vault computed by hand.

The vault (tests/fixtures/build_vault, built as of 2026-11-26, a Thursday in ISO week 48):
  11-10 王建国 lead (抖音, A), 李秀英 visit (自然到店, B), 张先生 by phone; promises: 配置表 due 11-11,
        报价单 to 李女士 due 11-13 (never kept); mistake: forgot to call 张先生 back
  11-12 王建国 test drive; [x] 配置表 sent (keeps the 11-10 promise); mistake: late
  11-17 王建国 quote 21.98万; 李秀英 lost; promise 贷款方案 due 11-20 (never kept); forgot to call again
  11-24 王建国 won 219800; 赵磊 new lead (老客户转介绍); promise 合同副本 due 11-25 (overdue on 11-26)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from notes2insight.aggregate.periods import period_of
from notes2insight.aggregate.summary import Vault
from notes2insight.build import build_files
from notes2insight.config import Config
from notes2insight.pipeline import run
from notes2insight.publish import publish

FIXTURE = Path(__file__).parent / "fixtures" / "build_vault"
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def notes(tmp_path) -> Path:
    target = tmp_path / "notes"
    shutil.copytree(FIXTURE, target)
    return target


def config_for(notes: Path, **changes) -> Config:
    return Config(notes_dir=notes, output_dir=notes / "summaries", cache_dir=notes.parent / "cache",
                  **changes)


@pytest.fixture
def vault(notes) -> Vault:
    config = config_for(notes)
    facts = run(config)
    return Vault(facts.notes, facts.kept, config, TODAY)


def week(key_day: str):
    return period_of("week", dt.date.fromisoformat(key_day))


def test_weekly_numbers(vault):
    w46 = vault.summary(week("2026-11-10"))
    assert w46.period.key == "2026-W46" and w46.asof == dt.date(2026, 11, 15)
    assert w46.days_logged == 2
    assert w46.contacted == (("王建国", True), ("李秀英", True), ("张先生", True))
    assert [(n, e.previous, e.stage) for n, e in w46.moves] == [("王建国", "线索", "试驾")]
    assert [p.commitment.text for p in w46.made] == ["明天给王总发配置表", "答应李女士周五前发报价单"]
    assert [p.commitment.text for p in w46.kept] == ["明天给王总发配置表"]
    assert [p.due.isoformat() for p in w46.overdue] == ["2026-11-13"]  # as it stood on 11-15
    assert len(w46.mistakes) == 2

    w47 = vault.summary(week("2026-11-17"))
    assert [n for n, _ in w47.lost] == ["李秀英"]
    assert [p.due.isoformat() for p in w47.overdue] == ["2026-11-20"]  # came due this week
    again = w47.mistakes[0]
    assert again.times_before == 1 and again.theme == w46.mistakes[0].theme  # forgot to call, twice

    w48 = vault.summary(week("2026-11-24"))
    assert w48.asof == TODAY
    assert [(n, e.amount) for n, e in w48.won] == [("王建国", 219800)]
    assert w48.sales == 219800
    assert w48.new_customers == ("赵磊",)
    assert [p.due.isoformat() for p in w48.overdue] == ["2026-11-25"]
    assert w48.older_overdue == 2  # 11-13 and 11-20 are still open, counted for the current week


def test_monthly_targets_funnel_and_sources(vault):
    month = vault.summary(period_of("month", TODAY))
    assert set(month.new_customers) == {"王建国", "李秀英", "张先生", "赵磊"}
    assert month.potential_new() == ("王建国",)  # level A; 李秀英 is B, the others unknown
    funnel = dict(vault.funnel(month.period, TODAY))
    assert funnel == {"线索": 4, "到店": 2, "试驾": 1, "报价": 1, "谈判": 1, "订车": 1, "成交": 1,
                      "交车": 0, "战败": 1}
    rows = {r.source: (r.leads, r.won, r.revenue, r.avg_days) for r in vault.sources(month.period, TODAY)}
    assert rows == {"抖音": (1, 1, 219800, 14.0), "自然到店": (1, 0, 0, None),
                    "老客户转介绍": (1, 0, 0, None), "": (1, 0, 0, None)}
    assert month.kept_rate == (1, 4)


def test_customer_state_and_follow_up(vault):
    states = vault.states(TODAY)
    wang = states["王建国"]
    assert [e.stage for e in wang.stages] == ["线索", "试驾", "报价", "成交"]
    assert wang.won.amount == 219800 and wang.status == "won" and wang.follow_up is None
    assert dict((k, v) for k, v, _ in wang.facts)["phone"] == "13800001111"
    zhao = states["赵磊"]
    assert zhao.follow_up == dt.date(2026, 11, 24) + dt.timedelta(days=14)  # level unknown → B cadence
    assert states["李秀英"].status == "lost" and states["李秀英"].follow_up is None


def test_build_writes_every_file_and_a_second_build_changes_nothing(notes):
    config = config_for(notes)
    files = build_files(run(config), config, TODAY)
    assert {"index.md", "commitments.md", "commitments.ics", "mistakes.md", "weekly/2026-W46.md",
            "weekly/2026-W47.md", "weekly/2026-W48.md", "monthly/2026-11.md", "annual/2026.md",
            "customers/王建国.md", "customers/李秀英.md", "customers/张先生.md",
            "customers/赵磊.md"} <= set(files)
    first = publish(config.output_dir, files)
    assert not first.errors and len(first.updated) == len(files)
    again = build_files(run(config), config, TODAY)
    assert again == files  # byte-identical
    second = publish(config.output_dir, again)
    assert second.updated == () and second.removed == ()


def test_a_past_week_is_a_snapshot(notes):
    config = config_for(notes)
    before = build_files(run(config), config, TODAY)
    (notes / "2026-11-25.md").write_text("- [x] 给王总送合同副本\n", encoding="utf-8")
    after = build_files(run(config), config, TODAY)
    assert after["weekly/2026-W46.md"] == before["weekly/2026-W46.md"]
    assert after["weekly/2026-W47.md"] == before["weekly/2026-W47.md"]
    assert after["weekly/2026-W48.md"] != before["weekly/2026-W48.md"]


def test_rendered_pages_say_the_numbers(notes):
    config = config_for(notes)
    files = build_files(run(config), config, TODAY)
    w48 = files["weekly/2026-W48.md"]
    assert "21.98万" in w48 and "明天给王总送合同副本" in w48
    assert "(../../2026-11-24.md#L" in w48 or "(../2026-11-24.md#L" in w48  # links to its note
    ledger = files["commitments.md"]
    assert ledger.index("答应李女士周五前发报价单") < ledger.index("明天给王总发配置表")  # overdue first
    ics = files["commitments.ics"]
    assert ics.count("BEGIN:VEVENT") == 3 + 2  # three overdue promises + follow-ups of 张先生, 赵磊
    english = build_files(run(config), config_for(notes, language="en"), TODAY)
    assert "Weekly summary 2026-W48" in english["weekly/2026-W48.md"]
    assert "¥219,800" in english["weekly/2026-W48.md"]


def _cli_build(notes: Path, *extra: str):
    from click.testing import CliRunner

    from notes2insight.cli import main

    return CliRunner().invoke(main, ["build", str(notes), "--today", TODAY.isoformat(), *extra],
                              catch_exceptions=False)


def test_an_unchanged_vault_is_recognised_from_a_stat_walk_alone(notes, monkeypatch):
    """The second build loads no cache and reads no note, yet reports the same problems."""
    (notes / "2026-11-25-bad.md").write_text("---\ncustomer: [王建国\n---\n今天没事。\n", encoding="utf-8")
    first = _cli_build(notes)
    assert first.exit_code == 0 and "2026-11-25-bad.md:3:1: error: [yaml]" in first.output

    import notes2insight.pipeline as pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged vault must not be read")

    monkeypatch.setattr(pipeline.Refresher, "refresh_files", refuse)
    monkeypatch.setattr(pipeline.Refresher, "refresh_all", refuse)
    second = _cli_build(notes)
    assert second.exit_code == 0
    assert "0 updated" in second.output and "2026-11-25-bad.md:3:1: error: [yaml]" in second.output
    assert second.output.count("2026-11-25-bad.md") == first.output.count("2026-11-25-bad.md")


@pytest.mark.parametrize("change", ["touch-note", "delete-summary", "delete-top-summary", "new-note",
                                    "next-day", "force"])
def test_anything_a_summary_depends_on_defeats_the_shortcut(notes, change):
    first = _cli_build(notes)
    assert first.exit_code == 0
    out = notes / "summaries"
    extra: tuple[str, ...] = ()
    if change == "touch-note":
        note = next(notes.glob("*.md"))
        os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 1_000_000_000))
    elif change == "delete-summary":
        (out / "weekly" / "2026-W46.md").unlink()
    elif change == "delete-top-summary":
        (out / "index.md").unlink()
    elif change == "new-note":
        (notes / "2026-11-25.md").write_text("今天给王总打了电话。\n", encoding="utf-8")
    elif change == "force":
        extra = ("--force",)
    import notes2insight.pipeline as pipeline

    calls = []
    original = pipeline.Refresher.refresh_files

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline.Refresher, "refresh_files", spy)
        if change == "next-day":
            from click.testing import CliRunner

            from notes2insight.cli import main

            result = CliRunner().invoke(main, ["build", str(notes), "--today", "2026-11-27"])
        else:
            result = _cli_build(notes, *extra)
    assert result.exit_code == 0 and calls == [1]
    assert (out / "index.md").exists() and (out / "weekly" / "2026-W46.md").exists()


def test_the_ledger_lists_what_is_still_actionable_and_counts_the_rest(notes):
    """A ten-year vault must not grow a ledger of ten years: promises that came due before
    `ledger_days` are counted, and stay in the summaries of their own week."""
    config = config_for(notes, ledger_days=5)  # listed from 2026-11-21 on
    files = build_files(run(config), config, TODAY)
    ledger = files["commitments.md"]
    overdue = ledger.split("## 已逾期")[1].split("## ")[0]
    assert "合同副本" in overdue  # due 11-25
    assert "报价单" not in overdue and "贷款方案" not in overdue  # due 11-13 and 11-20
    assert "另有 2 条在 2026-11-21 之前到期的承诺仍未兑现" in overdue
    assert "另有 1 条在 2026-11-21 之前兑现的承诺" in ledger  # 配置表, kept 11-12
    assert "报价单" in files["weekly/2026-W46.md"]
    dashboard = files["index.md"]
    assert "另有 2 条在 2026-11-21 之前到期的承诺仍未兑现" in dashboard
    wide = build_files(run(config_for(notes)), config_for(notes), TODAY)["commitments.md"]
    assert "报价单" in wide and "另有" not in wide


def test_the_mistakes_page_lists_recent_mistakes_and_counts_the_rest(notes):
    """Every mistake counts in its theme; only the last `ledger_days` are listed (a ten-year
    vault would list thousands), the rest are in the summaries of their week."""
    config = config_for(notes, ledger_days=10)  # listed from 2026-11-16 on
    page = build_files(run(config), config, TODAY)["mistakes.md"]
    assert "| 忘记回电话/跟进 | 2 | 2026-11-10 | 2026-11-17 |" in page
    forgot = page.split("### 忘记回电话/跟进（2）")[1]
    assert "又忘了给王总回电话" in forgot and "忘了给张先生回电话" not in forgot
    assert "另有 1 次在 2026-11-16 之前（不再列出），见当时的周报。" in forgot
    assert "### 迟到" not in page and "| 迟到 | 1 | 2026-11-12 | 2026-11-12 |" in page  # 11-12: counted
    assert "忘了给张先生回电话" in build_files(run(config), config, TODAY)["weekly/2026-W46.md"]


def test_a_month_and_the_dashboard_list_the_first_rows_and_every_week_lists_all(notes):
    """A team's year holds thousands of promises: a month or a year lists the first
    `summary_rows` of each list under whole counts, and says where the rest are."""
    config = config_for(notes, summary_rows=1)
    files = build_files(run(config), config, TODAY)
    month = files["monthly/2026-11.md"]
    assert "联系客户 4 位" in month  # the count stays whole
    contacted = month.split("## 联系的客户")[1].split("## ")[0]
    assert contacted.count("](../customers/") == 1
    assert "此处列出前 1 条，共 4 条；每一条都在本期各周的周报里。" in contacted
    overdue = month.split("### 已逾期")[1].split("###")[0]
    assert "此处列出前 1 条，共 3 条" in overdue
    assert "此处列出前 1 条，共 3 条" in files["annual/2026.md"]
    week = files["weekly/2026-W46.md"]
    assert "此处列出" not in week and "答应李女士周五前发报价单" in week and "明天给王总发配置表" in week
    dashboard = files["index.md"].split("## 已逾期")[1].split("## ")[0]
    assert sum(line.startswith("| 2026-11-") for line in dashboard.splitlines()) == 1
    assert "此处列出前 1 条，共 3 条；全部见[承诺台账](commitments.md)。" in dashboard
    assert "此处列出" not in files["commitments.md"]  # the ledger lists every one
    everything = build_files(run(config), config_for(notes, summary_rows=0), TODAY)
    assert not any("此处列出" in text for text in everything.values())
    assert everything["monthly/2026-11.md"].count("](../customers/") > month.count("](../customers/")


def test_summary_rows_is_read_from_the_config_and_checked(tmp_path):
    from notes2insight.config import load_config

    (tmp_path / "notes2insight.toml").write_text("summary_rows = 20\n", encoding="utf-8")
    assert load_config(tmp_path)[0].summary_rows == 20
    (tmp_path / "notes2insight.toml").write_text('summary_rows = "all"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert config.summary_rows == 50
    assert any("summary_rows should be a number" in p.message for p in problems)


def test_the_row_memo_reuses_a_row_while_its_record_is_the_same_object():
    from notes2insight.render.common import RowMemo

    made: list[str] = []

    def make(text):
        return lambda: made.append(text) or (text,)

    memo, first, same_value = RowMemo(), ["王总"], ["王总"]
    assert memo.get(first, ("a.md",), make("one")) == ("one",)
    memo.turn()
    assert memo.get(first, ("a.md",), make("two")) == ("one",)  # the same record: reused
    assert memo.get(same_value, ("a.md",), make("three")) == ("three",)  # another record
    assert memo.get(first, ("b.md",), make("four")) == ("four",)  # another page
    memo.turn()
    memo.turn()  # not used for a whole update: dropped
    assert memo.get(first, ("a.md",), make("five")) == ("five",)
    assert made == ["one", "three", "four", "five"]


def test_overdue_as_of_today_are_the_open_promises_due_before_today(vault):
    """The current periods read overdue promises off the ledger's open ones (a team's year
    holds 20,000 promises with a due date): the same as asking each its status today."""
    for kind in ("week", "month", "year"):
        summary = vault.summary(period_of(kind, TODAY))
        asked = tuple(p for p in vault.ledger.by_due.between(summary.period.start, TODAY)
                      if p.made <= TODAY and p.status(TODAY) == "overdue")
        assert summary.overdue == asked
    assert summary.overdue  # the year has some


def test_a_periods_open_promises_and_kept_rate_follow_each_promises_status(vault):
    """The summary sorts a period's promises by status in one inlined pass (a team's year makes
    24,000): the same as asking each its status on the summary's day."""
    for period in vault.aggregates.periods():
        summary = vault.summary(period)
        statuses = [p.status(summary.asof) for p in summary.made]
        assert summary.still_open == tuple(p for p, s in zip(summary.made, statuses)
                                           if s in ("open", "undated"))
        assert summary.kept_rate == (statuses.count("kept"),
                                     statuses.count("kept") + statuses.count("overdue"))
    rates = [vault.summary(p).kept_rate for p in vault.aggregates.periods()]
    assert any(kept for kept, _ in rates) and any(kept < total for kept, total in rates)


def test_the_row_memo_reuses_a_table_while_it_lists_the_same_objects_in_order():
    from notes2insight.render.common import RowMemo

    made: list[str] = []

    def make(text):
        return lambda: made.append(text) or text

    a, b = ["王总的报价"], ["李女士的试驾"]
    memo = RowMemo()
    memo.begin({"王总": "customers/王总.md"})
    assert memo.section(("commitments.md", "open"), [a, b], make("one")) == "one"
    memo.turn()
    assert memo.section(("commitments.md", "open"), [a, b], make("two")) == "one"  # reused
    assert memo.section(("commitments.md", "open"), [b, a], make("three")) == "three"  # order
    assert memo.section(("commitments.md", "kept"), [b, a], make("four")) == "four"  # another key
    memo.turn()
    assert memo.section(("commitments.md", "open"), [b, a], make("five")) == "three"
    memo.begin({"王总": "customers/王总-1a2b3c4d.md"})  # a brief moved: every table again
    assert memo.section(("commitments.md", "open"), [b, a], make("six")) == "six"
    assert made == ["one", "three", "four", "six"]


def test_a_table_reused_keeps_its_rows_for_when_one_of_its_items_changes():
    """The ledger's list of promises kept in the last 90 days is reused whole while it is the
    same; when a promise in it is kept anew, only that row is rendered again."""
    from notes2insight.render.common import RowMemo

    rendered: list[str] = []

    def rows(items):
        return lambda: "".join(memo.get(item, ("commitments.md",),
                                        lambda item=item: rendered.append(item[0]) or item[0])
                               for item in items)

    memo = RowMemo()
    a, b, c = ["甲"], ["乙"], ["丙"]
    assert memo.section(("kept",), [a, b], rows([a, b])) == "甲乙"
    for _ in range(3):  # saves that do not touch the list
        memo.turn()
        assert memo.section(("kept",), [a, b], rows([a, b])) == "甲乙"
    memo.turn()
    assert memo.section(("kept",), [a, b, c], rows([a, b, c])) == "甲乙丙"
    assert rendered == ["甲", "乙", "丙"]
