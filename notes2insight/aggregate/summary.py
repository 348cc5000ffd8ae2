"""Period aggregates: what a week, a month or a year held, as it stood on a given day.

A past period is computed as of its last day from the notes dated up to that day, so its file
changes only when those notes change; the current period is computed as of `today`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Mapping

from ..config import Config
from ..model import LOST_STAGE, STAGES, NoteFacts, Source
from .corpus import uncount
from .customers import STAGE_RANK, CustomerState, StageEvent, Timelines
from .incremental import Aggregates
from .ledger import Promise
from .mistakes import MistakeEntry
from .sorted_items import SortedItems
from .periods import Period, months_of


@dataclass(frozen=True, slots=True)
class Substance:
    total: int  # body lines
    facts: int  # lines that carry a fact
    repeated: int  # lines copied from an earlier note (and carrying no new fact)

    @property
    def score(self) -> int | None:
        return round(100 * self.facts / self.total) if self.total else None


@dataclass(frozen=True, slots=True)
class SourceRow:
    source: str
    leads: int
    won: int
    revenue: int
    avg_days: float | None

    @property
    def conversion(self) -> float:
        return self.won / self.leads if self.leads else 0.0


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    asof: dt.date
    notes: tuple[NoteFacts, ...]
    contacted: tuple[tuple[str, bool], ...]  # (customer, new?) in order of first contact
    moves: tuple[tuple[str, StageEvent], ...]  # (customer, event) of stage changes
    won: tuple[tuple[str, StageEvent], ...]
    lost: tuple[tuple[str, StageEvent], ...]
    made: tuple[Promise, ...]
    kept: tuple[Promise, ...]
    still_open: tuple[Promise, ...]  # made in the period, not kept, not overdue
    overdue: tuple[Promise, ...]  # every overdue promise as of asof
    due_next: tuple[Promise, ...]  # not kept, due in the next period
    mistakes: tuple[MistakeEntry, ...]
    keywords: tuple[tuple[str, float], ...]
    substance: Substance
    states: "StatesAt"
    older_overdue: int = 0  # overdue promises due before the window the table shows
    kept_rate: tuple[int, int] = (0, 0)  # (kept, kept + overdue) as of asof among those made

    @property
    def days_logged(self) -> int:
        return len({n.date for n in self.notes})

    @property
    def new_customers(self) -> tuple[str, ...]:
        return tuple(name for name, new in self.contacted if new)

    @property
    def sales(self) -> int:
        return sum(e.amount or 0 for _, e in self.won)

    def potential_new(self) -> tuple[str, ...]:
        """New customers of the period at level H or A (as they stand on asof)."""
        return tuple(n for n in self.new_customers if self.states[n].level in ("H", "A"))


_DATE = attrgetter("date")


class StatesAt:
    """Customers as of one day, computed on demand."""

    def __init__(self, timelines: Timelines, asof: dt.date) -> None:
        self.timelines = timelines
        self.asof = asof

    def __getitem__(self, name: str) -> CustomerState:
        state = self.timelines.state(name, self.asof)
        if state is None:
            raise KeyError(name)
        return state


class Vault:
    """Everything the renderers need, gathered once in date order and cut per period."""

    def __init__(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source], config: Config,
                 today: dt.date, aggregates: Aggregates | None = None) -> None:
        """`aggregates`: a watcher's, already brought up to these notes (else built here)."""
        if aggregates is None:
            dated = tuple(n for n in notes if n.date is not None and n.date <= today)
            aggregates = Aggregates(dated, kept, config, today)
        self.notes = aggregates.notes  # the notes dated up to today, in order
        self.config = config
        self.today = today
        self.keywords: dict[tuple[str, dt.date], tuple] = {}
        self._summaries: dict[Period, PeriodSummary] = {}
        self._cohorts: dict[tuple[Period, dt.date], list[CustomerState]] = {}
        self.aggregates = aggregates
        self.timelines: Timelines = self.aggregates.timelines
        self.ledger = self.aggregates.ledger
        self.mistakes = self.aggregates.mistakes

    # -- shared, computed once --------------------------------------------------------------

    def states(self, asof: dt.date) -> dict[str, CustomerState]:
        """Every customer as of `asof` (for the dashboard and the briefs: asof is today)."""
        out = {}
        for name in sorted(self.timelines.touches):
            state = self.timelines.state(name, asof)
            if state is not None:
                out[name] = state
        return out

    @property
    def current_states(self) -> dict[str, CustomerState]:
        """Every customer as of today (in no particular order; do not change it)."""
        return self.aggregates.current_states()

    @staticmethod
    def _upto(index: SortedItems, period: Period, asof: dt.date) -> list:
        """The items of `index` dated in the period and not after `asof`."""
        return index.between(period.start, min(asof, period.last_day) + dt.timedelta(days=1))

    def mistake_entries(self, asof: dt.date) -> list[MistakeEntry]:
        """Every mistake up to `asof` with its theme; a theme depends only on earlier
        mistakes, so a past summary keeps its themes when later mistakes arrive."""
        return self.mistakes.upto(asof)

    def mistake_themes(self, asof: dt.date) -> dict[str, list[MistakeEntry]]:
        """`mistake_entries(asof)` by theme, each theme's in date order."""
        return self.mistakes.themes_upto(asof)

    # -- one period ---------------------------------------------------------------------------

    def notes_in(self, period: Period, asof: dt.date) -> tuple[NoteFacts, ...]:
        start = bisect.bisect_left(self.notes, period.start, key=_DATE)
        end = bisect.bisect_right(self.notes, min(asof, period.last_day), key=_DATE)
        return self.notes[start:end]

    def summary(self, period: Period) -> PeriodSummary:
        """What `period` held as of its last day (or today); computed once per period (the
        dashboard shows the current week's again)."""
        if period not in self._summaries:
            self._summaries[period] = self._summary(period)
        return self._summaries[period]

    def _summary(self, period: Period) -> PeriodSummary:
        asof = min(period.last_day, self.today)
        notes = self.notes_in(period, asof)
        states = StatesAt(self.timelines, asof)
        contacted: list[tuple[str, bool]] = []
        seen: set[str] = set()
        for facts in notes:
            for name in facts.customers:
                if name not in seen and name in self.timelines.touches:
                    seen.add(name)
                    contacted.append((name, self.timelines.first_seen(name) in period))
        history = self.aggregates.history
        in_period = self._upto(history.events, period, asof)
        moves = tuple((n, e) for _, n, e in in_period if e.previous is not None)
        won = tuple(sorted(((n, e) for _, n, e in self._upto(history.wins, period, asof)),
                           key=lambda pair: pair[0]))
        lost = tuple(sorted(((n, e) for _, n, e in in_period if e.stage == LOST_STAGE),
                            key=lambda pair: pair[0]))
        ledger = self.ledger
        made = tuple(ledger.by_made.between(period.start, min(period.end, asof + dt.timedelta(days=1))))
        kept = tuple(p for p in ledger.by_kept.between(period.start, period.end) if p.kept_on <= asof)
        # Promise.status inlined, in one pass: a team's year makes 24,000 promises
        open_made: list[Promise] = []
        made_kept = made_overdue = 0
        for p in made:
            if p.kept_on is not None and p.kept_on <= asof:
                made_kept += 1
            elif p.commitment.due is not None and p.commitment.due < asof:
                made_overdue += 1
            else:
                open_made.append(p)  # open, or undated
        still_open = tuple(open_made)
        # overdue: what came due in this period and was not kept by its end; earlier ones that
        # are still open are counted (a "now" figure, so only the current periods carry it)
        if asof == self.today:  # kept by today or not at all: overdue is open and due before
            overdue = tuple(p for p in ledger.open_by_due.between(period.start, asof) if p.made <= asof)
        else:
            overdue = tuple(p for p in ledger.by_due.between(period.start, asof)
                            if p.made <= asof and p.status(asof) == "overdue")
        # as of today, "kept by then" is "kept": the unkept ones due before the period
        older = ledger.open_by_due.count_before(period.start) if asof == self.today else 0
        following = period.next()
        due_next = tuple(p for p in ledger.by_due.between(following.start, following.end)
                         if p.made <= asof and p.status(asof) != "kept")
        mistakes = tuple(self.mistakes.between(period.start, min(period.end, asof + dt.timedelta(days=1))))
        return PeriodSummary(
            period=period, asof=asof, notes=notes, contacted=tuple(contacted),
            moves=moves, won=won, lost=lost, made=made, kept=kept, still_open=still_open,
            overdue=overdue, due_next=due_next, mistakes=mistakes,
            keywords=self.keywords.get((period.key, asof), ()), substance=self._substance(notes),
            states=states, older_overdue=older,
            kept_rate=(made_kept, made_kept + made_overdue))

    def _substance(self, notes: tuple[NoteFacts, ...]) -> Substance:
        total = facts_count = repeated = 0
        of_note = self.aggregates.substance_of
        for facts in notes:
            lines, with_facts, copied = of_note(facts)
            total += lines
            facts_count += with_facts
            repeated += copied
        return Substance(total, facts_count, repeated)

    def prepare_keywords(self, periods: list[Period]) -> None:
        """Keywords of every period in one pass: IDF from the notes up to each period's last
        day (so a past period's keywords never change). Past periods walk the notes once,
        counting documents as they go; the current ones use the corpus's counts. Past periods
        nearer today than the vault's start (a watcher's update: last week) start from the
        corpus's counts and take out the notes written after them instead."""
        from ..text.keywords import top_keywords

        corpus = self.aggregates.corpus
        result: dict[tuple[str, dt.date], tuple] = {}

        def keywords(period: Period, asof: dt.date, freq: Mapping[str, int], documents: int) -> None:
            period_terms = corpus.period_terms.get(period) if asof >= self.today else None
            if period_terms is None:
                period_terms = {}
                for facts in self.notes_in(period, asof):
                    for term, count in zip(facts.terms, facts.term_counts):
                        period_terms[term] = period_terms.get(term, 0) + count
            if period_terms:
                result[(period.key, asof)] = tuple(top_keywords(period_terms, freq, documents, top=10))

        wanted = sorted(((min(p.last_day, self.today), p) for p in periods), key=lambda x: (x[0], x[1]))
        past = [(asof, p, bisect.bisect_right(self.notes, asof, key=_DATE)) for asof, p in wanted
                if asof < self.today]
        forward = [item for item in past if 2 * item[2] <= len(self.notes)]
        backward = [item for item in past if 2 * item[2] > len(self.notes)]
        doc_freq: dict[str, int] = {}
        position = 0
        for asof, period, upto in forward:
            position = self._count_terms(doc_freq, position, upto, 1)
            keywords(period, asof, doc_freq, position)
        if backward:
            doc_freq, position = dict(corpus.doc_freq), len(self.notes)
            for asof, period, upto in reversed(backward):
                position = self._count_terms(doc_freq, position, upto, -1)
                keywords(period, asof, doc_freq, position)
        for asof, period in wanted:
            if asof >= self.today:
                keywords(period, asof, corpus.doc_freq, corpus.notes)
        self.keywords = result

    def _count_terms(self, doc_freq: dict[str, int], position: int, upto: int, step: int) -> int:
        """Move the document counts of the notes before `position` to those before `upto`
        (step 1: forward, adding notes; -1: backward, taking them out)."""
        notes = self.notes
        if step > 0:
            for facts in notes[position:upto]:
                for term in facts.terms:
                    doc_freq[term] = doc_freq.get(term, 0) + 1
        else:
            for facts in notes[upto:position]:
                uncount(doc_freq, facts.terms)
        return upto

    # -- targets, funnel, sources ---------------------------------------------------------------

    def monthly_sales(self, year: int, asof: dt.date) -> list[int]:
        wins = self.aggregates.history.wins
        return [sum(e.amount or 0 for _, _, e in self._upto(wins, month, asof)) for month in months_of(year)]

    def monthly_new(self, year: int, asof: dt.date) -> list[int]:
        first_seen = self.aggregates.history.first_seen
        return [len(self._upto(first_seen, month, asof)) for month in months_of(year)]

    def cohort(self, period: Period, asof: dt.date) -> list[CustomerState]:
        """The customers first seen in the period, as of `asof` (the funnel and the lead
        sources both ask: computed once)."""
        key = (period, asof)
        if key not in self._cohorts:
            if asof == self.today:
                current = self.current_states
                self._cohorts[key] = [current[name] for _, name in
                                      self._upto(self.aggregates.history.first_seen, period, asof)]
            else:
                self._cohorts[key] = [self.timelines.state(name, asof) for _, name in
                                      self._upto(self.aggregates.history.first_seen, period, asof)]
        return self._cohorts[key]

    def funnel(self, period: Period, asof: dt.date) -> list[tuple[str, int]]:
        """Customers first seen in the period, by the furthest stage they reached (cumulative)."""
        cohort = self.cohort(period, asof)
        furthest = [s.furthest_rank() for s in cohort]
        rows = [(STAGES[0], len(cohort))]  # everyone starts as a lead
        for stage in STAGES[1:]:
            rank = STAGE_RANK[stage]
            rows.append((stage, sum(1 for reached in furthest if reached >= rank)))
        rows.append((LOST_STAGE, sum(1 for s in cohort if s.status == "lost")))
        return rows

    def sources(self, period: Period, asof: dt.date) -> list[SourceRow]:
        by_source: dict[str, list[CustomerState]] = {}
        for state in self.cohort(period, asof):
            by_source.setdefault(state.lead_source or "", []).append(state)
        rows = []
        for source, members in by_source.items():
            won = [m for m in members if m.won is not None]
            days = [m.days_to_close() for m in won if m.days_to_close() is not None]
            rows.append(SourceRow(source, len(members), len(won),
                                  sum(m.won.amount or 0 for m in won),
                                  round(sum(days) / len(days), 1) if days else None))
        rows.sort(key=lambda r: (-r.leads, -r.revenue, r.source == "", r.source))
        return rows

