"""The real Mermaid parser as a test oracle (importable helper, not a test module).

    from mermaid_oracle import validate_charts, extract_mermaid_blocks
    validate_charts([chart1, chart2])  # -> [(True, ""), (False, "Parse error on line 3 ...")]
    inspect_charts([chart1])           # -> [{"ok": True, "error": "", "parsed": {"labels": [...]}}]

It runs tests/mermaid/validate.mjs once for the whole list: mermaid 11.17.2's ``mermaid.parse()``
under jsdom, plus the checks parse() leaves out (one value per x-axis label in each xychart series,
distinct x-axis and pie labels, at least one xychart series). Needs ``node`` (20.19+) and the
packages pinned in tests/mermaid/package-lock.json: ``npm ci --prefix tests/mermaid``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from markdown_it import MarkdownIt

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"
SCRIPT = MERMAID_DIR / "validate.mjs"
NODE_MODULES = MERMAID_DIR / "node_modules"
INSTALL_HINT = "npm ci --prefix tests/mermaid"
TIMEOUT_S = 300


class OracleUnavailable(RuntimeError):
    """node or the pinned mermaid packages are missing."""


def oracle_problem() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return (
            "the Mermaid test oracle needs Node.js 20.19+ (`node` is not on PATH); install it, then "
            f"run `{INSTALL_HINT}` in the project root"
        )
    for package in ("mermaid", "jsdom"):
        if not (NODE_MODULES / package / "package.json").is_file():
            return (
                f"the Mermaid test oracle is not installed ({NODE_MODULES / package} is missing): "
                f"run `{INSTALL_HINT}` in the project root"
            )
    return None


def _strip_fence(source: str) -> str:
    """A single fenced ```mermaid block becomes its body; bare Mermaid text is returned as is."""
    if source.lstrip().startswith("```"):
        blocks = extract_mermaid_blocks(source)
        if len(blocks) != 1:
            raise ValueError(
                f"expected bare Mermaid text or exactly one ```mermaid block, found {len(blocks)} "
                f"blocks in {source!r}"
            )
        return blocks[0]
    return source


def validate_charts(sources: list[str]) -> list[tuple[bool, str]]:
    """Check each chart with the real parser, in one Node process. A source is either bare Mermaid
    text or one fenced ```mermaid block (as the chart builders return). Returns one
    ``(ok, error)`` per source, ``error`` being "" when ok."""
    return [(r["ok"], r["error"]) for r in inspect_charts(sources)]


def inspect_charts(sources: list[str]) -> list[dict]:
    """Like :func:`validate_charts`, in one Node process, but each answer is a dict: ``ok``,
    ``error`` ("" when ok) and ``parsed``: what mermaid read, or None when parse() failed
    (``type``, ``title``, ``labels`` = x-axis categories or pie slice labels, and for xycharts
    ``yTitle``, ``series`` = [{kind, title, n}], ``values``)."""
    problem = oracle_problem()
    if problem:
        raise OracleUnavailable(problem)
    bodies = [_strip_fence(s) for s in sources]
    if not bodies:
        return []
    proc = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(bodies),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=MERMAID_DIR,
        timeout=TIMEOUT_S,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{SCRIPT.name} failed (exit {proc.returncode}); if packages are missing or broken, run "
            f"`{INSTALL_HINT}`.\nstderr:\n{proc.stderr[-4000:]}"
        )
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"{SCRIPT.name} printed no JSON: {proc.stdout[-2000:]!r}\nstderr:\n{proc.stderr[-2000:]}"
        ) from exc
    if len(results) != len(bodies):
        raise RuntimeError(f"{SCRIPT.name} answered {len(results)} results for {len(bodies)} charts")
    return [
        {"ok": bool(r["ok"]), "error": r.get("error") or "", "parsed": r.get("parsed")}
        for r in results
    ]


def extract_mermaid_blocks(markdown_text: str) -> list[str]:
    """The bodies of the ```mermaid fenced blocks in a Markdown document, as a CommonMark reader
    (GitHub, Obsidian) sees them: a label that closed the fence early would show up here."""
    tokens = MarkdownIt("commonmark").parse(markdown_text)
    return [
        t.content
        for t in tokens
        if t.type == "fence" and t.info.strip().split(maxsplit=1)[:1] == ["mermaid"]
    ]
