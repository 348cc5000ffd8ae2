"""Acceptance tests 20–29 of /work/shared/RELIABILITY.md (d), "Bad input".

Golden files in the hledger/beancount style: `errors/<case>.md` is a note (or, for bytes git
should not carry — UTF-16, GBK, NUL, FIFOs, 50 MB — a writer in `GENERATED` below makes it in a
temporary folder), and `errors/<case>.expected` holds the exact lines `n2i check` prints for it:
`path:line:col: severity: [code] message` (`:col` is left out when a problem concerns the whole
file). `errors/<case>.pure.expected`, when present, is what the pure-Python YAML loader prints
instead (libyaml words a few errors differently).

Every case is checked as the note `2026-11-26 <case>.md` (the date comes from the name, so a
broken front matter is all that is reported), all of them in one `n2i check` run, in a fresh
folder outside the source tree. Every test also asserts that no note was written to (bytes,
inode, mtime).

Update the golden files after a deliberate change with
    N2I_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/catalogue/test_bad_input.py
and review the diff.

Each test's name starts with its catalogue id (`test_I20_…` … `test_I29_…`) so that a meta-test
can check that every item is covered.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from notes2insight.cli import main
from notes2insight.parse import frontmatter as frontmatter_module
from notes2insight.parse.note import parse_note

CATALOGUE = Path(__file__).parent / "errors"


def _load_peak_rss():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "peak_rss.py"
    spec = importlib.util.spec_from_file_location("peak_rss", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


peak_rss = _load_peak_rss()  # how a child n2i reports its own peak RSS
UPDATE_GOLDEN = bool(os.environ.get("N2I_UPDATE_GOLDEN"))
NOTE_DATE = "2026-11-26"
MB = 1024 * 1024
CACHE_DIR = ".notes2insight-cache"

# A good note every encoding case starts from: the customer and the mistake must survive decoding.
GOOD_NOTE = textwrap.dedent("""\
    ---
    date: 2026-11-26
    customers: [王建国]
    ---

    ## 失误

    - 忘记提前给试驾车充电，试驾只开了十分钟。
    """)

# Table (b)'s file positions for the I20 inputs: guards against a golden regenerated wrongly.
TABLE_B_POSITIONS = {
    "I20-unclosed-flow": ["4:1"],
    "I20-colon-in-value": ["3:15"],
    "I20-bad-indent": ["5:2"],
    "I20-tab-indent": ["4:1"],
    "I20-at-value": ["2:11"],
    "I20-blank-lines-before-fence": ["4:1", "7:1"],  # the leading-blank warning, then the error
}


def note_name(case: str) -> str:
    return f"{NOTE_DATE} {case}.md"


# --------------------------------------------------------------------------------------------
# Generated cases: inputs that cannot (or should not) live in git
# --------------------------------------------------------------------------------------------


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # open() would block forever


def _directory(path: Path) -> None:
    path.mkdir()


def _dangling_symlink(path: Path) -> None:
    path.symlink_to(path.with_name("gone.md"))


def _emacs_lock(path: Path) -> None:
    # Emacs' lock file: a dangling symlink named `.#note.md`; editor litter, never a note.
    path.with_name(".#" + path.name).symlink_to("user@host.1234:1700000000")


def _crlf(case: str) -> Callable[[Path], None]:
    lf = (CATALOGUE / f"{case}.md").read_bytes().replace(b"\r\n", b"\n")  # whatever git checked out
    return _bytes(lf.replace(b"\n", b"\r\n"))


GENERATED: dict[str, Callable[[Path], None]] = {
    "I24-deep-nesting": _bytes(
        ("---\ncustomers: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\n正文\n").encode()),
    "I25-utf8-bom": _bytes(codecs.BOM_UTF8 + GOOD_NOTE.encode("utf-8")),
    "I25-utf16-le": _bytes(codecs.BOM_UTF16_LE + GOOD_NOTE.encode("utf-16-le")),
    "I25-utf16-be": _bytes(codecs.BOM_UTF16_BE + GOOD_NOTE.encode("utf-16-be")),
    # 王 is GBK 0xCD 0xF5: the first byte that is not UTF-8 is on line 3, column 13.
    "I25-gbk": _bytes(GOOD_NOTE.encode("gbk")),
    # 𠀀 exists only in GB18030 (four bytes), not in GBK
    "I25-gb18030": _bytes((GOOD_NOTE + "- 客户说𠀀字打不出来。\n").encode("gb18030")),
    "I25-windows-1252": _bytes(
        "---\nauthor: José\ncustomers: [Café Müller]\n---\n\n- Called Café Müller.\n".encode("cp1252")),
    "I26-nul-in-body": _bytes((GOOD_NOTE + "二进制\x00数据\n").encode()),
    "I26-nul-in-yaml": _bytes("---\nauthor: 小李\x00\n---\n\n正文\n".encode()),
    "I26-esc-in-yaml": _bytes("---\ncustomers: [王建国\x1b]\n---\n\n正文\n".encode()),
    "I26-c1-in-yaml": _bytes("---\ncustomers: [王建国\x9b]\n---\n\n正文\n".encode()),
    "I26-png": _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    "I26-fifo": _fifo,
    "I26-directory": _directory,
    "I26-dangling-symlink": _dangling_symlink,
    "I26-editor-lock-symlink": _emacs_lock,
}

TEXT_CASES = sorted(p.stem for p in CATALOGUE.glob("*.md"))
I20_CASES = [c for c in TEXT_CASES if c.startswith("I20-")]
# The same inputs with Windows line ends: positions must not move.
CRLF_CASES = {f"{case}-crlf": case for case in I20_CASES}
ALL_CASES = sorted([*TEXT_CASES, *GENERATED])


def cases(prefix: str) -> list[str]:
    return [c for c in ALL_CASES if c.startswith(prefix)]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (links not followed): kind, size, inode, mtime, content hash.

    The tool's own cache folder is left out: `build` keeps it in the notes folder by design.
    """
    found: dict[str, tuple] = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if d != CACHE_DIR]
        for name in [*dirs, *files]:
            path = Path(root, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            else:
                digest = ""
            found[path.relative_to(folder).as_posix()] = (
                stat.S_IFMT(info.st_mode), info.st_size, info.st_ino, info.st_mtime_ns, digest)
    return found


def n2i(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command line in a child process (a hang becomes a failure, not a stuck suite)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "notes2insight", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


@dataclass
class Measured:
    returncode: int
    seconds: float
    max_rss_mb: float
    stdout: str
    stderr: str


def n2i_measured(*args: str, cwd: Path, timeout: float) -> Measured:
    """Run n2i in a child and read that child's own peak RSS (benchmarks/peak_rss.py: wait4's
    figure would start at the test runner's peak), not the test runner's."""
    peak_file = cwd.parent / "n2i.peak"
    peak_file.unlink(missing_ok=True)
    env = peak_rss.environment(peak_file, {**os.environ, "PYTHONIOENCODING": "utf-8"})
    out, err = cwd.parent / "n2i.stdout", cwd.parent / "n2i.stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        started = time.monotonic()
        child = subprocess.Popen(peak_rss.command(sys.executable, *args), cwd=cwd, env=env,
                                 stdout=stdout, stderr=stderr)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                child.kill()
                child.wait()
                raise subprocess.TimeoutExpired(child.args, timeout)
            time.sleep(0.01)
        seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; keep Popen quiet
    peak_kb = peak_rss.read_peak_kb(peak_file)
    peak_mb = (usage.ru_maxrss if peak_kb is None else peak_kb) / 1024  # wait4's: an upper bound
    return Measured(child.returncode, seconds, peak_mb,
                    out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))


def golden_path(case: str, pure: bool = False) -> Path:
    if pure and (CATALOGUE / f"{case}.pure.expected").exists():
        return CATALOGUE / f"{case}.pure.expected"
    return CATALOGUE / f"{case}.expected"


def lines_for(output: str, case: str) -> list[str]:
    prefix = note_name(case) + ":"
    return [line for line in output.splitlines() if line.startswith(prefix)]


def assert_golden(case: str, lines: list[str], pure: bool = False) -> None:
    text = "".join(f"{line}\n" for line in lines)
    if UPDATE_GOLDEN:
        pure_path = CATALOGUE / f"{case}.pure.expected"
        if not pure:
            golden_path(case).write_text(text, encoding="utf-8")
        elif text != golden_path(case).read_text(encoding="utf-8"):
            pure_path.write_text(text, encoding="utf-8")  # only where the two loaders differ
        elif pure_path.exists():
            pure_path.unlink()
    path = golden_path(case, pure)
    assert path.exists(), f"no golden file {path.name}; run with N2I_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")
    assert not any("[internal]" in line for line in lines)  # a crash caught, never a reading


