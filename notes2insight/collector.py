"""When Python's cyclic garbage collector may run: the facts of a large vault are millions of
long-lived objects that hold no cycles worth collecting, and every full pass walks all of them."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

FREEZE_FROM_NOTES = 1000  # below this the collector's full passes cost little


def freeze_if_large(notes: int) -> None:
    """Move the objects made so far out of the collector's reach, or every later step pays
    for full collections over all of them (seconds at 36,500 notes). Garbage is still freed
    by reference counting."""
    if notes >= FREEZE_FROM_NOTES:
        gc.freeze()


@contextmanager
def collector_paused(notes: int = 0) -> Iterator[None]:
    """No cyclic collection while the cached facts and the aggregates are built: the passes
    it would make meanwhile find nothing to free and took 40 % of a watcher's warm start.
    What was made is then frozen when the vault is large (`notes`), or the first collection
    after the pause walks all of it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze_if_large(notes)
        if enabled:
            gc.enable()
