"""Cold builds of one blog by two checkouts, turn about: this checkout against `--against`.

    python bench/turn_about.py BLOG --against CHECKOUT [--pairs 7]

The issue's 5,000-post figure (BLOG = a c5000 corpus, `../shared/bench/gen_corpus.py`) moves by
seconds between runs on this machine, with the load and with the machine's speed that day, so a
change is judged by pairs: each checkout builds a fresh copy of BLOG in turn, whole command
(`build.py --quiet --cwd COPY build`, as a user runs it), and the ratio of each pair is read,
not two medians taken at different times. Every copy is made before the first timed build and
nothing is deleted until the last one has run: on this disk a build made after a large delete
pays for ext4's inode scan (`aside.py`). The copies live in a work folder of their own block
groups, deleted when the script ends.

Each checkout runs under its own venv's Python (`interpreter.py`). Printed: one line per build
(wall, user and system CPU of the command, its workers and the Node workers they leave behind:
`orphans.py`), then per checkout the medians, the pair ratios this/other of wall and CPU with
their medians, and the peak RSS of the largest process of all the builds. Each checkout's
bytecode must be compiled first (README).
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
from interpreter import python_of
from orphans import adopt_orphans, reap_orphans

REPO = Path(__file__).resolve().parent.parent


class Run(NamedTuple):
    wall: float
    user: float
    system: float
    rss_mb: float

    @property
    def cpu(self) -> float:
        return self.user + self.system


def cold_build(checkout: Path, blog: Path) -> Run:
    """One whole `build` command on a copy no build has touched; CPU and RSS of its children,
    the Node workers its forked workers leave behind included (`orphans.py`)."""
    adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([python_of(checkout), str(checkout / "build.py"), "--quiet", "--cwd", str(blog),
                           "build"], cwd=checkout, capture_output=True, text=True)
    wall = time.perf_counter() - start
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{checkout}: build of {blog} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return Run(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
               after.ru_maxrss / 1024)  # the largest child so far: both checkouts' builds


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
    args = parser.parse_args()
    checkouts = {"this": REPO, "other": args.against.resolve()}
    work = Path(tempfile.mkdtemp(prefix="turn_about-"))
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
                print(f"pair {pair + 1} {name:>5}: wall {run.wall:6.2f} s, user {run.user:6.2f} s, "
                      f"system {run.system:5.2f} s", flush=True)
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
