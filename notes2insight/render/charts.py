"""Mermaid chart blocks for the Markdown summaries (GitHub and Obsidian render them).

Each builder returns the text of one fenced block, ending with a newline::

    ```mermaid
    xychart-beta
        title "每月成交"
        x-axis ["1月", "2月"]
        y-axis "台" 0 --> 10
        bar "成交" [3, 7]
    ```

Labels come from the salesperson's notes, so every piece of text goes through :func:`clean_text`,
which turns it into something every Mermaid parser we target reads back unchanged. What it does
and why (checked against the real ``mermaid.parse()`` of mermaid 11.17.2, see tests/mermaid/):

- ``"`` becomes ``'``: there is no escape inside a quoted xychart string (``\\"`` ends the string),
  and the ``#quot;`` entity only turns back into ``"`` when the SVG is rendered.
- ``\\`` becomes ``＼``: the pie parser reads backslash escapes (``"a\\nb"`` is a line break and a
  label ending in ``\\`` does not parse).
- ``<`` ``>`` become ``＜`` ``＞``: Mermaid's preprocessing rewrites ``="…"`` inside anything that
  looks like a tag, even across two labels (``"<a ="`` … ``"x>"`` breaks the chart or merges two pie
  slices), and ``<script>…`` labels are emptied by its HTML sanitiser.
- runs of ``%`` collapse to one ``%``: ``%%`` starts a comment (it cuts a pie title short, and
  ``"%%…"`` breaks an xychart) and ``%%{…}%%`` is a config directive.
- ``#`` before ``word;`` becomes ``＃``: Mermaid reads ``#word;`` as an HTML entity (``#35;`` shows
  as ``#``).
- ````` ` ````` becomes ``'``: older xychart grammars read ``"`…`"`` as a Markdown string.
- control characters and line breaks become spaces (a statement is one line), whitespace runs
  collapse, and the text is trimmed.
- long text is cut to ``limit`` characters, ending with ``…``.

Empty axis labels become ``—`` (an empty ``""`` label does not parse); repeated x-axis or pie labels
get `` (2)``, `` (3)``… (Mermaid would draw the bars on top of each other, or drop the slice).

Numbers: ints as ints, other numbers rounded half-up to at most 2 decimals, never an exponent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Iterable, Sequence

__all__ = [
    "LABEL_MAX",
    "TITLE_MAX",
    "EMPTY_LABEL",
    "bar_chart",
    "horizontal_bar_chart",
    "pie_chart",
    "clean_text",
    "format_number",
    "nice_max",
]

LABEL_MAX = 20
"""Longest axis label, series name, pie label or axis title, in characters (``…`` included)."""
TITLE_MAX = 60
"""Longest chart title."""
EMPTY_LABEL = "—"
"""Shown for an axis or pie label that is empty after cleaning."""

_INDENT = "    "
_TWO_PLACES = Decimal("0.01")
_MANTISSAS = tuple(Decimal(m) for m in ("1", "1.2", "1.5", "2", "2.5", "3", "4", "5", "6", "8"))

_ENTITY = re.compile(r"#(?=\w+;)")
_PERCENTS = re.compile(r"%{2,}")
_SPACES = re.compile(r"\s+")
_CHAR_MAP = str.maketrans({
    '"': "'",
    "`": "'",
    "\\": "\uff3c",  # ＼
    "<": "\uff1c",  # ＜
    ">": "\uff1e",  # ＞
})


# --------------------------------------------------------------------------------------- text


def clean_text(text: object, limit: int = LABEL_MAX) -> str:
    """``text`` made safe to put between double quotes in any Mermaid chart (see the module doc).

    May return ``""``; never longer than ``limit`` characters.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    s = "" if text is None else str(text)
    s = "".join(" " if _is_break_or_control(ch) else ch for ch in s)
    s = s.translate(_CHAR_MAP)
    s = _PERCENTS.sub("%", s)
    s = _ENTITY.sub("\uff03", s)  # ＃
    s = _SPACES.sub(" ", s).strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def _is_break_or_control(ch: str) -> bool:
    # Cc: C0/C1 controls incl. \n \r \t NUL; Zl/Zp: U+2028/U+2029.
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _label(text: object) -> str:
    return clean_text(text, LABEL_MAX) or EMPTY_LABEL


def _unique(labels: Sequence[str]) -> list[str]:
    """Cleaned labels with repeats made distinct: "张三", "张三 (2)", … (still within LABEL_MAX)."""
    used = set(labels)
    seen: set[str] = set()
    out = []
    for label in labels:
        if label in seen:
            n = 2
            while True:
                suffix = f" ({n})"
                base = label
                if len(base) + len(suffix) > LABEL_MAX:
                    base = base[: LABEL_MAX - len(suffix) - 1].rstrip() + "…"
                candidate = base + suffix
                if candidate not in used:
                    break
                n += 1
            label = candidate
            used.add(label)
        seen.add(label)
        out.append(label)
    return out


def _q(text: str) -> str:
    return f'"{text}"'


# -------------------------------------------------------------------------------------- numbers


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return value
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 60
            return Decimal(value.numerator) / Decimal(value.denominator)
    raise ValueError(f"not a number: {value!r}")


def _rounded(value: object) -> Decimal:
    """The value as it will be written: ints exact, others half-up to 2 decimals."""
    d = _to_decimal(value)
    if isinstance(value, int):
        return d
    with localcontext() as ctx:
        ctx.prec = max(60, d.adjusted() + 10)
        try:
            return d.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)
        except InvalidOperation as exc:  # pragma: no cover - needs a >60-digit number
            raise ValueError(f"number too large: {value!r}") from exc


