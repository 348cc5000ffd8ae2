"""Weekly ("small"), monthly ("big") and annual summaries → Markdown."""

from __future__ import annotations

import heapq

from ..aggregate.ledger import Promise
from ..aggregate.periods import Period, months_of
from ..aggregate.summary import PeriodSummary, Vault
from ..model import STAGES
from .charts import bar_chart, horizontal_bar_chart, pie_chart
from .common import Site, bullet, capped, cell, iso, table, text

KIND_FOLDER = {"week": "weekly", "month": "monthly", "year": "annual"}


def page_path(period: Period) -> str:
    return f"{KIND_FOLDER[period.kind]}/{period.key}.md"


def render_period(summary: PeriodSummary, vault: Vault, site: Site) -> str:
    L = site.labels
    period = summary.period
    here = page_path(period)
    title = {"week": "week_title", "month": "month_title", "year": "year_title"}[period.kind]
    out = [f"# {L(title, key=period.key)}\n",
           f"{L('span', start=iso(period.start), end=iso(period.last_day))} · "
           f"{L('as_of', day=iso(summary.asof))}\n",
           f"{L('generated_note')}\n"]
    out.append(f"## {L('overview')}\n")
    out.append(L("glance_line", days=summary.days_logged, contacted=len(summary.contacted),
                 new=len(summary.new_customers), moves=len(summary.moves), won=len(summary.won),
                 sales=site.money(summary.sales), made=len(summary.made), kept=len(summary.kept),
                 overdue=len(summary.overdue), mistakes=len(summary.mistakes)) + "\n")
    # a week lists everything; a month or a year lists the first rows of each list (the
    # counts stay whole): its weeks hold every row
    limit = 0 if period.kind == "week" else vault.config.summary_rows
    if period.kind in ("month", "year"):
        out.append(_targets(summary, vault, site))
    out.append(_customers(summary, site, here, limit))
    out.append(_deals(summary, site, here, limit))
    out.append(_commitments(summary, site, here, limit))
    out.append(_mistakes(summary, site, here, limit))
    if period.kind in ("month", "year"):
        out.append(_funnel(summary, vault, site))
        out.append(_sources(summary, vault, site))
    if period.kind == "year":
        out.append(_year_extras(summary, vault, site, here))
    out.append(_keywords_and_substance(summary, site))
    return "\n".join(part for part in out if part)


def _more(site: Site, total: int, left_out: int) -> str:
    """The line under a list cut to its first rows."""
    return site.labels("rows_more_weeks", shown=total - left_out, total=total) + "\n" if left_out else ""


def _customers(summary: PeriodSummary, site: Site, here: str, limit: int) -> str:
    L = site.labels
    if not summary.contacted:
        return ""
    rows = []
    contacted, left_out = capped(summary.contacted, limit)
    for name, new in contacted:
        state = summary.states[name]
        rows.append([site.customer(name, here), L("new") if new else L("returning"),
                     site.stage(state.stage), cell(state.level),
                     site.note_link(state.first_source.path, state.first_source.line, here,
                                    label=iso(state.first_seen))])
    return (f"## {L('customers_contacted')}\n\n"
            + table([L("customer"), "", L("stage"), L("level"), L("first_seen")], rows)
            + _more(site, len(summary.contacted), left_out))


def _deals(summary: PeriodSummary, site: Site, here: str, limit: int) -> str:
    L = site.labels
    parts = []
    if summary.moves:
        moves, left_out = capped(summary.moves, limit)
        rows = [[iso(e.day), site.customer(name, here), site.stage(e.previous), site.stage(e.stage),
                 site.money(e.amount), site.note_link(e.source.path, e.source.line, here)]
                for name, e in moves]
        parts.append(f"## {L('stage_moves')}\n\n" + table(
            [L("date"), L("customer"), L("from"), L("to"), L("amount"), L("note")], rows)
            + _more(site, len(summary.moves), left_out))
    if summary.won or summary.lost:
        ended = [(name, e, True) for name, e in summary.won] + [(name, e, False) for name, e in summary.lost]
        shown, left_out = capped(ended, limit)
        rows = [[iso(e.day), site.customer(name, here), L("won") if won else L("lost"),
                 site.money(e.amount) if won else "—", site.note_link(e.source.path, e.source.line, here)]
                for name, e, won in shown]
        parts.append(f"## {L('won_lost')}\n\n" + table(
            [L("date"), L("customer"), L("status"), L("amount"), L("note")], rows)
            + _more(site, len(ended), left_out))
    return "\n".join(parts)


