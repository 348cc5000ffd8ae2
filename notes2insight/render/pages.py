"""The pages that show the state on `today`: customer briefs, the commitment ledger, the
mistakes list, and the dashboard."""

from __future__ import annotations

import bisect
import datetime as dt
from operator import attrgetter

from ..aggregate.customers import CustomerState
from ..aggregate.ledger import made_key
from ..aggregate.periods import Period, period_of
from ..aggregate.summary import PeriodSummary, Vault
from ..model import CustomerStep
from .common import Site, bullet, cell, first_sorted, iso, table, text
from .period import page_path, promise_rows


def render_customer(state: CustomerState, steps: list[CustomerStep], open_promises: tuple,
                    vault: Vault, site: Site, here: str) -> str:
    L = site.labels
    # No "as of today" line: a brief changes only when its customer's facts change.
    out = [f"# {L('customer_title', name=text(state.name))}\n", f"{L('generated_note')}\n",
           f"## {L('profile')}\n"]
    status = L(f"status_{state.status}")
    rows = [[L("current_stage"), f"{site.stage(state.stage)}（{status}）" if site.language == "zh"
             else f"{site.stage(state.stage)} ({status})"],
            [L("level"), cell(state.level) + (f" · {L('derived')}" if state.level_derived else "")],
            [L("source"), cell(state.lead_source)],
            [L("amount"), site.money(state.amount)]]
    for field, value, source in state.facts:
        shown = site.money(int(value)) if field == "budget" and value.isdigit() else cell(value)
        rows.append([L(field), shown + " " + site.note_link(source.path, source.line, here, label="↗")])
    if state.score is not None:
        rows.append([L("lead_score"), str(state.score)])
    rows += [[L("first_seen"), site.note_link(state.first_source.path, state.first_source.line, here,
                                              label=iso(state.first_seen))],
             [L("last_contact"), iso(state.last_contact)],
             [L("next_follow_up"), iso(state.follow_up)]]
    out.append(table(["", ""], rows))
    if state.stages:
        stage_rows = [[iso(e.day), site.stage(e.previous), site.stage(e.stage), site.money(e.amount),
                       site.note_link(e.source.path, e.source.line, here)] for e in state.stages]
        out.append(f"## {L('stage_history')}\n\n" + table(
            [L("date"), L("from"), L("to"), L("amount"), L("note")], stage_rows))
    if open_promises:
        headers, rows = promise_rows(open_promises, site, here)
        out.append(f"## {L('open_to_them')}\n\n" + table(headers, rows))
    if steps:
        out.append(f"## {L('their_steps')}\n\n" + "".join(
            bullet(f"{iso(s.due)} {text(s.text)} {site.note_link(s.source.path, s.source.line, here)}")
            for s in steps))
    out.append(f"## {L('timeline')}\n\n" + "".join(
        bullet(f"{iso(t.day)} {text(t.context) if t.context else ''} "
               f"{site.note_link(t.source.path, t.source.line, here)}".replace("  ", " "))
        for t in state.touches))
    return "\n".join(out)


def render_ledger(vault: Vault, site: Site) -> str:
    L = site.labels
    here = "commitments.md"
    today = vault.today
    week = period_of("week", today)
    since = ledger_start(vault)
    ledger = vault.ledger
    # what is no longer actionable is counted, not listed (its period's summary lists it)
    groups = {"overdue": ledger.open_by_due.between(since, today), "due_this_week": [], "open": [],
              "undated": ledger.open_undated.since(since), "kept_list": ledger.by_kept.since(since)}
    older = {"overdue": ledger.open_by_due.count_before(since),
             "undated": ledger.open_undated.count_before(since),
             "kept_list": ledger.by_kept.count_before(since)}
    for p in ledger.open_by_due.since(today):
        groups["due_this_week" if p.due in week else "open"].append(p)
    older_labels = {"overdue": "ledger_older_overdue", "undated": "ledger_older_undated",
                    "kept_list": "ledger_older_kept"}
    out = [f"# {L('ledger_title')}\n", f"{L('as_of', day=iso(today))} · {L('generated_note')}\n"]
    titles = {"overdue": L("overdue"), "due_this_week": L("due_this_week"), "open": L("open"),
              "undated": L("undated"), "kept_list": L("kept_list")}
    def group(key: str, promises: list) -> str:
        # (path, line), not the Source: tuples of str and int compare in C, a dataclass's
        # order in Python (a team's ledger sorts tens of thousands of promises per save)
        promises = sorted(promises, key=lambda p: (p.due or dt.date.max, p.made,
                                                   p.commitment.source.path, p.commitment.source.line))
        if key == "kept_list":
            promises.sort(key=lambda p: (p.kept_on, p.commitment.source.path, p.commitment.source.line),
                          reverse=True)
        headers, rows = promise_rows(tuple(promises), site, here, with_kept=key == "kept_list")
        part = [f"## {titles[key]}（{len(promises)}）\n\n" if site.language == "zh"
                else f"## {titles[key]} ({len(promises)})\n\n",
                table(headers, rows) if rows else L("none") + "\n"]
        if older.get(key):
            part.append(L(older_labels[key], n=older[key], day=iso(since)) + "\n")
        return "\n".join(part)

    for key, promises in groups.items():  # a save changes one or two of these lists
        out.append(site.table((here, key, today, older.get(key)), promises, lambda: group(key, promises)))
    return "\n".join(out)


