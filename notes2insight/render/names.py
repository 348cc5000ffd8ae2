"""Customer names as file names: safe on every platform, readable, never colliding.

A naive `outdir / f"{name}.md"` escapes the output folder (`../.git/hooks/post-commit`,
`/etc/passwd`), fails (`a/b`, 86 CJK characters, NUL) or overwrites another customer on
case- or normalisation-insensitive file systems (`Acme`/`ACME`, NFC/NFD `Café`): RELIABILITY.md
c.1, acceptance tests 30 and 31.

* `safe_name(name)` makes one file-name stem (no extension) out of any string: a single path
  component, valid on Linux, macOS and Windows, at most `MAX_STEM_BYTES` UTF-8 bytes, and as
  readable as possible (`王建国` stays `王建国`).
* `assign_file_names(names)` gives each distinct name its own stem. Names whose safe stems are
  equal once case and normalisation are ignored (what macOS and Windows ignore) *all* get a
  suffix `-<sha1 of the name>[:8]`, so none of them silently "wins" a bare name depending on which
  was seen first, and the result depends only on the set of names, never on their order.
  A caller that wants to warn about collisions compares a stem with `safe_name(name)`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["MAX_STEM_BYTES", "assign_file_names", "collision_key", "safe_name"]

# Far below the 255-byte component limit (ext4, APFS; NTFS counts 255 UTF-16 units): leaves
# room for a collision suffix and an extension, and keeps paths short for Windows' MAX_PATH.
MAX_STEM_BYTES = 120
_HASH_CHARS = 8

# Characters Windows forbids in a name (and `/`, `\` are separators on one platform or another).
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Invisible characters that reorder or hide text: bidi controls, zero-width characters, BOM.
# Dropped rather than replaced, since a reader never saw them in the note either.
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WHITESPACE = re.compile(r"\s+")
# Windows device names, reserved in any case and also with an extension (`con.md`, `CON .txt`).
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in range(10)]
    + [f"LPT{i}" for i in range(10)]
)


def _digest(name: str) -> str:
    # surrogatepass: a name decoded with surrogateescape still hashes instead of raising.
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()


def _is_reserved(stem: str) -> bool:
    return stem.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _replace_unsafe(text: str) -> str:
    """Forbidden and control characters become `_`; whitespace runs become one space."""
    text = _INVISIBLE.sub("", text)
    text = _WHITESPACE.sub(" ", text)  # \s covers \n, \t, \x1c-\x1f, U+2028 ...
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if _FORBIDDEN.match(ch) or category in ("Cc", "Cs") or (category == "Cf"):
            # Cc: C0 controls, DEL, C1 controls; Cs: lone surrogates (cannot be encoded);
            # Cf: the remaining format characters (soft hyphen, tag characters ...).
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


def _truncate_utf8(text: str, limit: int) -> str:
    """The longest prefix of `text` that fits in `limit` UTF-8 bytes (never splits a character)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


@lru_cache(maxsize=1 << 16)
def safe_name(name: str) -> str:
    """A file-name stem for `name`: one path component, valid on Windows, ≤ MAX_STEM_BYTES.

    Steps: NFKC (full-width `／` and `：` become `/` and `:` here, before they are replaced),
    replace `<>:"/\\|?*` and control characters by `_`, drop invisible bidi and zero-width
    characters, collapse whitespace, strip leading/trailing dots and spaces (Windows drops
    trailing ones; leading ones hide the file), prefix `_` to Windows device names and to a
    leading `-` or `~` (shell options and home-directory expansion), `_` for an empty result,
    and cap long names at MAX_STEM_BYTES with `-<sha1[:8]>` of the original name.

    Raises TypeError for a non-string: a YAML `customer: NO` is `False` and must be reported
    with its note's line by the caller, not become `False.md`.
    """
    if not isinstance(name, str):
        raise TypeError(f"a file name must come from a string, not {type(name).__name__}: {name!r}")
    stem = _replace_unsafe(unicodedata.normalize("NFKC", name))
    stem = stem.strip(". ")
    if _is_reserved(stem) or stem.startswith(("-", "~")):
        stem = "_" + stem
    if not stem:
        stem = "_"
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        room = MAX_STEM_BYTES - 1 - _HASH_CHARS
        stem = _truncate_utf8(stem, room).rstrip(". ") + "-" + _digest(name)[:_HASH_CHARS]
    return stem


@lru_cache(maxsize=1 << 16)
def collision_key(stem: str) -> str:
    """What a case- and normalisation-insensitive file system compares (macOS, Windows).

    `casefold` is stricter than NTFS' upper-casing (`ß` vs `ss`): an extra suffix now and then
    is harmless, a missed collision loses a customer's file.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", stem).casefold())


def _with_suffix(stem: str, suffix: str) -> str:
    return f"{stem}-{suffix}"


def assign_file_names(names: Iterable[str]) -> dict[str, str]:
    """Map each distinct name to a unique file stem, independent of the order of `names`.

    Names whose `safe_name` stems share a `collision_key` all get `-<sha1(name)[:8]>`; in the
    (astronomically rare, or deliberately constructed: a customer literally called
    `acme-1a2b3c4d`) case that a suffixed stem still clashes, the clashing names get a longer
    hash until every key is unique. The returned dict is ordered by name.
    """
    unique = sorted(set(names))
    key = tuple(unique)
    for known, stems in _ASSIGNED:  # a watcher asks again after every save, mostly for the same names
        if known == key:
            return dict(stems)
    stems = _assign(unique)
    _ASSIGNED.insert(0, (key, stems))
    del _ASSIGNED[2:]
    return dict(stems)


_ASSIGNED: list[tuple[tuple[str, ...], dict[str, str]]] = []  # the last two answers


def _assign(unique: list[str]) -> dict[str, str]:
    base = {name: safe_name(name) for name in unique}
    stems = dict(base)
    hash_chars = dict.fromkeys(unique, 0)
    while True:
        groups: dict[str, list[str]] = defaultdict(list)
        for name in unique:
            groups[collision_key(stems[name])].append(name)
        clashes = [group for group in groups.values() if len(group) > 1]
        if not clashes:
            return stems
        for group in clashes:
            for name in group:
                if hash_chars[name] >= 40:
                    # Two different names with equal full SHA-1 digests: cannot happen in practice.
                    raise RuntimeError(f"cannot give {group!r} distinct file names")
                hash_chars[name] = _HASH_CHARS if hash_chars[name] == 0 else min(
                    40, hash_chars[name] + 4)
                stems[name] = _with_suffix(base[name], _digest(name)[: hash_chars[name]])
