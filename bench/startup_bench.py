"""The fixed start-up: the demo blog (`content/` + `_config.yml`) built by the whole command.

    python bench/startup_bench.py [--runs 5] [--imports 15] [--against CHECKOUT] [--realtime]

Copies the demo blog to a temporary folder and runs `python build.py --cwd DIR build` there:
cold (no output folder, no cache: the last ones renamed aside), then with nothing changed (warm), and `--help`, each
`--runs` times. Prints medians of wall time and of CPU time (user+sys of the command and any
process it started): the machine is shared, so CPU time is the steadier figure.

Then cold builds in a child process that times each stage (imports, config and set-up,
model, render, routes, write), and the modules that take longest to import (`-X importtime`).

The same cold build is then timed milestone by milestone, from the command's spawn: the
main process's stages, and the first and last body of each lane (the main process and a
forked worker), to show who waits for whom.

`--against` names another QuillPress checkout (an older commit: `git worktree add ../before
<commit>`): both are measured turn about, run by run, so that the machine's load falls on both
alike, and the ratios this/other are printed. Each checkout runs under its own venv's Python
when it has one (`interpreter.py`: set-up may have compiled dependencies into one and not the other).

`--realtime` runs every timed command under `chrt -f 5` (Linux, root or CAP_SYS_NICE): the
build and the processes it starts get the cores before other users' jobs, so that wall times
on a shared machine come near a quiet machine's (the split of a small build's bodies over two
cores shows only in wall time).

Every command may write Python's bytecode caches (`__pycache__/`, as a normal install does;
PYTHONDONTWRITEBYTECODE is unset), and one untimed build writes them first: otherwise every
edited module would be compiled again in every run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aside import Aside, own_block_groups
from interpreter import python_of

REPO = Path(__file__).resolve().parent.parent
DEMO = ["content", "_config.yml", "scaffolds"]
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
PREFIX: list[str] = []  # ["chrt", "-f", "5"] with --realtime

# Runs in a child process: a cold build with each stage's wall and CPU time.
STAGES = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
sys.argv[0] = str(Path(sys.argv[1]) / "build.py")
times = {}
def clock():
    return time.perf_counter(), time.process_time()
def timed(name, func):
    def wrapper(*args, **kwargs):
        wall, cpu = clock()
        try:
            return func(*args, **kwargs)
        finally:
            now_wall, now_cpu = clock()
            old = times.get(name, (0.0, 0.0))
            times[name] = (old[0] + now_wall - wall, old[1] + now_cpu - cpu)
    return wrapper
wall, cpu = clock()
from quillpress.cli import main
from quillpress.build.builder import Builder
now_wall, now_cpu = clock()
times["imports"] = (now_wall - wall, now_cpu - cpu)
Builder.setup = timed("config, plugins, theme", Builder.setup)
Builder._load_documents = timed("read sources", Builder._load_documents)
Builder._render_documents = timed("render bodies", Builder._render_documents)
Builder._collect_routes = timed("routes (generators)", Builder._collect_routes)
Builder._write = timed("pages and write", Builder._write)
main(["--quiet", "--cwd", sys.argv[2], "build"])
total_wall, total_cpu = clock()
times["total after start"] = (total_wall - wall, total_cpu - cpu)
print(json.dumps(times))
"""


