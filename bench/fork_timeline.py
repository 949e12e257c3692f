"""Where a forked cold build's time goes, process by process: who works while who waits.

    python bench/fork_timeline.py BLOG [--workers 2] [--bin 0.25]

BLOG is a copy of a blog (its public/ and .quillpress-cache/ are renamed aside first, so the
build is cold, and deleted only once it is over: `aside.py`; the script stops first if public/
holds a file QuillPress did not write, such as the site Hexo generated; copied into a folder
marked `chattr +T`, it is away from other processes' deletes too).
The build runs in this process as `build` runs it; a sampler reads the CPU time of this
process and of each descendant (forked workers, their Nodes) from /proc every 20 ms, and
the builder's stages are marked from outside (its methods wrapped, nothing changed inside).
Printed: one row per `--bin` seconds with each process's share of a core and the main
process's stage, then per pool each worker's fork, first item, items, CPU and end (the
workers take their chunks themselves: one ending well before another is a lane left to
one). A stage that got cheaper in one process but not in the forked build shows here as a
worker idle while the main process is at 100 %, or the other way about. Linux only.

The sampler is a forked process of its own, one real-time priority above the build when the
build runs under one (`chrt -f 5`): a sampler thread of this process waited for a core with
the FIFO workers holding both, so its rows went 0 %, 0 %, 500 % (bench/README.md, "5,000
posts, stop 39"). A worker's start is when it first ran: under FIFO a worker forked while
both cores are taken waits for one (the second page worker ~0.56 s, forked 3 ms after the
first), which is order, not an idle core.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import select
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from aside import Aside, put_build_aside

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quillpress.build import builder as B  # noqa: E402
from quillpress import cli  # noqa: E402
from quillpress.build import heap, split  # noqa: E402
from quillpress.commands import build as build_command  # noqa: E402
from quillpress.build.pages import PageMaker  # noqa: E402
from quillpress.build.state import BuildState  # noqa: E402
from quillpress.output.writer import Writer  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
STAGE = ["start-up"]
MARKS: list[tuple[float, str]] = []
LOG_DIR = Path(tempfile.mkdtemp(prefix="fork_timeline-"))
T0 = time.perf_counter()


def cpu_of(pid: int) -> tuple[float, str] | None:
    """CPU seconds so far and state (R running or waiting for a core, S/D waiting for work)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, fields[0]  # utime, stime; state


def descendants(pid: int) -> list[int]:
    """The process's children, theirs and so on: a forked render worker starts its own Node
    (KaTeX's, MathJax's), which only the children of the children show."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # ended since its parent listed it
        return found
    for task in tasks:
        try:
            kids = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


Sample = tuple[float, int, float, str]  # when, pid, CPU so far, state


def start_sampler() -> Callable[[], list[Sample]]:
    """Sample this process and its descendants from a forked process (see the module's
    docstring); the function returned stops it and gives its samples."""
    build = os.getpid()
    stop_read, stop_write = os.pipe()
    out_read, out_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(stop_write)
        os.close(out_read)
        code = 1
        try:
            _above_the_build()
            me, samples = os.getpid(), []
            while not select.select([stop_read], [], [], 0.02)[0]:
                now = time.perf_counter() - T0
                for seen in [build, *descendants(build)]:
                    found = cpu_of(seen) if seen != me else None
                    if found is not None:
                        samples.append((now, seen, *found))
            data = memoryview(json.dumps(samples).encode())
            while data:
                data = data[os.write(out_write, data):]
            code = 0
        finally:
            os._exit(code)
    os.close(stop_read)
    os.close(out_write)

    def stop() -> list[Sample]:
        os.close(stop_write)
        with os.fdopen(out_read, "rb") as answer:
            data = answer.read()
        with contextlib.suppress(ChildProcessError):  # reaped by a wait for any child
            os.waitpid(pid, 0)
        return [(at, seen, cpu, state) for at, seen, cpu, state in json.loads(data or b"[]")]
    return stop


def _above_the_build() -> None:
    """One real-time priority above the build's, when it has one (and this may raise it)."""
    policy = os.sched_getscheduler(0)
    if policy not in (os.SCHED_FIFO, os.SCHED_RR):
        return
    top = os.sched_get_priority_max(policy)
    with contextlib.suppress(OSError):
        os.sched_setscheduler(0, policy, os.sched_param(
            min(os.sched_getparam(0).sched_priority + 1, top)))


def mark(name: str) -> None:
    STAGE[0] = name
    MARKS.append((time.perf_counter() - T0, name))


def staged(owner: Any, attr: str, name: str) -> None:
    func = getattr(owner, attr)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = STAGE[0]
        mark(name)
        try:
            return func(*args, **kwargs)
        finally:
            mark(before)
    setattr(owner, attr, wrapper)


def staged_generator(owner: Any, attr: str, name: str) -> None:
    func: Callable[..., Iterator[Any]] = getattr(owner, attr)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        before = STAGE[0]
        mark(name)
        yield from func(*args, **kwargs)
        mark(before)
    setattr(owner, attr, wrapper)


