"""Bytes of a note -> text, with every encoding surprise reported as a `Problem`.

Notes come from many editors: Windows Notepad saves "UTF-8" with a BOM or "Unicode" as
UTF-16 LE, PowerShell 5.1 `>` writes UTF-16, older Chinese Windows saves GBK. Reading them
as plain UTF-8 either raises or silently breaks the front matter (`\\ufeff---`), see
/work/shared/RELIABILITY.md finding 7 and table (b). This module never raises and never
rewrites the note; the caller gets text with LF line ends (line numbers unchanged) or None.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from notes2insight.model import Problem, Severity

__all__ = ["decode_note", "strict_utf8"]

# git's heuristic (xdiff's buffer_is_binary): a NUL in the first 8000 bytes means binary.
_BINARY_SNIFF = 8000

# Control characters that never occur in a text note (TAB, LF, FF, CR are fine).
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# (BOM, codec, display name). UTF-32 LE starts with the UTF-16 LE BOM, so it comes first.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)


def decode_note(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a note's bytes; return (text or None when unreadable, problems).

    * UTF-8: the normal case, no problem.
    * UTF-8 with BOM: BOM removed, warning.
    * UTF-16/32 with BOM: decoded, warning.
    * Not UTF-8: decoded as GB18030 (with a warning at the first bad byte) only when that
      decodes cleanly and reads like Chinese text; otherwise an error and None.
    * A NUL byte in the first 8000 bytes: error [binary] and None.
    * CRLF and lone CR become LF; each still ends exactly one line, so line numbers hold.
    """
    problems: list[Problem] = []
    if not data:
        return "", problems

    for bom, codec, name in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                problems.append(
                    _problem(path, 1, f"file starts with a {name} byte order mark but is not valid {name} "
                             f"({exc.reason}); skipped")  # fmt: skip
                )
                return None, problems
            if "\x00" in text[: _BINARY_SNIFF // 2]:
                problems.append(_problem(path, 1, "binary file, skipped", code="binary"))
                return None, problems
            problems.append(
                _problem(path, 1, f"file is {name} (with byte order mark); decoded – please re-save as UTF-8",
                         severity=Severity.WARNING)  # fmt: skip
            )
            return _normalise_newlines(text), problems

    if b"\x00" in data[:_BINARY_SNIFF]:
        problems.append(_problem(path, 1, "binary file, skipped", code="binary"))
        return None, problems

    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        problems.append(
            _problem(path, 1, "UTF-8 byte order mark (BOM) removed; the note is read without it",
                     severity=Severity.WARNING)  # fmt: skip
        )

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        line, col = _byte_position(data, exc.start)
        fallback = _gb18030(data)
        if fallback is None:
            problems.append(
                _problem(path, line, f"not valid UTF-8 (byte 0x{bad:02x}) and not readable as GB18030 "
                         "Chinese text; skipped – please re-save as UTF-8", col=col)  # fmt: skip
            )
            return None, problems
        problems.append(
            _problem(path, line, f"not valid UTF-8 (byte 0x{bad:02x}); decoded as GB18030 – please re-save "
                     "as UTF-8", severity=Severity.WARNING, col=col)  # fmt: skip
        )
        text = fallback
    return _normalise_newlines(text), problems


def strict_utf8(problem: Problem) -> Problem:
    """`--strict-utf8`: a note that had to be decoded from GB18030 or UTF-16/32 is an error.

    Only the warnings `decode_note` gives for such notes change; a UTF-8 BOM stays a warning
    (the text is UTF-8). The message already tells the user to re-save as UTF-8.
    """
    if (problem.code == "encoding" and problem.severity is Severity.WARNING
            and problem.message.endswith("please re-save as UTF-8")):
        return replace(problem, severity=Severity.ERROR)
    return problem


def _normalise_newlines(text: str) -> str:
    # CRLF first, so that it becomes one LF, not two; a lone CR is a line end too.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, col) of byte `offset`, counting lines as `_normalise_newlines` does.

    The prefix before the first invalid byte is valid UTF-8, so the column counts characters.
    """
    prefix = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = prefix.rfind(b"\n") + 1
    col = len(prefix[line_start:].decode("utf-8", errors="replace")) + 1
    return prefix.count(b"\n") + 1, col


def _gb18030(data: bytes) -> str | None:
    """GB18030 text when `data` decodes cleanly and reads like Chinese, else None.

    GB18030 maps almost any byte string to *some* characters, so a clean decode proves
    little (Windows-1251 Russian decodes to rare hanzi). Real Chinese prose is mostly
    level-1 (common) GB2312 hanzi and CJK punctuation; demand that.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if _BAD_CONTROLS.search(text):
        return None
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return None
    common = sum(1 for c in non_ascii if _is_common_gb2312(c))
    return text if common >= 0.8 * len(non_ascii) else None


def _is_common_gb2312(char: str) -> bool:
    try:
        first = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    # Rows 0xA1-0xA9: punctuation, full-width forms; rows 0xB0-0xD7: level-1 (common) hanzi.
    return 0xA1 <= first <= 0xA9 or 0xB0 <= first <= 0xD7


def _problem(
    path: str,
    line: int,
    message: str,
    *,
    code: str = "encoding",
    severity: Severity = Severity.ERROR,
    col: int | None = None,
) -> Problem:
    return Problem(path, line, message, code, severity, col)