# Runs in a child process: a cold build with marks (ms since the runner spawned it, on the
# monotonic clock all processes share) at each milestone of the main process, and at each
# body rendered by it or by a forked worker (the bodies stage's two lanes).
TIMELINE = r"""
import json, os, sys, time
T0, OUT = float(os.environ["QP_TIMELINE_T0"]), os.environ["QP_TIMELINE_OUT"]
MAIN, marks = os.getpid(), []
def mark(name):
    marks.append((name, (time.perf_counter() - T0) * 1000, os.getpid() != MAIN))
mark("interpreter started")
sys.path.insert(0, sys.argv[1])
sys.argv[0] = os.path.join(sys.argv[1], "build.py")
import quillpress.cli as cli
mark("quillpress.cli imported")
import quillpress.build.prestart as prestart, quillpress.commands.build as command
def after(owner, name, label):
    func = getattr(owner, name)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            mark(label)
    setattr(owner, name, wrapper)
launch = prestart.launch
def launched(root, *rest):
    mark("blog found")
    launch(root, *rest)
    mark("Node started (prestart)")
    import quillpress.build.builder as builder
    mark("builder imported")
    after(builder.Builder, "setup", "config, plugins, theme set up")
    after(builder.Builder, "_load_documents", "sources read")
    after(builder.Builder, "_render_documents", "bodies rendered")
    after(builder.Builder, "_collect_routes", "routes collected")
    after(builder.Builder, "_write", "pages made and written")
    render_documents, render_body = builder.Builder._render_documents, builder.Builder._render_body
    def first(*args, **kwargs):
        mark("after_source handlers done")
        return render_documents(*args, **kwargs)
    def body(self, doc):
        mark("body start")
        try:
            return render_body(self, doc)
        finally:
            mark("body end")
            if os.getpid() != MAIN:  # a worker ends without atexit: saved after each body
                save()
    builder.Builder._render_documents = first
    builder.Builder._render_body = body
prestart.launch = launched
def save():
    with open(f"{OUT}.{os.getpid()}", "w") as file:
        json.dump(marks if os.getpid() == MAIN else [m for m in marks if m[2]], file)
import atexit
atexit.register(lambda: os.getpid() == MAIN and (mark("atexit handlers"), save()))
cli.run(["--quiet", "--cwd", sys.argv[2], "build"])
"""


