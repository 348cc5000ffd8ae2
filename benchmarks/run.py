#!/usr/bin/env python3
"""Benchmark `n2i` on generated vaults; every figure is measured in the same run as its floor.

    python benchmarks/run.py --sizes 365,3650,36500      # the full table (slow)
    python benchmarks/run.py --quick                     # CI: 365 notes, 5 watch samples
    python benchmarks/run.py --sizes 365 --write         # also write benchmarks/results-365.md

Prints one Markdown table (measure | vault size | value | floor | ratio | target | ok?), then a
few notes; progress goes to stderr. See benchmarks/README.md for what each row means.

Vaults are made by benchmarks/generate.py into --work (default: <tmp>/n2i-bench) and reused by
later runs when their size, seed and generator version match. Nothing outside --work is
touched, except the one note that the watch measurement edits, which is restored afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # leave no __pycache__ in benchmarks/
import generate  # noqa: E402  (benchmarks/generate.py)
import peak_rss  # noqa: E402  (benchmarks/peak_rss.py)

# The builds run for the day the benchmark runs: the watcher has no --today, and a warm watch
# start only renders nothing when the last build was for its own day.
TODAY = dt.date.today().isoformat()
CACHE_DIR = ".notes2insight-cache"
MB = 1024 * 1024

# ---------------------------------------------------------------------------------------------
# Floors: run in a subprocess, timed inside it (no interpreter start-up, no imports)
# ---------------------------------------------------------------------------------------------

COLD_FLOOR = r"""
import json, logging, os, sys, time
try:  # one core
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
except (AttributeError, OSError):
    pass
import frontmatter, jieba
from markdown_it import MarkdownIt
jieba.setLogLevel(logging.WARNING)
jieba.initialize()  # the dictionary load is not part of the floor
md = MarkdownIt()
began = time.perf_counter()
count = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        post = frontmatter.loads(text)
        md.parse(post.content)
        jieba.lcut(post.content)
        count += 1
print(json.dumps({"seconds": time.perf_counter() - began, "notes": count}))
"""

LSTAT_FLOOR = r"""
import json, os, statistics, sys, time
times = []
for _ in range(int(sys.argv[2])):
    began = time.perf_counter()
    count = 0
    for folder, dirs, files in os.walk(sys.argv[1]):
        for name in files:
            if name.endswith(".md"):
                os.lstat(os.path.join(folder, name))
                count += 1
    times.append(time.perf_counter() - began)
print(json.dumps({"seconds": statistics.median(times), "notes": count}))
"""


# ---------------------------------------------------------------------------------------------
# Running a child and reading its own peak RSS
# ---------------------------------------------------------------------------------------------

def peak_env() -> tuple[dict[str, str], Path]:
    fd, name = tempfile.mkstemp(prefix="n2i-peak-")
    os.close(fd)
    os.unlink(name)
    return peak_rss.environment(Path(name)), Path(name)


def read_peak(path: Path, fallback: int) -> int:
    """The child's own peak RSS in bytes (see peak_rss.py; else wait4's, an upper bound)."""
    kb = peak_rss.read_peak_kb(path)
    path.unlink(missing_ok=True)
    return fallback if kb is None else kb * 1024


@dataclass
class Run:
    seconds: float
    rss: int  # peak resident set size in bytes (the child's own: see peak_rss.py)
    code: int | None
    out: str
    err: str
    timed_out: bool = False


def run(cmd: list[str], timeout: float | None = None) -> Run:
    """Run `cmd`, wall time and the child's peak RSS (reported by the peak_rss hook when `cmd`
    runs it; else os.wait4's figure)."""
    env, peak_file = peak_env()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # SIGTERM or Ctrl-C of the harness: leave no child behind
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - began
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, read_peak(peak_file, usage.ru_maxrss * 1024), proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   killed.is_set())


def median_run(cmd: list[str], times: int) -> float:
    return statistics.median(run(cmd).seconds for _ in range(times))


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

@dataclass
class Row:
    measure: str
    size: str
    value: str
    floor: str = "—"
    ratio: str = "—"
    target: str = "—"
    ok: str = "—"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def table(self) -> str:
        head = ("measure", "vault size", "value", "floor", "ratio", "target", "ok?")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            lines.append("| " + " | ".join((r.measure, r.size, r.value, r.floor, r.ratio,
                                             r.target, r.ok)) + " |")
        return "\n".join(lines)


