"""A strict YAML front-matter reader that never loses text and positions every problem.

python-frontmatter is not used: it `strip()`s the text (markdown-it line numbers can no longer
be mapped back to the file), swallows text in several malformed cases and lets `ValueError`/
`TypeError` escape (see /work/shared/RELIABILITY.md findings 7-10 and table (b)). Here the
block is split by hand and fed to PyYAML directly, with a `SafeLoader` subclass (libyaml's
`CSafeLoader` when available):

* positions: every `Problem` carries the *file* line:col (PyYAML marks are 0-based and
  relative to the block; we convert from the mark's character index, so leading blank lines,
  CRLF and YAML's extra line breaks such as U+2028 cannot shift them);
* safety: anchors/aliases are rejected on the event stream before anything is constructed
  (the billion-laughs bomb loads in 0.03 s but takes minutes and gigabytes to print), nesting
  is capped before composing (PyYAML's composer recurses), the block size is capped, and
  only the plain YAML tags are constructed (no `!!python/...`, no custom tags);
* typing follows YAML 1.2 where 1.1 surprises users: only `true`/`false` are booleans (`NO`,
  `yes`, `on`, `y` stay strings), integers are plain decimals (`0123` stays "0123", `12:30`
  stays "12:30", `0x1F` stays "0x1F"); `null`/`~`/empty are None; `YYYY-MM-DD` is a date;
* bad values (`2026-13-45`, 5000-digit integers) are reported at the value and kept as text.

Decisions (each one has a test in tests/test_frontmatter.py):

* Blank lines before the opening `---` are accepted (friendlier; other tools such as Obsidian
  and Jekyll require `---` on line 1, so a warning [fm-leading-blank] says so).
* Non-string scalar keys (`1:`, `~:`, `true:`, `2026-01-05:`) are kept under their source text
  (`"1"`, `"~"`, `"true"`, `"2026-01-05"`) with an error [yaml-key]; list/mapping keys are
  dropped with an error.
* A value with an unknown or unsafe tag is reported and replaced by None (the key is kept).
* `value_lines` uses tuple paths: `("deals", 0)` is the line of the list item,
  `("deals", 0, "customer")` the line of that key; `(key,)` equals `key_lines[key]`.
* Lines are counted on `\\n` only; `decode_note` has already turned CRLF/CR into LF.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from notes2insight.model import Problem, Severity

__all__ = ["MAX_DEPTH", "MAX_FRONT_MATTER_BYTES", "FrontMatter", "split_front_matter"]

MAX_FRONT_MATTER_BYTES = 256 * 1024  # a real front matter is < 2 KB; 300k keys took 4 s / 318 MB
MAX_DEPTH = 50  # nesting levels; PyYAML's pure-Python composer recurses per level


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A note split into its front matter (plain data) and its body, with file positions."""

    meta: dict  # plain data: str/int/float/bool/None/date/list/dict; keys always str
    key_lines: dict[str, int]  # top-level key -> 1-based file line
    value_lines: dict  # tuple path -> 1-based file line: ("deals", 0), ("deals", 0, "customer")
    body: str  # the text after the closing fence, exactly
    body_line: int  # 1-based file line where `body` starts
    problems: tuple[Problem, ...] = field(default=())


# --------------------------------------------------------------------------------------------
# The YAML loader: SafeLoader with YAML-1.2-like implicit typing
# --------------------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_TIMESTAMP_RE = next(
    regexp
    for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
    for tag, regexp in resolvers
    if tag == _TIMESTAMP
)

# (tag, regexp, first characters). Not carried over from YAML 1.1: yes/no/on/off/y/n booleans,
# octal/hex/sexagesimal/underscored ints, .inf/.nan, the `<<` merge key and the `=` value key.
_RESOLVERS = (
    (_BOOL, re.compile(r"^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"), list("tTfF")),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")),
    (
        _FLOAT,
        re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
        list("-+0123456789."),
    ),
    (_TIMESTAMP, _TIMESTAMP_RE, list("0123456789")),
)


