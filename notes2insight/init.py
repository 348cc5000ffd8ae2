"""`n2i init`: a ready notes folder. Never overwrites a file that exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .output import atomic_write

CONFIG = """\
# notes2insight configuration. Every key is optional; these are the defaults.
notes = "."              # the notes folder, relative to this file
output = "summaries"     # where summaries are written (inside the notes folder)
language = "zh"          # "zh" or "en": the language of the summaries
# author = "王芳"         # your name, so you are never counted as a customer

# Colleagues and managers: never counted as customers.
colleagues = []

ledger_days = 90         # the ledger and the dashboard list what came due in this many days
summary_rows = 50        # rows per list in a month's or year's summary and the dashboard (0: all)

[aliases]                # a nickname and the customer's full name
# "王总" = "王建国"

[targets]
annual_sales = 4000000            # yuan
new_customers_per_month = 5
potential_customers_per_month = 3 # H and A level

[follow_up_days]         # follow up a customer when quiet this long, by level
H = 3
A = 7
B = 14
C = 30

[stages]                 # extra words you use for a stage
# "成交" = ["签单"]
"""

TEMPLATE = """\
---
date: {{date}}
customers: []
deals:
  # - customer: 王建国
  #   stage: 试驾          # 线索 到店 试驾 报价 谈判 订车 成交 交车 战败
  #   model: 汉EV
  #   amount: 21.98万
  #   source: 抖音
  #   level: A            # H A B C
---

## 今日工作

## 客户跟进

## 明日计划

- [ ] 

## 失误

## 反思
"""

EXAMPLE = """\
---
date: {date}
customers: [王建国]
deals:
  - customer: 王建国
    stage: 试驾
    model: 汉EV
    amount: 21.98万
    source: 抖音
    level: A
---

## 今日工作

- 上午晨会，下午在展厅接待了三批客户。

## 客户跟进

- 陪王总试驾了汉EV，对续航比较满意，担心保养费用。王总说周六带爱人再来看一次。

## 明日计划

- [ ] 明天上午给王总发贷款方案
- [ ] 周五前把试驾车送去保养

## 失误

- 忘记提前给试驾车充电，试驾只开了十分钟。
"""

GITIGNORE = """\
# notes2insight: cache and lock are disposable
.notes2insight-cache/
.notes2insight.lock
*.n2i-tmp
"""


def init_vault(folder: Path, today: dt.date | None = None) -> list[str]:
    """Create the starter files; returns one line per file saying what happened."""
    today = today or dt.date.today()
    files = {
        folder / "notes2insight.toml": CONFIG,
        folder / ".templates" / "daily.md": TEMPLATE,
        folder / ".gitignore": GITIGNORE,
        folder / str(today.year) / f"{today.isoformat()}.md": EXAMPLE.format(date=today.isoformat()),
    }
    report = []
    for path, text in files.items():
        if path.exists():
            report.append(f"kept     {path} (exists)")
            continue
        atomic_write(path, text)
        report.append(f"created  {path}")
    return report
