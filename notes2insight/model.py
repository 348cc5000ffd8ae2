"""The records the pipeline passes along: parsed notes and the facts extracted from them.

Every record is a frozen dataclass and every fact carries the `Source` it came from, so a
summary can always say where a number came from (like beancount's filename/lineno meta).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter


def pickled_by_constructor(cls):
    """Pickle a frozen, slotted record as the call that makes it. The default state of a
    slotted dataclass looks up its fields again for every object: loading the cached facts of
    a ten-year vault (hundreds of thousands of sources and mentions) took twice as long."""
    names = [f.name for f in fields(cls)]
    if not all(f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: every field must be a constructor argument")
    values = attrgetter(*names)
    if len(names) == 1:
        cls.__reduce__ = lambda self: (cls, (values(self),))
    else:
        cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@pickled_by_constructor
@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Where a fact was read: a note path relative to the notes folder, and a 1-based file line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a note the tool could not fully read. Bad input is data, not an exception."""

    path: str
    line: int  # 1-based; 1 when the problem concerns the whole file
    message: str
    code: str = "note"
    severity: Severity = Severity.ERROR
    col: int | None = None  # 1-based column when known

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" + (f"{self.col}:" if self.col else "")
        return f"{where} {self.severity.value}: [{self.code}] {self.message}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col or 0, self.code, self.message)


# --------------------------------------------------------------------------------------------
# Parsed notes
# --------------------------------------------------------------------------------------------


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item (bulleted or numbered)
    TASK = "task"  # an unchecked checkbox item `- [ ]`
    DONE = "done"  # a checked checkbox item `- [x]`
    CANCELLED = "cancelled"  # a to-do dropped: `- [-]`, Org's CANCELLED, struck through whole
    TABLE = "table"
    QUOTE = "quote"  # a `>` block: usually someone else's message (a customer's WeChat)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of body text with its Markdown context.

    `section` is the text of the nearest heading above it (levels joined by " / "), `depth`
    the heading level of that section; `customer_heading` is set when a heading names a
    customer (e.g. `### 王建国（A级 · 汉EV）`), filled in by the customer extractor.
    """

    text: str  # inline text with Markdown markers removed (checkbox, bullet)
    line: int  # 1-based file line
    kind: BlockKind
    section: str = ""
    section_path: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()  # a table row's cells, and its table's header cells
    header: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    """A note as read from disk: its date, its front matter (plain data) and body lines."""

    path: str  # relative to the notes folder, POSIX separators
    date: dt.date | None
    meta: dict = field(hash=False, compare=False)
    meta_lines: dict = field(hash=False, compare=False)  # top-level key -> 1-based file line
    value_lines: dict = field(default_factory=dict, hash=False, compare=False)  # ("deals", 0, "stage") -> line
    lines: tuple[Line, ...] = ()
    body_start: int = 1  # file line of the first body line
    author: str | None = None
    # Lines whose reading differs from what is written (traditional characters, Cantonese
    # words; text/script.py): (file line, reading, as written). The rest of the note — meta
    # and `lines` — holds the reading.
    written: tuple[tuple[int, str, str], ...] = ()
    traditional: bool = False
    cantonese: bool = False


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------

STAGES: tuple[str, ...] = ("线索", "到店", "试驾", "报价", "谈判", "订车", "成交", "交车")
LOST_STAGE = "战败"
LEVELS: tuple[str, ...] = ("H", "A", "B", "C")


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Mention:
    """A customer named in a note. `name` is canonical (aliases folded), `surface` as written."""

    name: str
    surface: str
    source: Source
    rule: str  # "front-matter", "deal", "link", "at", "tag", "known-name", "honorific", "full-name", "table", "heading"
    context: str = ""  # the line it was found on (for a dossier's timeline), shortened


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Deal:
    """A deal's state as a note records it (front matter), normalised to typed values."""

    customer: str
    source: Source
    stage: str | None = None  # one of STAGES or LOST_STAGE
    model: str | None = None
    amount: int | None = None  # integer yuan
    budget: int | None = None
    budget_max: int | None = None  # for a range such as 15-16万
    lead_source: str | None = None
    level: str | None = None  # one of LEVELS
    purchase_time: str | None = None
    decision_maker: str | None = None
    phone: str | None = None
    next_step: str | None = None
    scores: tuple[tuple[str, str], ...] = ()  # lead-evaluation fields, as written


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Commitment:
    """Something the writer promised or planned to do."""

    text: str
    source: Source
    due: dt.date | None
    customer: str | None
    rule: str  # why it counts: "checkbox", "plan-section", "cue:答应", ...
    due_text: str | None = None  # the expression the due date was read from


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Completion:
    """Work reported done (`- [x]`, 已发/已经…了): closes earlier commitments that match it."""

    text: str
    source: Source
    customer: str | None
    # written after a promise on its own line (答应…今晚发给他。晚上已经发过去了): it may keep
    # that one; a report before it (报价单已经发了。明天再打个电话) keeps only earlier ones
    after_promise: bool = False


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class CustomerStep:
    """What a customer said they would do (客户说周六来): their next step, not our promise."""

    text: str
    source: Source
    customer: str | None
    due: dt.date | None


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Mistake:
    text: str
    source: Source
    rule: str  # "mistake-section", "cue:忘了", ...


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class NoteFacts:
    """Everything extracted from one note."""

    path: str
    date: dt.date | None
    author: str | None
    customers: tuple[str, ...]  # canonical names, in order of first mention
    mentions: tuple[Mention, ...]
    deals: tuple[Deal, ...]
    commitments: tuple[Commitment, ...]
    completions: tuple[Completion, ...]
    customer_steps: tuple[CustomerStep, ...]
    mistakes: tuple[Mistake, ...]
    tags: tuple[str, ...] = ()
    # For the substance score: the file line of every body line that is not a heading, a
    # digest of each one's normalised text (48 bits, as an int: hundreds of thousands of them
    # in a ten-year vault, so no (line, digest) pair per line), and the lines that carry a fact.
    body_lines: tuple[int, ...] = ()
    line_digests: tuple[int, ...] = ()
    fact_lines: tuple[int, ...] = ()
    # Keyword candidates and their counts, as two tuples: a ten-year vault holds millions of
    # them, and a (term, count) pair per occurrence would be most of its memory.
    terms: tuple[str, ...] = ()
    term_counts: tuple[int, ...] = ()
