"""Quality of the extractor on the hand-labelled dev set (tests/devset).

* ``test_devset_quality_floors`` runs the real CLI export and asserts F1 >= 0.80 per
  category and due-date accuracy >= 0.80 (floors; the target is 0.90).
* The other tests prove the scorer itself and the consistency of the labels.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parent / "devset"
VAULT = DEVSET / "vault"
LABELS_PATH = DEVSET / "labels.json"

_spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)

FLOOR = 0.80


# --------------------------------------------------------------------------- helpers
def _gold():
    return [
        {"path": "a/2026-10-12.md", "customers": ["王建国", "李女士"],
         "commitments": [{"line": 14, "due": "2026-10-13"}, {"line": 15, "due": None}],
         "mistakes": [{"line": 22}]},
        {"path": "b/2026-10-13.md", "customers": ["Mr. Gao"],
         "commitments": [{"line": 3, "due": "2026-10-16"}],
         "mistakes": []},
    ]


def _perfect_export(labels):
    out = []
    for g in labels:
        out.append({
            "path": g["path"], "date": Path(g["path"]).stem, "author": g["path"].split("/")[0],
            "customers": list(g["customers"]), "deals": [],
            "commitments": [{"text": "x", "due": c["due"], "done": False, "customer": None,
                             "line": c["line"], "rule": "t"} for c in g["commitments"]],
            "mistakes": [{"text": "x", "line": m["line"], "rule": "t"} for m in g["mistakes"]],
        })
    return out


def _c(line, due=None, done=False):
    return {"text": f"c{line}", "due": due, "done": done, "customer": None, "line": line, "rule": "t"}


def _m(line):
    return {"text": f"m{line}", "line": line, "rule": "t"}


# --------------------------------------------------------------------------- score() unit tests
def test_score_perfect_prediction():
    gold = _gold()
    res = scorer.score(_perfect_export(gold), gold)
    for cat in ("customers", "commitments", "mistakes"):
        assert res[cat]["precision"] == res[cat]["recall"] == res[cat]["f1"] == 1.0
        assert res[cat]["fp"] == res[cat]["fn"] == 0
    assert res["customers"]["tp"] == 3
    assert res["commitments"]["tp"] == 3
    assert res["mistakes"]["tp"] == 1
    assert res["due"] == {"correct": 3, "total": 3, "accuracy": 1.0}
    assert res["missing_notes"] == [] and res["unlabelled_notes"] == []


def test_score_counts_fp_fn_and_due():
    gold = _gold()
    export = [
        {"path": "a/2026-10-12.md",
         "customers": ["王建国", "孙经理"],                       # tp 1, fp 1, fn 1 (李女士)
         "commitments": [_c(14, "2026-10-14"),                   # matched, wrong due
                         _c(15, None),                           # matched, null == null
                         _c(30, "2026-10-20")],                  # fp
         "mistakes": [_m(21)]},                                  # fp 21, fn 22
        {"path": "b/2026-10-13.md", "customers": ["Mr. Gao"],
         "commitments": [], "mistakes": []},                     # fn line 3
    ]
    res = scorer.score(export, gold)
    cu, co, mi = res["customers"], res["commitments"], res["mistakes"]
    assert (cu["tp"], cu["fp"], cu["fn"]) == (2, 1, 1)
    assert cu["precision"] == pytest.approx(2 / 3) and cu["recall"] == pytest.approx(2 / 3)
    assert (co["tp"], co["fp"], co["fn"]) == (2, 1, 1)
    assert co["f1"] == pytest.approx(2 / 3)
    assert (mi["tp"], mi["fp"], mi["fn"]) == (0, 1, 1)
    assert mi["f1"] == 0.0
    assert res["due"]["correct"] == 1 and res["due"]["total"] == 2
    assert res["due"]["accuracy"] == pytest.approx(0.5)
    # error lists name what went wrong
    assert res["errors"]["customers"]["fp"] == [{"path": "a/2026-10-12.md", "name": "孙经理"}]
    assert res["errors"]["customers"]["fn"] == [{"path": "a/2026-10-12.md", "name": "李女士"}]
    assert [e["line"] for e in res["errors"]["commitments"]["fp"]] == [30]
    assert [(e["path"], e["line"]) for e in res["errors"]["commitments"]["fn"]] == [("b/2026-10-13.md", 3)]
    assert [(e["line"], e["gold"], e["pred"]) for e in res["errors"]["due"]] == [(14, "2026-10-13", ["2026-10-14"])]
    assert [e["line"] for e in res["errors"]["mistakes"]["fp"]] == [21]
    assert [e["line"] for e in res["errors"]["mistakes"]["fn"]] == [22]


def test_score_null_due_vs_date_is_wrong():
    gold = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [],
             "commitments": [{"line": 5, "due": None}, {"line": 6, "due": "2026-10-13"}]}]
    export = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [],
               "commitments": [_c(5, "2026-10-13"), _c(6, None)]}]
    res = scorer.score(export, gold)
    assert res["commitments"]["f1"] == 1.0
    assert res["due"] == {"correct": 0, "total": 2, "accuracy": 0.0}


def test_score_kept_commitments_still_count_unless_excluded():
    # done=true means a later note kept the promise: it is still a commitment
    gold = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [],
             "commitments": [{"line": 5, "due": None}]}]
    export = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [],
               "commitments": [_c(5), _c(9, done=True)]}]
    res = scorer.score(export, gold)
    assert (res["commitments"]["tp"], res["commitments"]["fp"]) == (1, 1)
    res = scorer.score(export, gold, include_done=False)
    assert (res["commitments"]["tp"], res["commitments"]["fp"]) == (1, 0)
    assert res["ignored_done"] == 1


def test_score_several_items_on_one_line_count_once():
    gold = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [{"line": 4}],
             "commitments": [{"line": 5, "due": "2026-10-13"}, {"line": 7, "due": "2026-10-13"}]}]
    export = [{"path": "a/2026-10-12.md", "customers": [], "mistakes": [_m(4), _m(4)],
               "commitments": [_c(5, "2026-10-13"), _c(5, "2026-10-13"),      # same due -> correct
                               _c(7, "2026-10-13"), _c(7, None)]}]           # mixed dues -> wrong
    res = scorer.score(export, gold)
    assert (res["commitments"]["tp"], res["commitments"]["fp"], res["commitments"]["fn"]) == (2, 0, 0)
    assert (res["mistakes"]["tp"], res["mistakes"]["fp"]) == (1, 0)
    assert res["due"]["correct"] == 1 and res["due"]["total"] == 2


def test_score_missing_and_unlabelled_notes():
    gold = _gold()
    export = [{"path": "c/2026-10-14.md", "customers": ["张伟"],
               "commitments": [_c(2)], "mistakes": [_m(3)]}]
    res = scorer.score(export, gold)
    assert res["missing_notes"] == ["a/2026-10-12.md", "b/2026-10-13.md"]
    assert res["unlabelled_notes"] == ["c/2026-10-14.md"]
    assert (res["customers"]["tp"], res["customers"]["fp"], res["customers"]["fn"]) == (0, 1, 3)
    assert (res["commitments"]["fp"], res["commitments"]["fn"]) == (1, 3)
    assert (res["mistakes"]["fp"], res["mistakes"]["fn"]) == (1, 1)
    assert res["due"]["accuracy"] is None


def test_score_normalises_paths_names_and_dates():
    gold = [{"path": "zhang/2026-10-12.md", "customers": ["Mr. Gao", "王建国"], "mistakes": [],
             "commitments": [{"line": 3, "due": "2026-10-13"}]}]
    export = [{"path": "./zhang\\2026-10-12.md",
               "customers": ["Mr.  Gao ", "王建国\u3000", {"name": "王建国"}],
               "commitments": [{"text": "t", "due": "2026-10-13T00:00:00", "done": False, "line": "3"}],
               "mistakes": []}]
    res = scorer.score(export, gold)
    assert res["customers"]["f1"] == 1.0
    assert res["commitments"]["f1"] == 1.0
    assert res["due"]["accuracy"] == 1.0


def test_score_empty_inputs():
    res = scorer.score([], [])
    assert all(res[c]["f1"] == 1.0 for c in ("customers", "commitments", "mistakes"))
    assert res["due"]["accuracy"] is None


def test_score_details_show_line_text_from_vault(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2026-10-12.md").write_text("第一行\n- [ ] 明天给王总打电话\n失误：忘了带合同\n",
                                                   encoding="utf-8")
    gold = [{"path": "a/2026-10-12.md", "customers": ["王总"],
             "commitments": [{"line": 2, "due": "2026-10-13"}], "mistakes": [{"line": 3}]}]
    res = scorer.score([], gold, vault=tmp_path)
    assert res["errors"]["commitments"]["fn"][0]["text"] == "- [ ] 明天给王总打电话"
    assert res["errors"]["mistakes"]["fn"][0]["text"] == "失误：忘了带合同"
    text = scorer.format_details(res)
    assert "a/2026-10-12.md:2  - [ ] 明天给王总打电话" in text
    table = scorer.format_table(res)
    assert "customers" in table and "(0/0/1)" in table and "due-date accuracy n/a (0/0)" in table


def test_score_cli_on_saved_export(tmp_path):
    labels = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    export = _perfect_export(labels)
    export[0]["customers"].append("孙经理")
    export[0]["commitments"][0]["due"] = "1999-01-01"
    f = tmp_path / "export.json"
    f.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(DEVSET / "score.py"), "--export-json", str(f), "--details"],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert "category" in proc.stdout and "due-date accuracy" in proc.stdout
    assert "孙经理" in proc.stdout and "gold=" in proc.stdout
    res = scorer.score(export, labels, vault=VAULT)
    assert res["customers"]["fp"] == 1 and res["commitments"]["f1"] == 1.0
    assert res["due"]["total"] - res["due"]["correct"] == 1


# --------------------------------------------------------------------------- label consistency
def test_labels_consistent_with_notes():
    labels = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    assert scorer.check_labels(labels, VAULT, verbose=False) == []


def test_devset_shape():
    labels = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    assert len(labels) >= 36
    texts = {g["path"]: (VAULT / g["path"]).read_text(encoding="utf-8") for g in labels}
    no_fm = [p for p, t in texts.items() if not t.startswith("---")]
    assert len(no_fm) >= 10
    english = [p for p, t in texts.items() if sum(ch.isascii() and ch.isalpha() for ch in t) > 150]
    assert len(english) >= 5
    for t in texts.values():
        assert 5 <= len(t.splitlines()) <= 40
    assert len({p.split("/")[0] for p in texts}) >= 3


# --------------------------------------------------------------------------- real extractor
def test_devset_quality_floors():
    labels = scorer.load_labels(LABELS_PATH)
    records = scorer.run_export(VAULT)  # raises (-> test fails) if the CLI is not available yet
    res = scorer.score(records, labels, vault=VAULT)
    report = scorer.format_table(res)
    print(report)
    for cat in ("customers", "commitments", "mistakes"):
        assert res[cat]["f1"] >= FLOOR, f"{cat} F1 below floor\n{report}"
    acc = res["due"]["accuracy"]
    assert acc is not None and acc >= FLOOR, f"due-date accuracy below floor\n{report}"
