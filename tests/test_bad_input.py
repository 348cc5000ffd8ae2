"""Bad notes: each gives a `path:line:` problem (golden file, hledger style) or is read
correctly, never stops the other notes, and is never written to.

Update the golden file after a deliberate change with  N2I_UPDATE_GOLDEN=1 pytest tests/test_bad_input.py
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from notes2insight.config import Config
from notes2insight.pipeline import run

HERE = Path(__file__).parent / "errors"
GOLDEN = HERE / "expected.txt"


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_bad_note_is_reported_at_its_line(tmp_path):
    vault_dir = HERE / "vault"
    before = _digest(vault_dir)
    vault = run(Config(notes_dir=vault_dir, cache_dir=tmp_path / "cache"))
    text = "".join(f"{p}\n" for p in vault.problems)
    if os.environ.get("N2I_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert _digest(vault_dir) == before  # notes are never written to


def test_bad_notes_do_not_stop_the_good_ones(tmp_path):
    vault = run(Config(notes_dir=HERE / "vault", cache_dir=tmp_path / "cache"))
    by_path = {f.path: f for f in vault.notes}
    # the readable parts of damaged notes still count
    assert by_path["2026-11-10 gbk.md"].mistakes  # GB18030 decoded, mistake found
    assert by_path["2026-11-12 bom.md"].customers == ("李秀英",)  # BOM stripped, front matter read
    assert by_path["2026-11-13 crlf.md"].mistakes[0].source.line == 6
    assert by_path["2026-11-04 fm-list.md"].mistakes  # list "front matter" kept as body text
    assert "2026-11-15 binary.md" not in by_path
    assert len(vault.notes) == 20


def test_special_files_are_skipped_quickly(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-11-20.md").write_text("- [ ] 明天给王总发报价\n", encoding="utf-8")
    with open(notes / "2026-11-21 huge.md", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse 50 MB: must be refused without reading it
    os.mkfifo(notes / "2026-11-22 fifo.md")  # open() would block forever
    (notes / "2026-11-23 dir.md").mkdir()
    (notes / "2026-11-24 passwd.md").symlink_to("/etc/passwd")
    (notes / "2026-11-25 zero.md").symlink_to("/dev/zero")
    (notes / ".#2026-11-20.md").symlink_to("user@host.1234")  # Emacs lock file, dangling
    (notes / "2026-11-20.md~").write_text("old", encoding="utf-8")
    (notes / "4913").write_text("", encoding="utf-8")
    (notes / ".2026-11-20.md.swp").write_bytes(b"\x00vim")
    started = time.monotonic()
    vault = run(Config(notes_dir=notes, cache_dir=tmp_path / "cache"))
    assert time.monotonic() - started < 10
    codes = sorted((p.path, p.code) for p in vault.problems)
    assert codes == [("2026-11-21 huge.md", "too-big"), ("2026-11-22 fifo.md", "not-a-file"),
                     ("2026-11-23 dir.md", "not-a-file"), ("2026-11-24 passwd.md", "symlink"),
                     ("2026-11-25 zero.md", "symlink")]
    assert [f.path for f in vault.notes] == ["2026-11-20.md"]
    assert vault.notes[0].commitments[0].due.isoformat() == "2026-11-21"


@pytest.mark.parametrize("size_mb", [10])
def test_one_huge_line_of_chinese_is_refused_or_read_in_bounded_time(tmp_path, size_mb):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-11-20.md").write_text("客户" * (size_mb * 1024 * 1024 // 6), encoding="utf-8")
    started = time.monotonic()
    vault = run(Config(notes_dir=notes, cache_dir=tmp_path / "cache"))
    assert time.monotonic() - started < 10
    assert [p.code for p in vault.problems] == ["too-big"]
