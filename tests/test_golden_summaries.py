"""Golden files: the whole rendering of a small vault, in Chinese and in English.

Any change to a summary's wording or layout shows up here as a diff to review. After a
deliberate change:  N2I_UPDATE_GOLDEN=1 pytest tests/test_golden_summaries.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from notes2insight.build import build_files
from notes2insight.config import Config
from notes2insight.pipeline import run

FIXTURE = Path(__file__).parent / "fixtures" / "build_vault"
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_rendering_matches_the_golden_files(tmp_path, language):
    notes = tmp_path / "notes"
    shutil.copytree(FIXTURE, notes)
    config = Config(notes_dir=notes, output_dir=notes / "summaries", cache_dir=tmp_path / "cache",
                    language=language)
    files = build_files(run(config), config, TODAY)
    folder = GOLDEN / language
    if os.environ.get("N2I_UPDATE_GOLDEN"):
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
    expected = {p.relative_to(folder).as_posix(): p.read_bytes().decode("utf-8")
                for p in folder.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected)
    for path, text in files.items():
        assert text == expected[path], f"{path} differs from tests/golden/{language}/{path}"