def promise_rows(promises: tuple[Promise, ...], site: Site, here: str, with_kept=False):
    L = site.labels
    files, memo = site.customer_files, site.rows
    rows = []
    for p in promises:
        customer_file = files.get(p.commitment.customer) if p.commitment.customer else None
        if memo is None:
            row = _promise_row(p, here, with_kept, site)
        else:  # the key holds everything the row depends on (the folders are fixed per watcher)
            row = memo.get(p, (here, with_kept, customer_file), lambda: _promise_row(p, here, with_kept, site))
        rows.append(list(row))
    headers = [L("due"), L("text"), L("customer"), L("made_on"), L("note")]
    if with_kept:
        headers.append(L("kept_on"))
    return headers, rows


def _promise_row(p: Promise, here: str, with_kept: bool, site: Site) -> tuple[str, ...]:
    c = p.commitment
    row = [iso(p.due), text(c.text), site.customer(c.customer, here), iso(p.made),
           site.note_link(c.source.path, c.source.line, here)]
    if with_kept:
        row.append(site.note_link(p.kept_at.path, p.kept_at.line, here, label=iso(p.kept_on))
                   if p.kept_at else "—")
    return tuple(row)


def _commitments(summary: PeriodSummary, site: Site, here: str, limit: int) -> str:
    L = site.labels
    out = [f"## {L('commitments')}\n",
           f"{L('made')} {len(summary.made)} · {L('kept_list')} {len(summary.kept)} · "
           f"{L('still_open')} {len(summary.still_open)} · {L('overdue')} {len(summary.overdue)}\n"]
    if summary.older_overdue:
        out.append(L("older_overdue", n=summary.older_overdue) + "\n")
    for key, promises, with_kept in (("overdue", summary.overdue, False),
                                     ("still_open", summary.still_open, False),
                                     ("kept_list", summary.kept, True),
                                     ("due_next", summary.due_next, False)):
        if promises:
            out.append(_promise_table(promises, key, with_kept, site, here, limit))
    return "\n".join(out)


def _promise_table(promises: tuple[Promise, ...], key: str, with_kept: bool, site: Site, here: str,
                   limit: int) -> str:
    def make() -> str:
        shown, left_out = capped(promises, limit)
        headers, rows = promise_rows(shown, site, here, with_kept)
        return f"### {site.labels(key)}\n\n" + table(headers, rows) + _more(site, len(promises), left_out)

    return site.table((here, key, limit), promises, make)  # a save changes one list of a period


def _mistakes(summary: PeriodSummary, site: Site, here: str, limit: int) -> str:
    L = site.labels
    if not summary.mistakes:
        return f"## {L('mistakes')}\n\n{L('none')}\n"
    lines = [f"## {L('mistakes')}\n"]
    entries, left_out = capped(summary.mistakes, limit)
    for entry in entries:
        theme = entry.theme_label[0 if site.language == "zh" else 1]
        again = f" **{L('times_before', n=entry.times_before)}**" if entry.times_before else ""
        lines.append(bullet(f"{iso(entry.day)} {text(entry.mistake.text)} "
                            f"（{text(theme)}）{again} "
                            f"{site.note_link(entry.mistake.source.path, entry.mistake.source.line, here)}"
                            if site.language == "zh" else
                            f"{iso(entry.day)} {text(entry.mistake.text)} ({text(theme)}){again} "
                            f"{site.note_link(entry.mistake.source.path, entry.mistake.source.line, here)}"
                            ).rstrip("\n"))
    return "\n".join(lines) + "\n" + ("\n" + _more(site, len(summary.mistakes), left_out) if left_out else "")


def _targets(summary: PeriodSummary, vault: Vault, site: Site) -> str:
    L = site.labels
    targets = vault.config.targets
    rows = []
    if summary.period.kind == "month":
        new, potential = len(summary.new_customers), len(summary.potential_new())
        share = targets.annual_sales // 12
        rows = [[L("new_customers"), str(targets.new_customers_per_month), str(new),
                 site.pct(new, targets.new_customers_per_month) + "%"],
                [L("potential"), str(targets.potential_customers_per_month), str(potential),
                 site.pct(potential, targets.potential_customers_per_month) + "%"],
                [L("sales"), site.money(share), site.money(summary.sales),
                 site.pct(summary.sales, share) + "%"]]
    else:
        new = len(summary.new_customers)
        months = sum(1 for m in months_of(summary.period.start.year) if m.start <= summary.asof)
        rows = [[L("sales"), site.money(targets.annual_sales), site.money(summary.sales),
                 site.pct(summary.sales, targets.annual_sales) + "%"],
                [L("new_customers"), str(targets.new_customers_per_month * months), str(new),
                 site.pct(new, targets.new_customers_per_month * months) + "%"]]
    return f"## {L('targets')}\n\n" + table([L("targets"), L("target"), L("actual"), L("progress")], rows)


