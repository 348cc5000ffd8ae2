#!/usr/bin/env python3
"""Score the notes2insight extractor against the held-out labelled set.

The held-out notes (``vault/``) and labels (``labels.json``) were written
independently of the extractor and of the first dev set (``tests/devset``):
new writers, new styles and hard cases. Use this set only to *measure*
generalisation; do not tune the extractor to it.

This is a thin wrapper around ``tests/devset/score.py`` (same matching rules,
same options) that defaults ``--vault`` and ``--labels`` to this folder::

    python tests/heldout/score.py                 # run the CLI export and score it
    python tests/heldout/score.py --check-labels  # print every labelled line, validate labels
    python tests/heldout/score.py --details       # + every FP / FN / wrong due date
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VAULT = HERE / "vault"
DEFAULT_LABELS = HERE / "labels.json"

_spec = importlib.util.spec_from_file_location("devset_score", HERE.parent / "devset" / "score.py")
_devset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_devset)

score = _devset.score
load_labels = _devset.load_labels
run_export = _devset.run_export
format_table = _devset.format_table
format_details = _devset.format_details
check_labels = _devset.check_labels


def _has_opt(argv: list[str], name: str) -> bool:
    return any(a == name or a.startswith(name + "=") for a in argv)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _has_opt(argv, "--vault"):
        argv = ["--vault", str(DEFAULT_VAULT)] + argv
    if not _has_opt(argv, "--labels"):
        argv = ["--labels", str(DEFAULT_LABELS)] + argv
    return _devset.main(argv)


if __name__ == "__main__":
    sys.exit(main())
