"""Deals from front matter, normalised to typed `Deal` records.

Unknown stages, levels, amounts and keys become problems with a did-you-mean, never silent drops:
a value the tool cannot read is still reported, so the user can fix the note.
"""

from __future__ import annotations

import difflib
import re
from typing import Callable

from ..config import KEY_NAMES
from ..model import LEVELS, LOST_STAGE, STAGES, Deal, Note, Problem, Severity, Source
from ..text.amounts import parse_amount
from .customers import WIKI_LINK

DEAL_FIELDS = ("stage", "model", "amount", "budget", "source", "level", "purchase_time",
               "decision_maker", "phone", "next", "urgency", "purchase_cycle")
SCORE_FIELDS = ("urgency", "purchase_cycle", "purchase_time", "decision_maker", "budget")
TOP_LEVEL_KEYS = frozenset({"date", "customers", "customer", "deals", "author", "tags", "aliases",
                            "title", "weather", "mood", *DEAL_FIELDS})
_LEVEL = re.compile(r"^\s*([HABC])\s*(?:级|级别|类)?\s*$", re.IGNORECASE)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _customer(value: object) -> str | None:
    """customer: "[[王建军|王总]]", as Obsidian's property editor writes a link: the target is the name."""
    text = _text(value)
    linked = WIKI_LINK.fullmatch(text) if text else None
    return linked.group(1).strip() if linked else text


