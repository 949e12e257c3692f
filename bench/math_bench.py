"""Math benchmark: cold formulas/s in one process, warm rebuild, 1,000-post cold build.

    .venv/bin/python bench/math_bench.py [--runs 3] [--posts 1000]

1. Cold formulas/s: a fresh process per run renders the 103 test formulas (tests/data) plus
   the shared corpus's formulas through the plugin's KaTeX engine (QuickJS VM start included).
2. Warm rebuild: the 1,000-post corpus built once, then again with a fresh body cache but the
   same formula cache: counts formulas sent to KaTeX (must be 0).
3. Cold build time of the 1,000-post corpus (`gen_corpus.py`, math in every post).
Figures are medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN_CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"
FORMULAS = REPO / "tests" / "data" / "math_formulas.tsv"

def cold_rate() -> float:
    """Formulas/s of one fresh process: start the VM, render each formula once."""
    code = r"""
import importlib.util, json, sys, time
from pathlib import Path
root = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("mathplugin", root / "plugins/math/__init__.py",
                                              submodule_search_locations=[str(root / "plugins/math")])
module = importlib.util.module_from_spec(spec); sys.modules["mathplugin"] = module
spec.loader.exec_module(module)
from mathplugin.katex import KatexEngine, find_katex
from mathplugin.engine import MathError
rows = json.loads(sys.stdin.read())
start = time.perf_counter()
engine = KatexEngine(find_katex([root]))
engine.reset({})
for display, tex in rows:
    try:
        engine.render(tex, display)
    except MathError:
        pass
print(len(rows) / (time.perf_counter() - start))
"""
    rows = [(line.split("\t")[0] == "D", line.rstrip("\n").split("\t")[2])
            for line in FORMULAS.read_text().splitlines() if line and not line.startswith("#")]
    out = subprocess.run([sys.executable, "-c", code, str(REPO)], input=json.dumps(rows),
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def count_renders() -> dict[str, int]:
    """Wrap KaTeX's render so every formula sent to the engine is counted (this process)."""
    counter = {"n": 0}
    module = sys.modules["quillpress_plugin_math.katex"]
    original = module.KatexEngine.render

    def counted(self, tex: str, display: bool) -> str:  # type: ignore[no-untyped-def]
        counter["n"] += 1
        return original(self, tex, display)
    module.KatexEngine.render = counted
    return counter


def build(corpus: Path, cache: Path, workers: int | None = None) -> tuple[float, object]:
    from quillpress.builder import Builder
    out = Path(tempfile.mkdtemp(prefix="qp-math-out-"))
    start = time.perf_counter()
    builder = Builder(corpus, overrides={"public_dir": str(out / "site")}, cache_dir=cache,
                      workers=workers)
    result = builder.build()
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    rates = [cold_rate() for _ in range(args.runs)]
    print(f"cold KaTeX formulas/s (one process, 103 formulas): median {statistics.median(rates):.0f}"
          f"  runs {[round(r) for r in rates]}")

    work = Path(tempfile.mkdtemp(prefix="qp-math-bench-"))
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(GEN_CORPUS), "--posts", str(args.posts), "--out",
                    str(corpus)], check=True, capture_output=True)
    times = []
    for run in range(args.runs):
        cache = work / f"cache-{run}"
        seconds, result = build(corpus, cache)
        assert result.ok, result.problems.errors  # type: ignore[attr-defined]
        times.append(seconds)
    print(f"cold build, {args.posts} posts (math in every post): median {statistics.median(times):.2f} s"
          f"  runs {[round(t, 2) for t in times]}")

    # warm rebuild: bodies re-rendered (fresh body cache), formulas from the formula cache
    shutil.copytree(work / "cache-0" / "math", work / "warm" / "math")
    counter = count_renders()
    seconds, result = build(corpus, work / "warm", workers=1)
    print(f"rebuild with a warm formula cache: {counter['n']} formulas rendered "
          f"({seconds:.2f} s, bodies re-rendered in one process)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
