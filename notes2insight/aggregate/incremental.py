"""The vault-wide aggregates over the notes dated up to today — customer timelines, the promise
ledger, the mistake log, the corpus — built once and then changed note by note.

A watcher's unchanged notes keep their very facts objects (pipeline.VaultMemory), so what
changed is found by identity; the aggregates then take out the old facts and put in the new
ones, and equal aggregates built from scratch.
"""

from __future__ import annotations

import datetime as dt

from ..config import Config
from ..model import NoteFacts, Source
from .corpus import Corpus
from .customers import Timelines
from .ledger import Ledger
from .mistakes import MistakeLog


class Aggregates:
    def __init__(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source], config: Config,
                 today: dt.date) -> None:
        """`notes`: the notes dated up to `today`, in (date, path) order."""
        self.today = today
        self._notes = {f.path: f for f in notes}
        self.timelines = Timelines(notes, config)
        self.ledger = Ledger(notes, kept)
        self.mistakes = MistakeLog(notes)
        self.corpus = Corpus(notes)

    def update(self, notes: tuple[NoteFacts, ...], kept: dict[Source, Source]) -> set[str]:
        """Bring the aggregates to `notes` (dated up to today, in order) and `kept`; returns
        the customers whose timeline changed."""
        current = {f.path: f for f in notes}
        before = self._notes
        removed = [f for path, f in before.items() if current.get(path) is not f]
        added = [f for path, f in current.items() if before.get(path) is not f]
        self._notes = current
        affected: set[str] = set()
        if removed or added:
            affected = self.timelines.update(removed, added)
            self.corpus.update(removed, added)
            self.mistakes.update(notes)
        self.ledger.update(removed, added, kept)
        return affected