def copy_demo(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in DEMO:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def run_once(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU includes the processes it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*PREFIX, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def clear(blog: Path) -> None:
    """The last build's output and cache put aside, not deleted just before a timed build
    (`aside.py`); the trash is in the temporary folder, deleted with it at the end."""
    Aside(blog).put(blog / "site", blog / ".quillpress-cache")


Medians = dict[str, tuple[float, float]]  # row → (wall s, CPU s)


def medians(rows: dict[str, list[tuple[float, float]]]) -> Medians:
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in rows.items()}


def measure(blog: Path, repos: list[Path], runs: int) -> list[Medians]:
    """Whole commands, for each checkout in turn within every run."""
    rows: list[dict[str, list[tuple[float, float]]]] = [
        {"cold build": [], "warm build (no change)": [], "--help": []} for _ in repos]
    for repo in repos:
        clear(blog)
        run_once([python_of(repo), str(repo / "build.py"), "--cwd", str(blog), "build"])  # __pycache__/
    for _ in range(runs):
        for repo, row in zip(repos, rows):
            command = [python_of(repo), str(repo / "build.py"), "--cwd", str(blog)]
            clear(blog)
            row["cold build"].append(run_once([*command, "build"]))
            row["warm build (no change)"].append(run_once([*command, "build"]))
            row["--help"].append(run_once([*command, "--help"]))
    return [medians(row) for row in rows]


def stages(blog: Path, repos: list[Path], runs: int) -> list[Medians]:
    """Each stage of a cold build, for each checkout in turn within every run."""
    rows: list[dict[str, list[tuple[float, float]]]] = [{} for _ in repos]
    for _ in range(runs):
        for repo, row in zip(repos, rows):
            clear(blog)
            proc = subprocess.run([*PREFIX, python_of(repo), "-c", STAGES, str(repo), str(blog)],
                                  capture_output=True, text=True, check=True, env=ENV)
            for name, times in json.loads(proc.stdout.strip().splitlines()[-1]).items():
                row.setdefault(name, []).append(tuple(times))
    return [medians(row) for row in rows]


def timeline(blog: Path, repos: list[Path], runs: int) -> list[dict[str, float]]:
    """Each milestone of a cold build, ms after the command was spawned, for each checkout
    in turn within every run: medians, in the order they come."""
    rows: list[dict[str, list[float]]] = [{} for _ in repos]
    for _ in range(runs):
        for repo, row in zip(repos, rows):
            clear(blog)
            start = time.perf_counter()
            env = {**ENV, "QP_TIMELINE_OUT": str(blog / "timeline"), "QP_TIMELINE_T0": repr(start)}
            subprocess.run([*PREFIX, python_of(repo), "-c", TIMELINE, str(repo), str(blog)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            run = {"process ended": (time.perf_counter() - start) * 1000}
            for file in blog.glob("timeline.*"):
                for name, at, in_worker in json.loads(file.read_text()):
                    lane = "worker" if in_worker else "main"
                    if name == "body start":  # a lane's first body starts, its last one ends
                        key = f"{lane}: first body starts"
                        run[key] = min(run.get(key, at), at)
                    elif name == "body end":
                        key = f"{lane}: last body ends"
                        run[key] = max(run.get(key, at), at)
                    else:
                        run.setdefault(name, at)
                file.unlink()
            for name, at in run.items():
                row.setdefault(name, []).append(at)
    return [dict(sorted(((name, statistics.median(values)) for name, values in row.items()),
                        key=lambda item: item[1])) for row in rows]


def table(title: str, results: list[Medians], names: list[str]) -> None:
    """One row per measurement: wall and CPU of each checkout, then CPU this/other."""
    head = "".join(f" {name + ' wall':>14} {name + ' CPU':>13}" for name in names)
    print(f"\n{title}\n{'':<24}{head}" + (f" {'CPU ratio':>10}" if len(results) > 1 else ""))
    for row in results[0]:
        cells = "".join(f" {r[row][0]:>14.3f} {r[row][1]:>13.3f}" for r in results)
        ratio = f" {results[0][row][1] / results[1][row][1]:>10.2f}" if len(results) > 1 else ""
        print(f"{row:<24}{cells}{ratio}")


def slowest_imports(blog: Path, count: int) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the top-level imports a cold build spends most on."""
    clear(blog)
    proc = subprocess.run([sys.executable, "-X", "importtime", str(REPO / "build.py"), "--quiet",
                           "--cwd", str(blog), "build"], capture_output=True, text=True,
                          check=True, env=ENV)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|")
        rows.append((int(total), int(own), name.rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", type=int, default=15, help="slowest imports to list")
    parser.add_argument("--against", type=Path, default=None, metavar="CHECKOUT",
                        help="another QuillPress checkout to measure turn about with this one")
    parser.add_argument("--realtime", action="store_true",
                        help="run the timed commands under `chrt -f 5` (see above)")
    args = parser.parse_args()
    if args.realtime:
        PREFIX[:] = ["chrt", "-f", "5"]
    repos = [REPO, *([args.against.resolve()] if args.against else [])]
    names = ["this", "other"][:len(repos)]
    with tempfile.TemporaryDirectory(prefix="qp-startup-") as tmp:
        own_block_groups(Path(tmp))
        blog = copy_demo(Path(tmp) / "demo")  # the trash goes beside it (`clear`), in tmp
        print(f"demo blog, medians of {args.runs}, seconds ({os.cpu_count()} cores"
              f"{', chrt -f 5' if PREFIX else ''})"
              + (f"; other = {repos[1]}" if len(repos) > 1 else ""))
        table("whole command", measure(blog, repos, args.runs), names)
        table("cold build by stage (in-process clock)", stages(blog, repos, args.runs), names)
        lines = timeline(blog, repos, args.runs)
        print(f"\ncold build, ms after the command was spawned (medians)\n{'':<44}"
              + "".join(f" {name:>8}" for name in names))
        for name in lines[0]:
            print(f"{name:<44}" + "".join(f" {line.get(name, float('nan')):>8.1f}" for line in lines))
        print(f"\nslowest imports of a cold build (-X importtime, ms)\n{'total':>7} {'self':>7}")
        for total, own, name in slowest_imports(blog, args.imports):
            print(f"{total / 1000:>7.1f} {own / 1000:>7.1f} {name}")


if __name__ == "__main__":
    main()
