"""What `n2i build` writes must be safe to open anywhere: charts that Mermaid parses, tables that
keep their shape whatever a note says, file names that stay inside the output folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from conftest import copy_sample
from mermaid_oracle import extract_mermaid_blocks, validate_charts
from notes2insight.build import build_files
from notes2insight.cli import main
from notes2insight.config import load_config
from notes2insight.pipeline import run

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def sample(tmp_path) -> Path:
    target = tmp_path / "sample_notes"
    copy_sample(target)
    return target


def sample_files(sample: Path, language: str = "zh") -> dict[str, str]:
    from dataclasses import replace

    config, _ = load_config(sample)
    config = replace(config, language=language, cache_dir=sample.parent / "cache")
    return build_files(run(config), config, TODAY)


def test_every_chart_the_build_writes_parses_with_mermaid(sample):
    charts = []
    for language in ("zh", "en"):
        for path, text in sorted(sample_files(sample, language).items()):
            if path.endswith(".md"):
                charts.extend(extract_mermaid_blocks(text))
    assert len(charts) >= 6  # annual: sales, new customers, funnel, sources; monthly funnels…
    results = validate_charts(charts)
    bad = [(chart, error) for chart, (ok, error) in zip(charts, results) if not ok]
    assert not bad, bad[:3]


def test_no_page_has_raw_html_and_every_table_keeps_its_shape(sample):
    md = MarkdownIt("commonmark").enable("table")
    for path, text in sample_files(sample).items():
        if not path.endswith(".md"):
            continue
        tokens = md.parse(text)
        assert not [t for t in tokens if t.type == "html_block" and "notes2insight" not in t.content], path
        rows = []
        for t in tokens:
            if t.type == "thead_open":
                rows = []
            if t.type == "tr_close":
                rows.append(1)
        # every row of a table has as many cells as its header (GFM drops or pads otherwise)
        widths, current = [], 0
        for t in tokens:
            if t.type == "tr_open":
                current = 0
            elif t.type in ("th_open", "td_open"):
                current += 1
            elif t.type == "tr_close":
                widths.append(current)
            elif t.type == "table_close":
                assert len(set(widths)) == 1, (path, widths)
                widths = []
        text_lines = text.splitlines()
        for line in text_lines:
            if line.startswith("|"):
                assert line.endswith("|"), (path, line)


def test_hostile_customer_names_stay_inside_the_output_folder(tmp_path):
    notes = tmp_path / "repo" / "notes"
    notes.mkdir(parents=True)
    (tmp_path / "repo" / ".git" / "hooks").mkdir(parents=True)
    names = ["../../x", "/etc/passwd", "../.git/hooks/post-commit", "CON", "a/b", "a:b",
             "a|b <script>alert(1)</script>", "Acme", "ACME", "客户" * 50]
    deals = "".join(f"  - customer: {name!r}\n    stage: 线索\n" for name in names)
    (notes / "2026-11-20.md").write_text(f"---\ndeals:\n{deals}---\n# x\n", encoding="utf-8")
    config, _ = load_config(notes)
    out = notes / "summaries"
    files = build_files(run(config), config, TODAY)
    customer_files = [p for p in files if p.startswith("customers/")]
    assert len(customer_files) == len(names)  # two customers never share a file
    from notes2insight.publish import publish

    report = publish(out, files)
    assert not report.errors
    written = {p for p in (tmp_path / "repo").rglob("*") if p.is_file()}
    assert all(out in p.parents or p.parent == notes or ".notes2insight-cache" in p.parts
               for p in written), written
    assert not any((tmp_path / "repo" / ".git" / "hooks").iterdir())
    for path in customer_files:
        assert len(Path(path).name.encode()) <= 255
    ledger = files["index.md"]
    assert "<script>" not in ledger


def test_cli_build_reports_and_is_idempotent(sample):
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    assert first.exit_code == 0, first.output
    assert "0 unchanged, 0 removed" in first.output
    out = sample / "summaries"
    weekly = out / "weekly" / "2026-W48.md"
    mtime = weekly.stat().st_mtime_ns
    # the user's own words under the marker survive a rebuild
    weekly.write_text(weekly.read_text(encoding="utf-8") + "经理点评：继续保持。\n", encoding="utf-8")
    second = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    assert "0 updated" in second.output, second.output
    assert "经理点评：继续保持。" in weekly.read_text(encoding="utf-8")
    # a hand edit of the generated part is kept, with a warning, until --force
    text = weekly.read_text(encoding="utf-8").replace("## 概览", "## 我改的标题")
    weekly.write_text(text, encoding="utf-8")
    third = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    assert "edited by hand" in third.output and "## 我改的标题" in weekly.read_text(encoding="utf-8")
    forced = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24", "--force"])
    assert forced.exit_code == 0 and "## 我改的标题" not in weekly.read_text(encoding="utf-8")
    assert mtime  # the file existed from the first build


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_commit_commits_summaries_only(sample, monkeypatch):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(["git", "init", "-q", str(sample)], check=True, env=env)
    subprocess.run(["git", "-C", str(sample), "add", "."], check=True, env=env)
    subprocess.run(["git", "-C", str(sample), "commit", "-qm", "notes"], check=True, env=env)
    (sample / "2026" / "11" / "2026-11-24.md").write_text("- [ ] 明天给王总打电话\n", encoding="utf-8")
    for key, value in env.items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["build", str(sample), "--today", "2026-11-24", "--git-commit"])
    assert "git: committed" in result.output, result.output
    log = subprocess.run(["git", "-C", str(sample), "show", "--stat", "--format=%s", "HEAD"],
                         capture_output=True, text=True, check=True).stdout
    assert log.startswith("notes2insight: update 2026-W48")
    assert "summaries/" in log and "2026-11-24.md" not in log  # the edited note is not committed
    status = subprocess.run(["git", "-C", str(sample), "status", "--porcelain"], capture_output=True,
                            text=True, check=True).stdout
    assert "2026/11/2026-11-24.md" in status


def test_an_unchanged_vault_is_not_rebuilt_but_a_deleted_summary_comes_back(sample):
    runner = CliRunner()
    runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    again = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    assert again.output.startswith("0 updated"), again.output
    (sample / "summaries" / "index.md").unlink()
    restored = runner.invoke(main, ["build", str(sample), "--today", "2026-11-24"])
    assert restored.output.startswith("1 updated"), restored.output
    assert (sample / "summaries" / "index.md").exists()
    next_day = runner.invoke(main, ["build", str(sample), "--today", "2026-11-25"])
    assert not next_day.output.startswith("0 updated")  # the day is part of what summaries show
