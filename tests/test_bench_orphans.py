"""The benchmarks count the CPU of a build's orphans (bench/orphans.py): a forked render worker
leaves its Node behind, and a figure without that Node's CPU misjudged a change (stop 35)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"

# A command whose child forks a grandchild that burns ~0.3 s of CPU after its parent exited.
ORPHAN_MAKER = """
import os, time
if os.fork() == 0:
    if os.fork() == 0:
        end = time.process_time() + 0.3
        while time.process_time() < end:
            pass
    os._exit(0)
os.wait()
"""

# Times ORPHAN_MAKER as a benchmark does; prints the CPU seconds its children were charged.
TIMER = """
import resource, subprocess, sys
sys.path.insert(0, sys.argv[1])
import orphans
if sys.argv[2] == "adopt":
    orphans.adopt_orphans()
before = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run([sys.executable, "-c", sys.argv[3]], check=True)
orphans.reap_orphans()
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
"""


def charged(mode: str) -> float:
    out = subprocess.run([sys.executable, "-c", TIMER, str(BENCH), mode, ORPHAN_MAKER],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


@pytest.mark.skipif(sys.platform != "linux", reason="a child subreaper is Linux's")
def test_an_orphans_cpu_counts_once_it_is_adopted() -> None:
    assert charged("adopt") >= 0.25
    assert charged("no") < 0.25  # without it, the orphan's CPU reaches no one
