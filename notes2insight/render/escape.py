"""Escaping note-derived text for the Markdown context it lands in (RELIABILITY.md, c.4).

Everything a summary shows comes from a salesperson's notes, so every string is hostile until
escaped: a `|` in a price note drops a table cell, a newline adds a table row, a ```` ``` ````
swallows the rest of the summary, `<!--` hides the following headings, `<script>` and
`![](http://tracker/…)` pass straight through the `commonmark` preset (it has `html=True`).

Entry points, one per context:

* `md_cell(text)`    - one GFM table cell;
* `md_inline(text)`  - text inside a list item or a paragraph line;
* `md_heading(text)` - the text after `## `;
* `md_link(label, target)` - a relative link to another generated file;
* `source_link(path, line, from_file)` - a link to a note at a line, relative to a summary.

How: the text becomes one line (newlines, tabs and other controls become a space, runs of
whitespace collapse) and every ASCII punctuation character that can start markup is
backslash-escaped. CommonMark lets *any* ASCII punctuation be escaped, so an escaped character
is always literal. We escape a chosen set rather than all punctuation so that the raw files
stay readable in a git diff (`2026-11-26`, `18.98万`, `10:30`, `(含税)` are left alone):

* always: ``\\ ` * _ [ ] < > & | ~ ! # $ ^`` - CommonMark (code, emphasis, links, HTML,
  entities), GFM (tables, `~strike~`, which GitHub accepts with one tilde), GitHub/Obsidian
  math (`$`), Obsidian tags (`#tag`) and block ids (`^id`);
* in runs only: `==` (Obsidian highlight) and `%%` (Obsidian comment, hides text);
* at the start of the text only: `-`, `+` and `1.`/`1)` (list items, thematic breaks).

Not neutralised, on purpose: GitHub emoji shortcodes (`:smile:`) and bare-URL autolinks - both
only change how text looks, never the document's structure. Bidi controls (U+202E …) are
dropped because they reorder what the reader sees without being visible themselves.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

__all__ = ["md_cell", "md_heading", "md_inline", "md_link", "source_link"]

# Characters that are markup wherever they stand (see the module docstring for each one's reason).
_ALWAYS = frozenset("\\`*_[]<>&|~!#$^")
# Characters that are markup only when doubled: `==highlight==`, `%%comment%%` (Obsidian).
_IN_RUNS = frozenset("=%")

# Line breaks and other control characters: a cell or list item is one line, so all of them
# become a space. U+2028/2029 and NEL are line breaks for some editors, not for Markdown.
_SPACE_LIKE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")
# Bidirectional formatting characters: invisible, they reorder the displayed text (spoofing).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# At the start of a list item or paragraph: a bullet/thematic-break marker, or `123.`/`123)`.
_LEADING_BULLET = re.compile(r"[-+]")
_LEADING_ORDERED = re.compile(r"([0-9]+)([.)])")


def _one_line(text: str) -> str:
    """Collapse every line break, control and whitespace run into one space; drop bidi controls."""
    return _SPACE_LIKE.sub(" ", _BIDI.sub("", text)).strip(" ")


# One pass of the C regex engine instead of a Python loop per character (summaries escape
# hundreds of thousands of cells in a large vault): every `_ALWAYS` character, and `=`/`%`
# wherever two or more stand together.
_MARKUP = re.compile("[" + re.escape("".join(sorted(_ALWAYS))) + "]|==+|%%+")


def _escape_chars(text: str) -> str:
    return _MARKUP.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)


def md_cell(text: object) -> str:
    """One GFM table cell: a single line, `|` escaped, no markup or HTML can start in it.

    The result never adds or drops a column, and the rendered cell shows the input text with
    whitespace collapsed. Non-strings are shown via `str()` (a YAML `False` shows as `False`).
    """
    return _escape_chars(_one_line(str(text)))


def md_inline(text: object) -> str:
    """Text for a list item or paragraph line: like `md_cell`, and it cannot start a block.

    Beyond the cell escapes (which already stop headings, quotes, fences, HTML comments, images
    and links), a leading `-`/`+` (nested list, thematic break) and a leading `12.`/`12)`
    (ordered list) are escaped, because after `- ` the text starts a new block of its own.
    """
    line = _escape_chars(_one_line(str(text)))
    if _LEADING_BULLET.match(line):
        return "\\" + line
    ordered = _LEADING_ORDERED.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{line[ordered.end():]}"
    return line


def md_heading(text: object) -> str:
    """Heading text (after `## `): one line, no closing `#`s, no inline markup.

    Same rules as `md_inline`: the escaped `#` keeps a trailing `#` from being eaten as the
    heading's closing sequence.
    """
    return md_inline(text)


# Percent-encode what could end or confuse a link destination: ASCII outside the unreserved
# set (space, `(`, `)`, `<`, `#`, `?`, `%`, `:` - `C:evil.md` would read as a URL scheme) and
# invisible non-ASCII (spaces, controls, format characters). Other non-ASCII stays as is, so
# `customers/王建国.md` stays readable; GitHub, Obsidian and markdown-it all accept it raw.
_PATH_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~\-]*")


@lru_cache(maxsize=65536)
def _encode_segment(segment: str) -> str:
    if _PLAIN_SEGMENT.fullmatch(segment):
        return segment
    out: list[str] = []
    for ch in segment:
        if ch in _PATH_SAFE_ASCII:
            out.append(ch)
        elif ord(ch) < 0x80 or unicodedata.category(ch)[0] in "CZ":
            out.append(quote(ch, safe="", errors="surrogatepass"))
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def _encode_path(path: str) -> str:
    """Percent-encode each segment of a relative POSIX path; `/` separators are kept."""
    return "/".join(_encode_segment(segment) for segment in path.split("/"))


def _link(label: str, href: str) -> str:
    return f"[{md_cell(label)}]({href})"


def md_link(label: object, target: str) -> str:
    """`[label](target)` to another generated file; `target` is a relative POSIX path.

    The label is escaped like a table cell, so the link is also safe inside a table; an empty
    label falls back to the target, since an empty link text would be invisible.
    """
    _check_relative(target)
    shown = _one_line(str(label)) or target
    return _link(shown, _encode_path(target))


def _check_relative(path: str) -> None:
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        raise ValueError(f"not a relative POSIX path: {path!r}")


def _relative_to_dir(path: str, start_dir: str) -> str:
    """`path` relative to the folder `start_dir`; both relative to the same root.

    Written out instead of `posixpath.relpath`, which consults the current directory.
    """
    path_parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
    start_parts = [p for p in posixpath.normpath(start_dir).split("/") if p not in ("", ".")]
    if ".." in path_parts or ".." in start_parts:
        raise ValueError(f"path leaves the root: {path!r} from {start_dir!r}")
    common = 0
    while (common < len(path_parts) and common < len(start_parts)
           and path_parts[common] == start_parts[common]):
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:])


def source_link(path: str, line: int | None, from_file: str, *, label: str | None = None) -> str:
    """A link from the summary `from_file` to the note `path` at `line`.

    Both paths are relative POSIX paths from the same root (the repository). The fragment
    `#L12` opens the line on GitHub's blob view; Obsidian ignores it and opens the note.
    The default label is `path:line`, the form editors and `Problem` messages use.

    >>> source_link("2026/11/2026-11-26.md", 12, "weekly/2026-W48.md")
    '[2026/11/2026-11-26.md:12](../2026/11/2026-11-26.md#L12)'
    """
    _check_relative(path)
    _check_relative(from_file)
    href = _encode_path(_relative_to_dir(path, posixpath.dirname(from_file)))
    if line is not None:
        if line < 1:
            raise ValueError(f"line numbers start at 1, got {line}")
        href += f"#L{line}"
    shown = label if label is not None and _one_line(label) else (
        f"{path}:{line}" if line is not None else path)
    return _link(shown, href)