def log_workers() -> None:
    """Each forked worker (build/split.py's children: the pools' and the split lane's) writes
    one line as it runs out of items: pool, fork, first item's start, end (perf_counter),
    CPU at those, items made."""
    child = split._child

    def wrapper(func: Any, items: Any, indexes: Any, out: split.Outbox, mask: Any) -> Any:
        row = {"pool": STAGE[0], "born": time.perf_counter() - T0, "born_cpu": time.process_time(),
               "n": 0}

        def logged() -> Iterator[int]:
            for index in indexes:
                if not row["n"]:
                    row.update(start=time.perf_counter() - T0, cpu0=time.process_time())
                row["n"] += 1
                yield index
            row.update(end=time.perf_counter() - T0, cpu1=time.process_time())
            if row["n"]:
                with open(LOG_DIR / f"{os.getpid()}.jsonl", "a") as log:
                    log.write(json.dumps(row) + "\n")
        return child(func, items, logged(), out, mask)
    split._child = wrapper  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blog", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bin", type=float, default=0.25)
    args = parser.parse_args()
    with Aside(args.blog) as aside:  # emptied when the build is done, or has failed
        put_build_aside(aside, args.blog)
        global T0
        T0 = time.perf_counter()
        staged(B.Builder, "_load_documents", "read")
        staged(B.Builder, "_render_documents", "bodies")
        staged(B, "build_site", "site")
        staged(B.Builder, "_collect_routes", "routes")
        staged(B.Builder, "_plan", "plan")
        staged_generator(PageMaker, "make_all", "pages")
        staged(Writer, "commit", "commit")
        staged(B.Builder, "_links_beside", "links")  # a one-off build's runs in a child from here
        staged(BuildState, "committed", "state")
        staged(B.Builder, "_manifest", "manifest")
        log_workers()
        stop_sampling = start_sampler()
        start_cpu = time.process_time()
        # As `build` runs it (cli.run, commands/build.py): the imports and the set-up frozen,
        # the collector off after the first stage (heap.settle), and the helper processes a
        # first build waits for started first (prestart.launch: the math plugin's Node, which
        # the corpus's formulas need). Without the first two this process collected all along,
        # which `build` does not (bench/README, "The serial stretches as `build` runs them":
        # the page records' save at c5000 took 0.33-0.38 s of CPU against 0.14 s); without the
        # third, Node started when the first formula wanted it.
        heap.one_command()
        cli._imports_done()
        command = argparse.Namespace(root=args.blog.resolve(), config_files=None, drafts=False)
        builder = build_command.make_builder(command, workers=args.workers, trust_manifest=True)
        result = builder.build()
        mark("end")
        report(stop_sampling(), args.bin)
        print(f"whole build: {time.perf_counter() - T0:.2f} s wall, main CPU "
              f"{time.process_time() - start_cpu:.2f} s; {result.written} files, ok={result.ok}")
        shutil.rmtree(LOG_DIR, ignore_errors=True)


def report(samples: list[Sample], width: float) -> None:
    me = os.getpid()
    first: dict[int, float] = {}
    last: dict[int, tuple[float, float]] = {}
    bins: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    waiting: dict[int, int] = defaultdict(int)  # samples found waiting (not runnable)
    seen: dict[int, int] = defaultdict(int)
    for at, pid, cpu, status in samples:
        seen[pid] += 1
        waiting[pid] += status != "R"
        if pid in last:
            bins[int(at / width)][pid] += cpu - last[pid][1]
        else:
            first[pid] = at
        last[pid] = (at, cpu)
    pids = sorted(first, key=lambda p: (p != me, first[p]))
    names = {pid: "main" if pid == me else f"p{pid}" for pid in pids}
    columns = [p for p in pids if p == me or last[p][1] > 0.05]
    print(f"{'t s':>6} {'stage':8} " + " ".join(f"{names[p]:>8}" for p in columns))
    marks = iter(MARKS)
    upcoming = next(marks, None)
    stage = "start-up"
    for index in range(max(bins) + 1 if bins else 0):
        while upcoming is not None and upcoming[0] < (index + 1) * width:
            stage = upcoming[1]
            upcoming = next(marks, None)
        row = bins.get(index, {})
        print(f"{index * width:6.2f} {stage:8} "
              + " ".join(f"{row.get(p, 0.0) / width * 100:7.0f}%" for p in columns))
    print("\nCPU s by process: " + ", ".join(f"{names[p]} {last[p][1]:.2f}" for p in columns))
    print("waiting (not runnable) s by process: " + ", ".join(
        f"{names[p]} {(last[p][0] - first[p]) * waiting[p] / seen[p]:.2f} of {last[p][0] - first[p]:.2f}"
        for p in columns))
    chunks: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for path in LOG_DIR.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            chunks[row["pool"]][int(path.stem)].append(row)
    for pool, workers in chunks.items():
        for pid, rows in sorted(workers.items()):
            for row in rows:
                print(f"{pool} worker {pid}: first ran at {row['born']:.2f} s, first item after "
                      f"{row['start'] - row['born']:.3f} s, {row['n']} items, CPU "
                      f"{row['cpu1'] - row['cpu0']:.2f} s ({(row['cpu1'] - row['cpu0']) / row['n'] * 1000:.2f} ms/item), "
                      f"ended at {row['end']:.2f} s")


if __name__ == "__main__":
    main()
