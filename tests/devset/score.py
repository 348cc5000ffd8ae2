#!/usr/bin/env python3
"""Score the notes2insight extractor against the hand-labelled dev set.

The notes under ``vault/`` were written and labelled by hand (``labels.json``),
following the product's definitions of customers, commitments and mistakes,
without looking at the extractor. Use the scores to find weak *categories* of
errors; do not tune the extractor to single sentences of this set.

Usage::

    python tests/devset/score.py                      # run the CLI export and score it
    python tests/devset/score.py --details            # + every FP / FN / wrong due date
    python tests/devset/score.py --export-json F.json # score a saved export instead
    python tests/devset/score.py --check-labels       # print every labelled line, validate labels

Matching rules
--------------
* customers   - per note, set of canonical names (NFKC, whitespace collapsed).
* commitments - per note, by file line (1-based, front matter included). Several
  predicted items on one line count as one prediction. ``done: true`` means a
  later note kept the promise; it is still a commitment and is scored.
* mistakes    - per note, by file line.
* due-date accuracy - over gold commitments whose line was predicted: correct
  when every predicted item on that line has the gold due (``null == null``).
Predictions for notes that have no label count as false positives; labelled
notes missing from the export count as false negatives.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VAULT = HERE / "vault"
DEFAULT_LABELS = HERE / "labels.json"
CATEGORIES = ("customers", "commitments", "mistakes")
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


# --------------------------------------------------------------------------- helpers
_FM_DATE_RE = re.compile(r"^(?:date|日期)\s*:\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})")
_NAME_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})-(\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日)$")


def _labelled_note_date(stem: str, front_matter: list[str]) -> _dt.date | None:
    """The note's date as the labels assume it: `date:` / `日期:` in the front matter, else the
    file name (2026-03-05, 20260305, 2026年3月5日)."""
    for line in front_matter:
        m = _FM_DATE_RE.match(line.strip())
        if m:
            return _dt.date(*(int(g) for g in m.groups()))
    m = _NAME_DATE_RE.match(stem)
    if not m:
        return None
    year, *rest = m.groups()
    month, day = next((a, b) for a, b in zip(rest[::2], rest[1::2]) if a)
    try:
        return _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def norm_path(p: str) -> str:
    p = str(p).replace("\\", "/").strip()
    while p.startswith("./"):
        p = p[2:]
    return p


def norm_name(s) -> str:
    if isinstance(s, dict):  # be lenient: {"name": ...}
        s = s.get("name") or s.get("canonical") or ""
    s = unicodedata.normalize("NFKC", str(s))
    return " ".join(s.split())


def norm_due(d):
    """'2026-10-13', '2026-10-13T00:00:00' -> '2026-10-13'; None/'' -> None."""
    if d is None:
        return None
    m = _DATE_RE.match(str(d))
    if not m:
        s = str(d).strip()
        return s or None
    y, mo, da = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{da:02d}"


def _line_no(item):
    try:
        return int(item.get("line"))
    except (TypeError, ValueError):
        return None


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


class _Lines:
    """Lazy access to note lines for error reports."""

    def __init__(self, vault):
        self.vault = Path(vault) if vault else None
        self._cache: dict[str, list[str]] = {}

    def get(self, path: str, line) -> str:
        if self.vault is None or not isinstance(line, int):
            return ""
        if path not in self._cache:
            try:
                self._cache[path] = (self.vault / path).read_text(encoding="utf-8").splitlines()
            except OSError:
                self._cache[path] = []
        lines = self._cache[path]
        return lines[line - 1].strip() if 1 <= line <= len(lines) else ""


# --------------------------------------------------------------------------- scoring
def score(export_records, labels, vault=None, include_done: bool = True) -> dict:
    """Compare an export (list of note records) with the gold labels.

    Returns ``{"customers"|"commitments"|"mistakes": {tp, fp, fn, precision, recall, f1},
    "due": {correct, total, accuracy}, "errors": {...}, "ignored_done": int,
    "missing_notes": [...], "unlabelled_notes": [...]}``. ``accuracy`` is None when
    no gold commitment was matched.
    """
    lines = _Lines(vault)
    gold = {norm_path(g["path"]): g for g in labels}

    pred: dict[str, dict] = {}
    for rec in export_records or []:
        path = norm_path(rec.get("path", ""))
        slot = pred.setdefault(path, {"customers": [], "commitments": [], "mistakes": []})
        for k in CATEGORIES:
            slot[k].extend(rec.get(k) or [])

    counts = {k: [0, 0, 0] for k in CATEGORIES}  # tp, fp, fn
    errors = {k: {"fp": [], "fn": []} for k in CATEGORIES}
    errors["due"] = []
    due_ok = due_total = ignored_done = 0

    for path in sorted(set(gold) | set(pred)):
        g = gold.get(path, {"customers": [], "commitments": [], "mistakes": []})
        p = pred.get(path, {"customers": [], "commitments": [], "mistakes": []})

        # customers ------------------------------------------------------------
        gc = {norm_name(n) for n in g.get("customers", [])}
        pc = {norm_name(n) for n in p["customers"]} - {""}
        counts["customers"][0] += len(gc & pc)
        counts["customers"][1] += len(pc - gc)
        counts["customers"][2] += len(gc - pc)
        errors["customers"]["fp"] += [{"path": path, "name": n} for n in sorted(pc - gc)]
        errors["customers"]["fn"] += [{"path": path, "name": n} for n in sorted(gc - pc)]

        # commitments ----------------------------------------------------------
        gcom = {int(c["line"]): norm_due(c.get("due")) for c in g.get("commitments", [])}
        pcom: dict = {}
        for item in p["commitments"]:
            if not include_done and item.get("done") is True:
                ignored_done += 1
                continue
            pcom.setdefault(_line_no(item), []).append(item)
        _count_lines(path, set(gcom), pcom, "commitments", counts, errors, lines)
        for ln, gdue in sorted(gcom.items()):
            if ln not in pcom:
                continue
            due_total += 1
            pdues = {norm_due(i.get("due")) for i in pcom[ln]}
            if pdues == {gdue}:
                due_ok += 1
            else:
                errors["due"].append({
                    "path": path, "line": ln, "gold": gdue,
                    "pred": sorted(pdues, key=lambda x: (x is not None, x or "")),
                    "text": lines.get(path, ln) or (pcom[ln][0].get("text") or ""),
                })

        # mistakes -------------------------------------------------------------
        gmis = {int(m["line"]) for m in g.get("mistakes", [])}
        pmis: dict = {}
        for item in p["mistakes"]:
            pmis.setdefault(_line_no(item), []).append(item)
        _count_lines(path, gmis, pmis, "mistakes", counts, errors, lines)

    result = {k: _prf(*counts[k]) for k in CATEGORIES}
    result["due"] = {"correct": due_ok, "total": due_total,
                     "accuracy": (due_ok / due_total) if due_total else None}
    result["errors"] = errors
    result["ignored_done"] = ignored_done
    result["missing_notes"] = sorted(set(gold) - set(pred))
    result["unlabelled_notes"] = sorted(set(pred) - set(gold))
    return result


def _count_lines(path, gold_lines: set, pred_by_line: dict, cat, counts, errors, lines):
    plines = set(pred_by_line)
    counts[cat][0] += len(gold_lines & plines)
    counts[cat][1] += len(plines - gold_lines)
    counts[cat][2] += len(gold_lines - plines)
    for ln in sorted(plines - gold_lines, key=lambda x: (x is None, x or 0)):
        item = pred_by_line[ln][0]
        errors[cat]["fp"].append({"path": path, "line": ln,
                                  "text": item.get("text") or lines.get(path, ln),
                                  "rule": item.get("rule")})
    for ln in sorted(gold_lines - plines):
        errors[cat]["fn"].append({"path": path, "line": ln, "text": lines.get(path, ln)})


# --------------------------------------------------------------------------- I/O
def run_export(vault=DEFAULT_VAULT) -> list:
    """Run ``python -m notes2insight export <vault> --format json`` and parse stdout."""
    cmd = [sys.executable, "-m", "notes2insight", "export", str(vault), "--format", "json",
           "--no-cache"]  # never write a cache into the source tree
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError(f"export failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"export did not print JSON: {exc}\n{proc.stdout[:1000]}") from exc
    if isinstance(data, dict) and "notes" in data:  # tolerate a wrapper object
        data = data["notes"]
    return data


def load_labels(path=DEFAULT_LABELS) -> list:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def format_table(res: dict) -> str:
    out = [f"{'category':<12}{'P':>6}{'R':>7}{'F1':>7}    (tp/fp/fn)"]
    for k in CATEGORIES:
        r = res[k]
        out.append(f"{k:<12}{r['precision']:>6.2f}{r['recall']:>7.2f}{r['f1']:>7.2f}"
                   f"   ({r['tp']}/{r['fp']}/{r['fn']})")
    d = res["due"]
    acc = "n/a" if d["accuracy"] is None else f"{d['accuracy']:.2f}"
    out.append(f"due-date accuracy {acc} ({d['correct']}/{d['total']})")
    if res.get("ignored_done"):
        out.append(f"(ignored {res['ignored_done']} predicted commitments with done=true)")
    if res.get("missing_notes"):
        out.append(f"labelled notes missing from export: {len(res['missing_notes'])}")
    if res.get("unlabelled_notes"):
        out.append(f"exported notes without labels (predictions counted as FP): "
                   f"{', '.join(res['unlabelled_notes'])}")
    return "\n".join(out)


def format_details(res: dict) -> str:
    out = []
    for k in CATEGORIES:
        for kind in ("fp", "fn"):
            errs = res["errors"][k][kind]
            out.append(f"\n== {k} {kind.upper()} ({len(errs)})")
            for e in errs:
                if k == "customers":
                    out.append(f"  {e['path']}: {e['name']}")
                else:
                    rule = f"  [{e['rule']}]" if e.get("rule") else ""
                    out.append(f"  {e['path']}:{e['line']}  {e['text']}{rule}")
    errs = res["errors"]["due"]
    out.append(f"\n== wrong due dates ({len(errs)})")
    for e in errs:
        out.append(f"  {e['path']}:{e['line']}  gold={e['gold']} pred={e['pred']}  {e['text']}")
    if res.get("missing_notes"):
        out.append("\n== labelled notes missing from export")
        out += [f"  {p}" for p in res["missing_notes"]]
    return "\n".join(out)


# --------------------------------------------------------------------------- label check
def _front_matter_end(lines: list[str]) -> int:
    """Return the 1-based line number of the closing '---' (0 if no front matter)."""
    if lines and lines[0].strip() == "---":
        for i, l in enumerate(lines[1:], start=2):
            if l.strip() in ("---", "..."):
                return i
    return 0


def check_labels(labels, vault=DEFAULT_VAULT, verbose: bool = True) -> list[str]:
    """Validate labels against the note files; print each labelled line if verbose.

    Returns a list of problems (empty when everything is consistent).
    """
    vault = Path(vault)
    problems: list[str] = []
    files = {norm_path(p.relative_to(vault).as_posix()) for p in vault.rglob("*.md")}
    labelled = [norm_path(g["path"]) for g in labels]
    if len(set(labelled)) != len(labelled):
        problems.append("duplicate paths in labels")
    for p in sorted(files - set(labelled)):
        problems.append(f"{p}: note has no label")
    for p in sorted(set(labelled) - files):
        problems.append(f"{p}: labelled note does not exist")

    for g in labels:
        path = norm_path(g["path"])
        if path not in files:
            continue
        lines = (vault / path).read_text(encoding="utf-8").splitlines()
        fm_end = _front_matter_end(lines)
        note_date = _labelled_note_date(Path(path).stem, lines[1:fm_end] if fm_end else [])
        if note_date is None:
            problems.append(f"{path}: no date in the front matter or the file name")
        if verbose:
            print(f"\n### {path}  ({len(lines)} lines, front matter: {'yes' if fm_end else 'no'})")
            print(f"  customers: {', '.join(g['customers']) or '-'}")
        if len(set(g["customers"])) != len(g["customers"]):
            problems.append(f"{path}: duplicate customer")
        seen = set()
        for kind, items in (("C", g["commitments"]), ("M", g["mistakes"])):
            seen.clear()
            for it in items:
                ln = it["line"]
                if ln in seen:
                    problems.append(f"{path}:{ln}: duplicate {kind} label")
                seen.add(ln)
                if not (1 <= ln <= len(lines)):
                    problems.append(f"{path}:{ln}: line out of range")
                    continue
                text = lines[ln - 1]
                if not text.strip():
                    problems.append(f"{path}:{ln}: labelled line is blank")
                if ln <= fm_end:
                    problems.append(f"{path}:{ln}: labelled line is inside front matter")
                if text.lstrip().startswith("#"):
                    problems.append(f"{path}:{ln}: labelled line is a heading")
                extra = ""
                if kind == "C":
                    due = it.get("due")
                    if due is not None:
                        try:
                            dd = _dt.date.fromisoformat(due)
                            if note_date and dd < note_date:
                                problems.append(f"{path}:{ln}: due {due} before note date")
                            extra = f"[due {due} {'一二三四五六日'[dd.weekday()]}] "
                        except ValueError:
                            problems.append(f"{path}:{ln}: bad due {due!r}")
                    else:
                        extra = "[due null] "
                if verbose:
                    print(f"  {kind} L{ln:<3} {extra}{text.strip()}")
    return problems


# --------------------------------------------------------------------------- CLI
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vault", default=str(DEFAULT_VAULT))
    ap.add_argument("--labels", default=str(DEFAULT_LABELS))
    ap.add_argument("--export-json", metavar="FILE", help="score a saved export instead of running the CLI")
    ap.add_argument("--details", action="store_true", help="list every FP / FN and wrong due date")
    ap.add_argument("--exclude-done", dest="include_done", action="store_false",
                    help="leave out commitments a later note kept (done=true)")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--check-labels", action="store_true", help="print every labelled line and validate labels")
    args = ap.parse_args(argv)

    labels = load_labels(args.labels)
    if args.check_labels:
        problems = check_labels(labels, args.vault)
        n = len(labels)
        c = sum(len(g["customers"]) for g in labels)
        k = sum(len(g["commitments"]) for g in labels)
        m = sum(len(g["mistakes"]) for g in labels)
        print(f"\n{n} notes, {c} customers, {k} commitments, {m} mistakes")
        if problems:
            print("PROBLEMS:\n  " + "\n  ".join(problems))
            return 1
        print("label check passed")
        return 0

    if args.export_json:
        records = json.loads(Path(args.export_json).read_text(encoding="utf-8"))
        if isinstance(records, dict) and "notes" in records:
            records = records["notes"]
    else:
        records = run_export(args.vault)
    res = score(records, labels, vault=args.vault, include_done=args.include_done)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(format_table(res))
    if args.details:
        print(format_details(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