def secs(value: float) -> str:
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"


def ratio(value: float, floor: float) -> str:
    if floor <= 0:
        return "—"
    r = value / floor
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def ok(flag: bool | None) -> str:
    return "—" if flag is None else ("yes" if flag else "**NO**")


def size_label(n: int) -> str:
    return f"{n:,}"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Vaults
# ---------------------------------------------------------------------------------------------

EDIT_BACKUP = ".n2i-bench-edit.json"  # the note the watch measurement is editing, as it was


def backup_note(vault: Path, note: Path) -> None:
    st = os.stat(note)
    (vault / EDIT_BACKUP).write_text(json.dumps({
        "path": note.relative_to(vault).as_posix(), "atime_ns": st.st_atime_ns,
        "mtime_ns": st.st_mtime_ns, "text": note.read_bytes().decode("utf-8")},
        ensure_ascii=False), encoding="utf-8")


def restore_note(vault: Path) -> str | None:
    """Put back a note edited by the watch measurement (also after an interrupted run)."""
    backup = vault / EDIT_BACKUP
    try:
        saved = json.loads(backup.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    note = vault / saved["path"]
    note.write_bytes(saved["text"].encode("utf-8"))
    os.utime(note, ns=(saved["atime_ns"], saved["mtime_ns"]))
    backup.unlink()
    return saved["path"]


def ensure_vault(work: Path, size: int, seed: str, report: Report) -> Path:
    vault = work / f"vault-{size}-seed{seed}"
    manifest = vault / generate.MANIFEST
    if restore_note(vault):
        log(f"[{size}] restored a note left edited by an interrupted run")
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if (info.get("notes"), info.get("seed"), info.get("generator")) == (
                size, str(seed), generate.generator_version()):
            log(f"[{size}] reusing {vault}")
            report.steps.append(f"{size_label(size)}: vault reused from {vault}")
            return vault
    except (OSError, ValueError):
        pass
    log(f"[{size}] generating {size} notes in {vault} …")
    began = time.perf_counter()
    generate.generate(str(vault), size, seed=str(seed), force=True)
    took = time.perf_counter() - began
    log(f"[{size}] generated in {took:.1f} s")
    report.steps.append(f"{size_label(size)}: generated the vault in {took:.1f} s")
    return vault


def note_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name[:-3]) if name.endswith(".md") else None
    except ValueError:
        return None


def pick_note(vault: Path, today: dt.date) -> tuple[Path, dt.date]:
    """The newest note of the current ISO week (≤ today), else the newest note of the vault."""
    monday = today - dt.timedelta(days=today.weekday())
    best: tuple[dt.date, str] | None = None
    best_week: tuple[dt.date, str] | None = None
    for folder, dirs, files in os.walk(vault / "notes"):
        dirs.sort()
        for name in sorted(files):
            day = note_date(name)
            if day is None:
                continue
            path = os.path.join(folder, name)
            if best is None or day > best[0]:
                best = (day, path)
            if monday <= day <= today and (best_week is None or day > best_week[0]):
                best_week = (day, path)
    chosen = best_week or best
    if chosen is None:
        raise SystemExit(f"no dated note in {vault}")
    return Path(chosen[1]), chosen[0]


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------

def build_cmd(python: str, vault: Path, out: Path) -> list[str]:
    return peak_rss.command(python, "build", str(vault), "--out", str(out), "--today", TODAY)


def updated_count(text: str) -> int | None:
    match = re.search(r"(\d+) updated", text)
    return int(match.group(1)) if match else None