def write_case(folder: Path, case: str) -> Path:
    path = folder / note_name(case)
    if case in GENERATED:
        GENERATED[case](path)
    elif case in CRLF_CASES:
        _crlf(CRLF_CASES[case])(path)
    else:
        shutil.copyfile(CATALOGUE / f"{case}.md", path)
    return path


def parsed(case: str):
    """parse_note on a case's bytes (pure: no disk besides reading the golden input)."""
    return parse_note(note_name(case), (CATALOGUE / f"{case}.md").read_bytes())


@dataclass
class Checked:
    """One `n2i check` and one `n2i export` over every case, and the folder before and after."""

    folder: Path
    check: subprocess.CompletedProcess
    exported: dict[str, dict]  # note path -> export record
    before: dict
    after: dict


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> Checked:
    folder = tmp_path_factory.mktemp("catalogue") / "notes"
    folder.mkdir()
    for case in [*ALL_CASES, *CRLF_CASES]:
        write_case(folder, case)
    before = snapshot(folder)
    check = n2i("check", "--no-cache", cwd=folder)
    export = n2i("export", "--no-cache", "--format", "json", cwd=folder)
    assert export.returncode == 0, export.stderr
    exported = {record["path"]: record for record in json.loads(export.stdout)}
    return Checked(folder, check, exported, before, snapshot(folder))


