"""What every page needs: labels, money and date formats, links to notes and other pages,
and Markdown tables whose cells cannot break out of them."""

from __future__ import annotations

import datetime as dt
import heapq
import posixpath
from dataclasses import dataclass
from functools import lru_cache

from .escape import md_cell, md_inline, md_link, source_link
from .labels import Labels


class RowMemo:
    """Table rows a watcher rendered in its last update, to reuse in the next: a year's summary
    lists thousands of promises and one save changes a few. Only the rows used in the last
    update are kept, so it holds about one update's worth.

    Rows are keyed by their item's identity: the aggregates keep every unchanged record as the
    very same object, and a changed one is a new object. The memo holds the item itself, so its
    id cannot be reused while the entry lives."""

    def __init__(self) -> None:
        self._now: dict = {}
        self._before: dict = {}
        self._files: dict[str, str] | None = None
        self._recording: list[list] = []  # the rows each table being made uses

    def get(self, item: object, extra: tuple, make):
        key = (id(item), *extra)
        held = self._now.get(key)
        if held is None or held[0] is not item:
            held = self._before.get(key)
            if held is None or held[0] is not item:
                held = (item, make())
            self._now[key] = held
        if self._recording:
            self._recording[-1].append((key, held))
        return held[1]

    def section(self, key: tuple, items, make):
        """A whole table built from `items` (e.g. the ledger's promises kept in the last 90
        days): reused while it lists the very same objects in the same order, so an unchanged
        list of thousands costs one pass over their ids. `key` names the table and holds
        whatever else its text depends on. A table reused keeps its rows alive, so when one
        of its items does change, the others' rows are still there."""
        ids = tuple(map(id, items))
        key = ("section", *key)
        held = self._now.get(key) or self._before.get(key)
        if held is None or held[0] != ids:
            rows: list = []
            self._recording.append(rows)
            try:
                text = make()
            finally:
                self._recording.pop()
            held = (ids, tuple(items), text, rows)  # the items held: their ids stay theirs
        else:
            self._now.update(held[3])
        if self._recording:  # a table inside a table: the outer one keeps these rows too
            self._recording[-1].extend(held[3])
        self._now[key] = held
        return held[2]

    def begin(self, customer_files: dict[str, str]) -> None:
        """An update starts: tables link customers' briefs, so a change of any brief's file
        name drops every table (rows key on their own customer's file)."""
        if customer_files is not self._files and customer_files != self._files:
            self._now = {k: v for k, v in self._now.items() if k[0] != "section"}
            self._before = {k: v for k, v in self._before.items() if k[0] != "section"}
            self._files = customer_files

    def turn(self) -> None:
        """An update is done: what it did not use is dropped at the end of the next one."""
        self._before, self._now = self._now, {}


@dataclass(frozen=True)
class Site:
    """Where things are: the notes root as seen from the output folder, and customer files."""

    labels: Labels
    notes_prefix: str  # path of the notes root relative to the common root ("" or "notes")
    out_prefix: str  # path of the output folder relative to the common root ("summaries")
    customer_files: dict[str, str]  # customer name -> "customers/<stem>.md"
    rows: RowMemo | None = None  # a watcher's memo of rendered rows

    @property
    def language(self) -> str:
        return self.labels.language

    def money(self, yuan: int | None) -> str:
        if yuan is None:
            return "—"
        if self.language == "en":
            return f"¥{yuan:,}"
        if abs(yuan) >= 10000:
            text = f"{yuan / 10000:.2f}".rstrip("0").rstrip(".")
            return f"{text}万"
        return f"{yuan}元"

    def stage(self, stage: str | None) -> str:
        """A stage name in the summary's language (the notes may use either)."""
        if not stage:
            return "—"
        key = f"stage:{stage}"
        from .labels import LABELS

        return self.labels(key) if key in LABELS else md_cell(stage)

    def pct(self, part: float, whole: float) -> str:
        return f"{round(100 * part / whole)}" if whole else "—"

    def note_link(self, path: str, line: int | None, from_file: str, label: str | None = None) -> str:
        """A link from page `from_file` (relative to the output folder) to a note's line."""
        href = _note_href(self.notes_prefix, self.out_prefix, path, from_file.rpartition("/")[0])
        shown = label if label is not None else f"{path}:{line}"
        return f"[{md_cell(shown)}]({href}#L{line})" if line else f"[{md_cell(shown)}]({href})"

    def page_link(self, label: str, target: str, from_file: str) -> str:
        """A link between two generated pages (both relative to the output folder)."""
        return _page_link(label, target, from_file.rpartition("/")[0])

    def table(self, key: tuple, items, make) -> str:
        """`make()`, the text of a table listing `items`; a watcher reuses the last save's text
        while the table lists the very same objects (`RowMemo.section`). `key` names the table
        and holds whatever else its text depends on."""
        return make() if self.rows is None else self.rows.section(key, items, make)

    def customer(self, name: str | None, from_file: str) -> str:
        if not name:
            return "—"
        target = self.customer_files.get(name)
        return self.page_link(name, target, from_file) if target else md_cell(name)


@lru_cache(maxsize=65536)
def _page_link(label: str, target: str, page_dir: str) -> str:
    """Remembered: the dashboard links every recent customer's brief on every save."""
    return md_link(label, _page_href(target, page_dir))


@lru_cache(maxsize=65536)
def _page_href(target: str, page_dir: str) -> str:
    """The relative path from a page's folder to another generated page."""
    return "/".join([".."] * (len(page_dir.split("/")) if page_dir else 0) + [target])


@lru_cache(maxsize=65536)
def _note_href(notes_prefix: str, out_prefix: str, path: str, page_dir: str) -> str:
    """The encoded relative path from a page's folder to a note (the same for every line)."""
    note = posixpath.join(notes_prefix, path) if notes_prefix else path
    page = posixpath.join(out_prefix, page_dir, "x.md") if out_prefix else posixpath.join(page_dir, "x.md")
    link = source_link(note, None, page.lstrip("/"), label="x")
    return link[link.index("](") + 2:-1]


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A GFM table; cells must already be escaped (md_cell) or be links built here."""
    if not rows:
        return ""
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |",
           "|" + "|".join(" --- " for _ in headers) + "|"]
    out.extend("| " + " | ".join(cell if cell else " " for cell in row) + " |" for row in rows)
    return "\n".join(out) + "\n"


def capped(items, limit: int):
    """The first `limit` items (all of them when `limit` is 0), and how many were left out."""
    if limit and len(items) > limit:
        return items[:limit], len(items) - limit
    return items, 0


def first_sorted(items, key, limit: int) -> tuple[tuple, int]:
    """`capped(sorted(items, key=key), limit)` without sorting what is left out (a team's
    dashboard shows 50 of thousands of overdue promises on every save)."""
    items = list(items)
    if limit and len(items) > limit:
        return tuple(heapq.nsmallest(limit, items, key=key)), len(items) - limit
    return tuple(sorted(items, key=key)), 0


def bullet(text: str) -> str:
    return f"- {text}\n"


def text(value: object) -> str:
    """Note-derived text for a list item or paragraph."""
    return md_inline(value)


def cell(value: object) -> str:
    return md_cell(value) if value not in (None, "") else "—"


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"