def measure_builds(args, n2i: str, python: str, size: int, vault: Path, out: Path,
                   import_s: float | None, report: Report) -> Run | None:
    label = size_label(size)
    cmd = build_cmd(python, vault, out)

    # cold build: cache (and output) deleted first
    cold: list[Run] = []
    for i in range(args.repeat):
        shutil.rmtree(vault / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        log(f"[{size}] cold build {i + 1}/{args.repeat} …")
        r = run(cmd, args.timeout)
        log(f"[{size}] cold build {i + 1}/{args.repeat}: {r.seconds:.2f} s, "
            f"peak RSS {r.rss / MB:.0f} MB, exit {r.code}")
        report.steps.append(f"{label}: cold build {i + 1}: {r.seconds:.1f} s")
        cold.append(r)
        if r.timed_out or r.code != 0:
            break
    failed = cold[-1]
    if failed.timed_out or failed.code != 0:
        why = (f"timed out after {args.timeout:.0f} s" if failed.timed_out
               else f"exit {failed.code}: {(failed.err.strip().splitlines() or [''])[-1]}")
        report.rows.append(Row("cold build", label, f"> {args.timeout:.0f} s (timed out)"
                               if failed.timed_out else "failed", target="≤ 0.5 × floor",
                               ok=ok(False)))
        report.rows.append(Row("peak RSS, cold build", label,
                               f"{'≥ ' if failed.timed_out else ''}{failed.rss / MB:.0f} MB",
                               target="≤ 400 MB", ok=ok(failed.rss <= 400 * MB)))
        report.notes.append(f"{label}: the cold build {why}; the other build rows are skipped.")
        return None
    cold_s = statistics.median(r.seconds for r in cold)

    log(f"[{size}] cold floor (read + frontmatter + markdown-it + jieba, one core) …")
    floors = []
    floor_rss = 0
    for _ in range(args.repeat):
        r = run([python, "-c", COLD_FLOOR, str(vault / "notes")], args.timeout)
        if r.code != 0:
            raise SystemExit(f"the cold floor failed (is {python} the project's venv?):\n{r.err}")
        floors.append(json.loads(r.out)["seconds"])
        floor_rss = max(floor_rss, r.rss)
    floor_s = statistics.median(floors)
    log(f"[{size}] cold floor: {floor_s:.2f} s")
    report.steps.append(f"{label}: cold floor {floor_s:.1f} s (in-process), "
                        f"whole floor process {r.seconds:.1f} s")
    report.rows.append(Row("cold build", label, secs(cold_s), secs(floor_s),
                           ratio(cold_s, floor_s), "≤ 0.5 × floor", ok(cold_s <= 0.5 * floor_s)))
    rss = max(r.rss for r in cold)
    report.rows.append(Row("peak RSS, cold build", label, f"{rss / MB:.0f} MB",
                           f"{floor_rss / MB:.0f} MB", ratio(rss, floor_rss), "≤ 400 MB",
                           ok(rss <= 400 * MB)))

    # no-change build: the same command again, warm cache
    # a run that still rewrote files was not a no-change build (output not stable, or the
    # code changed under the benchmark): it is left out of the median, and one more is made
    warm: list[Run] = []
    rewrote: list[str] = []
    attempts = 0
    while len(warm) < args.nochange_repeat and attempts < 2 * args.nochange_repeat:
        attempts += 1
        r = run(cmd, args.timeout)
        log(f"[{size}] no-change build {attempts}: {r.seconds:.2f} s "
            f"({r.out.strip().splitlines()[-1] if r.out.strip() else 'no output'})")
        report.steps.append(f"{label}: no-change build {attempts}: {r.seconds:.2f} s")
        if r.timed_out or r.code != 0:
            warm.append(r)
            break
        if updated_count(r.out):
            rewrote.append(f"{updated_count(r.out)} files in {r.seconds:.1f} s")
            continue
        warm.append(r)
    if rewrote:
        report.notes.append(f"{label}: {len(rewrote)} build(s) after the cold one still rewrote "
                            f"files ({'; '.join(rewrote)}) and are not counted as no-change "
                            "builds: the output is not stable across identical builds, or the "
                            "code changed during the run.")
    if not warm:
        report.rows.append(Row("no-change build", label, "none (every build rewrote files)",
                               target="≤ 3 × floor", ok=ok(False)))
        return cold[-1]
    if warm[-1].timed_out or warm[-1].code != 0:
        report.rows.append(Row("no-change build", label, "timed out" if warm[-1].timed_out
                               else f"failed (exit {warm[-1].code})", target="≤ 3 × floor",
                               ok=ok(False)))
        return cold[-1]
    warm_s = statistics.median(r.seconds for r in warm)
    r = run([python, "-c", LSTAT_FLOOR, str(vault / "notes"), "5"])
    lstat_s = json.loads(r.out)["seconds"]
    report.rows.append(Row("no-change build", label, secs(warm_s), secs(lstat_s),
                           ratio(warm_s, lstat_s), "≤ 3 × floor", ok(warm_s <= 3 * lstat_s)))
    if import_s is not None:
        net = max(warm_s - import_s, 0.0)
        report.rows.append(Row("no-change build − start-up", label, secs(net), secs(lstat_s),
                               ratio(net, lstat_s), "≤ 3 × floor", ok(net <= 3 * lstat_s)))
    return cold[-1]


class Watcher:
    """`n2i watch` as a child: its stdout read by a thread, its rusage read at the end."""

    def __init__(self, cmd: list[str]) -> None:
        self.err = tempfile.TemporaryFile()
        env, self.peak_file = peak_env()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self.err, env=env)
        self.lines: list[str] = []
        self.watching = threading.Event()
        # a warm start's "ready: … loaded in 12.3 s" line: seconds from its start-up until what
        # a save needs was loaded in the background (printed once the loop next looks)
        self.ready_in: float | None = None
        self.rss = 0
        self.exit_code: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            self.lines.append(line)
            if "watching" in line.lower():
                self.watching.set()
            loaded = re.search(r"loaded in ([0-9.]+) s", line) if line.startswith("ready:") else None
            if loaded:
                self.ready_in = float(loaded.group(1))

    def alive(self) -> bool:
        return self.exit_code is None and self._reap(os.WNOHANG) is None

    def _reap(self, flags: int) -> int | None:
        pid, status, usage = os.wait4(self.proc.pid, flags)
        if pid == 0:
            return None
        self.exit_code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.exit_code
        self.rss = read_peak(self.peak_file, usage.ru_maxrss * 1024)
        return self.exit_code

    def interrupt(self, patience: float) -> float | None:
        """SIGINT, then the seconds it took to exit (None if it had not after `patience`, when
        it is killed)."""
        if self.exit_code is not None:
            return 0.0
        began = time.perf_counter()
        self.proc.send_signal(signal.SIGINT)
        while time.perf_counter() - began < patience:
            if self._reap(os.WNOHANG) is not None:
                return time.perf_counter() - began
            time.sleep(0.01)
        self.proc.kill()
        self._reap(0)
        return None

    def stderr_tail(self) -> str:
        self.err.seek(0)
        text = self.err.read().decode("utf-8", "replace").strip()
        return text.splitlines()[-1] if text else ""


