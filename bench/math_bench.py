"""Math benchmark: cold formulas/s, KaTeX in Node vs QuickJS, real blogs, the math corpus.

    .venv/bin/python bench/math_bench.py [--runs 5] [--posts 1000] [--blog DIR ...]
                                         [--baseline CHECKOUT] [--node-only]

1. Cold formulas/s: a fresh process per run renders the 103 formulas of
   `../shared/math/formulas.tsv` (a copy is tests/data/math_formulas.tsv) from the moment the
   engine is made (Node worker or QuickJS VM start included), both KaTeX hosts alternately.
   Rates by wall time and by CPU time (this process + the Node worker, waited for). Then the
   same with the Node worker started and ready before the clock, as a cold build has it.
2. Per `--blog DIR` (copied to a temp folder; the blog is never touched):
   a. one in-process build (`--workers 1`) per KaTeX host: formula occurrences, formulas sent
      to the engines, wall seconds inside the engines;
   b. the engines alone on thousands of formulas: the KaTeX calls that build made (resets
      and renders, in order) replayed in a fresh process per host, CPU incl. the worker;
   c. the whole `build` command, cold (empty cache and output, default workers): wall and
      CPU of every process it started (a subreaper collects the orphaned Node workers of
      the forked render processes) and its formulas per second, and with `--baseline` the
      same for another checkout's build.py (each under its own venv's Python, `interpreter.py`),
      alternately, for before/after ratios in one run.
   `--node-only` leaves QuickJS out (its in-process build of a blog with thousands of
   formulas takes minutes).
3. `--posts N` (0 skips): the generated N-post corpus (math in every post) built cold, then
   rebuilt with a fresh body cache but the same formula cache (formulas rendered: must be 0).
Figures are medians of `--runs` runs. The machine is shared: compare CPU times and ratios
from the same run. Copies and outputs stay in one work folder, deleted only when the script
ends (`aside.py` says why: no build is timed right after a large delete).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aside import own_block_groups
from interpreter import python_of
from orphans import adopt_orphans, reap_orphans

REPO = Path(__file__).resolve().parent.parent
GEN_CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"
SHARED_FORMULAS = REPO.parent / "shared" / "math" / "formulas.tsv"
FORMULAS = SHARED_FORMULAS if SHARED_FORMULAS.is_file() else REPO / "tests/data/math_formulas.tsv"
HOSTS = ("node", "quickjs")
NOT_COPIED = shutil.ignore_patterns("node_modules", ".git", ".deploy_git", ".quillpress-cache",
                                    "public")


# -- in the child process --
def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _math_plugin() -> Any:
    """The math plugin's modules, loaded from REPO as the package `mathplugin`."""
    import importlib.util
    sys.path.insert(0, str(REPO))
    spec = importlib.util.spec_from_file_location(
        "mathplugin", REPO / "plugins/math/__init__.py",
        submodule_search_locations=[str(REPO / "plugins/math")])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mathplugin"] = module
    spec.loader.exec_module(module)
    return module


def child_replay(host: str, calls: list[list[Any]]) -> dict[str, float]:
    """Replay KaTeX calls (["reset", macros] / ["render", tex, display]) on `host`, timed from
    the engine's creation (VM or worker start included, Python's imports not); host
    "node-ready": the Node worker started and KaTeX loaded before the clock starts, as a
    cold build's prestart has it (quillpress/build/prestart.py; wall only)."""
    plugin = _math_plugin()
    error, katex, node, launch = (plugin.engine.MathError, plugin.katex, plugin.node_worker,
                                  plugin.launch)
    dist = launch.find_katex([REPO])
    worker = node.NodeWorker(launch.find_node(), dist) if host.startswith("node") else None
    if worker is not None and host == "node-ready":
        worker.start()
    ready = _when_ready(worker)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    engine = katex.KatexEngine(dist, worker)
    engine.send_ahead([tuple(call) for call in calls])  # as the renderer does with a post's
    rendered = 0
    for call in calls:
        if call[0] == "reset":
            engine.reset(call[1])
            continue
        try:
            engine.render(call[1], call[2])
        except error:
            pass
        rendered += 1
    wall = time.perf_counter() - wall0
    if worker is not None:
        worker.close()
    return {"formulas": rendered, "wall": wall, "ready": max(0.0, (ready[0] if ready else wall0) - wall0),
            "cpu": time.process_time() - cpu0 + _children_cpu()}


def _when_ready(worker: Any) -> list[float]:
    """Where the clock time of the worker's first reply (its ready line) will be put."""
    seen: list[float] = []
    if worker is not None:
        read = worker._read_reply

        def noted(seconds: float) -> Any:
            reply = read(seconds)
            if not seen:
                seen.append(time.perf_counter())
            return reply
        worker._read_reply = noted
    return seen


