"""Run `n2i` in a child that reports its own peak RSS: the benchmark's memory rows and the size
tests of the fault suite (tests/catalogue) use it.

wait4's `ru_maxrss` cannot be used for a child started from a large parent: at exec the kernel
records the peak of the address space being replaced, and a child started with vfork (Python's
subprocess) replaces its parent's, so every child "used" at least what its parent had (a build
that peaks at 105 MB read 239 MB when started from pytest). `VmHWM` is the peak of the address
space after exec; a cold build's forked workers count through `RUSAGE_CHILDREN` (their own
peaks: they fork from n2i and never exec).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "N2I_PEAK_FILE"

HOOK = f"""
import atexit, os, resource, sys
def _report_peak():
    try:
        with open("/proc/self/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        kb = max(kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        with open(os.environ["{ENV}"], "w") as f:
            f.write(str(kb))
    except (OSError, StopIteration, KeyError):
        pass
atexit.register(_report_peak)
sys.argv[0] = "n2i"
from notes2insight.cli import main
sys.exit(main())
"""


def command(python: str, *args: str) -> list[str]:
    """`n2i *args`, run by `python`, reporting its peak to the file named in the environment."""
    return [python, "-c", HOOK, *args]


def environment(peak_file: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    return {**(os.environ if base is None else base), ENV: str(peak_file)}


def read_peak_kb(peak_file: Path) -> int | None:
    """The child's own peak RSS in KiB, or None (no /proc, or the child was killed)."""
    try:
        return int(peak_file.read_text())
    except (OSError, ValueError):
        return None
