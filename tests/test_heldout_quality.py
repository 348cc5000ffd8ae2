"""Extraction quality on the second labelled set (new writers and styles, written apart from
the extractor). A floor, not the target: the closing notes report the figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HELDOUT = Path(__file__).resolve().parent / "heldout"
_spec = importlib.util.spec_from_file_location("heldout_score", HELDOUT / "score.py")
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)

FLOOR = 0.85


def test_heldout_quality_floors():
    labels = scorer.load_labels(HELDOUT / "labels.json")
    records = scorer.run_export(HELDOUT / "vault")
    result = scorer.score(records, labels, vault=HELDOUT / "vault")
    report = scorer.format_table(result)
    for category in ("customers", "commitments", "mistakes"):
        assert result[category]["f1"] >= FLOOR, report
    assert result["due"]["accuracy"] >= FLOOR, report