def _fmt(d: Decimal) -> str:
    if d == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = max(60, d.adjusted() + 10)
        s = format(d.normalize(), "f")
    return s


def format_number(value: object) -> str:
    """``3`` → ``"3"``, ``2.5`` → ``"2.5"``, ``1/3`` → ``"0.33"``, ``1e-7`` → ``"0"``, ``1e20`` →
    ``"100000000000000000000"``. Raises ValueError for bools, NaN, infinities and non-numbers."""
    return _fmt(_rounded(value))


def nice_max(value: object) -> Decimal:
    """Smallest "round" number ≥ ``value`` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ, with at most
    2 decimals); 1 for ``value`` ≤ 0."""
    d = _rounded(value)
    if d <= 0:
        return Decimal(1)
    with localcontext() as ctx:
        ctx.prec = max(60, d.adjusted() + 10)
        for exponent in range(max(d.adjusted(), -2), d.adjusted() + 2):
            scale = Decimal(10) ** exponent
            for mantissa in _MANTISSAS:
                candidate = mantissa * scale
                if candidate >= d and candidate == candidate.quantize(_TWO_PLACES):
                    return candidate
        return d.quantize(Decimal(1), rounding=ROUND_CEILING)  # pragma: no cover


# ---------------------------------------------------------------------------------- xy charts


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    y_label: str = "",
    line_series: list[tuple[str, list[float]]] = (),
) -> str:
    """A vertical ``xychart-beta``: one ``bar`` per entry of ``series`` and one ``line`` per entry
    of ``line_series`` (e.g. a target), each a ``(name, values)`` pair with one value per label.

    The value axis runs from 0 (or a round number below the smallest negative value) to a round
    number ≥ every value. Mermaid draws several bar series on top of each other (not side by
    side), the later ones in front. Mermaid shows no legend, so series names are not visible.

    Returns ``""`` when ``labels`` is empty. Raises ValueError when a series does not have one
    value per label, when there is no series at all, or on a value that is not a finite number.
    """
    return _xychart("", title, labels, series, y_label, line_series)


def horizontal_bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    y_label: str = "",
    line_series: list[tuple[str, list[float]]] = (),
) -> str:
    """Like :func:`bar_chart`, but ``xychart-beta horizontal``: the labels run down the left side,
    the first at the top, and the bars grow to the right (``y_label`` names this value axis).
    Meant for the stage funnel: ``labels=["线索", "到店", …, "交车"], series=[("人数", counts)]``."""
    return _xychart(" horizontal", title, labels, series, y_label, line_series)


def _xychart(
    orientation: str,
    title: str,
    labels: Sequence[str],
    series: Iterable[tuple[str, Sequence[float]]],
    y_label: str,
    line_series: Iterable[tuple[str, Sequence[float]]],
) -> str:
    labels = list(labels)
    plots = [("bar", name, list(values)) for name, values in series]
    plots += [("line", name, list(values)) for name, values in line_series]
    for kind, name, values in plots:
        if len(values) != len(labels):
            raise ValueError(
                f"{kind} series {name!r} has {len(values)} values for {len(labels)} labels"
            )
    if not labels:
        return ""
    if not plots:
        raise ValueError("a chart needs at least one bar or line series")

    rounded = [[_rounded(v) for v in values] for _, _, values in plots]
    everything = [v for values in rounded for v in values]
    low, high = min(everything), max(everything)
    if high > 0:
        top = nice_max(high)
    else:
        top = Decimal(0) if low < 0 else Decimal(1)
    bottom = -nice_max(-low) if low < 0 else Decimal(0)

    lines = [f"xychart-beta{orientation}"]
    clean_title = clean_text(title, TITLE_MAX)
    if clean_title:
        lines.append(f"{_INDENT}title {_q(clean_title)}")
    x_labels = _unique([_label(label) for label in labels])
    lines.append(f"{_INDENT}x-axis [{', '.join(_q(label) for label in x_labels)}]")
    axis_title = clean_text(y_label, LABEL_MAX)
    axis = f"{_q(axis_title)} " if axis_title else ""
    lines.append(f"{_INDENT}y-axis {axis}{_fmt(bottom)} --> {_fmt(top)}")
    for (kind, name, _), values in zip(plots, rounded):
        clean_name = clean_text(name, LABEL_MAX)
        named = f"{_q(clean_name)} " if clean_name else ""
        lines.append(f"{_INDENT}{kind} {named}[{', '.join(_fmt(v) for v in values)}]")
    return _fence(lines)


# -------------------------------------------------------------------------------------------- pie


def pie_chart(title: str, items: list[tuple[str, float]]) -> str:
    """A ``pie`` of ``(label, value)`` items in the given order (e.g. lead sources and their counts).

    Items whose value is zero or negative (after rounding to 2 decimals) are dropped; returns
    ``""`` when none is left (show a table instead). Raises ValueError on a value that is not a
    finite number.
    """
    kept = []
    for label, value in items:
        d = _rounded(value)
        if d > 0:
            kept.append((_label(label), d))
    if not kept:
        return ""
    names = _unique([label for label, _ in kept])
    lines = []
    clean_title = clean_text(title, TITLE_MAX)
    lines.append(f"pie title {clean_title}" if clean_title else "pie")
    for name, (_, d) in zip(names, kept):
        lines.append(f"{_INDENT}{_q(name)} : {_fmt(d)}")
    return _fence(lines)


def _fence(lines: list[str]) -> str:
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"
