"""JavaScript chart bodies checked per second: this checkout against another, turn about.

    .venv/bin/python bench/chart_body_bench.py [--bodies 60] [--runs 5] [--baseline CHECKOUT]

Each run is a fresh process (under the checkout's own interpreter, `interpreter.py`) that
checks `--bodies` small JavaScript chart bodies through `body.js_option`, as a build's
render process does, then ends its checker child the way the build's end does (when the
checkout has `jsvm.end_checker`), so the child's CPU is waited for and counted. It prints
CPU (its own and its children's) and wall milliseconds per body; medians of `--runs`. 7eefb8a's
claim (one checker child per process instead of a fork per body) is measured here. The
machine is shared: compare the ratio from one run, not the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
from pathlib import Path

from interpreter import python_of

HERE = Path(__file__).resolve().parent.parent
CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from plugins.echarts import body, jsvm
bodies = int(sys.argv[2])
body.js_option("option = {series: []};")  # quickjs imported: a build pays it once, not per body
if hasattr(jsvm, "end_checker"):
    jsvm.end_checker()
start, wall = os.times(), time.perf_counter()
for n in range(bodies):
    body.js_option("option = {series: [{type: 'line', data: [1, %d]}]};" % n)
if hasattr(jsvm, "end_checker"):
    jsvm.end_checker()
end, wall = os.times(), time.perf_counter() - wall
cpu = sum(end[:4]) - sum(start[:4])
print(json.dumps({"cpu_ms": cpu * 1000 / bodies, "wall_ms": wall * 1000 / bodies}))
"""


def one_run(checkout: Path, bodies: int) -> dict[str, float]:
    """One fresh process of `checkout` checking `bodies` bodies: ms of CPU and wall a body."""
    done = subprocess.run([python_of(checkout), "-c", CHILD, str(checkout), str(bodies)],
                          cwd=checkout, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout, measured turn about")
    args = parser.parse_args()
    checkouts = [HERE] + ([args.baseline.resolve()] if args.baseline else [])
    results: dict[Path, list[dict[str, float]]] = {checkout: [] for checkout in checkouts}
    for _ in range(args.runs):
        for checkout in checkouts:
            results[checkout].append(one_run(checkout, args.bodies))
    for checkout, runs in results.items():
        cpu = statistics.median(run["cpu_ms"] for run in runs)
        wall = statistics.median(run["wall_ms"] for run in runs)
        print(f"{checkout}: {cpu:.2f} ms CPU, {wall:.2f} ms wall a body "
              f"(medians of {len(runs)}, {args.bodies} bodies a run)")


if __name__ == "__main__":
    main()
