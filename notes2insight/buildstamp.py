"""Recognise a build that would change nothing: same notes, config, day and code, and every
summary file exactly as the last build left it (checked by size and mtime, no reading)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

STAMP_FILE = "last-build.json"


def _code_version() -> str:
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for file in sorted(root.rglob("*.py")):
        digest.update(file.relative_to(root).as_posix().encode())
        stat = file.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class BuildStamp:
    def __init__(self, config, today: dt.date, notes_fingerprint: str) -> None:
        self.config = config
        self.path = Path(config.cache_path) / STAMP_FILE
        self.key = hashlib.sha1("\x1f".join([
            notes_fingerprint, config.fingerprint(), repr(config), today.isoformat(),
            _code_version()]).encode("utf-8", "surrogateescape")).hexdigest()
        self._outputs: dict[str, list[int]] | None = None

    def _scan_outputs(self) -> dict[str, list[int]]:
        from .publish import MANIFEST_NAME

        out = Path(self.config.output_dir)
        try:
            manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        files = manifest.get("files", {}) if isinstance(manifest, dict) else {}
        found: dict[str, list[int]] = {}
        for rel in sorted(files):
            try:
                info = os.stat(out / rel)
            except OSError:
                continue
            found[rel] = [info.st_size, info.st_mtime_ns]
        return found

    def unchanged(self) -> bool:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(saved, dict) or saved.get("key") != self.key:
            return False
        self._outputs = self._scan_outputs()
        return bool(self._outputs) and saved.get("outputs") == self._outputs

    def report(self):
        from .publish import PublishReport

        return PublishReport(updated=(), unchanged=tuple(self._outputs or ()), removed=(),
                             kept_user_edits=(), errors=())

    def record(self) -> None:
        from .output import atomic_write

        data = {"key": self.key, "outputs": self._scan_outputs()}
        try:
            atomic_write(self.path, json.dumps(data, sort_keys=True) + "\n")
        except OSError:
            pass  # only an optimisation
