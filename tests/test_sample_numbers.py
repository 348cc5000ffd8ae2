"""The sample vault's numbers, as its author computed them by hand while writing it:
new customers per week (5, 3, 2, 2, 1, 0) and per month (October 7, November 6), three deals
won for 725,400 yuan (陈志强 219,800 on 11-07, 赵磊 189,800 on 11-08, 王建国 315,800 on 11-12),
张伟 lost on 11-04, and the forgotten calls that recur."""

from __future__ import annotations

import datetime as dt

from conftest import copy_sample
from notes2insight.aggregate.periods import period_of
from notes2insight.aggregate.summary import Vault
from notes2insight.config import load_config
from notes2insight.pipeline import run

TODAY = dt.date(2026, 11, 24)


def test_sample_vault_numbers(tmp_path):
    notes = tmp_path / "sample_notes"
    copy_sample(notes)
    config, _ = load_config(notes)
    facts = run(config)
    vault = Vault(facts.notes, facts.kept, config, TODAY)
    weeks = [vault.summary(period_of("week", dt.date(2026, 10, 19) + dt.timedelta(weeks=w)))
             for w in range(6)]
    assert [len(w.new_customers) for w in weeks] == [5, 3, 2, 2, 1, 0]
    assert set(weeks[0].new_customers) == {"李秀英", "张伟", "王建国", "陈志强", "刘洋"}
    october = vault.summary(period_of("month", dt.date(2026, 10, 1)))
    november = vault.summary(period_of("month", dt.date(2026, 11, 1)))
    assert (len(october.new_customers), len(november.new_customers)) == (7, 6)
    assert [(n, e.day.isoformat(), e.amount) for n, e in november.won] == [
        ("王建国", "2026-11-12", 315800), ("赵磊", "2026-11-08", 189800), ("陈志强", "2026-11-07", 219800)]
    assert november.sales == 725400
    assert [(n, e.day.isoformat()) for n, e in november.lost] == [("张伟", "2026-11-04")]
    forgot = [e for e in vault.mistake_entries(TODAY) if e.theme == "forgot-call"]
    days = [e.day.isoformat() for e in forgot]
    assert {"2026-10-22", "2026-11-07", "2026-11-20"} <= set(days)  # the forgotten call-backs
    assert forgot[days.index("2026-11-20")].times_before >= 2  # marked as recurring
