"""Session-wide guard (RELIABILITY.md (d) 36c, and (d)'s convention 3): after the whole suite,

* every input note (`*.md`, `*.toml` under `sample_notes/` and `tests/`: the sample vault,
  fixture vaults, goldens) is byte-identical, with the same inode and mtime (no test may
  build, "fix" or touch them in place: tests copy);
* no new file appeared in the source tree (no `summaries/`, `.notes2insight-cache/` or temp
  file written beside the sources: outputs and caches belong in pytest's temp folders);
* no `*.n2i-tmp` temp file is left in the temp folders this session created (an atomic write
  that never cleaned up after itself).

Registered from tests/conftest.py (`pytest_plugins`). The snapshot is taken at session start
and compared at session end of the *same* session, so files that other people add between two
runs never count. A file someone creates by hand *during* a run does count — the report names
it, so such a false alarm is easy to recognise — except new `*.py` modules, which no test
writes. `N2I_UPDATE_GOLDEN=1` may rewrite `tests/golden/` and `*.expected`.
`N2I_SUITE_GUARD=warn` reports without failing, `off` skips the guard.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
TEMP_SUFFIX = ".n2i-tmp"
# Folders that tools other than the tests write while the suite runs, or that are not sources.
NOT_SOURCE = frozenset([".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache",
                        ".hypothesis", ".mypy_cache", ".ruff_cache", "notes2insight.egg-info",
                        "build", "dist"])
# The inputs the suite must never change: every note and notes2insight.toml of the sample vault
# and of the test fixtures (README.md and other docs are not inputs; people edit them mid-run).
INPUT_FOLDERS = ("sample_notes/", "tests/")
INPUT_SUFFIXES = (".md", ".toml")
# What `N2I_UPDATE_GOLDEN=1` may rewrite on purpose (tests/test_golden_summaries.py and the
# `*.expected` files of the error-message goldens).
GOLDEN_FOLDERS = ("tests/golden/",)
GOLDEN_SUFFIXES = (".expected",)

_STATE_KEY = pytest.StashKey["_Snapshot"]()


@dataclass(frozen=True)
class _FileState:
    digest: str
    inode: int
    mtime_ns: int


@dataclass
class _Snapshot:
    inputs: dict[str, _FileState]
    files: frozenset[str]
    offenders: list[str] = field(default_factory=list)


def _source_files(root: Path) -> list[str]:
    """Every file below `root` (relative POSIX paths), skipping NOT_SOURCE folders and links."""
    found: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if d not in NOT_SOURCE]
        rel_folder = Path(folder).relative_to(root)
        found.extend((rel_folder / name).as_posix() for name in names)
    return found


def _file_state(path: Path) -> _FileState | None:
    try:
        st = os.lstat(path)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None
    return _FileState(digest, st.st_ino, st.st_mtime_ns)


def _is_input(rel: str) -> bool:
    return rel.startswith(INPUT_FOLDERS) and rel.endswith(INPUT_SUFFIXES)


def take_snapshot(root: Path) -> _Snapshot:
    files = _source_files(root)
    inputs = {}
    for rel in files:
        if _is_input(rel):
            state = _file_state(root / rel)
            if state is not None:
                inputs[rel] = state
    return _Snapshot(inputs=inputs, files=frozenset(files))


def _golden(rel: str) -> bool:
    return rel.startswith(GOLDEN_FOLDERS) or rel.endswith(GOLDEN_SUFFIXES)


def compare(before: _Snapshot, root: Path, *, updating_goldens: bool = False) -> list[str]:
    """What the session did to the source tree, one line per offence."""
    offences: list[str] = []
    for rel, old in sorted(before.inputs.items()):
        if updating_goldens and _golden(rel):
            continue
        new = _file_state(root / rel)
        if new is None:
            offences.append(f"input removed: {rel}")
        elif new.digest != old.digest:
            offences.append(f"input changed: {rel}")
        elif (new.inode, new.mtime_ns) != (old.inode, old.mtime_ns):
            offences.append(f"input replaced or touched (inode/mtime): {rel}")
    for rel in sorted(set(_source_files(root)) - before.files):
        if updating_goldens and _golden(rel):
            continue
        if rel.endswith(".py"):
            continue  # no test writes Python source; a new module is a colleague's, mid-run
        offences.append(f"new file in the source tree: {rel}")
    return offences


def leftover_temp_files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(str(path) for path in folder.rglob(f"*{TEMP_SUFFIX}"))


def _mode() -> str:
    return os.environ.get("N2I_SUITE_GUARD", "fail").strip().lower()


def pytest_sessionstart(session: pytest.Session) -> None:
    if _mode() == "off":
        return
    session.config.stash[_STATE_KEY] = take_snapshot(PROJECT)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    snapshot = session.config.stash.get(_STATE_KEY, None)
    if snapshot is None:
        return
    offenders = compare(snapshot, PROJECT,
                        updating_goldens=bool(os.environ.get("N2I_UPDATE_GOLDEN")))
    factory = getattr(session.config, "_tmp_path_factory", None)  # pytest's own temp folders
    if factory is not None and getattr(factory, "_basetemp", None) is not None:
        offenders += [f"temp file left behind: {path}"
                      for path in leftover_temp_files(factory.getbasetemp())]
    snapshot.offenders = offenders
    if offenders and _mode() != "warn" and session.exitstatus in (
            pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    snapshot = config.stash.get(_STATE_KEY, None)
    if snapshot is None or not snapshot.offenders:
        return
    terminalreporter.section("suite guard: the source tree or temp folders were changed", red=True)
    for line in snapshot.offenders:
        terminalreporter.write_line(line)
    terminalreporter.write_line("(tests must copy vaults into tmp_path and clean up temp files; "
                                "a file created by hand while the suite ran is listed too; "
                                "see tests/catalogue/suite_guard.py)")
