"""Acceptance tests 30–36 of RELIABILITY.md (d), "Output": what `n2i build` / `n2i watch` write.

Every test drives the real command line (`python -m notes2insight`, or the click entry point
in-process where hundreds of runs are needed) on a small Chinese vault written here, with
customers named after the hostile file names of RELIABILITY.md c.1. The unit-level cases live in
tests/test_publish.py, test_render_names.py, test_render_escape.py and test_watch.py; these
check the same promises end to end.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from notes2insight.cli import main as n2i_main
from notes2insight.lock import EXIT_LOCKED, LOCK_NAME
from notes2insight.output import TEMP_SUFFIX
from notes2insight.publish import GENERATED_MARKER_PREFIX

TODAY = "2026-11-30"
FIRST_DAY = dt.date(2026, 10, 1)
CACHE_DIR = ".notes2insight-cache"
MD = MarkdownIt("commonmark").enable("table")
HAS_GIT = shutil.which("git") is not None

# RELIABILITY.md c.1: every name that breaks a naive `outdir / f"{name}.md"` somewhere.
HOSTILE_NAMES = [
    "../../etc/passwd", "/etc/passwd", "../.git/hooks/post-commit", "a/b", "a\\b", "..", ".",
    "CON", "con", "NUL", "COM1", "LPT1", "AUX", "a:b", "C:evil", "a*b", "a?b", "a|b", 'a"b',
    "a<b>", "name.", "name ", " name", "x" * 300, "客户" * 86, "Café",
    unicodedata.normalize("NFD", "Café"), "ＡＢＣ", "ABC", "Acme", "ACME", "line\nbreak",
    "nul\x00byte", "\u202eexe.md", "-rf", "~", "$HOME", "王建国",
]
# Windows rules (RELIABILITY.md c.1, "Other platforms").
WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
WINDOWS_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(10)]
                             + [f"LPT{i}" for i in range(10)])
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- vault and command-line helpers --------------------------------------------------------------


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar for any string (JSON is valid YAML; it escapes NUL, newline)."""
    return json.dumps(value, ensure_ascii=False)


def write_note(vault: Path, day: dt.date, customers: list[str], body: str = "",
               folder: str = "") -> Path:
    """One daily note naming `customers` in its front matter, with one deal each."""
    names = ", ".join(yaml_text(c) for c in customers)
    deals = "".join(f"  - customer: {yaml_text(c)}\n    stage: 试驾\n    level: A\n"
                    for c in customers)
    body = body or "## 客户跟进\n\n- 今天陪客户试驾，聊了购车预算。\n"
    path = vault / folder / f"{day.isoformat()}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: {day.isoformat()}\ncustomers: [{names}]\ndeals:\n{deals}---\n\n"
                    f"{body}", encoding="utf-8")
    return path


def customer_vault(vault: Path, names: list[str], *, reverse: bool = False,
                   folder: str = "") -> Path:
    """One note per customer, a day apart; `reverse` gives the same customers in another order."""
    vault.mkdir(parents=True, exist_ok=True)
    order = list(reversed(names)) if reverse else names
    for i, name in enumerate(order):
        write_note(vault, FIRST_DAY + dt.timedelta(days=i), [name], folder=folder)
    return vault