def child_blog(host: str, blog: Path, trace: Path) -> dict[str, Any]:
    """Build `blog` in this process with KaTeX on `host`; time the engines, record KaTeX's calls."""
    sys.path.insert(0, str(REPO))
    from quillpress.builder import Builder
    out = Path(tempfile.mkdtemp(prefix="qp-math-blog-", dir=blog.parent))  # kept: see main
    builder = Builder(blog, overrides={"public_dir": str(out / "site")}, cache_dir=out / "cache",
                      workers=1)
    renderer = builder.extensions.services["math.renderer"]
    if host == "quickjs":
        katex, launch = (sys.modules[f"quillpress_plugin_math.{name}"] for name in ("katex", "launch"))
        assert renderer.engines[0].name == "katex"
        renderer.engines[0] = katex.KatexEngine(launch.find_katex([REPO]))  # no worker
    seconds = {"katex": 0.0, "mathjax": 0.0}
    counts = {"katex": 0, "mathjax": 0, "occurrences": 0}
    calls: list[list[Any]] = []
    for engine in renderer.engines:
        _timed(engine, seconds, counts, calls)
    original = type(renderer).render_token

    def counted(self: Any, *args: Any) -> str:
        counts["occurrences"] += 1
        return original(self, *args)
    type(renderer).render_token = counted
    wall0 = time.perf_counter()
    result = builder.build()
    wall = time.perf_counter() - wall0
    trace.write_text(json.dumps(calls))
    return {"ok": result.ok, "wall": wall, "engine_seconds": seconds, **counts}


def _timed(engine: Any, seconds: dict[str, float], counts: dict[str, int],
           calls: list[list[Any]]) -> None:
    """Wrap one engine object's render/reset: wall time and count per engine, KaTeX's calls."""
    render, reset, name = engine.render, engine.reset, engine.name

    def timed_render(tex: str, display: bool) -> str:
        if name == "katex":
            calls.append(["render", tex, display])
        start = time.perf_counter()
        try:
            return str(render(tex, display))
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
            counts[name] = counts.get(name, 0) + 1

    def timed_reset(macros: dict[str, str]) -> None:
        if name == "katex":
            calls.append(["reset", macros])
        start = time.perf_counter()
        reset(macros)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
    engine.render, engine.reset = timed_render, timed_reset


# -- in the parent --
def run_child(*args: str, stdin: str = "") -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], input=stdin,
                         capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def formula_rows() -> list[list[Any]]:
    rows = [line.rstrip("\n").split("\t") for line in FORMULAS.read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    return [["reset", {}]] + [["render", tex, mode == "D"] for mode, _, tex in rows]


def median_runs(runs: int, measure: Any, hosts: tuple[str, ...] = HOSTS
                ) -> dict[str, list[dict[str, Any]]]:
    """`measure(host)` for each host, alternately, `runs` times."""
    results: dict[str, list[dict[str, Any]]] = {host: [] for host in hosts}
    for _ in range(runs):
        for host in hosts:
            results[host].append(measure(host))
    return results


def med(values: list[float]) -> float:
    return statistics.median(values)


def cold_rates(runs: int, hosts: tuple[str, ...]) -> None:
    rows = json.dumps(formula_rows())
    results = median_runs(runs, lambda host: run_child("replay", host, stdin=rows), hosts)
    for host in hosts:
        n = results[host][0]["formulas"]
        wall = [n / r["wall"] for r in results[host]]
        cpu = [n / r["cpu"] for r in results[host]]
        print(f"cold KaTeX on {host:7} ({n} formulas, fresh process): median {med(wall):.0f}/s wall,"
              f" {med(cpu):.0f}/s CPU  (wall runs {[round(x) for x in wall]})")
        if host == "node":
            to_ready = med([r["ready"] * 1000 for r in results[host]])
            print(f"  of its {n / med(wall) * 1000:.0f} ms: the worker's spawn, Node's start and "
                  f"KaTeX's load to its ready line {to_ready:.0f} ms, then the formulas")
    ready = [run_child("replay", "node-ready", stdin=rows) for _ in range(runs)]
    wall = [r["formulas"] / r["wall"] for r in ready]
    print(f"cold KaTeX on node, worker started before the clock (a build's prestart): median "
          f"{med(wall):.0f}/s wall  (runs {[round(x) for x in wall]})")


def whole_build(build_py: Path, copy: Path) -> dict[str, float]:
    """`build` of a fresh copy of a blog: wall, and CPU of every process it started."""
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run([python_of(build_py.parent), str(build_py), "--cwd", str(copy), "build"],
                   capture_output=True, check=False)
    wall = time.perf_counter() - start
    reap_orphans()
    return {"wall": wall, "cpu": _children_cpu() - before}


def blog_report(blog: Path, runs: int, baseline: Path | None, hosts: tuple[str, ...],
                root: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"{blog.name}-", dir=root))
    copy = work / "blog"
    shutil.copytree(blog, copy, ignore=NOT_COPIED, symlinks=True)
    trace = work / "katex-calls.json"
    print(f"\n{blog.name}")
    occurrences = 0
    for host in hosts:
        stats = run_child("blog", host, str(copy), str(trace))
        occurrences = stats["occurrences"]
        engines = stats["engine_seconds"]
        spent = sum(engines.values())
        print(f"  build --workers 1, KaTeX on {host:7}: {stats['occurrences']} formulas "
              f"({stats['katex']} to KaTeX, {stats['mathjax']} to MathJax, the rest from the "
              f"build's cache); {spent:.2f} s in the engines (KaTeX {engines['katex']:.2f}, "
              f"MathJax {engines.get('mathjax', 0):.2f}) = {stats['occurrences'] / spent:.0f} "
              f"formulas/s; build {stats['wall']:.1f} s wall")
    calls = trace.read_text()
    results = median_runs(runs, lambda host: run_child("replay", host, stdin=calls), hosts)
    cpu = {host: med([r["cpu"] for r in results[host]]) for host in hosts}
    n = results[hosts[0]][0]["formulas"]
    print(f"  KaTeX alone on the build's {n} formulas (fresh process, CPU incl. the worker): "
          + ", ".join(f"{host} {cpu[host]:.2f} s ({n / cpu[host]:.0f}/s)" for host in hosts)
          + (f": {cpu['quickjs'] / cpu['node']:.1f}×" if len(cpu) == 2 else ""))
    checkouts = {"this checkout": REPO / "build.py"}
    if baseline is not None:
        checkouts["baseline"] = baseline / "build.py"
    whole: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    copies = {(run, name): work / f"whole-{run}-{index}"  # each build's own, all made first
              for run in range(runs) for index, name in enumerate(checkouts)}
    for copy in copies.values():
        shutil.copytree(blog, copy, ignore=NOT_COPIED, symlinks=True)
    for (_, name), copy in copies.items():
        whole[name].append(whole_build(checkouts[name], copy))
    for name, rows in whole.items():
        wall, cpu_all = med([r['wall'] for r in rows]), med([r['cpu'] for r in rows])
        print(f"  whole `build` command, cold, {name}: median {wall:.1f} s wall, {cpu_all:.1f} s "
              f"CPU (all processes): {occurrences / wall:.0f} formulas/s wall, "
              f"{occurrences / cpu_all:.0f}/s CPU  "
              f"runs {[(round(r['wall'], 1), round(r['cpu'], 1)) for r in rows]}")


