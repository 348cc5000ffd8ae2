"""Every acceptance test of RELIABILITY.md (d) has at least one real test here.

The 36 catalogue entries are numbered 1–36 and grouped as Watching (W01–W19), Bad input
(I20–I29) and Output (O30–O36). A test implements entry `<ID>` when its function name starts
with `test_<ID>_` in a module under tests/catalogue/. Names are read with `ast`, so a module
that fails to import still counts its tests (its import error is reported by its own run).
"""

from __future__ import annotations

import ast
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent

CATALOGUE_IDS = ([f"W{n:02d}" for n in range(1, 20)] + [f"I{n}" for n in range(20, 30)]
                 + [f"O{n}" for n in range(30, 37)])


def catalogue_test_names(folder: Path) -> dict[str, str]:
    """Every `test_*` function or method under `folder`, mapped to the file that defines it."""
    names: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
                names.setdefault(node.name, path.relative_to(folder).as_posix())
    return names


def test_the_catalogue_has_36_entries_in_three_groups():
    assert len(CATALOGUE_IDS) == len(set(CATALOGUE_IDS)) == 36
    assert CATALOGUE_IDS[0] == "W01" and CATALOGUE_IDS[19] == "I20" and CATALOGUE_IDS[29] == "O30"


def test_every_catalogue_id_has_a_test_named_after_it():
    names = catalogue_test_names(CATALOGUE)
    missing = [cid for cid in CATALOGUE_IDS
               if not any(name.startswith(f"test_{cid}_") for name in names)]
    assert missing == [], f"catalogue entries without a test_<ID>_… function: {missing}"