def snapshot_tree(folder: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            try:
                found[path] = os.stat(path).st_mtime_ns
            except OSError:
                pass
    return found


def signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


EDITS = ("明天给{c}发报价单", "周五前给{c}回电话", "下周三约{c}来店试驾", "月底前帮{c}申请置换补贴",
         "两个工作日内把金融方案发给{c}", "后天提醒{c}带身份证来签合同", "明天上午跟库管确认{c}的车",
         "本周内给{c}做交车回访")
EDIT_NAMES = ("王总", "李女士", "张先生", "刘姐", "陈总", "赵老板", "黄女士", "周师傅")


def edit_line(i: int) -> str:
    return f"- [ ] {EDITS[i % len(EDITS)].format(c=EDIT_NAMES[(i // len(EDITS) + i) % len(EDIT_NAMES)])}\n"


def wait_quiet(out: Path, quiet: float, limit: float, watcher: Watcher,
               stop: threading.Event | None = None) -> bool:
    """True once nothing under `out` changed for `quiet` seconds (checked every 0.25 s), or
    once `stop` is set."""
    began = time.perf_counter()
    last = snapshot_tree(out)
    still_since = time.perf_counter()
    while time.perf_counter() - began < limit:
        if not watcher.alive():
            return False
        if stop is not None and stop.wait(0.25):
            return True
        if stop is None:
            time.sleep(0.25)
        now = snapshot_tree(out)
        if now != last:
            last, still_since = now, time.perf_counter()
        elif now and time.perf_counter() - still_since >= quiet:
            return True
    return False


def measure_watch(args, n2i: str, python: str, size: int, vault: Path, out: Path,
                  startup_limit: float, report: Report) -> None:
    label = size_label(size)
    help_run = run([n2i, "watch", "--help"], 60)
    if help_run.code != 0:
        report.rows.append(Row("one-note change → summaries (watch)", label,
                               "n/a (watch not available)", target="median ≤ 300 ms, p95 ≤ 1 s"))
        report.rows.append(Row("peak RSS, watcher", label, "n/a (watch not available)",
                               target="≤ 400 MB"))
        log(f"[{size}] watch: n/a (`n2i watch --help` exit {help_run.code})")
        return

    today = dt.date.today()
    note, day = pick_note(vault, today)
    iso = day.isocalendar()
    targets = [out / "weekly" / f"{iso[0]}-W{iso[1]:02d}.md", out / "commitments.md",
               out / "index.md"]
    backup_note(vault, note)
    log(f"[{size}] watch: editing {note.relative_to(vault)} (week {iso[0]}-W{iso[1]:02d})")
    watcher = Watcher(peak_rss.command(python, "watch", str(vault), "--out", str(out), "--quiet"))
    latencies: list[float] = []
    lates: list[str] = []
    timeouts = 0
    began = time.perf_counter()
    try:
        # ready: the "watching" line (printed once the start-up build is done); a watcher that
        # never prints it counts as idle once the output folder is quiet for 2 s
        deadline = time.perf_counter() + startup_limit
        ready_s = None
        while time.perf_counter() < deadline and watcher.alive():
            if watcher.watching.wait(0.25):
                ready_s = time.perf_counter() - began
                break
        if ready_s is None and watcher.alive() and out.exists():
            wait_quiet(out, 2.0, 2.5, watcher, watcher.watching)
        if not watcher.alive():
            raise RuntimeError(f"the watcher exited ({watcher.exit_code}): {watcher.stderr_tail()}")
        log(f"[{size}] watch: idle after {time.perf_counter() - began:.1f} s")
        if dt.date.today().isoformat() != TODAY:
            report.notes.append(f"{label}: the date changed during the run, so the watcher's "
                                "start-up rendered the new day's summaries (not a warm start).")
        report.rows.append(Row("watch start-up, warm cache (to its \"watching\" line)", label,
                               secs(ready_s) if ready_s is not None else "no \"watching\" line",
                               target="≤ 2 s", ok=ok(ready_s is not None and ready_s <= 2.0)))

        def write(i: int) -> float:
            with open(note, "a", encoding="utf-8") as f:
                stamp = time.perf_counter()
                f.write(edit_line(i))
            return stamp

        # calibration edit (not counted): which of the three files does an edit change? It
        # also proves the watcher is live (with --quiet and an unchanged output it may say
        # nothing while its initial build runs).
        before = {t: signature(t) for t in targets}
        cal_started = write(0)
        changed: set[Path] = set()
        cal_deadline = time.perf_counter() + startup_limit
        first_change = None
        while time.perf_counter() < cal_deadline and watcher.alive():
            changed = {t for t in targets if signature(t) != before[t]}
            if changed and first_change is None:
                first_change = time.perf_counter()
            if len(changed) == len(targets) or (
                    first_change and time.perf_counter() - first_change > 2.0):
                break
            time.sleep(0.005)
        if not changed:
            raise RuntimeError("no summary changed after an edit "
                               f"(waited {startup_limit:.0f} s)")
        first_save = first_change - cal_started if first_change is not None else None
        log(f"[{size}] watch: calibration edit seen after "
            f"{time.perf_counter() - cal_started:.1f} s (first summary rewritten after "
            f"{first_save:.2f} s)" if first_save is not None else "")
        if first_save is not None:  # the first save after start-up: not a sample, but felt
            report.steps.append(f"{label}: first save after watch start-up → first summary "
                                f"rewritten in {first_save:.2f} s")
        if ready_s is not None:
            # a warm start is watching before it has loaded what a save needs; the edit above
            # came meanwhile and waited. Its "ready:" line (printed when that took ≥ 1 s)
            # says how long the load took, counted from its start-up.
            wait_quiet(out, 1.0, 5.0, watcher)
            loaded = watcher.ready_in if watcher.ready_in is not None else ready_s
            report.rows.append(Row("watch start-up → ready for a save (its \"ready\" line, else \"watching\")",
                                   label, secs(loaded), target="—"))
        watched = [t for t in targets if t in changed]
        if len(watched) < len(targets):
            report.notes.append(
                f"{label}: an edit of {note.name} changed only "
                f"{', '.join(str(t.relative_to(out)) for t in watched)}; the watch latency "
                "waits for those.")
        wait_quiet(out, 1.0, 30.0, watcher)

        def arrived(before: dict, stamp: float, limit: float) -> float | None:
            while time.perf_counter() - stamp < limit and watcher.alive():
                if all(signature(t) != before[t] for t in watched):
                    return time.perf_counter() - stamp
                time.sleep(0.005)
            return None

        in_a_row = 0
        for i in range(1, args.samples + 1):
            before = {t: signature(t) for t in watched}
            stamp = write(i)
            took = arrived(before, stamp, 10.0)
            if took is not None:
                in_a_row = 0
                latencies.append(took)
                log(f"[{size}] watch sample {i}: {took * 1000:.0f} ms")
            else:
                # a timed-out edit counts as 10 s; wait for it to land so the next sample
                # does not see this one's update
                timeouts += 1
                in_a_row += 1
                latencies.append(10.0)
                late = arrived(before, stamp, startup_limit)
                late_text = f"{late:.1f} s" if late is not None else f"> {startup_limit:.0f} s"
                lates.append(late_text)
                log(f"[{size}] watch sample {i}: timeout (10 s); the update came after {late_text}")
                if in_a_row >= 3:
                    report.notes.append(f"{label}: watch: stopped after {in_a_row} timeouts "
                                        "in a row.")
                    break
            # a person saves a note at most every second or so: faster saves of one note are
            # an autosave burst, which the watcher deliberately waits out (Policy.burst_window
            # = 1 s, burst_settle = 0.5 s), and would be timed here as that wait
            wait_quiet(out, 1.0, max(15.0, startup_limit), watcher)
    except RuntimeError as exc:
        report.notes.append(f"{label}: watch: {exc}")
    finally:
        exit_after = watcher.interrupt(60.0)
        restore_note(vault)
    report.steps.append(f"{label}: watch measurement {time.perf_counter() - began:.1f} s")

    if lates:
        report.notes.append(f"{label}: watch: edits that timed out (counted as 10 s) reached "
                            f"the summaries after {', '.join(lates)}.")
    if latencies:
        ordered = sorted(latencies)
        median = statistics.median(ordered)
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
        extra = f" ({timeouts} of {len(ordered)} timed out)" if timeouts else ""

        def shown(value: float) -> str:
            return "≥ 10 s (timeout)" if value >= 10.0 else f"{value * 1000:.0f} ms"

        report.rows.append(Row(f"one-note change → summaries (watch), median of {len(ordered)}",
                               label, shown(median) + extra, target="≤ 300 ms",
                               ok=ok(median <= 0.3)))
        report.rows.append(Row(f"one-note change → summaries (watch), p95 of {len(ordered)}",
                               label, shown(p95), target="≤ 1 s", ok=ok(p95 <= 1.0)))
    else:
        report.rows.append(Row("one-note change → summaries (watch)", label, "failed",
                               target="median ≤ 300 ms, p95 ≤ 1 s", ok=ok(False)))
    report.rows.append(Row("peak RSS, watcher", label,
                           f"{watcher.rss / MB:.0f} MB" if watcher.rss else "?",
                           target="≤ 400 MB", ok=ok(watcher.rss <= 400 * MB) if watcher.rss else "—"))
    if exit_after is None:
        report.notes.append(f"{label}: the watcher had not exited 60 s after SIGINT (killed).")
        report.rows.append(Row("watcher exits on SIGINT", label, "> 60 s (killed)",
                               target="≤ 5 s", ok=ok(False)))
    else:
        report.rows.append(Row("watcher exits on SIGINT", label, secs(exit_after),
                               target="≤ 5 s", ok=ok(exit_after <= 5.0)))
        if watcher.exit_code:
            report.notes.append(f"{label}: the watcher exited with code {watcher.exit_code} "
                                f"after SIGINT: {watcher.stderr_tail()}")


def measure_startup(n2i: str, python: str, runs: int, report: Report) -> float | None:
    log(f"cold start: {runs} × `python -c pass`, `n2i --help`, `import notes2insight.cli` …")
    bare = median_run([python, "-c", "pass"], runs)
    helped = median_run([n2i, "--help"], runs)
    probe = run([python, "-c", "import notes2insight.cli"])
    imported = median_run([python, "-c", "import notes2insight.cli"], runs) if probe.code == 0 else None
    report.rows.append(Row(f"cold start `n2i --help` (median of {runs})", "—", secs(helped),
                           secs(bare), ratio(helped, bare), "≤ 0.3 s", ok(helped <= 0.3)))
    if imported is not None:
        report.rows.append(Row(f"start-up `python -c \"import notes2insight.cli\"` (median of {runs})",
                               "—", secs(imported), secs(bare), ratio(imported, bare)))
    return imported


# ---------------------------------------------------------------------------------------------

def find_n2i() -> str | None:
    for candidate in (Path(sys.executable).parent / "n2i", ROOT / ".venv" / "bin" / "n2i"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("n2i")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Example: python benchmarks/run.py --sizes 365,3650 --write")
    p.add_argument("--sizes", default="365,3650,36500",
                   help="comma-separated vault sizes in notes (default 365,3650,36500)")
    p.add_argument("--quick", action="store_true",
                   help="CI mode: 365 notes, 5 watch samples, fewer repeats")
    p.add_argument("--seed", default="1", help="vault seed (default 1)")
    p.add_argument("--work", type=Path, help="folder for vaults and outputs, kept and reused "
                   "(default: <tmp>/n2i-bench)")
    p.add_argument("--write", action="store_true",
                   help="also write the table to benchmarks/results-<sizes>.md")
    p.add_argument("--samples", type=int, default=15, help="watch edits to time (default 15)")
    p.add_argument("--repeat", type=int, default=1,
                   help="cold builds and cold floors per size; the median is reported (default 1)")
    p.add_argument("--nochange-repeat", type=int, default=3,
                   help="no-change builds per size; the median is reported (default 3)")
    p.add_argument("--startup-runs", type=int, default=10, help="runs for the cold start (default 10)")
    p.add_argument("--timeout", type=float, default=3600.0,
                   help="seconds before one build is stopped and reported as timed out (default 3600)")
    p.add_argument("--no-watch", action="store_true", help="skip the watch measurement")
    p.add_argument("--n2i", help="the n2i executable (default: next to this Python, else .venv/bin/n2i)")
    p.add_argument("--python", help="Python with the project's dependencies, for the floors "
                   "(default: the one beside n2i)")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = "365"
        args.samples = min(args.samples, 5)
        args.nochange_repeat = min(args.nochange_repeat, 2)
    try:
        sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes takes numbers such as 365,3650,36500")
    if not sizes or min(sizes) < 1 or args.samples < 1 or args.repeat < 1 or args.nochange_repeat < 1:
        p.error("need positive sizes, --samples, --repeat and --nochange-repeat")
    n2i = args.n2i or find_n2i()
    if not n2i:
        p.error("n2i not found: install the project (pip install -e .) or pass --n2i")
    python = args.python or (str(Path(n2i).parent / "python")
                             if (Path(n2i).parent / "python").exists() else sys.executable)
    work = (args.work or Path(tempfile.gettempdir()) / "n2i-bench").resolve()
    work.mkdir(parents=True, exist_ok=True)

    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # started in the background by a shell: children would inherit the ignored SIGINT
        # and the watcher could not be stopped with it
        signal.signal(signal.SIGINT, signal.default_int_handler)
    report = Report()
    started = time.perf_counter()
    import_s = measure_startup(n2i, python, args.startup_runs, report)
    for size in sizes:
        size_began = time.perf_counter()
        vault = ensure_vault(work, size, args.seed, report)
        out = work / f"out-{size}-seed{args.seed}"
        cold = measure_builds(args, n2i, python, size, vault, out, import_s, report)
        if args.no_watch:
            pass
        elif cold is None:
            report.rows.append(Row("one-note change → summaries (watch)", size_label(size),
                                   "skipped (cold build failed)", target="median ≤ 300 ms"))
        else:
            limit = max(60.0, 3 * cold.seconds)
            measure_watch(args, n2i, python, size, vault, out, limit, report)
        report.steps.append(f"{size_label(size)}: all measures took "
                            f"{time.perf_counter() - size_began:.0f} s")
    report.steps.append(f"whole run: {time.perf_counter() - started:.0f} s")

    table = report.table()
    print(table)
    extra = [f"- {n}" for n in report.notes]
    if extra:
        print()
        print("\n".join(extra))
    log("\n".join(["", "steps:", *(f"  {s}" for s in report.steps)]))
    if args.write:
        name = "results-" + "-".join(str(s) for s in sizes) + ".md"
        text = "\n".join([
            f"# n2i benchmark, vault sizes {', '.join(size_label(s) for s in sizes)}", "",
            f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}, "
            f"`--today {TODAY}`, vault seed {args.seed}, with "
            f"`python benchmarks/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`.",
            "", table, "",
            *(["Notes:", "", *extra, ""] if extra else []),
            "Steps:", "", *(f"- {s}" for s in report.steps), ""])
        (HERE / name).write_text(text, encoding="utf-8")
        log(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