def _loader_class(base: type) -> type:
    """A subclass of `base` (CSafeLoader or SafeLoader) with our own implicit resolvers."""

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        # Defined on the class, so add_implicit_resolver fills this dict, not the parent's.
        yaml_implicit_resolvers: dict = {}

    for tag, regexp, first in _RESOLVERS:
        StrictLoader.add_implicit_resolver(tag, regexp, first)
    return StrictLoader


# Tests swap this for `_loader_class(yaml.SafeLoader)` to cover platforms without libyaml.
_LOADER: type = _loader_class(getattr(yaml, "CSafeLoader", yaml.SafeLoader))

# Characters YAML refuses (PyYAML's Reader.NON_PRINTABLE). Checked by us because the reader's
# error only gives an offset, in bytes with libyaml and in characters without it.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAB_AFTER_KEY = re.compile(r"(?m)^([ ]*(?:- )*[^\s'\"#:{}\[\],&*!|>%@`?-][^:\n'\"]*:)(\t+)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")


# --------------------------------------------------------------------------------------------
# Splitting
# --------------------------------------------------------------------------------------------


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body; never raises, never drops text.

    Front matter is a YAML mapping between a first line `---` (blank lines before it are
    accepted with a warning) and a line `---` or `...`. When there is none, or it cannot be
    trusted to be front matter, the whole text is the body (body_line 1).
    """
    try:
        return _split(text, path)
    except Exception as exc:  # noqa: BLE001 - includes RecursionError and MemoryError
        problem = Problem(
            path, 1, f"could not read the front matter ({type(exc).__name__}); note read as body text",
            "yaml", Severity.ERROR,
        )  # fmt: skip
        return FrontMatter({}, {}, {}, text, 1, (problem,))


def _whole_body(text: str, *problems: Problem) -> FrontMatter:
    return FrontMatter({}, {}, {}, text, 1, tuple(problems))


def _split(text: str, path: str) -> FrontMatter:
    # Find the first non-blank line: the opening fence may follow blank lines.
    offset, line_no = 0, 1
    while True:
        end = text.find("\n", offset)
        if end == -1 or text[offset:end].strip(" \t\r\ufeff"):
            break
        offset, line_no = end + 1, line_no + 1
    first = text[offset : end if end != -1 else len(text)].lstrip("\ufeff").rstrip(" \t\r")

    if first == "+++":
        return _whole_body(
            text, _problem(path, line_no, "TOML front matter (+++) is not supported; read as body text",
                           "toml-fm", Severity.WARNING, col=1),
        )  # fmt: skip
    if first != "---" or end == -1:
        if first == "---":  # a lone `---` as the last line
            return _whole_body(text, _unclosed(path, line_no))
        return _whole_body(text)  # no front matter (including a first line `{`: no JSON front matter)

    open_line = line_no
    block_start = end + 1
    closer = _find_closer(text, block_start, open_line + 1)
    if closer is None:
        return _whole_body(text, _unclosed(path, open_line))
    close_start, close_end, close_line = closer
    block = text[block_start:close_start]
    body_offset = close_end + 1 if close_end < len(text) else len(text)
    body, body_line = text[body_offset:], close_line + 1

    problems: list[Problem] = []
    if open_line > 1:
        problems.append(
            _problem(path, open_line, f"front matter starts on line {open_line}, after blank lines; most tools "
                     "(Obsidian, Jekyll, Hugo) only recognise '---' on line 1", "fm-leading-blank",
                     Severity.WARNING, col=1)  # fmt: skip
        )

    size = len(block) if len(block) * 4 <= MAX_FRONT_MATTER_BYTES else len(block.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        problems.append(
            _problem(path, open_line, f"front matter is {size} bytes, more than the limit of "
                     f"{MAX_FRONT_MATTER_BYTES}; ignored", "too-big", col=1)  # fmt: skip
        )
        return FrontMatter({}, {}, {}, body, body_line, tuple(problems))

    reader = _BlockReader(block, open_line + 1, path)
    outcome = reader.read()
    span = f"lines {open_line}-{close_line}"

    if outcome.not_mapping is not None:
        return _whole_body(
            text, _problem(path, open_line, f"{span} look like front matter but are {outcome.not_mapping}; "
                           "treated as body text", "fm-not-mapping", Severity.WARNING, col=1),
        )  # fmt: skip
    if outcome.syntax_error is not None and _looks_like_markdown(block):
        # Probably an unclosed front matter whose "closer" is a Markdown rule further down:
        # keep every line as body rather than drop the text between the two `---`.
        err = outcome.syntax_error
        return _whole_body(
            text, _problem(path, open_line, f"front matter opened with '---' is not valid YAML ({err.message} at "
                           f"line {err.line}:{err.col or 1}); the block spans {span} and contains blank/heading "
                           f"lines – is the closing '---' missing? The note is read as body text", "fm-unclosed",
                           col=1),
        )  # fmt: skip
    problems.extend(outcome.problems)
    problems.sort(key=Problem.sort_key)
    return FrontMatter(outcome.meta, outcome.key_lines, outcome.value_lines, body, body_line, tuple(problems))


def _find_closer(text: str, offset: int, line_no: int) -> tuple[int, int, int] | None:
    """(start, end, line) of the first `---` or `...` line at or after `offset`."""
    while offset <= len(text):
        end = text.find("\n", offset)
        if end == -1:
            end = len(text)
        if text[offset:end].rstrip(" \t\r") in ("---", "..."):
            return offset, end, line_no
        offset, line_no = end + 1, line_no + 1
    return None


def _looks_like_markdown(block: str) -> bool:
    """Blank lines or `#` headings: a hint that the block is note text, not YAML."""
    lines = block.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the block ends with the newline before the closing fence
    return any(not line.strip(" \t\r") or _HEADING.match(line) for line in lines)


def _unclosed(path: str, line: int) -> Problem:
    return _problem(path, line, "front matter opened with '---' but never closed (no later '---' or '...' line); "
                    "the whole note is read as body text", "fm-unclosed", col=1)  # fmt: skip


def _problem(
    path: str, line: int, message: str, code: str, severity: Severity = Severity.ERROR, col: int | None = None
) -> Problem:
    return Problem(path, line, message, code, severity, col)


# --------------------------------------------------------------------------------------------
# Reading the YAML block
# --------------------------------------------------------------------------------------------


@dataclass
class _Outcome:
    meta: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    value_lines: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    not_mapping: str | None = None  # "a YAML list" when the block is valid YAML but no mapping
    syntax_error: Problem | None = None  # set when the block is not valid YAML


class _Dropped(Exception):
    """A value that cannot be constructed (unknown tag); it becomes None."""


class _BlockReader:
    """Reads one front-matter block; `first_line` is the file line of the block's first line."""

    def __init__(self, block: str, first_line: int, path: str) -> None:
        self.block = block
        self.first_line = first_line
        self.path = path
        self.newlines = [m.start() for m in re.finditer("\n", block)]
        # `key:<TAB>value` parses with libyaml but not with pure-Python PyYAML; make both
        # agree. One space per tab keeps every index, hence every position, unchanged.
        self.yaml_text = _TAB_AFTER_KEY.sub(lambda m: m.group(1) + " " * len(m.group(2)), block)
        self.out = _Outcome()

    # -- positions ---------------------------------------------------------------------------

    def position(self, index: int) -> tuple[int, int]:
        """File (line, col), 1-based, of character `index` of the block."""
        index = max(0, min(index, len(self.block)))
        before = bisect.bisect_left(self.newlines, index)
        line_start = self.newlines[before - 1] + 1 if before else 0
        return self.first_line + before, index - line_start + 1

    def mark_position(self, mark: Any) -> tuple[int, int]:
        # Mark.index counts characters for both libyaml and the pure-Python reader.
        return self.position(getattr(mark, "index", 0) or 0)

    def error(self, mark: Any, message: str, code: str = "yaml") -> Problem:
        line, col = self.mark_position(mark) if mark is not None else (self.first_line, 1)
        problem = _problem(self.path, line, message, code, col=col)
        self.out.problems.append(problem)
        return problem

    # -- the passes --------------------------------------------------------------------------

    def read(self) -> _Outcome:
        bad = _NON_PRINTABLE.search(self.block)
        if bad:
            line, col = self.position(bad.start())
            self.out.problems.append(
                _problem(self.path, line, f"character U+{ord(bad.group()):04X} is not allowed in YAML; front "
                         "matter ignored", "yaml-char", col=col)  # fmt: skip
            )
            return self.out
        if not self._check_events():
            return self.out
        loader = _LOADER(self.yaml_text)
        try:
            root = loader.get_single_node()
            if root is None:
                return self.out  # empty block or only comments: no metadata, no problem
            if not isinstance(root, MappingNode):
                kind = "a YAML list" if isinstance(root, SequenceNode) else "a YAML scalar (plain text)"
                if root.tag in (_SEQ, _STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP):
                    self.out.not_mapping = kind
                else:
                    self.error(root.start_mark, f"tag {_show_tag(root.tag)} is not supported; front matter ignored")
                return self.out
            meta = self.convert(root, ())
            self.out.meta = meta if isinstance(meta, dict) else {}
        except _Dropped:
            self.out.meta = {}
        except yaml.YAMLError as exc:
            self.syntax(exc)
        finally:
            loader.dispose()
        return self.out

    def _check_events(self) -> bool:
        """Scan the event stream: syntax errors, anchors/aliases, depth. False = stop."""
        loader = _LOADER(self.yaml_text)
        depth = 0
        try:
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                    # Reject before constructing: the billion-laughs bomb is cheap to load and
                    # explodes when printed or walked (PyYAML #235).
                    self.error(event.start_mark, "YAML anchors/aliases (&name, *name, <<: *name) are not "
                               "allowed in front matter; front matter ignored", "yaml-alias")  # fmt: skip
                    return False
                if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        self.error(event.start_mark, f"front matter is nested deeper than {MAX_DEPTH} levels; "
                                   "front matter ignored")  # fmt: skip
                        return False
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    depth -= 1
        except yaml.YAMLError as exc:
            self.syntax(exc)
            return False
        finally:
            loader.dispose()
        return True

    def syntax(self, exc: yaml.YAMLError) -> None:
        """Turn a PyYAML error into a positioned [yaml] problem with context and a hint."""
        problem_mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None)
        context = getattr(exc, "context", None)
        if problem is None and context is None:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        else:
            message = problem or context or ""
            if context and problem and context_mark is not None:
                message += f" ({context} at line {self.mark_position(context_mark)[0]})"
        mark = problem_mark or context_mark
        hint = self._hint(message, getattr(mark, "index", None))
        self.out.syntax_error = self.error(mark, message + hint)

    def _hint(self, message: str, index: int | None) -> str:
        if index is None:
            return ""
        index = max(0, min(index, len(self.block)))
        line_start = self.block.rfind("\n", 0, index) + 1
        line_end = self.block.find("\n", index)
        line = self.block[line_start : line_end if line_end != -1 else len(self.block)]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        char = self.block[index : index + 1]
        if "\t" in indent or "tab" in message:
            return "; tabs are not allowed for indentation in YAML, use spaces"
        if char in ("@", "`"):
            return "; quote values that start with @ or a backtick"
        if "mapping values are not allowed" in message:
            return "; quote the value if it contains ': ' (e.g. key: \"a: b\")"
        return ""

    # -- constructing plain data -------------------------------------------------------------

    def convert(self, node: Node, path: tuple) -> Any:
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                return self.unknown_tag(node)
            items = []
            for index, item in enumerate(node.value):
                item_path = path + (index,)
                self.out.value_lines[item_path] = self.mark_position(item.start_mark)[0]
                items.append(self.convert_or_none(item, item_path))
            return items
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                return self.unknown_tag(node)
            return self.mapping(node, path)
        return self.unknown_tag(node)

    def convert_or_none(self, node: Node, path: tuple) -> Any:
        try:
            return self.convert(node, path)
        except _Dropped:
            return None

    def mapping(self, node: MappingNode, path: tuple) -> dict:
        data: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            line, col = self.mark_position(key_node.start_mark)
            if key in first_lines:
                self.out.problems.append(
                    _problem(self.path, line, f"duplicate key '{key}' (first defined on line {first_lines[key]}); "
                             "the last value wins", "yaml-duplicate-key", col=col)  # fmt: skip
                )
            else:
                first_lines[key] = line
            key_path = path + (key,)
            self.out.value_lines[key_path] = line
            if not path:
                self.out.key_lines[key] = line
            data[key] = self.convert_or_none(value_node, key_path)
        return data

    def key(self, node: Node) -> str | None:
        """A mapping key as str; non-string scalars keep their source text, with an error."""
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                return self.text(node)
            kind = {
                _INT: "an int", _FLOAT: "a float", _BOOL: "a bool", _NULL: "null", _TIMESTAMP: "a date",
            }.get(node.tag)  # fmt: skip
            shown = node.value if node.value else "(empty)"
            if kind is None:
                self.error(node.start_mark, f"key {shown} has tag {_show_tag(node.tag)}, not a plain string; "
                           "quote it", "yaml-key")  # fmt: skip
            else:
                self.error(node.start_mark, f"key {shown} is {kind}, not a string; quote it", "yaml-key")
            return node.value
        kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
        self.error(node.start_mark, f"key is {kind}, not a string; entry ignored", "yaml-key")
        return None

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, self.text(node)
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        try:
            if tag == _BOOL:
                if value.lower() not in ("true", "false"):
                    raise ValueError("only true and false are booleans")
                return value.lower() == "true"
            if tag == _INT:
                return int(value)  # ValueError past 4300 digits (CVE-2020-10735 limit)
            if tag == _FLOAT:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError("number out of range")
                return number
            if tag == _TIMESTAMP:
                return SafeConstructor.construct_yaml_timestamp(_TIMESTAMP_CONSTRUCTOR, node)
        except (ValueError, TypeError, OverflowError, IndexError, AttributeError, yaml.YAMLError) as exc:
            kind = {_BOOL: "boolean", _INT: "number", _FLOAT: "number", _TIMESTAMP: "date"}[tag]
            shown = value if len(value) <= 40 else f"{value[:20]}…({len(value)} characters)"
            reason = str(exc).split("; use sys.set_int_max_str_digits")[0]
            self.error(node.start_mark, f"invalid {kind} '{shown}': {reason}; kept as text", "yaml-value")
            return value
        return self.unknown_tag(node)

    def text(self, node: ScalarNode) -> str:
        """The scalar's text; a lone surrogate (`"\\ud800"`, accepted by the pure-Python
        scanner) would make the value unencodable later, so it becomes U+FFFD with an error."""
        value = node.value
        if _SURROGATE.search(value):
            self.error(node.start_mark, "invalid Unicode escape (lone surrogate) replaced by U+FFFD", "yaml-value")
            value = _SURROGATE.sub("\ufffd", value)
        return value

    def unknown_tag(self, node: Node) -> Any:
        self.error(node.start_mark, f"tag {_show_tag(node.tag)} is not supported; value ignored")
        raise _Dropped


# SafeConstructor.construct_yaml_timestamp only reads `timestamp_regexp` from its instance.
_TIMESTAMP_CONSTRUCTOR = SafeConstructor()


def _show_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
