"""`--git-commit`: commit the summary files a build changed — never the notes, never while the
repository is in the middle of a merge, rebase, cherry-pick, revert or bisect."""

from __future__ import annotations

import subprocess
from pathlib import Path

IN_PROGRESS = ("MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "REVERT_HEAD",
               "BISECT_LOG")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def commit_summaries(out_dir: Path, changed: list[str], periods: list[str]) -> str:
    """Commit `changed` (paths relative to `out_dir`); returns what happened, in one line."""
    if not changed:
        return "git: nothing to commit"
    top = _git(out_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return f"git: {out_dir} is not inside a git repository; not committed"
    git_dir = Path(_git(out_dir, "rev-parse", "--absolute-git-dir").stdout.strip())
    busy = [name for name in IN_PROGRESS if (git_dir / name).exists()]
    if busy:
        return f"git: repository is busy ({', '.join(busy)}); summaries not committed"
    paths = [str((out_dir / p).resolve()) for p in changed]
    added = _git(out_dir, "add", "-A", "--", *paths)
    if added.returncode != 0:
        return f"git: add failed: {added.stderr.strip()}"
    names = ", ".join(periods[:6]) + ("…" if len(periods) > 6 else "")
    message = f"notes2insight: update {names or 'summaries'}"
    done = _git(out_dir, "commit", "--quiet", "-m", message, "--", *paths)
    if done.returncode != 0:
        text = (done.stdout + done.stderr).strip().splitlines()
        return f"git: commit failed: {text[-1] if text else done.returncode}"
    return f"git: committed {len(changed)} files ({message})"