def assert_unchanged(checked: Checked) -> None:
    assert checked.after == checked.before  # no note written, replaced, touched or added


# --------------------------------------------------------------------------------------------
# I20 – YAML syntax errors, positioned as in table (b)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", I20_CASES)
def test_I20_yaml_syntax_errors_are_reported_at_their_file_position(checked, case):
    lines = lines_for(checked.check.stdout, case)
    assert_golden(case, lines)
    positions = [line[len(note_name(case)) + 1 :].split(": ")[0] for line in lines]
    assert positions == TABLE_B_POSITIONS[case]
    assert lines[-1].split(": ")[1] == "error" and "[yaml]" in lines[-1]
    assert checked.check.returncode == 1
    assert_unchanged(checked)


@pytest.mark.parametrize("case", I20_CASES)
def test_I20_yaml_syntax_errors_with_crlf_line_ends_are_at_the_same_position(checked, case):
    crlf = lines_for(checked.check.stdout, f"{case}-crlf")
    lf = lines_for(checked.check.stdout, case)
    assert crlf == [line.replace(note_name(case), note_name(f"{case}-crlf"), 1) for line in lf]
    assert_unchanged(checked)


@pytest.mark.parametrize("case", I20_CASES)
def test_I20_yaml_syntax_errors_keep_the_body_and_its_lines(checked, case):
    note, _ = parsed(case)
    assert [(line.line, line.text) for line in note.lines][-1:] == [
        (note.body_start + 1, "陪 Acme 试驾了汉EV。")]
    assert note.date == dt.date(2026, 11, 26)  # from the file name
    assert checked.exported[note_name(case)]["date"] == NOTE_DATE  # still exported


# --------------------------------------------------------------------------------------------
# I21 – front-matter structure: never drop text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("I21-"))
def test_I21_structure_problems_match_the_golden_file(checked, case):
    assert_golden(case, lines_for(checked.check.stdout, case))
    assert_unchanged(checked)


@pytest.mark.parametrize("case", cases("I21-"))
def test_I21_structure_never_drops_body_text(case):
    """Every text line at or after the body start is a body line at its own file line."""
    note, _ = parsed(case)
    text_lines = (CATALOGUE / f"{case}.md").read_text(encoding="utf-8").split("\n")
    body = {line.line: line.text for line in note.lines}
    for number, raw in enumerate(text_lines, start=1):
        if number < note.body_start or raw.strip() in ("", "---", "+++", "..."):
            continue
        assert number in body and body[number] in raw, f"line {number} {raw!r} was dropped"