def normalise_stage(value: object, stage_names: dict[str, str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return stage_names.get(text.lower()) or stage_names.get(text.lower().replace("-", "_"))


_INT_DIGITS_LIMIT = 4300  # sys.get_int_max_str_digits() default; the YAML reader stops there


def _canonical_keys(mapping: dict) -> dict[str, tuple[str, object]]:
    """English field name -> (key as written, value)."""
    out: dict[str, tuple[str, object]] = {}
    for key, value in mapping.items():
        canonical = KEY_NAMES.get(str(key).strip().lower()) or KEY_NAMES.get(str(key).strip())
        if canonical and canonical not in out:
            out[canonical] = (str(key), value)
    return out


def _one_deal(fields: dict[str, tuple[str, object]], customer: str, source: Source,
              stage_names: dict[str, str], problems: list[Problem],
              line_of: Callable[[str], int | None] = lambda key: None) -> Deal:
    def problem(message: str, field: str | None = None) -> None:
        line = line_of(fields[field][0]) if field in fields else None
        problems.append(Problem(source.path, line or source.line, message, "deal"))

    values = {name: value for name, (_, value) in fields.items()}
    stage = None
    if values.get("stage") is not None:
        stage = normalise_stage(values["stage"], stage_names)
        if stage is None:
            problem(f"unknown stage '{values['stage']}'"
                    f"{_suggest(str(values['stage']), sorted(stage_names))}; "
                    f"stages are {' '.join(STAGES)} {LOST_STAGE}", "stage")
    level = None
    if values.get("level") is not None:
        match = _LEVEL.match(str(values["level"]))
        if match:
            level = match.group(1).upper()
        else:
            problem(f"unknown level '{values['level']}'; levels are {' '.join(LEVELS)}", "level")
    amounts: dict[str, tuple[int | None, int | None]] = {}
    for name in ("amount", "budget"):
        raw = values.get(name)
        if raw is None or raw == "":
            continue
        if isinstance(raw, str) and len(raw) > _INT_DIGITS_LIMIT and raw.isdigit():
            continue  # a number too long for Python's int: the YAML reader reported it already
        parsed = parse_amount(raw) if not isinstance(raw, bool) else None
        if parsed is None:
            shown = str(raw) if len(str(raw)) <= 40 else f"{str(raw)[:20]}…({len(str(raw))} characters)"
            problem(f"cannot read {name} '{shown}' as money; write e.g. 189800, 18.98万 or 十九万", name)
        elif parsed.low < 1000 and name == "amount" and isinstance(raw, (int, float)):
            problem(f"{name} {raw} looks too small for a car; amounts are in yuan (write 18.98万 "
                    "for 189800)", name)
        else:
            amounts[name] = (parsed.low, parsed.high)
    scores = tuple((name, str(values[name])) for name in SCORE_FIELDS if _text(values.get(name)))
    budget = amounts.get("budget", (None, None))
    return Deal(
        customer=customer,
        source=source,
        stage=stage,
        model=_text(values.get("model")),
        amount=amounts.get("amount", (None, None))[0],
        budget=budget[0],
        budget_max=budget[1] if budget[1] != budget[0] else None,
        lead_source=_text(values.get("source")),
        level=level,
        purchase_time=_text(values.get("purchase_time")),
        decision_maker=_text(values.get("decision_maker")),
        phone=_text(values.get("phone")),
        next_step=_text(values.get("next")),
        scores=scores,
    )


def extract_deals(note: Note, stage_names: dict[str, str], aliases: dict[str, str]
                  ) -> tuple[list[Deal], list[Problem]]:
    """The deals a note's front matter records, and what could not be read in them."""
    problems: list[Problem] = []
    deals: list[Deal] = []
    meta = note.meta
    top = _canonical_keys(meta)
    for key in meta:
        if not isinstance(key, str):
            continue
        known = KEY_NAMES.get(key.strip().lower()) or KEY_NAMES.get(key.strip())
        if known is None:
            problems.append(Problem(
                note.path, note.meta_lines.get(key, 1),
                f"unknown key '{key}'{_suggest(key, sorted(KEY_NAMES))}; it is kept but not used",
                "key", Severity.WARNING))

    def canonical(name: str) -> str:
        return aliases.get(name, name)

    if "deals" in top:
        key, raw = top["deals"]
        line = note.meta_lines.get(key, 1)
        items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else None
        if items is None:
            problems.append(Problem(note.path, line, f"'{key}' should be a list of deals, each a "
                                    "mapping with customer, stage, amount…", "deal"))
            items = []
        for index, item in enumerate(items):
            item_line = note.value_lines.get((key, index), line + 1)
            source = Source(note.path, item_line)

            def line_of(field: str, index: int = index) -> int | None:
                return note.value_lines.get((key, index, field))
            if not isinstance(item, dict):
                problems.append(Problem(note.path, item_line,
                                        f"deal {index + 1} should be a mapping such as "
                                        "'customer: 王建国, stage: 报价'", "deal"))
                continue
            fields = _canonical_keys(item)
            for k in item:
                if str(k).strip().lower() not in KEY_NAMES and str(k).strip() not in KEY_NAMES:
                    problems.append(Problem(note.path, item_line,
                                            f"unknown deal key '{k}'{_suggest(str(k), sorted(KEY_NAMES))}",
                                            "key", Severity.WARNING))
            who = fields.get("customer") or fields.get("customers")
            name = _customer(who[1]) if who else None
            if not name:
                problems.append(Problem(note.path, item_line, f"deal {index + 1} has no customer",
                                        "deal"))
                continue
            deals.append(_one_deal(fields, canonical(name), source, stage_names, problems, line_of))
    if any(field in top for field in ("stage", "amount", "model", "level", "budget", "source")):
        who = top.get("customer")
        name = _customer(who[1]) if who else None
        if name is None and "customers" in top:
            raw = top["customers"][1]
            names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
            name = _customer(names[0]) if len(names) == 1 else None
        first_key = next(k for f in ("stage", "amount", "model", "level", "budget", "source")
                         if f in top for k in [top[f][0]])
        line = note.meta_lines.get(first_key, 1)
        if name:
            deals.append(_one_deal(top, canonical(name), Source(note.path, line), stage_names, problems,
                                   lambda field: note.value_lines.get((field,))))
        else:
            problems.append(Problem(note.path, line, "deal fields at the top level need one "
                                    "'customer:' to belong to", "deal"))
    return deals, problems
