"""The command line, as a user runs it on the sample vault and on a fresh folder."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import copy_sample
from notes2insight.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Runs the CLI in-process with the jieba cache in a temp folder (never in the repo)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result

    return run


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample vault, so no cache is ever written into the source tree."""
    target = tmp_path / "sample_notes"
    copy_sample(target)
    return target


def test_export_jsonl_one_record_per_note_sorted_by_date(cli, sample):
    result = cli("export", str(sample))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    notes = sorted(p for p in sample.rglob("*.md"))
    assert len(rows) == len(notes)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert list(rows[0]) == ["path", "date", "author", "customers", "deals", "commitments",
                             "mistakes", "customer_steps"]
    assert list(rows[0]["commitments"][0]) == ["text", "due", "done", "customer", "line", "rule",
                                               "done_at"]
    assert "\\u" not in result.stdout and "王建国" in result.stdout
    assert all(not r["path"].startswith("/") for r in rows)


def test_export_facts_from_the_sample_vault(cli, sample):
    rows = {r["path"]: r for r in json.loads(cli("export", str(sample), "--format", "json").stdout)}
    day = rows["2026/10/2026-10-22.md"]
    assert day["customers"][:2] == ["王建国", "陈志强"]
    assert {d["customer"]: d["stage"] for d in day["deals"]} == {"王建国": "到店", "陈志强": "线索"}
    promise = next(c for c in day["commitments"] if c["text"].startswith("答应王总明天上午"))
    assert promise["due"] == "2026-10-23" and promise["customer"] == "王建国" and promise["done"]
    assert [m["line"] for m in day["mistakes"]] == [29]
    # the forgotten call to 李女士 (2026-10-19) is never reported done
    first = rows["2026/10/2026-10-19.md"]
    call = next(c for c in first["commitments"] if "李女士" in c["text"])
    assert call["due"] == "2026-10-20" and call["done"] is False
    # a file named 11月18日.md takes its year from the folder
    assert rows["2026/11/11月18日.md"]["date"] == "2026-11-18"


def test_export_csv_and_json_hold_the_same_notes(cli, sample):
    as_json = json.loads(cli("export", str(sample), "--format", "json").stdout)
    table = list(csv.DictReader(io.StringIO(cli("export", str(sample), "--format", "csv").stdout)))
    assert [r["path"] for r in table] == [r["path"] for r in as_json]
    assert json.loads(table[0]["commitments"]) == as_json[0]["commitments"]


def test_check_clean_vault_exits_0(cli, sample):
    result = cli("check", str(sample))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_check_reports_path_line_and_exits_1(cli, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-11-26.md").write_text("---\ndate: 2026-11-26\ndeals:\n  - customer: 王建国\n"
                                         "    stage: 试架\n---\n", encoding="utf-8")
    result = cli("check", str(notes))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{notes / '2026-11-26.md'}:5: error: [deal] unknown stage '试架'; "
                                    "did you mean '试驾'?")
    as_json = json.loads(cli("check", str(notes), "--format", "json").stdout)
    assert as_json[0]["line"] == 5 and as_json[0]["severity"] == "error"


def test_init_makes_a_ready_vault_and_never_overwrites(cli, tmp_path):
    target = tmp_path / "my-notes"
    first = cli("init", str(target))
    assert first.exit_code == 0
    assert (target / "notes2insight.toml").exists() and (target / ".gitignore").exists()
    assert ".notes2insight-cache/" in (target / ".gitignore").read_text(encoding="utf-8")
    (target / "notes2insight.toml").write_text("# mine\n", encoding="utf-8")
    second = cli("init", str(target))
    assert "kept" in second.stdout
    assert (target / "notes2insight.toml").read_text(encoding="utf-8") == "# mine\n"
    # the example note is a valid note: check passes on the new vault
    assert cli("check", str(target)).exit_code == 0


def test_config_is_found_in_the_notes_folder(cli, sample):
    rows = json.loads(cli("export", str(sample), "--format", "json").stdout)
    assert rows[0]["author"] == "王芳"  # from sample_notes/notes2insight.toml
    every = {name for r in rows for name in r["customers"]}
    assert not every & {"小刘", "孙经理", "老马"}  # colleagues from the config


@pytest.mark.parametrize("command", ["export", "check", "init"])
def test_every_command_has_help_with_an_example(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_module_and_console_script_start_fast_without_heavy_imports(tmp_path):
    code = ("import sys, notes2insight.cli as c; heavy = {'jieba', 'markdown_it', 'yaml', "
            "'cn2an', 'chinese_calendar', 'watchdog'} & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    result = subprocess.run([sys.executable, "-m", "notes2insight", "--help"], capture_output=True,
                            text=True, cwd=tmp_path, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0 and "export" in result.stdout


def test_missing_notes_folder_is_a_usage_error(cli, tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "notes folder not found" in result.output