def test_I21_dots_closer_and_empty_block_are_front_matter():
    note, problems = parsed("I21-dots-closer")
    assert note.meta == {"author": "小李", "customers": ["Acme"]} and problems == []
    note, problems = parsed("I21-empty-block")
    assert note.meta == {} and note.body_start == 3 and problems == []


def test_I21_json_and_toml_blocks_are_body_text_not_metadata():
    for case in ("I21-json-first-line", "I21-brace-not-json", "I21-toml"):
        note, _ = parsed(case)
        assert note.meta == {} and note.body_start == 1, case


# --------------------------------------------------------------------------------------------
# I22 – keys
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("I22-"))
def test_I22_bad_keys_give_positioned_errors_never_a_type_error(checked, case):
    lines = lines_for(checked.check.stdout, case)
    assert_golden(case, lines)
    assert any(": error: [yaml-" in line for line in lines)
    note, _ = parsed(case)
    assert all(isinstance(key, str) for key in note.meta)  # Post(**meta) would raise TypeError
    assert_unchanged(checked)


def test_I22_duplicate_key_names_both_lines(checked):
    (line,) = [x for x in lines_for(checked.check.stdout, "I22-duplicate-key") if "duplicate" in x]
    assert line.startswith(f"{note_name('I22-duplicate-key')}:5:1: error:")
    assert "first defined on line 3" in line


# --------------------------------------------------------------------------------------------
# I23 – values
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("I23-"))
def test_I23_bad_values_match_the_golden_file(checked, case):
    assert_golden(case, lines_for(checked.check.stdout, case))
    assert_unchanged(checked)


@pytest.mark.parametrize("value", ["2026-11-26", "'2026-11-26'", '"2026-11-26"'])
def test_I23_plain_and_quoted_dates_are_the_same_date(value):
    note, problems = parse_note("随笔.md", f"---\ndate: {value}\n---\n正文\n".encode())
    assert note.date == dt.date(2026, 11, 26) and problems == []


@pytest.mark.parametrize("case", ["I23-month-13", "I23-february-30"])
def test_I23_impossible_dates_are_errors_and_never_another_day(checked, case):
    note, problems = parsed(case)
    assert note.date == dt.date(2026, 11, 26)  # the file name's date, not 2026-01-03
    assert [(p.line, p.col, p.code) for p in problems] == [(2, 7, "yaml-value")]
    assert checked.exported[note_name(case)]["date"] == NOTE_DATE


@pytest.mark.parametrize("value", ["'2026-13-45'", "'2026-11-2612'", "'2026-123-4'", "'2026-11-26abc'",
                                   "'2026-02-30'", "20261345"])
def test_I23_date_text_that_is_no_date_is_an_error_never_another_day(value):
    # quoted, so the YAML reader passes the text on and the note reader must refuse it itself
    note, problems = parse_note("2026-11-26 x.md", f"---\nauthor: 小李\ndate: {value}\n---\n".encode())
    assert note.date == dt.date(2026, 11, 26)  # the file name's date
    assert [(p.line, p.code) for p in problems] == [(3, "date")]


def test_I23_yaml_1_1_scalars_stay_text_and_never_name_a_file(tmp_path):
    note, _ = parsed("I23-yaml11-scalars")
    assert note.meta["customers"] == ["NO", "yes", "on", "0123", "0123"]
    folder = tmp_path / "notes"
    folder.mkdir()
    write_case(folder, "I23-yaml11-scalars")
    before = snapshot(folder)
    result = n2i("build", "--out", str(tmp_path / "out"), "--today", NOTE_DATE, cwd=folder)
    assert result.returncode == 0, result.stderr
    briefs = sorted(p.name for p in (tmp_path / "out" / "customers").iterdir())
    assert {"NO.md", "yes.md", "on.md", "0123.md"} <= set(briefs)
    assert not {"False.md", "True.md", "83.md", "None.md", "null.md"} & set(briefs)
    assert snapshot(folder) == before


def test_I23_huge_numbers_give_one_short_problem(checked):
    lines = lines_for(checked.check.stdout, "I23-5000-digits")
    assert len(lines) == 1 and len(lines[0]) < 300