def ledger_start(vault: Vault) -> dt.date:
    """The first day the ledger and the dashboard still list (config `ledger_days`)."""
    return vault.today - dt.timedelta(days=vault.config.ledger_days)


def render_mistakes(vault: Vault, site: Site) -> str:
    L = site.labels
    here = "mistakes.md"
    themes = vault.mistake_themes(vault.today)
    out = [f"# {L('mistakes_title')}\n", f"{L('as_of', day=iso(vault.today))} · {L('generated_note')}\n"]
    if not themes:
        return "\n".join(out + [L("none") + "\n"])
    ordered = sorted(themes.values(), key=lambda es: (-len(es), es[0].day, es[0].theme))
    summary_rows = [[text(es[0].theme_label[0 if site.language == "zh" else 1]), str(len(es)),
                     iso(es[0].day), iso(es[-1].day)] for es in ordered]
    out.append(f"## {L('themes')}\n\n" + table([L("theme"), L("count"), L("first_seen"), L("last_seen")],
                                                 summary_rows))
    since = ledger_start(vault)

    def theme(label: str, total: int, recent: list) -> str:
        weeks: dict[str, int] = {}
        for e in recent:
            key = period_of("week", e.day).key
            weeks[key] = weeks.get(key, 0) + 1
        part = [f"### {text(label)}（{total}）\n" if site.language == "zh" else f"### {text(label)} ({total})\n",
                " · ".join(f"{k}: {n}" for k, n in sorted(weeks.items())) + "\n",
                "".join(bullet(f"{iso(e.day)} {text(e.mistake.text)} "
                               f"{site.note_link(e.mistake.source.path, e.mistake.source.line, here)}")
                        for e in recent)]
        if len(recent) < total:
            part.append(L("mistakes_older", n=total - len(recent), day=iso(since)) + "\n")
        return "\n".join(part)

    for es in ordered:
        # the last `ledger_days` are listed; what came before is in its weeks' summaries
        recent = es[bisect.bisect_left(es, since, key=attrgetter("day")):]  # es: in date order
        if not recent:
            continue
        label = es[0].theme_label[0 if site.language == "zh" else 1]
        # a save adds a mistake to one theme at most
        out.append(site.table((here, label, len(es), since), recent, lambda: theme(label, len(es), recent)))
    return "\n".join(out)


