"""Period aggregates: what a week, a month or a year held, as it stood on a given day.

A past period is computed as of its last day from the notes dated up to that day, so its file
changes only when those notes change; the current period is computed as of `today`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..config import Config
from ..model import LOST_STAGE, STAGES, Mistake, NoteFacts, Source
from .customers import CustomerState, StageEvent, customer_states
from .ledger import Promise, build_ledger
from .periods import Period, months_of, period_of


@dataclass(frozen=True, slots=True)
class MistakeEntry:
    day: dt.date
    mistake: Mistake
    theme: str  # theme key
    theme_label: tuple[str, str]  # (zh, en)
    times_before: int  # earlier mistakes of the same theme


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
    states: dict[str, CustomerState]

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


class Vault:
    """Everything the renderers need, computed lazily from the vault's facts."""

    def __init__(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source], config: Config,
                 today: dt.date, segmenter=None) -> None:
        self.notes = tuple(n for n in notes if n.date is not None and n.date <= today)
        self.kept = kept
        self.config = config
        self.today = today
        self._segmenter = segmenter
        self._states: dict[dt.date, dict[str, CustomerState]] = {}

    # -- shared, computed once --------------------------------------------------------------

    @cached_property
    def ledger(self) -> tuple[Promise, ...]:
        return build_ledger(self.notes, self.kept)

    @cached_property
    def first_seen_digest(self) -> dict[str, dt.date]:
        first: dict[str, dt.date] = {}
        for facts in self.notes:
            for _, digest in facts.body_lines:
                first.setdefault(digest, facts.date)
        return first

    @cached_property
    def all_mistakes(self) -> tuple[tuple[dt.date, Mistake], ...]:
        return tuple((f.date, m) for f in self.notes for m in f.mistakes)

    def states(self, asof: dt.date) -> dict[str, CustomerState]:
        if asof not in self._states:
            self._states[asof] = customer_states(self.notes, asof, self.config)
        return self._states[asof]

    def mistake_entries(self, asof: dt.date) -> tuple[MistakeEntry, ...]:
        """Every mistake up to `asof`, each with its theme and how often that theme came before."""
        from .themes import group_mistakes

        items = [(day, m) for day, m in self.all_mistakes if day <= asof]
        themes = group_mistakes([m.text for _, m in items])
        theme_of: dict[int, tuple[str, tuple[str, str]]] = {}
        for theme in themes:
            for index in theme.members:
                theme_of[index] = (theme.key, (theme.label_zh, theme.label_en))
        counts: dict[str, int] = {}
        out: list[MistakeEntry] = []
        for index, (day, mistake) in enumerate(items):
            key, label = theme_of[index]
            out.append(MistakeEntry(day, mistake, key, label, counts.get(key, 0)))
            counts[key] = counts.get(key, 0) + 1
        return tuple(out)

    # -- one period ---------------------------------------------------------------------------

    def summary(self, period: Period) -> PeriodSummary:
        asof = min(period.last_day, self.today)
        notes = tuple(n for n in self.notes if n.date in period and n.date <= asof)
        states = self.states(asof)
        contacted: list[tuple[str, bool]] = []
        seen: set[str] = set()
        for facts in notes:
            for name in facts.customers:
                if name not in seen and name in states:
                    seen.add(name)
                    contacted.append((name, states[name].first_seen in period))
        moves = sorted(((name, e) for name, s in states.items() for e in s.stages
                        if e.day in period and e.previous is not None),
                       key=lambda pair: (pair[1].day, pair[1].source, pair[0]))
        won = tuple((n, s.won) for n, s in sorted(states.items())
                    if s.won is not None and s.won.day in period)
        lost = tuple((n, s.lost) for n, s in sorted(states.items())
                     if s.lost is not None and s.lost.day in period)
        ledger = [p for p in self.ledger if p.made <= asof]
        made = tuple(p for p in ledger if p.made in period)
        kept = tuple(p for p in ledger if p.kept_on is not None and p.kept_on in period
                     and p.kept_on <= asof)
        still_open = tuple(p for p in made if p.status(asof) in ("open", "undated"))
        overdue = tuple(p for p in ledger if p.status(asof) == "overdue")
        following = period.next()
        due_next = tuple(p for p in ledger if p.status(asof) != "kept" and p.due in following)
        mistakes = tuple(e for e in self.mistake_entries(asof) if e.day in period)
        return PeriodSummary(
            period=period, asof=asof, notes=notes, contacted=tuple(contacted),
            moves=tuple(moves), won=won, lost=lost, made=made, kept=kept, still_open=still_open,
            overdue=overdue, due_next=due_next, mistakes=mistakes,
            keywords=self._keywords(notes, asof), substance=self._substance(notes), states=states)

    def _substance(self, notes: tuple[NoteFacts, ...]) -> Substance:
        total = facts_count = repeated = 0
        first = self.first_seen_digest
        for facts in notes:
            for line, digest in facts.body_lines:
                total += 1
                if line in facts.fact_lines:
                    facts_count += 1
                elif first.get(digest, facts.date) < facts.date:
                    repeated += 1
        return Substance(total, facts_count, repeated)

    def _keywords(self, notes: tuple[NoteFacts, ...], asof: dt.date) -> tuple[tuple[str, float], ...]:
        period_terms: dict[str, int] = {}
        for facts in notes:
            for term, count in facts.terms:
                period_terms[term] = period_terms.get(term, 0) + count
        doc_freq: dict[str, int] = {}
        n_docs = 0
        for facts in self.notes:
            if facts.date > asof:
                break
            n_docs += 1
            for term, _ in facts.terms:
                doc_freq[term] = doc_freq.get(term, 0) + 1
        if not period_terms:
            return ()
        from ..text.keywords import top_keywords

        return tuple(top_keywords(period_terms, doc_freq, n_docs, top=10))

    # -- targets, funnel, sources ---------------------------------------------------------------

    def monthly_sales(self, year: int, asof: dt.date) -> list[int]:
        states = self.states(asof)
        out = []
        for month in months_of(year):
            out.append(sum(s.won.amount or 0 for s in states.values()
                           if s.won is not None and s.won.day in month))
        return out

    def monthly_new(self, year: int, asof: dt.date) -> list[int]:
        states = self.states(asof)
        return [sum(1 for s in states.values() if s.first_seen in month) for month in months_of(year)]

    def funnel(self, period: Period, asof: dt.date) -> list[tuple[str, int]]:
        """Customers first seen in the period, by the furthest stage they reached (cumulative)."""
        cohort = [s for s in self.states(asof).values() if s.first_seen in period]
        rows = [(STAGES[0], len(cohort))]  # everyone starts as a lead
        for stage in STAGES[1:]:
            rows.append((stage, sum(1 for s in cohort if s.reached(stage))))
        rows.append((LOST_STAGE, sum(1 for s in cohort if s.status == "lost")))
        return rows

    def sources(self, period: Period, asof: dt.date) -> list[SourceRow]:
        cohort = [s for s in self.states(asof).values() if s.first_seen in period]
        by_source: dict[str, list[CustomerState]] = {}
        for state in cohort:
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

    def kept_rate(self, period: Period, asof: dt.date) -> tuple[int, int]:
        """(kept, kept + overdue) among promises made in the period."""
        made = [p for p in self.ledger if p.made in period and p.made <= asof]
        kept = sum(1 for p in made if p.status(asof) == "kept")
        late = sum(1 for p in made if p.status(asof) == "overdue")
        return kept, kept + late


def current(kind: str, today: dt.date) -> Period:
    return period_of(kind, today)
