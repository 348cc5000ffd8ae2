"""Every customer's state as of a day: first seen, stage history, static facts, level, lead score,
last contact and the next follow-up — what a salesperson reads before a meeting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..config import Config
from ..model import LEVELS, LOST_STAGE, STAGES, Deal, NoteFacts, Source

WON_STAGES = ("成交", "交车")
STAGE_RANK = {stage: index for index, stage in enumerate(STAGES)}


@dataclass(frozen=True, slots=True)
class StageEvent:
    day: dt.date
    stage: str
    previous: str | None
    amount: int | None
    source: Source


@dataclass(frozen=True, slots=True)
class Touch:
    """A dated mention of the customer: one line of the timeline."""

    day: dt.date
    source: Source
    context: str


@dataclass(frozen=True)
class CustomerState:
    name: str
    first_seen: dt.date
    first_source: Source
    last_contact: dt.date
    touches: tuple[Touch, ...]
    stages: tuple[StageEvent, ...]  # changes only, in order
    facts: tuple[tuple[str, str, Source], ...]  # (field, latest value, where), fixed field order
    level: str | None
    level_derived: bool
    lead_source: str | None
    score: int | None
    amount: int | None  # latest known deal amount
    won: StageEvent | None
    lost: StageEvent | None
    delivered: StageEvent | None
    follow_up: dt.date | None

    @property
    def stage(self) -> str | None:
        return self.stages[-1].stage if self.stages else None

    @property
    def status(self) -> str:
        """"lost", "delivered", "won" or "active" — from the latest stage."""
        stage = self.stage
        if stage == LOST_STAGE:
            return "lost"
        if stage == "交车":
            return "delivered"
        if stage == "成交":
            return "won"
        return "active"

    def reached(self, stage: str) -> bool:
        """Did the customer ever get to `stage` (or beyond it)?"""
        return self.furthest_rank() >= STAGE_RANK[stage]

    def furthest_rank(self) -> int:
        """The rank of the furthest stage the customer ever got to (-1: none ranked)."""
        return max((STAGE_RANK[e.stage] for e in self.stages if e.stage in STAGE_RANK), default=-1)

    def days_to_close(self) -> int | None:
        return (self.won.day - self.first_seen).days if self.won else None


FACT_FIELDS = ("phone", "model", "budget", "decision_maker", "purchase_time", "next_step")
_DAYS = re.compile(r"(\d+|[一二两三四五六七八九十半]+)\s*(天|日|周|星期|个月|月)")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "十": 10, "半": 0.5}


def purchase_days(text: str, day: dt.date) -> int | None:
    """Days until the planned purchase: 一周内 → 7, 一个月内 → 30, 年底前 → days left."""
    match = _DAYS.search(text)
    if match:
        raw, unit = match.groups()
        per = {"天": 1, "日": 1, "周": 7, "星期": 7, "个月": 30, "月": 30}[unit]
        return int(_cn_number(raw) * per)
    from ..text.dates import resolve_due

    found = resolve_due(text, day)
    return (found.due - day).days if found else None


def _cn_number(raw: str) -> float:
    """3, 三, 十五, 二十, 半 → a number (purchase times are small counts)."""
    if raw.isdigit():
        return float(raw)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return (_CN_NUM.get(tens, 1) if tens else 1) * 10 + (_CN_NUM.get(ones, 0) if ones else 0)
    return _CN_NUM.get(raw[:1], 1)


def derive_level(purchase_time: str | None, day: dt.date, config: Config) -> str | None:
    if not purchase_time:
        return None
    days = purchase_days(purchase_time, day)
    if days is None:
        return None
    h, a, b = config.level_days
    return "H" if days <= h else "A" if days <= a else "B" if days <= b else "C"


_HIGH = re.compile(r"^(?:高|急|很急|非常急|h|high|3|5|4|强)$", re.IGNORECASE)
_MID = re.compile(r"^(?:中|一般|m|medium|2|普通)$", re.IGNORECASE)
_SELF = re.compile(r"^(?:本人|自己|是|yes|true|y|客户本人|他自己|她自己)$", re.IGNORECASE)


def lead_score(deal_scores: dict[str, str], level: str | None, config: Config) -> int | None:
    """0–100 from the evaluation fields a note gives (urgency, purchase time, decision maker,
    budget), weighted by `score_weights`; None when the notes give none of them."""
    if not deal_scores:
        return None
    weights = config.score_weights
    values = {
        "urgency": (1.0 if _HIGH.match(deal_scores["urgency"].strip()) else
                    0.6 if _MID.match(deal_scores["urgency"].strip()) else 0.2)
        if "urgency" in deal_scores else 0.0,
        "purchase_time": {"H": 1.0, "A": 0.75, "B": 0.5, "C": 0.25}.get(level or "", 0.0),
        "decision_maker": (1.0 if _SELF.match(deal_scores["decision_maker"].strip()) else 0.6)
        if "decision_maker" in deal_scores else 0.0,
        "budget": 1.0 if "budget" in deal_scores else 0.0,
    }
    total = sum(weights.values()) or 1
    return round(100 * sum(weights[k] * values[k] for k in weights) / total)


def _follow_up(state_stage: str | None, last: dt.date, level: str | None,
               delivered: StageEvent | None, config: Config) -> dt.date | None:
    if state_stage in ("成交", LOST_STAGE):
        return None  # won and waiting for delivery, or lost: off the follow-up list
    if state_stage == "交车" and delivered is not None:
        visits = [delivered.day + dt.timedelta(days=d) for d in config.after_sales_days]
        upcoming = [v for v in visits if v > last]
        return upcoming[0] if upcoming else None
    days = config.follow_up_days.get(level or "B", config.follow_up_days.get("B", 14))
    return last + dt.timedelta(days=days)


def _at(item) -> tuple[str, int]:
    """An item's place as plain (path, line): tuples of str and int compare in C, a Source's
    dataclass order in Python (a ten-year vault sorts a million touches)."""
    return item.source.path, item.source.line


class Timelines:
    """Every customer's touches and deal records in date order, gathered in one pass; a
    customer's state as of any day is cut from them (bisect), computed only when asked."""

    def __init__(self, notes: tuple[NoteFacts, ...], config: Config) -> None:
        self.config = config
        self.touches: dict[str, list[Touch]] = {}
        self.deals: dict[str, list[tuple[dt.date, Deal]]] = {}
        self._days: dict[str, list[dt.date]] = {}
        self._deal_days: dict[str, list[dt.date]] = {}
        self._cache: dict[str, dict[dt.date, CustomerState | None]] = {}
        for facts in notes:  # notes come in (date, path) order
            self._add(facts)
        self._reorder(self.touches.keys() | self.deals.keys())

    @staticmethod
    def _items(facts: NoteFacts) -> tuple[list[tuple[str, Touch]], list[tuple[str, tuple[dt.date, Deal]]]]:
        """What one note adds to the timelines: a touch per customer it names, its deals."""
        touches: list[tuple[str, Touch]] = []
        deals: list[tuple[str, tuple[dt.date, Deal]]] = []
        if facts.date is None:
            return touches, deals
        seen_here: set[str] = set()
        for m in sorted(facts.mentions, key=_at):
            if m.name in seen_here and m.rule in ("front-matter", "deal"):
                continue
            seen_here.add(m.name)
            touches.append((m.name, Touch(facts.date, m.source, m.context)))
        for deal in facts.deals:
            deals.append((deal.customer, (facts.date, deal)))
            if deal.customer not in seen_here:
                touches.append((deal.customer, Touch(facts.date, deal.source, "")))
                seen_here.add(deal.customer)
        return touches, deals

    def _add(self, facts: NoteFacts) -> set[str]:
        touches, deals = self._items(facts)
        for name, touch in touches:
            self.touches.setdefault(name, []).append(touch)
        for name, deal in deals:
            self.deals.setdefault(name, []).append(deal)
        return {name for name, _ in touches} | {name for name, _ in deals}

    def _reorder(self, names) -> None:
        for name in names:
            touches = self.touches.get(name)
            if touches:
                touches.sort(key=lambda t: (t.day, t.source.path, t.source.line))
                self._days[name] = [t.day for t in touches]
            else:
                self.touches.pop(name, None)
                self._days.pop(name, None)
            deals = self.deals.get(name)
            if deals:
                deals.sort(key=lambda pair: (pair[0], pair[1].source.path, pair[1].source.line))
                self._deal_days[name] = [d for d, _ in deals]
            else:
                self.deals.pop(name, None)
                self._deal_days.pop(name, None)
            self._cache.pop(name, None)

    def update(self, removed: list[NoteFacts], added: list[NoteFacts]) -> set[str]:
        """Take out the `removed` notes' touches and deals and put in the `added` ones (a
        watcher's changed notes); returns the customers whose timeline changed. The result
        equals timelines built from scratch over the new notes."""
        affected: set[str] = set()
        for facts in removed:
            touches, deals = self._items(facts)
            for name in {n for n, _ in touches} | {n for n, _ in deals}:
                affected.add(name)
                self.touches[name] = [t for t in self.touches.get(name, ()) if t.source.path != facts.path]
                self.deals[name] = [d for d in self.deals.get(name, ()) if d[1].source.path != facts.path]
        for facts in added:
            affected |= self._add(facts)
        self._reorder(affected)
        return affected

    def forget_past(self, today: dt.date) -> None:
        """Drop every state but today's: a full render asks each customer as of the end of
        every week, month and year it appears in (hundreds of thousands of states in a
        ten-year vault), and a watcher then asks for today's only."""
        for name, cached in self._cache.items():
            if len(cached) > 1 or today not in cached:
                self._cache[name] = {today: cached[today]} if today in cached else {}

    def first_seen(self, name: str) -> dt.date:
        return self.touches[name][0].day

    def state(self, name: str, asof: dt.date) -> CustomerState | None:
        """The customer as the notes dated up to `asof` describe them (None: not yet seen)."""
        cached = self._cache.setdefault(name, {})
        if asof not in cached:
            import bisect

            touches = self.touches.get(name, [])
            cut = bisect.bisect_right(self._days.get(name, []), asof)
            if cut == 0:
                cached[asof] = None
            else:
                deals = self.deals.get(name, [])
                deal_cut = bisect.bisect_right(self._deal_days.get(name, []), asof)
                cached[asof] = _state(name, touches[:cut], deals[:deal_cut], self.config)
        return cached[asof]


