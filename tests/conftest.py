"""Shared fixtures: notes written into a temporary vault, one jieba tokenizer per test session."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Tests write nothing into the source tree: hypothesis keeps its example database and its
# caches in the temp folder instead of `.hypothesis/` at the project root.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "notes2insight-hypothesis")

# In CI the property tests run the same examples every time: a failure is reproducible, and a
# rare example cannot turn a landing red at random (locally they keep exploring).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from notes2insight.config import Config
from notes2insight.model import NoteFacts
from notes2insight.parse.note import parse_note
from notes2insight.pipeline import VaultFacts, extract_notes
from notes2insight.text.segmenter import Segmenter

PROJECT = Path(__file__).resolve().parents[1]


def copy_sample(target: Path) -> Path:
    """A copy of `sample_notes/` as the repository holds it: what the README's run command
    leaves there (its summaries, a cache signed with the user's own key) stays behind."""
    import shutil

    shutil.copytree(PROJECT / "sample_notes", target,
                    ignore=shutil.ignore_patterns(".notes2insight-cache", "summaries"))
    return target
pytest_plugins = ["catalogue.suite_guard"]  # the source tree is never written: tests/catalogue/suite_guard.py


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory):
    """The per-user cache (signing key, jieba's dictionary cache) lives in a temp folder."""
    import os

    folder = tmp_path_factory.mktemp("user-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session")
def segmenter(tmp_path_factory) -> Segmenter:
    return Segmenter(tmp_path_factory.mktemp("jieba-cache"))


@pytest.fixture
def extract(segmenter, tmp_path):
    """extract({"2026-11-26.md": "text", ...}, **config) -> VaultFacts, without touching disk
    except the temporary cache."""

    def run(notes: dict[str, str], **config) -> VaultFacts:
        cfg = Config(notes_dir=tmp_path, cache_dir=tmp_path / "cache", **config)
        parsed, problems = [], []
        for rel, text in notes.items():
            note, found = parse_note(rel, textwrap.dedent(text).lstrip("\n").encode("utf-8"),
                                     cfg.author)
            problems.extend(found)
            if note is not None:
                parsed.append(note)
        return extract_notes(parsed, cfg, problems, segmenter)

    return run


@pytest.fixture
def one_note(extract):
    """one_note(text, date=...) -> NoteFacts of a single note."""

    def run(text: str, date: str = "2026-11-26", **config) -> NoteFacts:
        vault = extract({f"{date}.md": text}, **config)
        assert len(vault.notes) == 1
        return vault.notes[0]

    return run


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def year_of_notes(tmp_path_factory) -> list[NoteFacts]:
    """The sample vault's five weeks, copied forward four times (every fact moved along with
    its note): five months of notes, promises kept weeks later across month boundaries,
    customers met again."""
    from notes2insight.pipeline import run

    notes = tmp_path_factory.mktemp("year") / "notes"
    copy_sample(notes)
    facts = run(Config(notes_dir=notes, output_dir=notes / "summaries"), use_cache=False).notes
    return [relocated(f, 37 * copy, f"copy{copy}/") for copy in range(4) for f in facts
            if f.date is not None]


def relocated(facts: NoteFacts, days: int, prefix: str) -> NoteFacts:
    """`facts` as if its note were `prefix`-ed and written `days` later (due dates move too)."""
    from dataclasses import replace

    from notes2insight.model import Source

    def move(item):
        changes = {"source": Source(prefix + item.source.path, item.source.line)}
        if getattr(item, "due", None) is not None:
            changes["due"] = item.due + dt.timedelta(days=days)
        return replace(item, **changes)

    return replace(
        facts, path=prefix + facts.path, date=facts.date + dt.timedelta(days=days),
        **{kind: tuple(move(item) for item in getattr(facts, kind))
           for kind in ("mentions", "deals", "commitments", "completions", "customer_steps", "mistakes")})
