"""Every label a summary prints, in Chinese and English, from one table."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # titles
    "index_title": ("销售总览", "Sales dashboard"),
    "week_title": ("周报（小结）{key}", "Weekly summary {key}"),
    "month_title": ("月报（大结）{key}", "Monthly summary {key}"),
    "year_title": ("{key} 年度总结（草稿）", "{key} year-end summary (draft)"),
    "customer_title": ("客户档案：{name}", "Customer brief: {name}"),
    "ledger_title": ("承诺台账", "Commitment ledger"),
    "mistakes_title": ("失误清单：同样的错不犯第二次", "Mistakes: don't make them twice"),
    "span": ("{start} 至 {end}", "{start} to {end}"),
    "as_of": ("数据截至 {day}", "As of {day}"),
    "generated_note": ("本文件由 notes2insight 根据日志自动生成；每条事实都链接到来源笔记。",
                       "Written by notes2insight from the daily logs; every fact links to its note."),
    # sections
    "glance": ("本周概览", "This week at a glance"),
    "overview": ("概览", "Overview"),
    "customers": ("客户", "Customers"),
    "customers_contacted": ("联系的客户", "Customers contacted"),
    "stage_moves": ("阶段推进", "Deals that moved"),
    "won_lost": ("成交与战败", "Won and lost"),
    "commitments": ("承诺", "Commitments"),
    "overdue": ("已逾期", "Overdue"),
    "due_soon": ("即将到期（7 天内）", "Due in the next 7 days"),
    "due_this_week": ("本周到期", "Due this week"),
    "due_next": ("下期到期", "Due next period"),
    "undated": ("未定日期", "Open without a date"),
    "kept_list": ("已兑现", "Kept"),
    "made": ("新做出的承诺", "Made"),
    "still_open": ("仍未兑现", "Still open"),
    "mistakes": ("失误", "Mistakes"),
    "recurring": ("反复出现的失误", "Recurring mistakes"),
    "keywords": ("关键词", "Keywords"),
    "substance": ("含金量", "Substance"),
    "follow_up": ("需要跟进的客户", "Customers to follow up"),
    "targets": ("目标完成情况", "Targets"),
    "funnel": ("销售漏斗", "Stage funnel"),
    "sources": ("线索来源分析", "Lead sources"),
    "monthly_sales": ("每月销售额与目标", "Sales by month against target"),
    "monthly_new": ("每月新客户数与目标", "New customers by month against target"),
    "kept_rate": ("承诺兑现率", "Commitment kept rate"),
    "themes": ("失误主题", "Mistake themes"),
    "top_customers": ("重点客户", "Top customers"),
    "next_year": ("明年目标", "Next year's targets"),
    "periods": ("所有周期", "Every period"),
    "weeks": ("周报", "Weeks"),
    "months": ("月报", "Months"),
    "years": ("年度总结", "Years"),
    "dossiers": ("客户档案", "Customer briefs"),
    "profile": ("基本信息", "Profile"),
    "stage_history": ("阶段历史", "Stage history"),
    "timeline": ("往来记录", "Timeline"),
    "open_to_them": ("对该客户的未兑现承诺", "Open commitments to them"),
    "their_steps": ("客户自己说的下一步", "What they said they would do"),
    "ytd": ("年度进度", "Year to date"),
    # table headers and words
    "date": ("日期", "Date"), "customer": ("客户", "Customer"), "stage": ("阶段", "Stage"),
    "from": ("从", "From"), "to": ("到", "To"), "amount": ("金额", "Amount"),
    "source": ("来源", "Source"), "note": ("出处", "Note"), "due": ("到期", "Due"),
    "made_on": ("承诺日期", "Made"), "kept_on": ("兑现日期", "Kept on"), "text": ("内容", "What"),
    "status": ("状态", "Status"), "level": ("级别", "Level"), "last_contact": ("最近联系", "Last contact"),
    "next_follow_up": ("下次跟进", "Next follow-up"), "days_overdue": ("逾期天数", "Days overdue"),
    "count": ("次数", "Count"), "first_seen": ("首次", "First seen"), "last_seen": ("最近", "Last seen"),
    "leads": ("线索数", "Leads"), "won": ("成交", "Won"), "conversion": ("转化率", "Conversion"),
    "revenue": ("成交额", "Revenue"), "avg_days": ("平均成交天数", "Avg. days to close"),
    "customers_n": ("客户数", "Customers"), "rate_from_prev": ("较上一阶段", "From previous stage"),
    "target": ("目标", "Target"), "actual": ("实际", "Actual"), "progress": ("完成率", "Progress"),
    "theme": ("主题", "Theme"), "times": ("次", "times"), "new": ("新", "new"),
    "returning": ("老", "returning"), "none": ("无", "none"), "lost": ("战败", "Lost"),
    "kept": ("已兑现", "kept"), "open": ("进行中", "open"), "overdue_word": ("逾期", "overdue"),
    "undated_word": ("未定日期", "undated"), "sales": ("销售额", "Sales"),
    "new_customers": ("新客户", "New customers"), "potential": ("潜力客户（H/A 级）", "Potential customers (H/A)"),
    "days_logged": ("记录天数", "Days logged"), "phone": ("电话", "Phone"), "model": ("意向车型", "Model"),
    "budget": ("预算", "Budget"), "decision_maker": ("决策人", "Decision maker"),
    "purchase_time": ("购车时间", "Purchase time"), "next_step": ("下一步", "Next step"),
    "lead_score": ("线索评分", "Lead score"), "derived": ("按购车时间推算", "from purchase time"),
    "current_stage": ("当前阶段", "Current stage"), "status_active": ("跟进中", "active"),
    "status_won": ("已成交", "won"), "status_lost": ("已战败", "lost"),
    "status_delivered": ("已交车", "delivered"), "unknown": ("未知", "unknown"),
    "times_before": ("此前 {n} 次", "again: {n}× before"),
    "repeat_mark": ("（又犯）", " (again)"), "month_label": ("{m}月", "M{m}"),
    "stage:线索": ("线索", "lead"), "stage:到店": ("到店", "visit"), "stage:试驾": ("试驾", "test drive"),
    "stage:报价": ("报价", "quote"), "stage:谈判": ("谈判", "negotiation"), "stage:订车": ("订车", "order"),
    "stage:成交": ("成交", "won"), "stage:交车": ("交车", "delivered"), "stage:战败": ("战败", "lost"),
    # sentences
    "glance_line": ("记录 {days} 天，联系客户 {contacted} 位（新客户 {new} 位），阶段推进 {moves} 次，"
                    "成交 {won} 单（{sales}），新承诺 {made} 条、兑现 {kept} 条、逾期 {overdue} 条，失误 {mistakes} 次。",
                    "{days} days logged; {contacted} customers contacted ({new} new); {moves} stage moves; "
                    "{won} won ({sales}); {made} commitments made, {kept} kept, {overdue} overdue; "
                    "{mistakes} mistakes."),
    "substance_line": ("含金量 {score}%：{total} 行中有 {facts} 行带事实（客户、金额、承诺、阶段、失误），"
                       "{repeated} 行与之前的日志重复。",
                       "Substance {score}%: {facts} of {total} lines carry a fact (a customer, an amount, "
                       "a commitment, a stage, a mistake); {repeated} lines repeat earlier notes."),
    "ledger_older_overdue": ("另有 {n} 条在 {day} 之前到期的承诺仍未兑现（不再列出），见当时的周报、月报和年度总结。",
                             "{n} more promises came due before {day} and were never kept (not listed); "
                             "see the weekly, monthly and annual summaries of their time."),
    "ledger_older_kept": ("另有 {n} 条在 {day} 之前兑现的承诺，见当时的周报、月报和年度总结。",
                          "{n} more promises were kept before {day}; see the weekly, monthly and "
                          "annual summaries of their time."),
    "mistakes_older": ("另有 {n} 次在 {day} 之前（不再列出），见当时的周报。",
                       "{n} more before {day} (not listed); see the weekly summaries of their time."),
    "ledger_older_undated": ("另有 {n} 条在 {day} 之前许下、未定日期的承诺（不再列出）。",
                             "{n} more promises without a date were made before {day} (not listed)."),
    "older_follow_up": ("另有 {n} 位客户的跟进日在 {day} 之前，至今未联系（不再列出）。",
                        "{n} more customers were due a follow-up before {day} and have not been "
                        "contacted since (not listed)."),
    "dossiers_recent": ("最近 {days} 天联系过的客户；全部 {n} 位客户的档案在 customers 文件夹。",
                        "Customers contacted in the last {days} days; the briefs of all {n} "
                        "customers are in the customers folder."),
    "older_overdue": ("另有 {n} 条在本期之前到期的承诺仍未兑现，见承诺台账。",
                      "{n} promises that came due before this period are still open; see the ledger."),
    "rows_more_weeks": ("此处列出前 {shown} 条，共 {total} 条；每一条都在本期各周的周报里。",
                        "The first {shown} of {total} are listed; every one is in this period's "
                        "weekly summaries."),
    "rows_more_ledger": ("此处列出前 {shown} 条，共 {total} 条；全部见{ledger}。",
                         "The first {shown} of {total} are listed; all of them are in the {ledger}."),
    "rows_more_follow_up": ("此处列出跟进日最早的 {shown} 位，共 {total} 位；每位客户的下次跟进日见其档案。",
                            "The {shown} longest due of {total} are listed; each customer's brief "
                            "gives their next follow-up."),
    "no_lines": ("本期没有日志。", "No notes in this period."),
    "pace_line": ("年度目标 {target}，已完成 {done}（{pct}%）。还需 {left}，剩余 {months} 个月，"
                  "平均每月需完成 {per_month}。",
                  "Annual target {target}; {done} done ({pct}%). {left} to go in {months} months: "
                  "{per_month} a month."),
    "pace_done": ("年度目标 {target} 已完成：{done}（{pct}%）。", "Annual target {target} reached: {done} ({pct}%)."),
    "kept_rate_line": ("到期的承诺中兑现 {kept} / {total}（{pct}%）。", "{kept} of {total} commitments that came due were kept ({pct}%)."),
    "funnel_note": ("口径：本期首次出现的客户，按到达过的最远阶段累计。",
                    "Cohort: customers first seen in the period, by the furthest stage reached."),
    "sources_note": ("口径：本期首次出现的客户。", "Cohort: customers first seen in the period."),
}


class Labels:
    """`labels("glance_line", days=3)` → the label in the configured language."""

    def __init__(self, language: str) -> None:
        self.index = 1 if language == "en" else 0
        self.language = language

    def __call__(self, label: str, /, **values: object) -> str:
        text = LABELS[label][self.index]
        return text.format(**values) if values else text
