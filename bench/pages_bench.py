"""Making pages through the theme: CPU time of post pages and of list pages, per kind.

    python bench/pages_bench.py [--posts 1000] [--runs 5] [--against CHECKOUT] [--workdir DIR]
                                [--kinds]

The corpus (`../shared/bench/gen_corpus.py`, kept in --workdir) is built once, cold, so that
its body cache is full. Then a child process per checkout loads the model from that cache
and makes every page the theme renders, in-process (`PageMaker.make_all` with one worker),
`--runs` times: post pages (routes that show a document) and list pages (index pagination,
archives, tag and category pages) are timed apart, in CPU seconds of that process; with
`--kinds`, list pages are timed per kind (the first folder of their path: `archives`, `tags`,
`categories`; `index` for the home pages). Bodies,
the feed, the sitemap, the search index and writing files are not in these figures.

`--against` names another QuillPress checkout (`git worktree add ../before <commit>`): both
children are started once and run in lockstep, turn about, so that the machine's load falls
on both alike; each run's ratio this/other is taken from the two runs made one after the
other, and the median of those paired ratios is printed. The machine is shared: read medians
and ratios. Each child runs under its checkout's own venv's Python (`interpreter.py`). A run
includes the link check's reading of each page (it is done where the page is made) and making
the theme's fragments and memoised list entries, anew each run as in a build.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from interpreter import python_of

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"

# Runs in a child process with the checkout first on sys.path; makes every page once per
# line read from stdin and prints the CPU seconds of each kind, so that two checkouts' children
# can be run in lockstep.
CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quillpress.build.builder import Builder
from quillpress.build.progress import Progress
builder = Builder(Path(sys.argv[2]), workers=1)
builder.build_model()
by_kind = sys.argv[3] == "kinds"
home = builder.config["pagination_dir"] + "/"  # the home page's later pages

def kind(rel, route):
    if route.docs:
        return "post pages"
    if not by_kind:
        return "list pages"
    if rel == "index.html" or rel.startswith(home):
        return "index pages"
    return f"{rel.split('/')[0].removesuffix('.html')} pages"  # archives, tags, ..., 404

kinds = {"post pages": []}
for rel, route in builder.routes.items():
    if route.layouts and route.source is None and route.make is None and route.content is None:
        kinds.setdefault(kind(rel, route), []).append((rel, route))
print(json.dumps({name: len(todo) for name, todo in kinds.items()}), flush=True)
for _ in sys.stdin:
    times = {}
    for name, todo in kinds.items():
        start = time.process_time()
        for page in builder.pages.make_all(todo, builder.site, 1, Progress(enabled=False)):
            assert not isinstance(page.output, Exception), page.output
        times[name] = time.process_time() - start
    print(json.dumps(times), flush=True)
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


class Child:
    """One checkout's child process, its model loaded, making the pages when asked."""

    def __init__(self, checkout: Path, blog: Path, kinds: bool) -> None:
        self.process = subprocess.Popen([python_of(checkout), "-c", CHILD, str(checkout), str(blog),
                                         "kinds" if kinds else "two"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.pages: dict[str, int] = json.loads(self.stdout.readline())

    def run(self) -> dict[str, float]:
        self.stdin.write("go\n")
        self.stdin.flush()
        times: dict[str, float] = json.loads(self.stdout.readline())
        return times

    def close(self) -> None:
        self.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="runs per checkout")
    parser.add_argument("--against", type=Path, help="another checkout, measured turn about")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quillpress-bench"))
    parser.add_argument("--kinds", action="store_true",
                        help="list pages timed per kind (archives, tags, categories, index)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    blog = corpus(args.posts, args.workdir)
    checkouts = [REPO] + ([args.against.resolve()] if args.against else [])
    children = [Child(checkout, blog, args.kinds) for checkout in checkouts]
    times: list[list[dict[str, float]]] = [[] for _ in checkouts]
    for run in range(args.runs):  # turn about, the first to go alternating
        order = list(range(len(children)))
        for index in order if run % 2 == 0 else order[::-1]:
            times[index].append(children[index].run())
    for child in children:
        child.close()
    names = list(children[0].pages)
    for checkout, child, runs in zip(checkouts, children, times):
        print(f"{checkout}:")
        for name in names:
            cpu = [run[name] for run in runs]
            print(f"  {name} ({child.pages[name]}):".ljust(26) + f"median {statistics.median(cpu):.3f} s "
                  f"CPU (runs {', '.join(f'{c:.2f}' for c in cpu)})")
    if args.against:
        for name in [*names, "all"]:
            ratios = [sum(this.values()) / sum(other.values()) if name == "all"
                      else this[name] / other[name] for this, other in zip(*times)]
            print(f"this/other {name}: median of paired ratios {statistics.median(ratios):.2f} "
                  f"({', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
