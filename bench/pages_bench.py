"""Making pages through the theme: CPU time of post pages and of list pages, per kind.

    python bench/pages_bench.py [--posts 1000] [--runs 5] [--against CHECKOUT] [--workdir DIR]

The corpus (`../shared/bench/gen_corpus.py`, kept in --workdir) is built once, cold, so that
its body cache is full. Then a child process per checkout loads the model from that cache
and makes every page the theme renders, in-process (`PageMaker.make_all` with one worker),
`--runs` times: post pages (routes that show a document) and list pages (index pagination,
archives, tag and category pages) are timed apart, in CPU seconds of that process. Bodies,
the feed, the sitemap, the search index and writing files are not in these figures.

`--against` names another QuillPress checkout (`git worktree add ../before <commit>`): the
two are measured turn about, run by run, so the machine's load falls on both alike, and the
ratios this/other are printed. The machine is shared: read medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"

# Runs in a child process with the checkout first on sys.path.
CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quillpress.build.builder import Builder
from quillpress.build.progress import Progress
builder = Builder(Path(sys.argv[2]), workers=1)
builder.build_model()
kinds = {"post pages": [], "list pages": []}
for rel, route in builder.routes.items():
    if route.layouts and route.source is None and route.make is None and route.content is None:
        kinds["post pages" if route.docs else "list pages"].append((rel, route))
times = {name: [] for name in kinds}
for _ in range(int(sys.argv[3])):
    for name, todo in kinds.items():
        start = time.process_time()
        for page in builder.pages.make_all(todo, builder.site, 1, Progress(enabled=False)):
            assert not isinstance(page.output, Exception), page.output
        times[name].append(time.process_time() - start)
print(json.dumps({"pages": {name: len(todo) for name, todo in kinds.items()}, "cpu": times}))
"""


def corpus(posts: int, workdir: Path) -> Path:
    """The generated blog, built once cold by this checkout so its body cache is full."""
    out = workdir / f"pages-corpus-{posts}"
    if not out.exists():
        subprocess.run([sys.executable, str(GEN), "--posts", str(posts), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, str(REPO / "build.py"), "--quiet", "--cwd", str(out),
                        "build"], check=True)
    return out


def measure(checkout: Path, blog: Path, runs: int) -> dict[str, list[float]]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(checkout), str(blog), str(runs)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return {f"{name} ({result['pages'][name]})": cpu for name, cpu in result["cpu"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="runs per checkout")
    parser.add_argument("--against", type=Path, help="another checkout, measured turn about")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quillpress-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    blog = corpus(args.posts, args.workdir)
    checkouts = [REPO] + ([args.against.resolve()] if args.against else [])
    times: dict[Path, dict[str, list[float]]] = {c: {} for c in checkouts}
    for _ in range(args.runs):  # one run each, turn about
        for checkout in checkouts:
            for name, cpu in measure(checkout, blog, 1).items():
                times[checkout].setdefault(name, []).extend(cpu)
    for checkout in checkouts:
        print(f"{checkout}:")
        for name, cpu in times[checkout].items():
            print(f"  {name:<22} median {statistics.median(cpu):.3f} s CPU "
                  f"(runs {', '.join(f'{c:.2f}' for c in cpu)})")
    if args.against:
        this, other = times[REPO], times[args.against.resolve()]
        for name in this:
            ratio = statistics.median(this[name]) / statistics.median(other[name])
            print(f"this/other {name}: {ratio:.2f}")


if __name__ == "__main__":
    main()