def customer_states(notes: tuple[NoteFacts, ...], asof: dt.date, config: Config
                    ) -> dict[str, CustomerState]:
    """State of every customer from the notes dated up to `asof` (notes are in date order)."""
    timelines = Timelines(notes, config)
    out = {}
    for name in timelines.touches:
        state = timelines.state(name, asof)
        if state is not None:
            out[name] = state
    return out


def _state(name: str, touches: list[Touch], history: list[tuple[dt.date, Deal]],
           config: Config) -> CustomerState:
    stages: list[StageEvent] = []
    latest: dict[str, tuple[str, Source]] = {}
    scores: dict[str, str] = {}
    level: str | None = None
    level_day: dt.date | None = None
    lead_source: str | None = None
    amount: int | None = None
    won = lost = delivered = None
    for day, deal in history:
        if deal.amount is not None:
            amount = deal.amount
        if deal.stage and (not stages or stages[-1].stage != deal.stage):
            event = StageEvent(day, deal.stage, stages[-1].stage if stages else None,
                               deal.amount if deal.amount is not None else amount, deal.source)
            stages.append(event)
            if deal.stage in WON_STAGES and won is None:
                won = event
            if deal.stage == "交车" and delivered is None:
                delivered = event
            lost = event if deal.stage == LOST_STAGE else (None if deal.stage else lost)
        values = {"phone": deal.phone, "model": deal.model,
                  "budget": _money_range(deal.budget, deal.budget_max),
                  "decision_maker": deal.decision_maker, "purchase_time": deal.purchase_time,
                  "next_step": deal.next_step}
        for key, value in values.items():
            if value:
                latest[key] = (str(value), deal.source)
        for key, value in deal.scores:
            scores[key] = value
        if deal.level:
            level, level_day = deal.level, None
        elif deal.purchase_time and level is None:
            level_day = day
        lead_source = deal.lead_source or lead_source
    derived = False
    if level is None and "purchase_time" in latest:
        level = derive_level(latest["purchase_time"][0], level_day or history[-1][0], config)
        derived = level is not None
    if won is not None and amount is not None and won.amount is None:
        won = StageEvent(won.day, won.stage, won.previous, amount, won.source)
    facts = tuple((key, *latest[key]) for key in FACT_FIELDS if key in latest)
    last = touches[-1].day
    current = stages[-1].stage if stages else None
    return CustomerState(
        name=name, first_seen=touches[0].day, first_source=touches[0].source, last_contact=last,
        touches=tuple(touches), stages=tuple(stages), facts=facts,
        level=level if level in LEVELS else None, level_derived=derived, lead_source=lead_source,
        score=lead_score(scores, level, config), amount=amount, won=won, lost=lost,
        delivered=delivered, follow_up=_follow_up(current, last, level, delivered, config))


def _money_range(low: int | None, high: int | None) -> str | None:
    if low is None:
        return None
    return f"{low}-{high}" if high and high != low else str(low)
