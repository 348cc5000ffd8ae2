"""Customer names as file names (RELIABILITY.md c.1, acceptance tests 30 and 31)."""

from __future__ import annotations

import os
import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes2insight.render.names import (
    MAX_STEM_BYTES,
    assign_file_names,
    collision_key,
    safe_name,
)

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{i}" for d in ("COM", "LPT") for i in range(10)}

# The c.1 table, row by row.
C1_NAMES = [
    "../../etc/passwd", "/etc/passwd", "../.git/hooks/post-commit", "a/b", "a\\b",
    "..", ".", "", "CON", "con", "NUL", "COM1", "LPT1", "AUX", "con.md", "CON .txt",
    "a:b", "C:evil", "a*b", "a?b", "a|b", 'a"b', "a<b>", "name.", "name ", " name",
    "x" * 300, "客户" * 86, "Café", unicodedata.normalize("NFD", "Café"), "ＡＢＣ", "ABC",
    "Acme", "ACME", "line\nbreak", "nul\x00byte", "\u202eexe.md", "-rf", "~", "$HOME",
    "None", "True", "False", "83", "['a', 'b']", "{'x': 1}", ".git", "tab\there",
    "zero\u200bwidth", "del\x7f", "c1\x85ctl", "／etc／passwd", "‥", "\ud800lone",
]


def is_valid_component(stem: str) -> bool:
    """One path component that Linux, macOS and Windows all accept, with `.md` appended."""
    file_name = stem + ".md"
    return (
        bool(stem)
        and stem not in (".", "..")
        and not (set(stem) & WINDOWS_FORBIDDEN)
        and all(ord(ch) >= 32 and ord(ch) != 127 for ch in stem)
        and stem.split(".", 1)[0].rstrip(" ").upper() not in WINDOWS_RESERVED
        and not stem.endswith((" ", "."))
        and not stem.startswith((" ", ".", "-", "~"))
        and len(file_name.encode("utf-8")) <= 255
        and os.path.basename(file_name) == file_name
    )


@pytest.mark.parametrize("name", C1_NAMES)
def test_c1_names_give_one_valid_component(name):
    stem = safe_name(name)
    assert is_valid_component(stem), stem
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES


@pytest.mark.parametrize("name, expected", [
    ("王建国", "王建国"),
    ("Acme 汽车 有限公司", "Acme 汽车 有限公司"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("/etc/passwd", "_etc_passwd"),
    ("../.git/hooks/post-commit", "_.git_hooks_post-commit"),
    ("a/b", "a_b"),
    ("a:b", "a_b"),
    ("CON", "_CON"),
    ("con.md", "_con.md"),
    ("CONSOLE", "CONSOLE"),
    ("COM¹", "_COM1"),
    ("name.", "name"),
    (" name ", "name"),
    ("..", "_"),
    ("", "_"),
    ("-rf", "_-rf"),
    ("~", "_~"),
    (".hidden", "hidden"),
    ("line\nbreak", "line break"),
    ("a \t\n  b", "a b"),
    ("nul\x00byte", "nul_byte"),
    ("\u202eexe.md", "exe.md"),
    ("ＡＢＣ", "ABC"),
    ("／etc／passwd", "_etc_passwd"),
    ("None", "None"),
    ("False", "False"),
])
def test_safe_name_examples(name, expected):
    assert safe_name(name) == expected


def test_long_names_are_capped_with_a_hash():
    for name in ["x" * 300, "客户" * 86]:
        stem = safe_name(name)
        assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
        assert stem[-9] == "-" and all(c in "0123456789abcdef" for c in stem[-8:])
    # Two long names sharing a 120-byte prefix still differ.
    assert safe_name("客" * 100 + "甲") != safe_name("客" * 100 + "乙")


@pytest.mark.parametrize("value", [None, False, True, 83, 1.5, ["a", "b"], {"x": 1}, b"bytes"])
def test_non_strings_are_rejected(value):
    # A YAML `customer: NO` is False: the caller reports it with the note's line.
    with pytest.raises(TypeError):
        safe_name(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("group", [
    ["Acme", "ACME"],
    ["ＡＢＣ", "ABC"],
    [unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")],
    ["a/b", "a:b", "a*b", "a|b"],
    ["CON", "con"],
    ["name.", "name "],
    ["Straße", "STRASSE"],
])
def test_collisions_get_distinct_stable_suffixes(group):
    mapping = assign_file_names(group)
    stems = list(mapping.values())
    assert len({collision_key(s) for s in stems}) == len(group)
    for name, stem in mapping.items():
        assert stem.startswith(safe_name(name) + "-") and len(stem) == len(safe_name(name)) + 9
        assert is_valid_component(stem)
    assert assign_file_names(reversed(group)) == mapping


def test_no_collision_keeps_the_readable_name():
    assert assign_file_names(["王建国", "李娜", "Acme"]) == {
        "Acme": "Acme", "李娜": "李娜", "王建国": "王建国"}


def test_duplicates_in_input_are_one_name():
    assert assign_file_names(["王建国", "王建国"]) == {"王建国": "王建国"}


def test_suffix_that_clashes_with_a_real_name_gets_longer():
    first = assign_file_names(["Acme", "ACME"])
    planted = first["Acme"]  # a customer literally called like Acme's suffixed stem
    mapping = assign_file_names(["Acme", "ACME", planted])
    assert len({collision_key(s) for s in mapping.values()}) == 3
    assert all(is_valid_component(s) for s in mapping.values())


def test_order_does_not_matter_for_the_c1_list():
    mapping = assign_file_names(C1_NAMES)
    shuffled = C1_NAMES[:]
    random.Random(7).shuffle(shuffled)
    assert assign_file_names(shuffled) == mapping
    assert len({collision_key(s) for s in mapping.values()}) == len(set(C1_NAMES))
    assert all(is_valid_component(s) for s in mapping.values())


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_string_gives_a_valid_component(name):
    stem = safe_name(name)
    assert is_valid_component(stem)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert safe_name(name) == stem  # deterministic


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aAbB/:*. -~ＡÉé\u0301\n")), max_size=6),
                max_size=12))
def test_assign_never_maps_two_names_to_one_file(names):
    mapping = assign_file_names(names)
    assert set(mapping) == set(names)
    assert len({collision_key(s) for s in mapping.values()}) == len(mapping)
    assert all(is_valid_component(s) for s in mapping.values())
    assert assign_file_names(list(reversed(names))) == mapping


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=8))
def test_assign_is_injective_for_any_text(names):
    mapping = assign_file_names(names)
    assert len({collision_key(s) for s in mapping.values()}) == len(mapping)