# --------------------------------------------------------------------------------------------
# I24 – hostile YAML
# --------------------------------------------------------------------------------------------

I24_CASES = cases("I24-")


@pytest.mark.parametrize("case", I24_CASES)
def test_I24_hostile_yaml_is_refused_with_a_positioned_error(checked, case):
    lines = lines_for(checked.check.stdout, case)
    assert_golden(case, lines)
    assert len(lines) == 1 and ": error: [yaml" in lines[0]
    assert_unchanged(checked)


def test_I24_python_tag_is_never_executed(checked, tmp_path, monkeypatch):
    # n2i ran in the notes folder: the payload would have created the sentinel there.
    assert not (checked.folder / "n2i-pwned-sentinel").exists()
    assert_unchanged(checked)
    # The payload is real: an unsafe loader does run it (in a temporary folder), so the
    # assertion above can fail.
    monkeypatch.chdir(tmp_path)
    yaml.unsafe_load((CATALOGUE / "I24-python-tag.md").read_text(encoding="utf-8").split("---")[1])
    assert (tmp_path / "n2i-pwned-sentinel").exists()


_BOMB_PROBE = """
import json, resource, sys, time
from pathlib import Path
if sys.argv[2] == "pure":
    import yaml
    from notes2insight.parse import frontmatter
    frontmatter._LOADER = frontmatter._loader_class(yaml.SafeLoader)
from notes2insight.parse.note import parse_note
data = Path(sys.argv[1]).read_bytes()
parse_note("warm-up.md", b"---\\na: [1]\\n---\\n")


def peak_kb():  # this program's own peak (ru_maxrss would start at the test runner's peak)
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


rss = peak_kb()
started = time.perf_counter()
note, problems = parse_note("2026-11-26 bomb.md", data)
seconds = time.perf_counter() - started
text = json.dumps(note.meta, default=str)  # printing the bomb is what used to explode
extra = (peak_kb() - rss) / 1024
print(json.dumps({"seconds": seconds, "extra_mb": extra, "codes": [p.code for p in problems],
                  "meta": text}))
"""