def n2i(*args: object, umask: int | None = None, timeout: float = 120,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command line in a child process (the user cache comes from conftest's env)."""
    return subprocess.run([sys.executable, "-m", "notes2insight", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def build(vault: Path, *extra: object, **kw) -> subprocess.CompletedProcess:
    return n2i("build", vault, "--today", TODAY, *extra, **kw)


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env, timeout=60).stdout


def tree_state(root: Path) -> dict[str, tuple]:
    """Every entry below `root`, without following links: what it is, its bytes' hash, inode,
    mtime and mode — enough to see any write, replace, chmod or new file."""
    state: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                state[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                state[rel] = ("dir",)
            else:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                state[rel] = ("file", digest, st.st_ino, st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return state


def changed_paths(before: dict[str, tuple], after: dict[str, tuple]) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def summaries(out: Path) -> dict[str, bytes]:
    """The generated files (not the hidden lock, manifest or temp files), by relative path."""
    found = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path.read_bytes()
    return found


def temp_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(f"*{TEMP_SUFFIX}"))


def windows_problem(name: str) -> str | None:
    """Why Windows (or a 255-byte file system) would refuse or mangle this file name."""
    if len(name.encode("utf-8")) > 255:
        return "longer than 255 bytes"
    if any(ch in WINDOWS_FORBIDDEN or ord(ch) < 32 for ch in name):
        return "forbidden character"
    if name.endswith((".", " ")):
        return "trailing dot or space"
    if name.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        return "reserved device name"
    if any(ch in BIDI_CONTROLS for ch in name):
        return "bidi control (spoofing)"
    return None


def as_displayed(name: str) -> str:
    """A name as a summary shows it: one line (controls and whitespace runs become one space),
    bidi controls dropped (RELIABILITY.md c.4)."""
    visible = "".join(ch for ch in name if ch not in BIDI_CONTROLS)
    visible = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in visible)
    return " ".join(visible.split())


def inline_text(token) -> str:
    """What a reader sees of an inline token: its text with escapes resolved."""
    return "".join(child.content for child in token.children or ()
                   if child.type in ("text", "code_inline", "softbreak"))


def customer_in(brief_text: str) -> str:
    """The customer a brief is about, from its first heading `客户档案：<name>`."""
    tokens = MD.parse(brief_text)
    heading = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open")
    return inline_text(heading).split("：", 1)[1]


def customer_of(brief: Path) -> str:
    return customer_in(brief.read_text(encoding="utf-8"))


def exported_customers(vault: Path) -> set[str]:
    result = n2i("export", vault, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {name for record in json.loads(result.stdout) for name in record["customers"]}


class Watcher:
    """`n2i watch --quiet` in a child process; its output lines collected as they come."""

    def __init__(self, vault: Path) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "notes2insight", "watch", str(vault), "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._reader = threading.Thread(target=self._collect, daemon=True)
        self._reader.start()

    def _collect(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60, after: int = 0) -> str:
        """The first line from index `after` on that contains `text`; fails if the watcher
        exits or stays silent for `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            exited = self.proc.poll() is not None
            if exited:
                self._reader.join(5)  # every line it printed before exiting
            for line in self.lines[after:]:
                if text in line:
                    return line
            if exited or time.monotonic() > deadline:
                raise AssertionError(f"watcher never printed {text!r} "
                                     f"(exit code {self.proc.returncode}): {self.lines}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)


@pytest.fixture
def watchers():
    started: list[Watcher] = []

    def start(vault: Path) -> Watcher:
        watcher = Watcher(vault)
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()


# --- 30. O-names -------------------------------------------------------------------------------


def test_O30_names_every_customer_file_stays_inside_the_output_folder_and_is_windows_valid(tmp_path):
    # The vault sits two folders deep so `../../etc/passwd` would land inside the sandbox.
    vault = tmp_path / "l1" / "repo"
    customer_vault(vault, HOSTILE_NAMES)
    # YAML 1.1 values that naive code turns into False.md / 83.md / None.md (c.1, finding 10).
    (vault / "2026-11-21.md").write_text(
        "---\ndate: 2026-11-21\ncustomers: [NO, 0123, yes]\n---\n\n- 今天见了三位客户。\n",
        encoding="utf-8")
    if HAS_GIT:
        git(vault, "init", "-q")
    else:
        (vault / ".git" / "hooks").mkdir(parents=True)
    etc_passwd_md = Path("/etc/passwd.md")
    existed = etc_passwd_md.exists()
    before = tree_state(tmp_path)
    git_before = {k: v for k, v in before.items() if k.startswith("l1/repo/.git")}

    result = build(vault)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    after = tree_state(tmp_path)
    out = vault / "summaries"
    # Nothing written outside the output folder and the cache (not beside the vault, not .git).
    allowed = ("l1/repo/summaries", f"l1/repo/{CACHE_DIR}")
    outside = sorted(rel for rel in changed_paths(before, after)
                     if not any(rel == a or rel.startswith(a + "/") for a in allowed))
    assert outside == []
    assert {k: v for k, v in after.items() if k.startswith("l1/repo/.git")} == git_before
    assert etc_passwd_md.exists() == existed
    # Every name in the output folder is valid everywhere.
    for path in out.rglob("*"):
        for part in path.relative_to(out).parts:
            assert windows_problem(part) is None, (part, windows_problem(part))
        assert os.path.realpath(path).startswith(os.path.realpath(out) + os.sep)
    # Each customer has a brief of its own, and the dashboard's links reach them.
    briefs = sorted((out / "customers").glob("*.md"))
    customers = exported_customers(vault)
    assert len(briefs) == len(customers)
    assert {customer_of(b) for b in briefs} == {as_displayed(c) for c in customers}
    assert not {p.stem for p in briefs} & {"False", "True", "None", "83"}
    links = [t.attrGet("href") for tok in MD.parse((out / "index.md").read_text(encoding="utf-8"))
             for t in tok.children or () if t.type == "link_open"]
    customer_links = [unquote(h) for h in links if h.startswith("customers/")]
    assert customer_links
    for href in customer_links:
        assert (out / href).is_file(), href


# --- 31. O-collisions ----------------------------------------------------------------------------

COLLIDING_PAIRS = [("Acme", "ACME"), ("ＡＢＣ", "ABC"),
                   ("Café", unicodedata.normalize("NFD", "Café")), ("a/b", "a:b")]
COLLIDING = [name for pair in COLLIDING_PAIRS for name in pair]


def _case_insensitive_key(rel: str) -> str:
    """At least what macOS (APFS/HFS+ default) and Windows (NTFS) ignore when they compare
    names - case and Unicode normalisation - and full-width forms on top (NFKC)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", rel).casefold())


def _brief_names(out: Path) -> dict[str, str]:
    """customer → brief file name."""
    return {customer_of(p): p.name for p in sorted((out / "customers").glob("*.md"))}


def test_O31_collisions_get_distinct_deterministic_files(tmp_path):
    forward = customer_vault(tmp_path / "forward", COLLIDING)
    backward = customer_vault(tmp_path / "backward", COLLIDING, reverse=True, folder="日志")
    for vault in (forward, backward):
        result = build(vault)
        assert result.returncode == 0, result.stderr

    names = _brief_names(forward / "summaries")
    assert set(names) == set(COLLIDING)  # nobody lost, nobody merged
    assert len(set(names.values())) == len(COLLIDING)
    # Distinct even where the file system ignores case and normalisation.
    assert len({_case_insensitive_key(n) for n in names.values()}) == len(COLLIDING)
    for first, second in COLLIDING_PAIRS:
        assert names[first] != names[second]
    # The same customers give the same file names whatever order the notes come in ...
    assert _brief_names(backward / "summaries") == names
    # ... and a rebuild gives the same bytes.
    before = summaries(forward / "summaries")
    assert build(forward, "--force").returncode == 0
    assert summaries(forward / "summaries") == before


def test_O31_collisions_are_reported_as_a_warning(tmp_path):
    vault = customer_vault(tmp_path / "vault", COLLIDING)
    result = build(vault)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    for first, second in [("Acme", "ACME"), ("a/b", "a:b")]:
        assert any(first in line and second in line for line in warnings), result.stderr


def test_O31_a_case_insensitive_file_system_loses_nothing(tmp_path):
    """Simulated casefolding copy (no casefold file system is mountable here: tmpfs `casefold`
    and vfat need kernel options or a loop device): copying the output folder, in either
    order, onto a file system that ignores case and Unicode normalisation keeps every file."""
    vault = customer_vault(tmp_path / "vault", COLLIDING)
    assert build(vault).returncode == 0
    files = summaries(vault / "summaries")
    for order in (sorted(files), sorted(files, reverse=True)):
        copy: dict[str, bytes] = {}
        for rel in order:
            copy[_case_insensitive_key(rel)] = files[rel]  # a later file overwrites a "same" one
        assert len(copy) == len(files)
        customers = {customer_in(data.decode("utf-8"))
                     for key, data in copy.items() if key.startswith("customers/")}
        assert customers == set(COLLIDING)


# --- 32. O-atomic ----------------------------------------------------------------------------------

READER = r"""
import hashlib, json, os, sys
path, stop, result, *versions = sys.argv[1:]
reads = empty = other = missing = 0
while not os.path.exists(stop):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        missing += 1
        continue
    reads += 1
    if not data:
        empty += 1
    elif hashlib.sha256(data).hexdigest() not in versions:
        other += 1
with open(result, "w") as f:
    json.dump({"reads": reads, "empty": empty, "partial": other, "missing": missing}, f)
"""


def test_O32_atomic_a_reader_never_sees_an_empty_or_partial_summary(tmp_path):
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英", "陈志强", "刘洋"])
    index = vault / "summaries" / "index.md"
    runner = CliRunner()
    days = ["2026-11-29", "2026-11-30"]  # the dashboard differs between the two days

    def run_build(day: str) -> None:
        result = runner.invoke(n2i_main, ["build", str(vault), "--today", day])
        assert result.exit_code == 0, result.output

    versions = []
    for day in days:
        run_build(day)
        versions.append(hashlib.sha256(index.read_bytes()).hexdigest())
    assert versions[0] != versions[1]

    stop, result_file = tmp_path / "stop", tmp_path / "reads.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(index), str(stop),
                               str(result_file), *versions])
    try:
        time.sleep(0.2)
        inodes = set()
        for i in range(300):
            run_build(days[i % 2])
            inodes.add(index.stat().st_ino)
    finally:
        stop.touch()
        reader.wait(30)
    reads = json.loads(result_file.read_text())
    assert reads["reads"] > 0
    assert (reads["empty"], reads["partial"], reads["missing"]) == (0, 0, 0), reads
    assert len(inodes) > 1  # really rewritten (replaced), not left alone
    assert temp_files(vault) == []


# Runs `n2i build` but stops dead in the fsync of the first summary's temp file, so the parent
# can kill -9 it exactly mid-write (the new text is in the temp file, not yet renamed).
HANG_IN_WRITE = r"""
import os, sys, time
out_dir, flag = sys.argv[1], sys.argv[2]
real_fsync = os.fsync
def fsync(fd):
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        target = ""
    if target.startswith(out_dir + os.sep) and target.endswith(".n2i-tmp"):
        open(flag, "w").close()
        time.sleep(300)
    real_fsync(fd)
os.fsync = fsync
from notes2insight.cli import main
sys.argv = ["n2i", *sys.argv[3:]]
main()
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_O32_atomic_kill_9_mid_write_keeps_the_previous_summary_and_the_temp_file_is_cleaned(tmp_path):
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    assert build(vault).returncode == 0
    previous = summaries(out)
    note = vault / "2026-10-02.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n## 明日计划\n\n- [ ] 明天给李秀英发报价单\n",
                    encoding="utf-8")

    flag = tmp_path / "in-write"
    child = subprocess.Popen([sys.executable, "-c", HANG_IN_WRITE, os.path.realpath(out),
                              str(flag), "build", str(vault), "--today", TODAY],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not flag.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the build never reached a summary write"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    leftovers = temp_files(out)
    assert leftovers, "killed mid-write, so a temp file must be left for the next start"
    assert summaries(out) == previous  # every summary byte-identical to before the crash

    result = build(vault)  # the kernel freed the dead writer's lock
    assert result.returncode == 0, result.stderr
    assert temp_files(out) == []
    assert "明天给李秀英发报价单" in (out / "commitments.md").read_text(encoding="utf-8")


def test_O32_atomic_a_watcher_start_removes_leftover_temp_files(tmp_path, watchers):
    vault = customer_vault(tmp_path / "vault", ["王建国"])
    out = vault / "summaries"
    assert build(vault).returncode == 0
    planted = [out / f".index.md.k1ll3d{TEMP_SUFFIX}", out / "customers" / f".x.md.0dead0{TEMP_SUFFIX}"]
    for path in planted:
        path.write_text("half a summa", encoding="utf-8")
    watchers(vault).wait_for("watching")
    assert temp_files(out) == []


def test_O32_atomic_summaries_get_mode_0666_minus_umask(tmp_path):
    vault = customer_vault(tmp_path / "vault", ["王建国"])
    out = vault / "summaries"

    def written_modes() -> dict[str, int]:
        return {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode)
                for p in out.rglob("*") if p.is_file() and not p.name.startswith(LOCK_NAME)}

    assert build(vault, umask=0o027).returncode == 0
    first = written_modes()
    assert first and set(first.values()) == {0o640}, first  # not mkstemp's 0600

    before = summaries(out)
    write_note(vault, dt.date(2026, 11, 25), ["李秀英"])
    assert build(vault, umask=0o002).returncode == 0
    rewritten = {rel for rel, data in summaries(out).items() if before.get(rel) != data}
    assert rewritten
    modes = written_modes()
    assert {rel: modes[rel] for rel in rewritten} == dict.fromkeys(rewritten, 0o664)


def test_O32_atomic_a_planted_symlink_is_replaced_and_its_target_untouched(tmp_path):
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    assert build(vault).returncode == 0
    target = tmp_path / "outside.txt"
    target.write_text("not yours\n", encoding="utf-8")
    target_state = tree_state(tmp_path)["outside.txt"]
    brief = sorted((out / "customers").glob("*.md"))[0]
    for link, points_to in ((out / "index.md", str(target)),  # absolute
                            (brief, "../../../outside.txt")):  # relative
        link.unlink()
        link.symlink_to(points_to)

    result = build(vault)

    assert result.returncode == 0, result.stderr
    assert tree_state(tmp_path)["outside.txt"] == target_state
    for path in (out / "index.md", brief):
        assert not path.is_symlink() and path.is_file()
        assert GENERATED_MARKER_PREFIX in path.read_text(encoding="utf-8")


# --- 33. O-disk-faults -------------------------------------------------------------------------------

DISK_FAULTS = r"""
import json, os, subprocess, sys
python, vault, out, today = sys.argv[1:5]

def run():
    r = subprocess.run([python, "-m", "notes2insight", "build", vault, "--today", today],
                       capture_output=True, text=True, timeout=120)
    return {"rc": r.returncode, "out": r.stdout, "err": r.stderr}

def snapshot():
    files = {}
    for folder, dirs, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            if name != "filler":
                files[os.path.relpath(path, out)] = open(path, "rb").read().hex()
    return files

def mount(*options):
    subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", out], check=True)

def add_promise(text):
    note = os.path.join(vault, "2026-10-01.md")
    with open(note, "a", encoding="utf-8") as f:
        f.write(f"\n- [ ] 明天{text}\n")

steps = {}
mount("size=256k")
steps["first"] = run(); steps["first"]["files"] = snapshot()
add_promise("给王建国发报价单")
filler = os.open(os.path.join(out, "filler"), os.O_WRONLY | os.O_CREAT)
try:  # fill the disk to the last byte
    for size in (65536, 4096, 1):
        while True:
            os.write(filler, b"\0" * size)
except OSError:
    pass
try:
    while True:
        os.write(filler, b"\0")
except OSError:
    os.close(filler)
steps["full"] = run(); steps["full"]["files"] = snapshot()
os.unlink(os.path.join(out, "filler"))
steps["freed"] = run(); steps["freed"]["files"] = snapshot()
add_promise("给王建国送保养手册")
mount("remount", "ro")
steps["readonly"] = run(); steps["readonly"]["files"] = snapshot()
mount("remount", "rw")
steps["writable"] = run(); steps["writable"]["files"] = snapshot()
print(json.dumps(steps))
"""


def _unshare_works() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    try:
        probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                                "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || "
                                "mount -t tmpfs -o size=64k tmpfs /tmp"],
                               capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _error_lines(step: dict) -> list[str]:
    return [line for line in step["err"].splitlines() if line.startswith("error:")]


def _assert_reported_once(step: dict, reason: str) -> None:
    errors = _error_lines(step)
    assert step["rc"] == 1, step
    assert "Traceback" not in step["err"], step["err"]
    assert any(reason in line for line in errors), step["err"]
    assert len(errors) == len(set(errors)), "the same error printed twice"
    assert "error" in step["out"]  # the summary line counts them


def test_O33_disk_faults_on_a_real_full_and_read_only_tmpfs(tmp_path):
    if not _unshare_works():  # probed here, not at collection: it starts a process
        pytest.skip("needs `unshare --user --map-root-user --mount` and tmpfs mounts "
                    "(user namespaces disabled here); the simulated variant below always runs")
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    out.mkdir()
    script = tmp_path / "disk_faults.py"
    script.write_text(DISK_FAULTS, encoding="utf-8")
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", sys.executable,
                           str(script), sys.executable, str(vault), str(out), TODAY],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)

    assert steps["first"]["rc"] == 0, steps["first"]
    _assert_reported_once(steps["full"], "No space left on device")

    def visible(files: dict[str, str]) -> dict[str, str]:  # the summaries, not the lock/manifest
        return {rel: data for rel, data in files.items() if not rel.startswith(".")}

    assert visible(steps["full"]["files"]) == visible(steps["first"]["files"])
    assert not [k for k in steps["full"]["files"] if k.endswith(TEMP_SUFFIX)]
    assert steps["freed"]["rc"] == 0, steps["freed"]
    assert "给王建国发报价单".encode().hex() in steps["freed"]["files"]["commitments.md"]

    _assert_reported_once(steps["readonly"], "Read-only file system")
    assert steps["readonly"]["files"] == steps["freed"]["files"]
    assert steps["writable"]["rc"] == 0, steps["writable"]
    assert "给王建国送保养手册".encode().hex() in steps["writable"]["files"]["commitments.md"]
    assert not [k for k in steps["writable"]["files"] if k.endswith(TEMP_SUFFIX)]


class _FaultyDisk:
    """Makes the output folder behave like a full or a read-only disk, for this process only:
    writes (fsync) of files in it fail with ENOSPC, or every open-for-writing, rename and unlink
    in it fails with EROFS. Everything outside it works."""

    _WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def __init__(self, monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
        self.out = os.path.realpath(out)
        self.mode: str | None = None
        real_open, real_fsync = os.open, os.fsync
        real_replace, real_rename, real_unlink = os.replace, os.rename, os.unlink

        def inside(path) -> bool:
            full = os.path.realpath(os.fspath(path)) if not isinstance(path, int) else ""
            return full == self.out or full.startswith(self.out + os.sep)

        def fd_inside(fd: int) -> bool:
            try:
                return inside(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                return False

        def fail(code: int, path) -> None:
            raise OSError(code, os.strerror(code), os.fspath(path))

        def fake_open(path, flags, *args, **kwargs):
            if self.mode == "readonly" and flags & self._WRITE_FLAGS and inside(path):
                fail(errno.EROFS, path)
            return real_open(path, flags, *args, **kwargs)

        def fake_fsync(fd):
            if self.mode == "full" and fd_inside(fd):
                fail(errno.ENOSPC, f"fd {fd}")
            return real_fsync(fd)

        def guarded(real):
            def call(src, *args, **kwargs):
                if self.mode == "readonly" and inside(src):
                    fail(errno.EROFS, src)
                return real(src, *args, **kwargs)
            return call

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "fsync", fake_fsync)
        monkeypatch.setattr(os, "replace", guarded(real_replace))
        monkeypatch.setattr(os, "rename", guarded(real_rename))
        monkeypatch.setattr(os, "unlink", guarded(real_unlink))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_O33_disk_faults_simulated_full_and_read_only_disk(tmp_path, monkeypatch):
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    runner = CliRunner()

    def run_build() -> dict:
        result = runner.invoke(n2i_main, ["build", str(vault), "--today", TODAY])
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.exc_info
        return {"rc": result.exit_code, "out": result.stdout, "err": result.stderr}

    assert run_build()["rc"] == 0
    first = summaries(out)
    disk = _FaultyDisk(monkeypatch, out)
    note = vault / "2026-10-01.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] 明天给王建国发报价单\n",
                    encoding="utf-8")

    disk.mode = "full"
    _assert_reported_once(run_build(), "No space left on device")
    assert summaries(out) == first
    assert temp_files(out) == []
    disk.mode = None
    assert run_build()["rc"] == 0
    freed = summaries(out)
    assert "给王建国发报价单" in freed["commitments.md"].decode("utf-8")

    note.write_text(note.read_text(encoding="utf-8") + "- [ ] 明天给王建国送保养手册\n",
                    encoding="utf-8")
    disk.mode = "readonly"
    _assert_reported_once(run_build(), "Read-only file system")
    assert summaries(out) == freed
    disk.mode = None
    assert run_build()["rc"] == 0
    assert "给王建国送保养手册" in (out / "commitments.md").read_text(encoding="utf-8")
    assert temp_files(out) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_O33_disk_faults_the_watch_engine_keeps_going_after_a_full_disk(tmp_path, monkeypatch):
    """The watcher's incremental engine (what `n2i watch` runs per save) reports the failed
    write, keeps the previous summaries and succeeds on the next save once space is free."""
    from notes2insight.config import load_config
    from notes2insight.engine import Engine

    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    config, _ = load_config(vault)
    engine = Engine(config, today=lambda: dt.date.fromisoformat(TODAY))
    assert not engine.start().report.errors
    first = summaries(out)
    disk = _FaultyDisk(monkeypatch, out)
    note = vault / "2026-10-01.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] 明天给王建国发报价单\n",
                    encoding="utf-8")

    disk.mode = "full"
    failed = engine.update({"2026-10-01.md"})
    assert failed.report.errors and all("No space left on device" in e for e in failed.report.errors)
    assert summaries(out) == first and temp_files(out) == []

    disk.mode = None
    note.write_text(note.read_text(encoding="utf-8") + "- [ ] 后天给王建国送保养手册\n",
                    encoding="utf-8")
    recovered = engine.update({"2026-10-01.md"})
    assert not recovered.report.errors
    text = (out / "commitments.md").read_text(encoding="utf-8")
    assert "给王建国发报价单" in text and "给王建国送保养手册" in text


# --- 34. O-lock ------------------------------------------------------------------------------------


def test_O34_lock_a_second_watcher_exits_75_naming_the_holder_and_kill_9_frees_it(tmp_path, watchers):
    vault = customer_vault(tmp_path / "vault", ["王建国"])
    first = watchers(vault)
    first.wait_for("watching")

    second = n2i("watch", vault, "--quiet", timeout=60)
    assert second.returncode == EXIT_LOCKED
    assert f"pid {first.proc.pid}" in second.stdout + second.stderr
    a_build = build(vault, timeout=60)
    assert a_build.returncode == EXIT_LOCKED
    assert f"pid {first.proc.pid}" in a_build.stdout + a_build.stderr

    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait(15)
    third = watchers(vault)
    third.wait_for("watching")  # the kernel released the dead holder's lock
    refused = build(vault, timeout=60)
    assert refused.returncode == EXIT_LOCKED and f"pid {third.proc.pid}" in refused.stderr
    third.stop()
    assert third.proc.returncode == 0
    assert build(vault).returncode == 0  # and a clean stop releases it too


@pytest.mark.skipif(not HAS_GIT, reason="git not installed")
def test_O34_lock_files_are_ignored_by_the_watcher_and_by_git(tmp_path, watchers):
    vault = tmp_path / "vault"
    assert n2i("init", vault).returncode == 0  # the project's way to a .gitignore
    customer_vault(vault, ["王建国"])
    git(vault, "init", "-q")
    watcher = watchers(vault)
    watcher.wait_for("watching")
    out = vault / "summaries"

    lock_files = sorted(p for p in out.iterdir() if p.name.startswith(LOCK_NAME))
    assert lock_files
    for path in lock_files:  # every file of the lock, while it is held
        assert subprocess.run(["git", "-C", str(vault), "check-ignore", "-q", str(path)]).returncode == 0, \
            f"{path.name} is not ignored by git"
    ignored_status = git(vault, "status", "--porcelain", "--untracked-files=all")
    assert not [line for line in ignored_status.splitlines() if LOCK_NAME in line or CACHE_DIR in line]

    seen = len(watcher.lines)
    for path in lock_files:
        with open(path, "a", encoding="utf-8"):
            os.utime(path)
    time.sleep(1.5)
    assert watcher.lines[seen:] == [], "the watcher reacted to its own lock file"
    (vault / "2026-10-01.md").write_text(
        (vault / "2026-10-01.md").read_text(encoding="utf-8") + "\n- [ ] 明天给王建国打电话\n",
        encoding="utf-8")
    watcher.wait_for("commitments.md", after=seen, timeout=30)  # still alive and watching


# --- 35. O-injection -------------------------------------------------------------------------------

INJECTIONS = ["报价 | 折扣 10%", "第一行\n第二行", "<script>alert(1)</script>",
              "<img src=x onerror=alert(1)>", "```", "<!-- 备注", "# x",
              "[点我](javascript:alert(1))", "![](http://tracker.example/p.png)",
              "Acme\nstatus: paid\n---\n# injected"]


def injection_vault(vault: Path, strings: list[str]) -> Path:
    """Note i: customer `客户<string i>` in front matter (its model, source and next step too),
    and the string in a visit line, a promise and a mistake. The body never names a customer,
    so the same facts come out whatever the strings are."""
    vault.mkdir(parents=True)
    for i, text in enumerate(strings):
        name = yaml_text("客户" + text)
        field = yaml_text(text)
        one_line = " ".join(text.split("\n"))
        day = dt.date(2026, 11, 2) + dt.timedelta(days=i)
        (vault / f"{day}.md").write_text(textwrap.dedent(f"""\
            ---
            date: {day}
            customers: [{name}]
            deals:
              - customer: {name}
                stage: 报价
                model: {field}
                source: {field}
                level: A
                next: {field}
            ---

            ## 客户跟进

            - 第{i}次介绍了车型 {one_line}

            ## 明日计划

            - [ ] 明天发第{i}份报价单 {one_line}

            ## 失误

            - 第{i}次忘了带合同 {one_line}
            """), encoding="utf-8")
    return vault


def generated_part(text: str) -> tuple[str, str]:
    """(generated Markdown, the tool's own marker lines) — the markers are HTML comments by design."""
    cut = text.index(GENERATED_MARKER_PREFIX)
    return text[:cut], text[cut:]


def front_matter(text: str) -> dict | None:
    if not text.startswith("---\n"):
        return None
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end])


def page_shape(text: str) -> dict:
    """What a reader sees of a page's structure: tables (rows × cells per row), headings, code
    blocks, and every token that would be raw HTML, an image or a link off the page."""
    generated, markers = generated_part(text)
    tokens = MD.parse(generated)
    tables, headings, fences, escapes = [], [], [], []
    current: list[int] | None = None
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            current = []
        elif token.type == "tr_open":
            current.append(0)
        elif token.type in ("th_open", "td_open"):
            current[-1] += 1
        elif token.type == "table_close":
            tables.append(tuple(current))
        elif token.type == "heading_open":
            headings.append((token.tag, inline_text(tokens[i + 1])))
        elif token.type in ("fence", "code_block"):
            fences.append(token.info.strip())
        if token.type.startswith("html"):
            escapes.append(token.type)
        for child in token.children or ():
            href = child.attrGet("href") or ""
            if child.type.startswith("html") or child.type == "image":
                escapes.append(child.type)
            elif child.type == "link_open" and (":" in href.split("/")[0] or href.startswith("//")):
                escapes.append(f"link to {href}")
    marker_tokens = [t.type for t in MD.parse(markers)]
    return {"tables": tables, "headings": headings, "fences": fences, "escapes": escapes,
            "markers": marker_tokens, "front_matter": front_matter(text)}


def test_O35_injection_strings_render_as_text_with_the_expected_tables(tmp_path):
    hostile = injection_vault(tmp_path / "hostile", INJECTIONS)
    plain = injection_vault(tmp_path / "plain", [f"占位{i}" for i in range(len(INJECTIONS))])
    for vault in (hostile, plain):
        result = build(vault)
        assert result.returncode == 0, result.stderr

    def shapes(vault: Path) -> tuple[dict, list]:
        pages = {rel: page_shape(data.decode("utf-8"))
                 for rel, data in summaries(vault / "summaries").items() if rel.endswith(".md")}
        briefs = sorted(json.dumps({k: v for k, v in shape.items() if k != "headings"},
                                   ensure_ascii=False)
                        for rel, shape in pages.items() if rel.startswith("customers/"))
        return {rel: s for rel, s in pages.items() if not rel.startswith("customers/")}, briefs

    hostile_pages, hostile_briefs = shapes(hostile)
    plain_pages, plain_briefs = shapes(plain)
    # The expected shapes are those of the same vault with harmless strings: every table has
    # the same rows × columns, every page the same headings and the same (Mermaid) code blocks.
    assert any(shape["tables"] for shape in plain_pages.values())  # there is something to compare
    assert hostile_pages == plain_pages
    assert hostile_briefs == plain_briefs
    for shape in [*hostile_pages.values()]:
        assert shape["escapes"] == [], shape["escapes"]  # zero html_*, images, javascript: links
        assert set(shape["fences"]) <= {"mermaid"}
        assert shape["markers"] == ["html_block", "html_block"]  # only the tool's own markers
        assert shape["front_matter"] is None or isinstance(shape["front_matter"], dict)

    # Each hostile customer's brief is about exactly that name, shown as text, in one heading.
    out = hostile / "summaries"
    for brief in sorted((out / "customers").glob("*.md")):
        text = brief.read_text(encoding="utf-8")
        shape = page_shape(text)
        assert shape["escapes"] == [] and set(shape["fences"]) <= {"mermaid"}
        assert len([h for h in shape["headings"] if h[0] == "h1"]) == 1
    # Front matter, if a summary ever gets one, must be built with yaml.safe_dump: it loads,
    # and `Acme\nstatus: paid\n---` stays one value instead of adding a key.
    for rel, data in summaries(out).items():
        if rel.endswith(".md"):
            meta = front_matter(data.decode("utf-8"))
            assert meta is None or (isinstance(meta, dict) and "status" not in meta), rel
    shown = {customer_of(b) for b in (out / "customers").glob("*.md")}
    assert shown == {"客户" + " ".join(s.split()) for s in INJECTIONS}
    # The cell with a `|` keeps all of its text: nothing after the pipe is dropped.
    cells = [inline_text(t) for t in MD.parse(generated_part(
        (out / "index.md").read_text(encoding="utf-8"))[0]) if t.type == "inline"]
    assert "客户报价 | 折扣 10%" in cells


# --- 36. O-never-clobber-and-idempotent --------------------------------------------------------------


def test_O36_a_user_created_or_edited_file_at_a_summary_path_is_never_overwritten(tmp_path):
    vault = customer_vault(tmp_path / "vault", ["王建国", "李秀英"])
    out = vault / "summaries"
    # (1) the user's own file sits where a summary will go, before the first build
    (out / "customers").mkdir(parents=True)
    users_brief = out / "customers" / "王建国.md"
    users_brief.write_text("# 王建国\n\n我自己的客户笔记，不要覆盖。\n", encoding="utf-8")
    result = build(vault)
    assert result.returncode == 0, result.stderr
    assert users_brief.read_text(encoding="utf-8") == "# 王建国\n\n我自己的客户笔记，不要覆盖。\n"
    assert "王建国.md: edited by hand; kept" in result.stderr

    # (2) the user edits the generated part of a summary; the notes change under it
    index = out / "index.md"
    edited = index.read_text(encoding="utf-8").replace("# ", "# （经理已阅）", 1)
    index.write_text(edited, encoding="utf-8")
    # (3) and writes their own words below the marker of another one
    ledger = out / "commitments.md"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "周会上讨论过。\n", encoding="utf-8")
    write_note(vault, dt.date(2026, 11, 25), ["陈志强"],
               body="## 明日计划\n\n- [ ] 明天给陈志强发报价单\n")
    result = build(vault)

    assert result.returncode == 0, result.stderr
    assert index.read_text(encoding="utf-8") == edited  # not overwritten ...
    assert "index.md: edited by hand; kept" in result.stderr  # ... and said so
    ledger_text = ledger.read_text(encoding="utf-8")
    assert "明天给陈志强发报价单" in ledger_text and ledger_text.endswith("周会上讨论过。\n")
    assert users_brief.read_text(encoding="utf-8") == "# 王建国\n\n我自己的客户笔记，不要覆盖。\n"
    assert [p.name for p in (out / "customers").iterdir() if "conflict" in p.name] == []


