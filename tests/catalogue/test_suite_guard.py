"""The session guard (suite_guard.py) itself: run on a throwaway project, it fails a session
that changes a note, adds a file to the source tree or leaves a temp file, and passes a clean one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GUARD = Path(__file__).with_name("suite_guard.py")


def _project(root: Path, test_body: str) -> Path:
    """A project laid out like this one: sample_notes/, tests/conftest.py, tests/catalogue/."""
    (root / "sample_notes").mkdir(parents=True)
    (root / "sample_notes" / "2026-11-26.md").write_text("---\ndate: 2026-11-26\n---\n- 见了王总\n",
                                                         encoding="utf-8")
    (root / "tests" / "catalogue").mkdir(parents=True)
    (root / "tests" / "catalogue" / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(GUARD, root / "tests" / "catalogue" / "suite_guard.py")
    (root / "tests" / "conftest.py").write_text('pytest_plugins = ["catalogue.suite_guard"]\n',
                                                encoding="utf-8")
    (root / "tests" / "test_it.py").write_text(
        "from pathlib import Path\nROOT = Path(__file__).resolve().parents[1]\n\n"
        "def test_it(tmp_path):\n" + textwrap.indent(textwrap.dedent(test_body), "    "),
        encoding="utf-8")
    return root


def _run(root: Path) -> subprocess.CompletedProcess:
    basetemp = root.parent / (root.name + "-tmp")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             f"--basetemp={basetemp}", "tests"],
                            cwd=root, capture_output=True, text=True, timeout=120)
    # The inner session's planted temp file sits inside this session's temp folder: remove it,
    # or this session's own guard would (rightly) report it too.
    for leftover in basetemp.rglob("*.n2i-tmp"):
        leftover.unlink()
    return result


@pytest.mark.parametrize(("body", "offence"), [
    ("(ROOT / 'sample_notes' / '2026-11-26.md').write_text('changed', encoding='utf-8')\n",
     "input changed: sample_notes/2026-11-26.md"),
    ("import os\nos.utime(ROOT / 'sample_notes' / '2026-11-26.md', (1, 1))\n",
     "input replaced or touched (inode/mtime): sample_notes/2026-11-26.md"),
    ("(ROOT / 'sample_notes' / 'summaries').mkdir()\n"
     "(ROOT / 'sample_notes' / 'summaries' / 'index.md').write_text('x')\n",
     "new file in the source tree: sample_notes/summaries/index.md"),
    ("(tmp_path / '.index.md.abc123.n2i-tmp').write_text('half')\n",
     ".index.md.abc123.n2i-tmp"),
])
def test_the_guard_fails_a_session_that_writes_where_it_must_not(tmp_path, body, offence):
    result = _run(_project(tmp_path / "proj", body))
    assert "1 passed" in result.stdout  # the test itself passed ...
    assert result.returncode == 1  # ... the session did not
    assert "suite guard" in result.stdout and offence in result.stdout, result.stdout


def test_the_guard_passes_a_clean_session(tmp_path):
    result = _run(_project(tmp_path / "proj", "(tmp_path / 'out.md').write_text('fine')\n"))
    assert result.returncode == 0, result.stdout
    assert "suite guard" not in result.stdout