def render_index(vault: Vault, site: Site, week: PeriodSummary, periods: list[Period],
                 states: dict[str, CustomerState]) -> str:
    L = site.labels
    here = "index.md"
    today = vault.today
    out = [f"# {L('index_title')}\n", f"{L('as_of', day=iso(today))} · {L('generated_note')}\n",
           f"## {L('glance')}（{site.page_link(week.period.key, page_path(week.period), here)}）\n"
           if site.language == "zh" else
           f"## {L('glance')} ({site.page_link(week.period.key, page_path(week.period), here)})\n",
           L("glance_line", days=week.days_logged, contacted=len(week.contacted),
             new=len(week.new_customers), moves=len(week.moves), won=len(week.won),
             sales=site.money(week.sales), made=len(week.made), kept=len(week.kept),
             overdue=len(week.overdue), mistakes=len(week.mistakes)) + "\n"]
    since = ledger_start(vault)
    open_by_due = vault.ledger.open_by_due
    overdue = open_by_due.between(since, today)
    older_overdue = open_by_due.count_before(since)
    soon = open_by_due.between(today, today + dt.timedelta(days=8))
    # the first rows of each list (config `summary_rows`): the ledger holds all of them
    limit = vault.config.summary_rows
    ledger = site.page_link(L("ledger_title"), "commitments.md", here)
    def promises_part(key: str, promises: list) -> str:
        shown, left_out = first_sorted(promises, made_key, limit)
        headers, rows = promise_rows(shown, site, here)
        part = [f"## {L(key)}\n\n" + (table(headers, rows) if rows else L("none") + "\n")]
        if left_out:
            part.append(L("rows_more_ledger", shown=len(shown), total=len(promises), ledger=ledger) + "\n")
        if key == "overdue" and older_overdue:
            part.append(L("ledger_older_overdue", n=older_overdue, day=iso(since)) + "\n")
        return "\n".join(part)

    for key, promises in (("overdue", overdue), ("due_soon", soon)):
        out.append(site.table((here, today, key, older_overdue), promises, lambda: promises_part(key, promises)))

    def follow_up_part(due: list) -> str:
        older_due = sum(1 for s in due if s.follow_up < since)
        listed, left_out = first_sorted((s for s in due if s.follow_up >= since),
                                        lambda s: (s.follow_up, s.name), limit)
        rows = [[site.customer(s.name, here), cell(s.level), site.stage(s.stage), iso(s.last_contact),
                 iso(s.follow_up)] for s in listed]
        part = [f"## {L('follow_up')}\n\n" + (table(
            [L("customer"), L("level"), L("stage"), L("last_contact"), L("next_follow_up")], rows)
            if rows else L("none") + "\n")]
        if left_out:
            part.append(L("rows_more_follow_up", shown=len(listed), total=len(listed) + left_out) + "\n")
        if older_due:
            part.append(L("older_follow_up", n=older_due, day=iso(since)) + "\n")
        return "\n".join(part)

    # in the states' own order: the same objects in the same order from one save to the next
    due = [s for s in states.values() if s.follow_up is not None and s.follow_up <= today]
    out.append(site.table((here, today, "follow_up"), due, lambda: follow_up_part(due)))
    year = period_of("year", today)
    done = sum(vault.monthly_sales(year.start.year, today))  # every win of the year, as of today
    target = vault.config.targets.annual_sales
    months_left = 12 - today.month + 1
    if done >= target:
        pace = L("pace_done", target=site.money(target), done=site.money(done), pct=site.pct(done, target))
    else:
        pace = L("pace_line", target=site.money(target), done=site.money(done),
                 pct=site.pct(done, target), left=site.money(target - done), months=months_left,
                 per_month=site.money((target - done) // months_left))
    out.append(f"## {L('ytd')}\n\n{pace}\n")
    themes = vault.mistake_themes(today)
    recurring = sorted((es for es in themes.values() if len(es) >= 2), key=lambda es: (-len(es), es[0].theme))
    out.append(f"## {L('recurring')}\n\n" + ("".join(
        bullet(f"{text(es[0].theme_label[0 if site.language == 'zh' else 1])} × {len(es)}"
               f"（{iso(es[-1].day)}）" if site.language == "zh" else
               f"{text(es[0].theme_label[1])} × {len(es)} (last {iso(es[-1].day)})") for es in recurring)
        or L("none") + "\n") + site.page_link(L("mistakes_title"), "mistakes.md", here) + "\n")
    out.append(f"## {L('periods')}\n")
    for kind, key in (("year", "years"), ("month", "months"), ("week", "weeks")):
        links = [site.page_link(p.key, page_path(p), here) for p in reversed(periods) if p.kind == kind]
        out.append(f"**{L(key)}**: " + " · ".join(links) + "\n")
    out.append(site.page_link(L("ledger_title"), "commitments.md", here) + "\n")
    recent = sorted(name for name in site.customer_files
                    if name not in states or states[name].last_contact >= since)
    out.append(site.table((here, today, "dossiers"), recent, lambda: f"## {L('dossiers')}\n\n"
                    + " · ".join(site.customer(name, here) for name in recent) + "\n"))
    if len(recent) < len(site.customer_files):
        out.append(L("dossiers_recent", days=vault.config.ledger_days, n=len(site.customer_files))
                   + "\n")
    return "\n".join(out)
