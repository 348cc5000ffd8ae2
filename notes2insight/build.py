"""Vault facts → every summary file's text. Pure: `today` is the only clock it reads.

    build_files(vault_facts, config, today) -> {"weekly/2026-W48.md": "...", ...}
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .aggregate.ledger import made_key
from .aggregate.summary import Vault
from .config import Config
from .model import Problem, Severity
from .pipeline import VaultFacts
from .render.common import Site
from .render.ics import render_ics
from .render.labels import Labels
from .render.names import assign_file_names
from .render.pages import render_customer, render_index, render_ledger, render_mistakes
from .render.period import page_path, render_period


def _prefixes(notes_dir: Path, out_dir: Path) -> tuple[str, str]:
    """Both folders relative to their common root, so summaries can link to notes."""
    notes = Path(os.path.abspath(notes_dir))
    out = Path(os.path.abspath(out_dir))
    root = Path(os.path.commonpath([notes, out]))

    def rel(path: Path) -> str:
        text = path.relative_to(root).as_posix()
        return "" if text == "." else text

    return rel(notes), rel(out)


def build_files(facts: VaultFacts, config: Config, today: dt.date,
                problems: list[Problem] | None = None) -> dict[str, str]:
    """Every summary file, rendered. Customers whose file names would clash are appended to
    `problems` as warnings."""
    files, _ = build_some(facts, config, today, problems=problems)
    return files


def name_collisions(stems: dict[str, str], states: dict) -> list[Problem]:
    """A warning for every group of customers whose safe file names clash (Acme / ACME, a/b /
    a:b): each got a suffixed file, which the user should know about."""
    from .render.names import collision_key, safe_name

    groups: dict[str, list[str]] = {}
    for name in stems:
        groups.setdefault(collision_key(safe_name(name)), []).append(name)
    problems = []
    for names in groups.values():
        if len(names) < 2:
            continue
        first = min((states[n].first_source for n in names), key=lambda s: (s.path, s.line))
        listed = ", ".join(f"'{n}' → customers/{stems[n]}.md" for n in sorted(names))
        problems.append(Problem(first.path, first.line, f"customer names share one file name; "
                                f"written as {listed}", "name-collision", Severity.WARNING))
    return problems


_FILE_NAMES: list = [None, None, None]  # the last (names, stems, customer files)


def _file_names(names: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """Each customer's file stem and brief path: a watcher's save mostly keeps the very same
    names tuple, and then its files too (the same dict: the row memo compares it)."""
    if _FILE_NAMES[0] is not names:
        stems = assign_file_names(names)
        _FILE_NAMES[:] = [names, stems, {name: f"customers/{stem}.md" for name, stem in stems.items()}]
    return _FILE_NAMES[1], _FILE_NAMES[2]


def build_some(facts: VaultFacts, config: Config, today: dt.date, *,
               since: dt.date | None = None, customers: set[str] | None = None,
               problems: list[Problem] | None = None, aggregates=None, rows=None
               ) -> tuple[dict[str, str], frozenset[str]]:
    """The files a change touches, and the other files that are still wanted as they are.

    `since`: the earliest note date that changed — every period ending on or after it is
    rendered again (a past period is a snapshot of the notes up to its last day). `customers`:
    the briefs to render again. None means everything. The dashboard and ledgers always are.
    `aggregates`: a watcher's, brought up to exactly these facts and `today`; `rows`: its
    render.common.RowMemo.
    """
    vault = Vault(facts.notes, facts.kept, config, today, aggregates)
    states = vault.current_states
    names = vault.aggregates.customer_names()  # = sorted(states): every customer has a state today
    stems, customer_files = _file_names(names)
    if problems is not None:
        problems.extend(name_collisions(stems, states))
    notes_prefix, out_prefix = _prefixes(config.notes_dir, config.output_dir)
    site = Site(Labels(config.language), notes_prefix, out_prefix, customer_files, rows)
    if rows is not None:
        rows.begin(site.customer_files)
    files: dict[str, str] = {}
    expected: set[str] = set()
    periods = vault.aggregates.periods()
    wanted = [p for p in periods if since is None or p.last_day >= since or p.end > today]
    vault.prepare_keywords(wanted)
    for period in periods:
        expected.add(page_path(period))
    for period in wanted:
        files[page_path(period)] = render_period(vault.summary(period), vault, site)
    expected.update(site.customer_files.values())
    for name in sorted(states if customers is None else customers & states.keys()):
        here = site.customer_files[name]
        open_promises = tuple(p for p in vault.ledger.of_customer(name) if p.status(today) != "kept")
        files[here] = render_customer(states[name], vault.aggregates.steps_of(name), open_promises,
                                      vault, site, here)
    files["commitments.md"] = render_ledger(vault, site)
    files["mistakes.md"] = render_mistakes(vault, site)
    follow = [state for state in map(states.__getitem__, names) if state.follow_up is not None]
    horizon = today - dt.timedelta(days=30)  # long-gone dates only clutter a phone calendar
    dated = sorted(vault.ledger.open_by_due.since(horizon), key=made_key)
    files["commitments.ics"] = render_ics(dated, follow, horizon, config.language)
    week = vault.summary(next(p for p in reversed(periods) if p.kind == "week"))
    files["index.md"] = render_index(vault, site, week, periods, states)
    return files, frozenset(expected - set(files))