@pytest.mark.skipif(not HAS_GIT, reason="git not installed")
def test_O36_a_second_run_writes_nothing_and_leaves_git_clean(tmp_path):
    vault = tmp_path / "vault"
    assert n2i("init", vault).returncode == 0
    customer_vault(vault, ["王建国", "李秀英", "陈志强"])
    git(vault, "init", "-q")
    assert build(vault).returncode == 0
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "notes and summaries")
    out = vault / "summaries"
    before = tree_state(vault)

    again = build(vault)

    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 updated"), again.stdout
    after = tree_state(vault)
    changed = sorted(rel for rel in changed_paths(before, after)
                     if not rel.startswith((".git/", f"{CACHE_DIR}/", f"summaries/{LOCK_NAME}"))
                     and rel not in (".git", CACHE_DIR))
    assert changed == []  # no summary or note rewritten, touched or added (mtime, inode, bytes)
    assert git(vault, "status", "--porcelain", "--untracked-files=all") == ""
    assert temp_files(out) == []


def test_O36_notes_stay_byte_identical_with_the_same_inode_and_mtime(tmp_path):
    vault = customer_vault(tmp_path / "vault", HOSTILE_NAMES[:12])
    injection_vault(vault / "inj", INJECTIONS)
    notes = {rel: state for rel, state in tree_state(vault).items() if rel.endswith(".md")}
    for args in (("build", vault, "--today", TODAY), ("build", vault, "--today", TODAY, "--force"),
                 ("check", vault), ("export", vault)):
        n2i(*args)
    after = tree_state(vault)
    assert {rel: after.get(rel) for rel in notes} == notes