def count_renders() -> dict[str, int]:
    """Wrap KaTeX's render so every formula sent to the engine is counted (this process)."""
    counter = {"n": 0}
    module = sys.modules["quillpress_plugin_math.katex"]
    original = module.KatexEngine.render

    def counted(self: Any, tex: str, display: bool) -> str:
        counter["n"] += 1
        return str(original(self, tex, display))
    module.KatexEngine.render = counted
    return counter


def build(corpus: Path, cache: Path, workers: int | None = None) -> tuple[float, Any]:
    from quillpress.builder import Builder
    out = Path(tempfile.mkdtemp(prefix="out-", dir=corpus.parent))  # kept: see main
    start = time.perf_counter()
    builder = Builder(corpus, overrides={"public_dir": str(out / "site")}, cache_dir=cache,
                      workers=workers)
    result = builder.build()
    seconds = time.perf_counter() - start
    return seconds, result


def corpus_report(posts: int, runs: int, root: Path) -> None:
    sys.path.insert(0, str(REPO))
    work = Path(tempfile.mkdtemp(prefix="corpus-", dir=root))
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(GEN_CORPUS), "--posts", str(posts), "--out",
                    str(corpus)], check=True, capture_output=True)
    times = []
    for run in range(runs):
        seconds, result = build(corpus, work / f"cache-{run}")
        assert result.ok, result.problems.errors
        times.append(seconds)
    print(f"\ncold build, {posts} posts (math in every post): median {med(times):.2f} s"
          f"  runs {[round(t, 2) for t in times]}")
    # warm rebuild: bodies re-rendered (fresh body cache), formulas from the formula cache
    shutil.copytree(work / "cache-0" / "math", work / "warm" / "math")
    counter = count_renders()
    seconds, result = build(corpus, work / "warm", workers=1)
    print(f"rebuild with a warm formula cache: {counter['n']} formulas rendered "
          f"({seconds:.2f} s, bodies re-rendered in one process)")


def child_main(args: list[str]) -> None:
    if args[0] == "replay":
        print(json.dumps(child_replay(args[1], json.loads(sys.stdin.read()))))
    else:
        print(json.dumps(child_blog(args[1], Path(args[2]), Path(args[3]))))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--posts", type=int, default=1000, help="math corpus size (0: skip)")
    parser.add_argument("--blog", type=Path, action="append", default=[],
                        help="a real Hexo blog (copied; never modified)")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout whose build.py is timed beside this one")
    parser.add_argument("--node-only", action="store_true",
                        help="KaTeX in Node only: QuickJS takes minutes on a blog's thousands")
    args = parser.parse_args()
    hosts = ("node",) if args.node_only else HOSTS
    adopt_orphans()  # the Node workers of forked render processes come here (orphans.py)
    cold_rates(args.runs, hosts)
    root = Path(tempfile.mkdtemp(prefix="qp-math-bench-"))  # every copy and output, deleted last
    own_block_groups(root)
    try:
        for blog in args.blog:
            blog_report(blog.resolve(), args.runs, args.baseline, hosts, root)
        if args.posts:
            corpus_report(args.posts, min(args.runs, 3), root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