@pytest.mark.parametrize("loader", ["libyaml", "pure"])
def test_I24_billion_laughs_is_refused_in_100_ms_and_50_mb(loader):
    probe = subprocess.run([sys.executable, "-c", _BOMB_PROBE, str(CATALOGUE / "I24-billion-laughs.md"),
                            loader], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert found["codes"] == ["yaml-alias"] and found["meta"] == "{}"
    assert found["seconds"] < 0.1
    assert found["extra_mb"] < 50


@pytest.fixture
def pure_python_yaml(monkeypatch):
    """Platforms without the libyaml wheel: no CSafeLoader, so the reader falls back to the
    pure-Python SafeLoader (the loader is chosen once, at import, hence rebuilt here)."""
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    monkeypatch.setattr(frontmatter_module, "_LOADER", frontmatter_module._loader_class(
        getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    assert yaml.SafeLoader in frontmatter_module._LOADER.__mro__


def test_I24_hostile_and_broken_yaml_with_the_pure_python_loader(pure_python_yaml, tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()
    yaml_cases = [c for c in ALL_CASES if c.startswith(("I20-", "I22-", "I23-", "I24-"))]
    for case in yaml_cases:
        write_case(folder, case)
    before = snapshot(folder)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 1
    for case in yaml_cases:
        assert_golden(case, lines_for(result.stdout, case), pure=True)
    assert not (folder / "n2i-pwned-sentinel").exists()
    assert snapshot(folder) == before


# --------------------------------------------------------------------------------------------
# I25 – encodings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("I25-"))
def test_I25_encodings_are_reported_and_decoded_or_skipped(checked, case):
    lines = lines_for(checked.check.stdout, case)
    assert_golden(case, lines)
    assert len(lines) == 1 and "[encoding]" in lines[0]
    record = checked.exported.get(note_name(case))
    if case == "I25-windows-1252":
        assert ": error: " in lines[0] and record is None  # not guessed: skipped
    else:
        assert ": warning: " in lines[0]
        assert record["customers"] == ["王建国"]
        assert [(m["line"], m["text"]) for m in record["mistakes"]][:1] == [
            (8, "忘记提前给试驾车充电，试驾只开了十分钟。")]
    assert_unchanged(checked)


def test_I25_gbk_warning_points_at_the_first_byte_that_is_not_utf8(checked):
    (line,) = lines_for(checked.check.stdout, "I25-gbk")
    # line 3 is `customers: [王建国]`: 王 (GBK 0xCD 0xF5) is column 13
    assert line.startswith(f"{note_name('I25-gbk')}:3:13: warning: [encoding] not valid UTF-8 (byte 0xcd)")


def test_I25_strict_utf8_makes_every_non_utf8_note_an_error(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for case in ("I25-gbk", "I25-gb18030", "I25-utf16-le", "I25-utf8-bom"):
        write_case(folder, case)
    before = snapshot(folder)
    relaxed = n2i("check", "--no-cache", cwd=folder)
    strict = n2i("check", "--no-cache", "--strict-utf8", cwd=folder)
    assert relaxed.returncode == 0 and strict.returncode == 1
    expected = [line if "BOM" in line else line.replace(": warning: ", ": error: ", 1)
                for line in relaxed.stdout.splitlines()]
    assert strict.stdout.splitlines() == expected
    assert "3 errors, 1 warnings" in strict.stderr
    assert snapshot(folder) == before


def test_I25_crlf_cr_and_mixed_line_ends_read_exactly_like_lf(tmp_path):
    lf = (GOOD_NOTE + textwrap.dedent("""\

        ## 明日计划

        - [ ] 明天上午给王总发贷款方案
        - [x] 周五前把试驾车送去保养
        """)).encode()
    variants = {
        "lf": lf,
        "crlf": lf.replace(b"\n", b"\r\n"),
        "cr": lf.replace(b"\n", b"\r"),
        "mixed": b"".join(line + (b"\r\n", b"\n", b"\r")[i % 3]
                          for i, line in enumerate(lf.split(b"\n")[:-1])),
    }
    folder = tmp_path / "notes"
    folder.mkdir()
    read = {}
    for name, data in variants.items():
        (folder / f"{name}.md").write_bytes(data)
        note, problems = parse_note(f"{name}.md", data)
        read[name] = (note.meta, note.meta_lines, note.value_lines, note.body_start,
                      [(line.line, line.kind, line.text, line.section) for line in note.lines], problems)
    assert read["crlf"] == read["lf"] and read["cr"] == read["lf"] and read["mixed"] == read["lf"]
    before = snapshot(folder)
    export = n2i("export", "--no-cache", "--format", "json", cwd=folder)
    records = {r["path"]: {**r, "path": None} for r in json.loads(export.stdout)}
    assert records["lf.md"]["commitments"] and records["lf.md"]["mistakes"]
    assert records["crlf.md"] == records["cr.md"] == records["mixed.md"] == records["lf.md"]
    assert export.stderr == ""
    assert snapshot(folder) == before


# --------------------------------------------------------------------------------------------
# I26 – binary and special files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("I26-"))
def test_I26_binary_and_special_files_are_skipped_with_one_problem(checked, case):
    lines = lines_for(checked.check.stdout, case)
    assert_golden(case, lines)
    if case == "I26-editor-lock-symlink":
        assert lines == []  # editor litter: not a note, no word about it
    elif case in ("I26-esc-in-yaml", "I26-c1-in-yaml"):
        # a control character in YAML is positioned; the note's body is still read
        assert len(lines) == 1 and ":2:" in lines[0] and "[yaml-char]" in lines[0]
    else:
        assert len(lines) == 1 and ("skipped" in lines[0] or "are read, it is not" in lines[0])
        assert note_name(case) not in checked.exported
    assert_unchanged(checked)


# --------------------------------------------------------------------------------------------
# I27 – size
# --------------------------------------------------------------------------------------------


def _good_note(folder: Path) -> None:
    (folder / "2026-11-20.md").write_text(
        "---\ncustomers: [王建国]\n---\n\n- [ ] 明天给王总发报价\n", encoding="utf-8")


def _build_measured(folder: Path, timeout: float = 60) -> Measured:
    return n2i_measured("build", "--out", str(folder.parent / "out"), "--today", NOTE_DATE,
                        cwd=folder, timeout=timeout)


def test_I27_50_mb_and_10_mb_single_line_notes_are_skipped_in_2_s_and_200_mb(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    _good_note(folder)
    baseline = _build_measured(folder)  # interpreter start-up, jieba, writing the summaries
    shutil.rmtree(tmp_path / "out")
    line = ("今天陪王总试驾了汉EV，客户很满意。" * 40 + "\n").encode()
    with open(folder / note_name("I27-50-mb"), "wb") as f:
        f.write(line * (50 * MB // len(line)))
        f.write(b"x" * (50 * MB % len(line)))
    one_line = ("客户" * (10 * MB // 6)).encode()
    (folder / note_name("I27-10-mb-one-line")).write_bytes(one_line + b"x" * (10 * MB - len(one_line)))
    before = snapshot(folder)
    big = _build_measured(folder)
    assert big.returncode == 0, big.stderr
    assert big.seconds - baseline.seconds < 2.0, (big.seconds, baseline.seconds)
    assert big.max_rss_mb < 200
    for case in ("I27-50-mb", "I27-10-mb-one-line"):
        assert_golden(case, lines_for(big.stderr, case))
    # the other note is still summarised
    assert "明天给王总发报价" in (tmp_path / "out" / "customers" / "王建国.md").read_text(encoding="utf-8")
    assert snapshot(folder) == before


@pytest.mark.xfail(strict=True, raises=subprocess.TimeoutExpired,
                   reason="a 2 MB note of 6,500 lines, just under the 2 MiB cap, takes ~10 s and ~270 MB "
                   "in extraction (extract/ + pipeline.py; parsing it takes 0.2 s): needs chunked or "
                   "capped extraction, or a lower default max_note_bytes")
def test_I27_note_just_under_the_size_cap_is_read_in_2_s(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    _good_note(folder)
    baseline = _build_measured(folder)
    shutil.rmtree(tmp_path / "out")
    line = ("今天陪王总试驾了汉EV，" * 10 + "\n").encode()
    (folder / "2026-11-21.md").write_bytes(line * (2 * MB // len(line) - 1))
    try:
        big = _build_measured(folder, timeout=baseline.seconds + 2.0)
    finally:  # a build killed at the timeout may leave its temp files behind
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
    assert big.returncode == 0 and big.max_rss_mb < 200


# --------------------------------------------------------------------------------------------
# I28 – one bad note never blocks the others
# --------------------------------------------------------------------------------------------

# Ten bad notes from the cases above, each giving exactly one error.
BAD_FOR_ISOLATION = ["I20-unclosed-flow", "I20-colon-in-value", "I21-unclosed", "I22-duplicate-key",
                     "I23-month-13", "I24-billion-laughs", "I24-python-tag", "I25-windows-1252",
                     "I26-nul-in-body", "I27-too-big"]
SURNAMES = "王李张刘陈杨赵黄周"
GIVEN_NAMES = ["建国", "秀英", "志强", "海燕", "文华", "子涵", "晓东", "丽娟", "国庆", "春梅"]


def _isolation_vault(folder: Path, reverse: bool) -> tuple[list[str], list[str]]:
    """90 good notes (one customer each) and 10 bad ones, created in forward or reverse order."""
    folder.mkdir()
    good = [s + g for s in SURNAMES for g in GIVEN_NAMES]
    writers: list[Callable[[], None]] = []
    for index, name in enumerate(good):
        day = dt.date(2026, 8, 1) + dt.timedelta(days=index)
        text = f"---\ncustomers: [{name}]\n---\n\n## 明日计划\n\n- [ ] 明天给{name}发报价\n"
        writers.append(lambda p=folder / f"{day}.md", t=text: p.write_text(t, encoding="utf-8"))
    bad_paths = []
    for index, case in enumerate(BAD_FOR_ISOLATION):
        path = folder / f"2026-11-{index + 1:02d} bad {case}.md"
        bad_paths.append(path.name)
        if case == "I27-too-big":
            writers.append(lambda p=path: p.write_bytes(b"- " + b"x" * (3 * MB) + b"\n"))
        elif case in GENERATED:
            writers.append(lambda p=path, c=case: GENERATED[c](p))
        else:
            writers.append(lambda p=path, c=case: shutil.copyfile(CATALOGUE / f"{c}.md", p))
    for write in reversed(writers) if reverse else writers:
        write()
    return good, sorted(bad_paths)


def test_I28_ninety_good_notes_are_summarised_despite_ten_bad_ones(tmp_path):
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    good, bad = _isolation_vault(forward, reverse=False)
    _isolation_vault(backward, reverse=True)
    before = snapshot(forward)

    check = n2i("check", "--no-cache", cwd=forward)
    assert check.returncode == 1
    problems = check.stdout.splitlines()
    assert len(problems) == 10 and all(": error: " in line for line in problems)
    assert [line.split(".md:")[0] + ".md" for line in problems] == bad  # one each, sorted
    assert check.stderr.strip().endswith("10 errors, 0 warnings")
    # the same notes written in another order give the same report, byte for byte
    assert n2i("check", "--no-cache", cwd=backward).stdout == check.stdout

    build = n2i("build", "--out", str(tmp_path / "out"), "--today", "2026-11-26", cwd=forward)
    assert build.returncode == 0, build.stderr
    assert build.stderr.splitlines() == problems
    briefs = tmp_path / "out" / "customers"
    for name in good:  # each good note's customer has a brief listing the promise to them
        assert f"明天给{name}发报价" in (briefs / f"{name}.md").read_text(encoding="utf-8"), name
    assert snapshot(forward) == before


# --------------------------------------------------------------------------------------------
# I29 – body facts keep their file line
# --------------------------------------------------------------------------------------------

# Two blank lines and a four-line front matter before the body: the promise is on file line 12,
# the mistake on line 15.
I29_NOTE = "\n".join([
    "",                                    # 1
    "",                                    # 2
    "---",                                 # 3
    "date: 2026-11-26",                    # 4
    "customers: [王建国]",                 # 5
    "---",                                 # 6
    "",                                    # 7
    "## 客户跟进",                         # 8
    "",                                    # 9
    "- 陪王总试驾了汉EV，对续航比较满意。",  # 10
    "",                                    # 11
    "- [ ] 明天给王总发报价",              # 12
    "",                                    # 13
    "## 失误",                             # 14
    "- 忘记给试驾车充电。",                # 15
    "",
])  # fmt: skip


def test_I29_body_facts_are_reported_at_their_file_line(tmp_path):
    lines = I29_NOTE.split("\n")
    assert lines[11] == "- [ ] 明天给王总发报价" and lines[14] == "- 忘记给试驾车充电。"
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "lf.md").write_text(I29_NOTE, encoding="utf-8")
    (folder / "crlf.md").write_bytes(I29_NOTE.replace("\n", "\r\n").encode())
    # a promise whose due date cannot exist is still a promise, on its line
    (folder / "malformed.md").write_text(I29_NOTE.replace("明天", "2月30日前"), encoding="utf-8")
    before = snapshot(folder)
    export = n2i("export", "--no-cache", "--format", "json", cwd=folder)
    records = {record["path"]: record for record in json.loads(export.stdout)}
    assert sorted(records) == ["crlf.md", "lf.md", "malformed.md"]
    for record in records.values():
        assert [c["line"] for c in record["commitments"]] == [12], record["path"]
        assert [m["line"] for m in record["mistakes"]] == [15], record["path"]
    assert records["malformed.md"]["commitments"][0]["due"] is None
    assert export.stderr.splitlines() == [
        f"{name}:3:1: warning: [fm-leading-blank] front matter starts on line 3, after blank lines; most "
        "tools (Obsidian, Jekyll, Hugo) only recognise '---' on line 1"
        for name in ("crlf.md", "lf.md", "malformed.md")] + [
        "malformed.md:12: warning: [due-date] '2月30日' is not a date; the promise '2月30日前给王总发报价' "
        "has no due date"]
    assert snapshot(folder) == before


def test_I29_malformed_promise_is_reported_at_line_12(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2026-11-26.md").write_text(I29_NOTE.replace("明天", "2月30日前"), encoding="utf-8")
    check = n2i("check", "--no-cache", cwd=folder)
    assert any(line.startswith("2026-11-26.md:12:") for line in check.stdout.splitlines())