def _funnel(summary: PeriodSummary, vault: Vault, site: Site) -> str:
    L = site.labels
    rows_data = vault.funnel(summary.period, summary.asof)
    if not rows_data[0][1]:
        return ""
    rows = []
    previous = None
    for stage, count in rows_data:
        rate = (site.pct(count, previous) + "%") if previous and stage in STAGES[1:] else "—"
        rows.append([site.stage(stage), str(count), rate])
        if stage in STAGES:
            previous = count
    chart = horizontal_bar_chart(L("funnel"), [site.stage(s) for s, _ in rows_data if s in STAGES],
                                 [(L("customers_n"), [c for s, c in rows_data if s in STAGES])])
    return (f"## {L('funnel')}\n\n{L('funnel_note')}\n\n"
            + table([L("stage"), L("customers_n"), L("rate_from_prev")], rows) + "\n" + chart)


def _sources(summary: PeriodSummary, vault: Vault, site: Site) -> str:
    L = site.labels
    rows_data = vault.sources(summary.period, summary.asof)
    if not rows_data:
        return ""
    rows = [[cell(r.source or L("unknown")), str(r.leads), str(r.won),
             f"{round(100 * r.conversion)}%", site.money(r.revenue),
             "—" if r.avg_days is None else f"{r.avg_days:g}"] for r in rows_data]
    chart = pie_chart(L("sources"), [(r.source or L("unknown"), r.leads) for r in rows_data])
    return (f"## {L('sources')}\n\n{L('sources_note')}\n\n"
            + table([L("source"), L("leads"), L("won"), L("conversion"), L("revenue"), L("avg_days")],
                    rows) + ("\n" + chart if chart else ""))


def _year_extras(summary: PeriodSummary, vault: Vault, site: Site, here: str) -> str:
    L = site.labels
    year = summary.period.start.year
    months = [L("month_label", m=m) for m in range(1, 13)]
    targets = vault.config.targets
    sales = vault.monthly_sales(year, summary.asof)
    new = vault.monthly_new(year, summary.asof)
    out = [f"## {L('monthly_sales')}\n",
           bar_chart(L("monthly_sales"), months, [(L("sales"), [s / 10000 for s in sales])],
                     y_label="万" if site.language == "zh" else "10k yuan",
                     line_series=[(L("target"), [targets.annual_sales / 12 / 10000] * 12)]),
           table(["", *months], [[L("sales"), *[site.money(s) for s in sales]]]),
           f"## {L('monthly_new')}\n",
           bar_chart(L("monthly_new"), months, [(L("new_customers"), new)],
                     line_series=[(L("target"), [targets.new_customers_per_month] * 12)]),
           table(["", *months], [[L("new_customers"), *[str(n) for n in new]]])]
    kept, total = summary.kept_rate
    out.append(f"## {L('kept_rate')}\n\n{L('kept_rate_line', kept=kept, total=total, pct=site.pct(kept, total))}\n")
    themes: dict[str, list] = {}
    for entry in summary.mistakes:  # the period's, up to its as-of day
        themes.setdefault(entry.theme, []).append(entry)
    if themes:
        rows = [[text(entries[0].theme_label[0 if site.language == "zh" else 1]), str(len(entries)),
                 iso(entries[0].day), iso(entries[-1].day)]
                for _, entries in sorted(themes.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        out.append(f"## {L('themes')}\n\n" + table([L("theme"), L("count"), L("first_seen"), L("last_seen")], rows))
    touches: dict[str, int] = {}
    for facts in summary.notes:
        for name in facts.customers:
            touches[name] = touches.get(name, 0) + 1
    won_amounts = {name: e.amount or 0 for name, e in summary.won}
    # the first ten of a team's year of thousands, without sorting them all
    top = heapq.nsmallest(10, touches, key=lambda n: (-won_amounts.get(n, 0), -touches[n], n))
    if top:
        rows = [[site.customer(n, here), site.stage(summary.states[n].stage),
                 site.money(won_amounts[n]) if n in won_amounts else "—", str(touches[n])] for n in top]
        out.append(f"## {L('top_customers')}\n\n" + table([L("customer"), L("stage"), L("won"), L("count")], rows))
    next_sales = targets.next_year_sales or targets.annual_sales
    out.append(f"## {L('next_year')}\n\n" + table([L("targets"), L("target")], [
        [L("sales"), site.money(next_sales)],
        [L("new_customers"), str(targets.new_customers_per_month * 12)],
        [L("potential"), str(targets.potential_customers_per_month * 12)]]))
    return "\n".join(out)


def _keywords_and_substance(summary: PeriodSummary, site: Site) -> str:
    L = site.labels
    out = []
    if summary.keywords:
        out.append(f"## {L('keywords')}\n\n" + ("、" if site.language == "zh" else ", ").join(
            text(k) for k, _ in summary.keywords) + "\n")
    s = summary.substance
    out.append(f"## {L('substance')}\n\n" + (L("substance_line", score=s.score, total=s.total,
                                                facts=s.facts, repeated=s.repeated)
                                              if s.total else L("no_lines")) + "\n")
    return "\n".join(out)
