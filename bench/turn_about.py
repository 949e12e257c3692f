"""Cold builds of one blog by two checkouts, turn about: this checkout against `--against`.

    python bench/turn_about.py BLOG --against CHECKOUT [--pairs 7]

The issue's 5,000-post figure (BLOG = a c5000 corpus, `../shared/bench/gen_corpus.py`) moves by
seconds between runs on this machine, with the load and with the machine's speed that day, so a
change is judged by pairs: each checkout builds a fresh copy of BLOG in turn, whole command
(`build.py --quiet --cwd COPY build`, as a user runs it), and the ratio of each pair is read,
not two medians taken at different times. Every copy is made before the first timed build and
nothing is deleted until the last one has run: on this disk a build made after a large delete
pays for ext4's inode scan (`aside.py`). The copies live in a work folder of their own block
groups, deleted when the script ends; `--workdir` puts that folder elsewhere: on a tmpfs
(`--workdir /dev/shm`) the copies and the output they get never reach the disk, so the disk's
write-back of earlier builds' files (which took the same code from ~13 to ~18 s at stop 37)
is out of the figure, and what is left is the build's own CPU and the machine's.

Each checkout runs under its own venv's Python (`interpreter.py`). Printed: one line per build
(wall, user and system CPU of the command, its workers and the Node workers they leave behind:
`orphans.py`; and the seconds in which some task of the machine stalled on I/O meanwhile, from
Linux's pressure figures, `/proc/pressure/io`: a build that met the disk's write-back shows it
there), then per checkout the medians, the pair ratios this/other of wall and CPU with
their medians, and the peak RSS of the largest process of all the builds. Each checkout's
bytecode must be compiled first (README): a checkout that is not gets a warning naming the
command.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from aside import own_block_groups
from interpreter import python_of, warn_if_uncompiled
from orphans import adopt_orphans, reap_orphans

REPO = Path(__file__).resolve().parent.parent


class Run(NamedTuple):
    wall: float
    user: float
    system: float
    rss_mb: float
    io_stall: float | None  # seconds some task waited on I/O, machine-wide; None: no PSI here

    @property
    def cpu(self) -> float:
        return self.user + self.system


def io_stalled() -> float | None:
    """Seconds in which some task of the machine waited on I/O since boot (Linux's pressure
    stall information), or None where the kernel keeps none."""
    try:
        with open("/proc/pressure/io", encoding="ascii") as figures:
            some = figures.readline().split()
    except OSError:
        return None
    return int(some[-1].partition("=")[2]) / 1e6  # `total=` microseconds


def cold_build(checkout: Path, blog: Path) -> Run:
    """One whole `build` command on a copy no build has touched; CPU and RSS of its children,
    the Node workers its forked workers leave behind included (`orphans.py`)."""
    adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    stalled = io_stalled()
    start = time.perf_counter()
    done = subprocess.run([python_of(checkout), str(checkout / "build.py"), "--quiet", "--cwd", str(blog),
                           "build"], cwd=checkout, capture_output=True, text=True)
    wall = time.perf_counter() - start
    stalled_after = io_stalled()
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{checkout}: build of {blog} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return Run(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
               after.ru_maxrss / 1024,  # the largest child so far: both checkouts' builds
               None if stalled is None or stalled_after is None else stalled_after - stalled)


def summary(name: str, runs: list[Run]) -> str:
    return (f"{name:>8}: wall {statistics.median(r.wall for r in runs):6.2f} s "
            f"(min {min(r.wall for r in runs):.2f}, max {max(r.wall for r in runs):.2f}), "
            f"CPU {statistics.median(r.cpu for r in runs):6.2f} s "
            f"(user {statistics.median(r.user for r in runs):.2f}, "
            f"system {statistics.median(r.system for r in runs):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blog", type=Path, help="the blog to copy (never built itself)")
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the copies are made (default: the temporary folder); "
                             "/dev/shm takes the disk out of the figure")
    args = parser.parse_args()
    checkouts = {"this": REPO, "other": args.against.resolve()}
    for checkout in checkouts.values():
        warn_if_uncompiled(checkout)
    work = Path(tempfile.mkdtemp(prefix="turn_about-", dir=args.workdir))
    try:
        own_block_groups(work)
        copies = {(name, pair): work / f"{name}-{pair}" for pair in range(args.pairs) for name in checkouts}
        for copy in copies.values():  # all made before any is timed: no delete between builds
            shutil.copytree(args.blog, copy, symlinks=True, ignore=lambda folder, names: (
                {"public", ".quillpress-cache"} & set(names) if Path(folder) == args.blog else set()))
        os.sync()
        runs: dict[str, list[Run]] = {name: [] for name in checkouts}
        for pair in range(args.pairs):
            for name, checkout in checkouts.items():
                run = cold_build(checkout, copies[name, pair])
                runs[name].append(run)
                stall = "" if run.io_stall is None else f", I/O stall {run.io_stall:5.2f} s"
                print(f"pair {pair + 1} {name:>5}: wall {run.wall:6.2f} s, user {run.user:6.2f} s, "
                      f"system {run.system:5.2f} s{stall}", flush=True)
        for name, taken in runs.items():
            print(summary(name, taken))
        walls = [a.wall / b.wall for a, b in zip(runs["this"], runs["other"])]
        cpus = [a.cpu / b.cpu for a, b in zip(runs["this"], runs["other"])]
        print("pair ratios this/other, wall: " + ", ".join(f"{r:.2f}" for r in walls)
              + f" (median {statistics.median(walls):.3f}); CPU median {statistics.median(cpus):.3f}")
        print(f"peak RSS of the largest process (either checkout): {runs['this'][-1].rss_mb:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
