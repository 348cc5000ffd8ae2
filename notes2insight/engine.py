"""The incremental engine behind `n2i watch`: changed paths in, only the touched summaries out.

The watch loop (watch.py) decides *when* to act; this module decides *what* a change touches.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from .collector import collector_paused, freeze_if_large


@dataclass
class Outcome:
    """What one update did, for the status line."""

    changed: tuple[str, ...]
    report: object
    seconds: float
    problems: int
    new_problems: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Engine:
    """The incremental pipeline behind the watcher (and the tests that replay edits)."""

    config: object
    today: Callable[[], dt.date] = dt.date.today
    force: bool = False
    refresher: object = None
    facts: object = None
    names: tuple[str, ...] = ()
    kept: dict = field(default_factory=dict)
    shown: dict = field(default_factory=dict)  # path -> problem lines already printed
    built_for: dt.date | None = None
    aggregates: object = None  # aggregate.incremental.Aggregates, updated note by note
    rows: object = None  # render.common.RowMemo: table rows reused from the last update
    preparing: object = None  # threading.Thread loading the facts and aggregates after a warm start
    aggregated: object = None  # the facts the aggregates were last brought to
    notes: int = 0  # notes found by the start-up walk
    ready_after: float | None = None  # seconds from start until a warm start's preparation ended
    warming: object = None  # threading.Thread loading the extraction code and jieba
    _started: float = 0.0
    _announced: bool = False
    _loaded: object = None  # threading.Event: a warm start's background load read the cache

    def start(self) -> Outcome:
        """Bring every summary up to date with the notes. When the last build's stamp still
        holds (same notes, config, day and code), nothing is rendered and nothing is even
        loaded: the cached facts and the aggregates a save needs are loaded in a background
        thread (4–15 s at 36,500 notes) while the user has not saved yet; an update waits
        for them."""
        from .buildstamp import BuildStamp
        from .cache import Cache
        from .pipeline import Refresher

        self._started = started = time.perf_counter()
        cache = Cache(self.config.cache_path, self.config.fingerprint())
        self.refresher = Refresher(self.config, cache)
        self.refresher.keep_last_good = True
        found, scan_problems = self.refresher.discover()
        self.notes = len(found)
        stamp = BuildStamp(self.config, self.today(), found, scan_problems)
        problems = None if self.force else stamp.unchanged()
        if problems is not None:
            # the summaries are exactly what a build for today would write
            from .publish import remove_temp_files

            report = replace(stamp.report(), errors=tuple(remove_temp_files(self.config.output_dir)))
            self.built_for = self.today()
            self._prepare_in_background(found, scan_problems)
            return self._outcome((), report, started, problems)
        self._load(found, scan_problems)
        outcome = self._publish(None, None, (), started, clean_temp=True)
        if not outcome.report.errors:
            stamp.record(self.facts.problems)
        return outcome

    def _load(self, found, scan_problems) -> None:
        """The cached facts, brought up to date with the notes the start-up walk found."""
        cache = self.refresher.cache
        cache.load()
        freeze_if_large(len(cache.state.entries))
        self.facts = self.refresher.refresh_files(found, scan_problems)
        self.refresher.autosave = False  # saving the whole cache per save costs seconds: when idle
        cache.journal_ok = True  # and then only what changed

    def warm_up(self):
        """Load the extraction (code, jieba) in a background thread while the user has not
        saved yet; an update that starts meanwhile waits for the segmenter's lock. Returns the
        thread; `close` joins it (a daemon thread reading files at shutdown can crash the
        interpreter)."""
        import threading

        from .pipeline import warm_up

        self.warming = threading.Thread(target=warm_up, args=(self.config, self.refresher.segmenter,
                                                              self.refresher.cache.state.directory),
                                        name="n2i-warm-up", daemon=True)
        self.warming.start()
        return self.warming

    def close(self) -> None:
        """Before exiting: wait for the threads that read files, then save the cache."""
        if self.preparing is not None:
            # the cache file read; what is left is in memory and may be dropped (a Ctrl-C
            # soon after start must not wait for a ten-year vault's aggregates)
            self._loaded.wait()
            if not self.preparing.is_alive():
                self.preparing = None
        if self.warming is not None:
            self.warming.join()
        self.save_cache()

    def save_cache(self) -> None:
        if self.refresher is not None and self.facts is not None and self.preparing is None:
            self.refresher.cache.save()

    def cache_dirty(self) -> bool:
        """Cached facts changed and not saved yet (never while a warm start still loads)."""
        return self.preparing is None and self.facts is not None and self.refresher.cache.state.dirty

    def known_under(self, folder: str) -> list[str]:
        self.ready()
        prefix = folder.rstrip("/") + "/"
        return [rel for rel in self.refresher.cache.state.entries if rel.startswith(prefix)]

    def update(self, changed: set[str], rescan: bool = False) -> Outcome:
        started = time.perf_counter()
        self.ready()
        state = self.refresher.cache.state
        previous = self.facts
        old_directory = state.directory
        if rescan:
            self.facts = self.refresher.refresh_all()
        else:
            self.facts = self.refresher.refresh_paths(changed)
        since, customers = self._affected(previous, self.facts, changed)
        if rescan or state.directory != old_directory:
            since, customers = None, None
        return self._publish(since, customers, tuple(sorted(changed)), started)

    def midnight(self) -> Outcome | None:
        """A new day: current periods, overdue promises and follow-ups move without a save."""
        today = self.today()
        if self.built_for == today:
            return None
        started = time.perf_counter()
        self.ready()
        # notes dated today (written ahead, e.g. tomorrow's plan) now count
        customers = {m.name for f in self.facts.notes if f.date == today for m in f.mentions}
        return self._publish(today, customers, (), started)

    def _prepare_in_background(self, found, scan_problems) -> None:
        """A warm start's work in a thread: load the cached facts, then build the aggregates
        (and the customers' names) for today while jieba loads beside them. `ready` waits
        for it; `became_ready` tells the watch loop once."""
        import threading

        today = self.today()
        self._loaded = threading.Event()

        def prepare() -> None:
            try:
                self._load(found, scan_problems)
                self.warm_up()
            except Exception:  # noqa: BLE001 - the first update loads again, and reports
                return
            finally:
                self._loaded.set()
            try:
                self.names = self._names(self._aggregates(today, self.facts))
            except Exception:  # noqa: BLE001 - the first update builds them again, and reports
                self.aggregates = None
            self.ready_after = time.perf_counter() - self._started

        self.preparing = threading.Thread(target=prepare, name="n2i-prepare", daemon=True)
        self.preparing.start()

    def ready(self) -> None:
        """Wait until what a warm start began to load is there."""
        if self.preparing is not None:
            self.preparing.join()
            self.preparing = None
            if self.facts is None:  # the background load failed: load here, and report
                self._load(*self.refresher.discover())

    def became_ready(self) -> float | None:
        """Seconds a warm start took to load what a save needs, once, when it is done."""
        if self._announced or self.ready_after is None:
            return None
        self._announced = True
        return self.ready_after

    @staticmethod
    def _names(aggregates) -> tuple[str, ...]:
        return aggregates.customer_names()  # every customer named up to today

    def _aggregates(self, today: dt.date, facts=None):
        """The vault-wide aggregates over the notes dated up to today: built once (and again
        on a new day), then only the notes whose facts changed are taken out and put back in.
        `facts`: the background build's own (else wait for it, and use the current ones)."""
        from .aggregate.incremental import Aggregates
        from .pipeline import date_key

        if facts is None:
            self.ready()
            facts = self.facts
        # the notes dated up to today: a prefix, as undated notes come last
        notes = facts.notes[:bisect.bisect_left(facts.notes, (today + dt.timedelta(days=1), ""), key=date_key)]
        if self.aggregates is None or self.aggregates.today != today:
            with collector_paused(len(notes)):  # long-lived objects only: nothing to collect
                self.aggregates = Aggregates(notes, facts.kept, self.config, today)
        elif facts is not self.aggregated:
            self.aggregates.update(notes, facts.kept, facts.changes_since(self.aggregated))
        self.aggregated = facts
        return self.aggregates

    def _affected(self, previous, current, changed: set[str]) -> tuple[dt.date | None, set[str]]:
        """The earliest note date and the customers a change touches, from the facts before
        and after it (aliases folded, so 何姐 counts as 何丽)."""
        days: list[dt.date] = []
        customers: set[str] = set()
        changes = current.changes_since(previous)
        if changes is not None:
            old = {path: f for path, (f, _) in changes.notes.items() if f is not None}
            new = {path: f for path, (_, f) in changes.notes.items() if f is not None}
            moved = changes.kept
        else:
            old = {f.path: f for f in previous.notes if f.path in changed}
            new = {f.path: f for f in current.notes if f.path in changed}
            moved = {source for source, _ in previous.kept.items() ^ current.kept.items()}
        for facts in (*old.values(), *new.values()):
            if facts.date is not None:
                days.append(facts.date)
            customers.update(facts.customers)
            customers.update(d.customer for d in facts.deals)
            customers.update(c.customer for c in facts.commitments if c.customer)
            customers.update(s.customer for s in facts.customer_steps if s.customer)
        # a promise in another note kept (or no longer kept) by this change
        if moved:
            folded = self.refresher.memory.folded  # path -> (raw, folded): the current facts
            for path in {source.path for source in moved}:
                facts = folded[path][1] if path in folded else None
                for c in facts.commitments if facts is not None else ():
                    if c.source in moved:
                        if c.customer:
                            customers.add(c.customer)
                        if facts.date is not None:
                            days.append(facts.date)
        return (min(days) if days else self.today()), customers

    def _publish(self, since, customers, changed, started, clean_temp=False) -> Outcome:
        """Render and write what the change touches."""
        from .build import build_some
        from .publish import publish
        from .render.names import assign_file_names

        today = self.today()
        aggregates = self._aggregates(today)
        names = self._names(aggregates)
        if names != self.names and customers is not None:
            old_stems = assign_file_names(self.names)
            new_stems = assign_file_names(names)
            if any(new_stems.get(n) != s for n, s in old_stems.items()):
                customers = None  # a customer merged, renamed or its file name moved: all briefs
            else:
                customers = set(customers) | (set(names) - set(self.names))
        if self.built_for != today:
            since = None if since is None else min(since, today - dt.timedelta(days=1))
        from .render.common import RowMemo

        # a full render would fill the memo with every row of every page: only updates use it
        partial = since is not None or customers is not None
        rows = (self.rows or RowMemo()) if partial else None
        files, keep = build_some(self.facts, self.config, today, since=since,
                                 customers=customers, aggregates=aggregates, rows=rows)
        if rows is not None:
            rows.turn()
        if since is None or since < today - dt.timedelta(days=7):
            aggregates.timelines.forget_past(today)  # past periods were rendered: their states go
        self.rows = rows
        report = publish(self.config.output_dir, files, force=self.force,
                         keep=keep if partial else None, clean_temp=clean_temp)
        self.names = names
        self.built_for = today
        return self._outcome(changed, report, started)

    def _outcome(self, changed, report, started, problems=None) -> Outcome:
        """`problems`: the vault's (default: those of the current facts)."""
        problems = self.facts.problems if problems is None else problems
        lines = {}
        for p in problems:
            lines.setdefault(p.path, []).append(str(p))
        new = tuple(line for path, items in sorted(lines.items()) for line in items
                    if line not in self.shown.get(path, ()))
        fixed = tuple(sorted(set(self.shown) - set(lines)))
        self.shown = lines
        if self.facts is not None:
            freeze_if_large(len(self.facts.notes))
        return Outcome(changed, report, time.perf_counter() - started, len(problems), new, fixed)
