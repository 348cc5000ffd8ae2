"""Recognise a build that would change nothing, from a stat walk alone.

Same notes (path, size, mtime, inode of every one), config, day and code, and the output
folders as the last build left them: nothing is read, no cache is loaded, and the problems
the last build printed are printed again from the stamp.

The output check compares the size and mtime of every summary the manifest lists: a summary
edited by hand, deleted or replaced takes the full build, which restores or reports it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from .model import Problem, Severity

STAMP_FILE = "last-build.json"
FORMAT = 2


def _code_version() -> str:
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for file in sorted(root.rglob("*.py")):
        digest.update(file.relative_to(root).as_posix().encode())
        stat = file.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _settings(config) -> str:
    """Every setting, in a stable order (a frozenset's repr depends on the process' hash seed)."""
    from dataclasses import asdict

    def plain(value):
        if isinstance(value, (set, frozenset)):
            return sorted(map(str, value))
        return str(value)

    return json.dumps(asdict(config), sort_keys=True, default=plain, ensure_ascii=False)


def notes_signature(files, scan_problems) -> str:
    """Every note's stat signature, and what the walk found odd."""
    digest = hashlib.sha1()
    digest.update("\n".join(f"{f.rel}\x1f{f.size}\x1f{f.mtime_ns}\x1f{f.inode}" for f in files)
                  .encode("utf-8", "surrogateescape"))
    for problem in scan_problems:
        digest.update(str(problem).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


class BuildStamp:
    def __init__(self, config, today: dt.date, files, scan_problems) -> None:
        self.config = config
        self.path = Path(config.cache_path) / STAMP_FILE
        self.key = hashlib.sha1("\x1f".join([
            str(FORMAT), notes_signature(files, scan_problems), _settings(config),
            today.isoformat(), _code_version()]).encode("utf-8", "surrogateescape")).hexdigest()
        self._files: list[str] = []

    def _outputs(self) -> dict[str, list[int]] | None:
        """Size and mtime of the manifest and of every summary it lists (a summary edited by
        hand, deleted or replaced must reach the full build, which keeps and reports it)."""
        from .publish import MANIFEST_NAME

        out = Path(self.config.output_dir)
        try:
            manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = manifest.get("files", {}) if isinstance(manifest, dict) else {}
        if not isinstance(files, dict):
            return None
        self._files = sorted(files)
        found: dict[str, list[int]] = {}
        root = os.fspath(out) + os.sep
        for rel in [MANIFEST_NAME, *self._files]:
            try:
                info = os.stat(root + rel)
            except (OSError, ValueError):
                return None
            found[rel] = [info.st_size, info.st_mtime_ns]
        return found

    def unchanged(self) -> tuple[Problem, ...] | None:
        """The problems the last build reported, when this build would change nothing."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("key") != self.key:
            return None
        outputs = self._outputs()
        if not outputs or saved.get("outputs") != outputs:
            return None
        try:
            return tuple(Problem(p["path"], p["line"], p["message"], p["code"],
                                 Severity(p["severity"]), p.get("col"))
                         for p in saved.get("problems", ()))
        except (KeyError, TypeError, ValueError):
            return None

    def report(self):
        from .publish import PublishReport

        return PublishReport(updated=(), unchanged=tuple(self._files), removed=(),
                             kept_user_edits=(), errors=())

    def record(self, problems) -> None:
        from .output import atomic_write

        outputs = self._outputs()
        if not outputs:
            return
        data = {"key": self.key, "outputs": outputs,
                "problems": [{"path": p.path, "line": p.line, "message": p.message, "code": p.code,
                              "severity": p.severity.value, "col": p.col} for p in problems]}
        try:
            atomic_write(self.path, json.dumps(data, sort_keys=True) + "\n")
        except OSError:
            pass  # only an optimisation
