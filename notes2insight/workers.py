"""Reading many notes on every core: a cold build of a large vault.

Extraction has two passes with a vault-wide step between them: every note is parsed and says
who it names (its `Contribution`), the contributions are merged into the vault's directory of
people, and only then can each note's facts be extracted. A shard of notes therefore stays in
one process for both passes (parsed notes are never shipped between processes); the parent
process takes a shard itself, merges the directory, and collects the results by path, so the
facts do not depend on how the notes were split.

Workers are forked, sharing the already loaded jieba dictionary. Fewer notes than
`MIN_NOTES_PER_WORKER` per extra process, a platform without fork, or other threads running
(a watcher: forking a threaded process is unsafe) — one process does it all, as before.
"""

from __future__ import annotations

import os
import threading
from typing import Iterable

MIN_NOTES_PER_WORKER = 150


def worker_count(notes: int) -> int:
    """How many processes (the parent included) should share `notes` notes."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8, notes // MIN_NOTES_PER_WORKER))


class Shard:
    """Some notes, parsed once, then extracted against the merged directory."""

    def __init__(self, config, segmenter) -> None:
        self.config = config
        self.segmenter = segmenter
        self.notes: dict = {}

    def parse(self, items: list[tuple[str, bytes]]) -> list[tuple[str, bool, tuple, object]]:
        """(path, readable?, problems, contribution) per note."""
        from .extract.people import contribution
        from .pipeline import _EMPTY_CONTRIBUTION, _parse

        out = []
        for rel, data in items:
            note, problems = _parse(rel, data, self.config)
            self.notes[rel] = note
            out.append((rel, note is not None, tuple(problems),
                        contribution(note, self.segmenter) if note else _EMPTY_CONTRIBUTION))
        return out

    def extract(self, directory) -> list[tuple[str, object, tuple, tuple]]:
        """(path, facts, taught aliases, problems) per readable note."""
        from .pipeline import context_for, extract_note

        ctx = context_for(directory, self.config, self.segmenter)
        out = []
        for rel, note in self.notes.items():
            if note is not None:
                facts, taught, found = extract_note(note, ctx)
                out.append((rel, facts, tuple(sorted(taught.items())), tuple(found)))
        self.notes.clear()
        return out


def _serve(conn, shard: Shard) -> None:
    """A worker's loop: run the parent's requests on its shard until told to stop."""
    while True:
        try:
            request = conn.recv()
        except EOFError:
            break
        if request is None:
            break
        method, argument = request
        try:
            conn.send(("ok", getattr(shard, method)(argument)))
        except BaseException as exc:  # reported to the parent, which fails loudly
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Shards:
    """The parent's shard plus forked workers, used as a context manager."""

    def __init__(self, config, segmenter, count: int) -> None:
        self.local = Shard(config, segmenter)
        self.count = count
        self.workers: list = []  # (process, connection)

    def __enter__(self) -> "Shards":
        if self.count > 1:
            import multiprocessing

            self.local.segmenter.tokenizer  # load jieba once, before forking: shared pages
            self.local.segmenter.tag("王先生")
            context = multiprocessing.get_context("fork")
            for _ in range(self.count - 1):
                parent_end, child_end = context.Pipe()
                process = context.Process(target=_serve, args=(child_end, self.local), daemon=True)
                process.start()
                child_end.close()
                self.workers.append((process, parent_end))
        return self

    def __exit__(self, *exc) -> None:
        for process, conn in self.workers:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for process, _ in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        self.workers = []

    def _run(self, method: str, local_argument, worker_arguments: list) -> list:
        for (_, conn), argument in zip(self.workers, worker_arguments):
            conn.send((method, argument))
        results = list(getattr(self.local, method)(local_argument))
        for _, conn in self.workers:
            status, value = conn.recv()
            if status != "ok":
                raise RuntimeError(f"extraction worker failed: {value}")
            results.extend(value)
        return results

    def parse(self, items: Iterable[tuple[str, bytes]]) -> list:
        """Spread the notes by size (largest first, round robin), so shards take as long."""
        ordered = sorted(items, key=lambda item: (-len(item[1]), item[0]))
        split = [ordered[i::self.count] for i in range(self.count)]
        return self._run("parse", split[0], split[1:])

    def extract(self, directory) -> list:
        return self._run("extract", directory, [directory] * len(self.workers))
