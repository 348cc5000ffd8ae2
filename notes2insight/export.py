"""Vault facts → export records (JSON Lines, JSON, CSV): one record per note, stable key order."""

from __future__ import annotations

import csv
import io
import json

from .model import NoteFacts, Source
from .pipeline import VaultFacts


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def note_record(facts: NoteFacts, kept: dict[Source, Source]) -> dict:
    """The export record of one note. Key order is part of the format."""
    return {
        "path": facts.path,
        "date": _iso(facts.date),
        "author": facts.author,
        "customers": list(facts.customers),
        "deals": [{
            "customer": d.customer, "stage": d.stage, "model": d.model, "amount": d.amount,
            "budget": d.budget, "budget_max": d.budget_max, "source": d.lead_source,
            "level": d.level, "purchase_time": d.purchase_time,
            "decision_maker": d.decision_maker, "phone": d.phone, "next": d.next_step,
            "line": d.source.line,
        } for d in facts.deals],
        "commitments": [{
            "text": c.text, "due": _iso(c.due), "done": c.source in kept,
            "customer": c.customer, "line": c.source.line, "rule": c.rule,
            "done_at": str(kept[c.source]) if c.source in kept else None,
        } for c in facts.commitments],
        "mistakes": [{"text": m.text, "line": m.source.line, "rule": m.rule}
                     for m in facts.mistakes],
        "customer_steps": [{"text": s.text, "customer": s.customer, "due": _iso(s.due),
                            "line": s.source.line} for s in facts.customer_steps],
    }


def records(vault: VaultFacts) -> list[dict]:
    """Sorted by date then path; notes without a date come last."""
    return [note_record(f, vault.kept) for f in vault.notes]


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_jsonl(rows: list[dict]) -> str:
    return "".join(_dumps(r) + "\n" for r in rows)


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("path", "date", "author", "customers", "deals", "commitments", "mistakes",
               "customer_steps")


def to_csv(rows: list[dict]) -> str:
    """One row per note; list columns hold compact JSON so nothing is lost."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r["path"], r["date"] or "", r["author"] or "",
                         "; ".join(r["customers"]), _dumps(r["deals"]),
                         _dumps(r["commitments"]), _dumps(r["mistakes"]),
                         _dumps(r["customer_steps"])])
    return out.getvalue()


FORMATS = {"jsonl": to_jsonl, "json": to_json, "csv": to_csv}
