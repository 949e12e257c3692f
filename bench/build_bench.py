"""Cold and warm `build` times and peak memory on the shared Hexo-style corpora.

    python bench/build_bench.py [--posts 1000 5000] [--runs 3]

Each run is a fresh process building a generated corpus into an empty output folder with an
empty cache (cold), then again with nothing changed (warm), then after appending a paragraph
to one post (one edit), each the way `python build.py build` does it. Times are inside the
process (add ~0.4 s of Python start-up for the whole command). Medians are printed, with
the peak RSS of the main process and of the largest render worker.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"

# Runs in a child process so every measurement starts cold (imports, JS engines, caches).
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quillpress.builder import Builder
start = time.perf_counter()
builder = Builder(Path(sys.argv[2]), overrides={"public_dir": sys.argv[3]},
                  cache_dir=Path(sys.argv[4]), trust_manifest=True)  # as `build` does
result = builder.build()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "ok": result.ok, "written": result.written,
                  "rendered_docs": result.rendered_docs, "rendered_routes": result.rendered_routes,
                  "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def corpus(posts: int, workdir: Path) -> Path:
    out = workdir / f"corpus-{posts}"
    if not out.exists():
        subprocess.run([sys.executable, str(GEN), "--posts", str(posts), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def build_once(blog: Path, public: Path, cache: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(REPO), str(blog), str(public), str(cache)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(posts: int, runs: int, workdir: Path) -> dict[str, object]:
    blog = corpus(posts, workdir)
    cold, warm, edit = [], [], []
    post = blog / "source" / "_posts" / "post-00001.md"
    original = post.read_text(encoding="utf-8")
    for run in range(runs):
        public, cache = workdir / "site", workdir / "cache"
        shutil.rmtree(public, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(build_once(blog, public, cache))
        warm.append(build_once(blog, public, cache))
        post.write_text(original + f"\nEdited paragraph {run}.\n", encoding="utf-8")
        edit.append(build_once(blog, public, cache))
        post.write_text(original, encoding="utf-8")
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    return {"posts": posts, "cold_s": med(cold, "seconds"), "warm_s": med(warm, "seconds"),
            "one_edit_s": med(edit, "seconds"), "one_edit_rendered_docs": med(edit, "rendered_docs"),
            "cold_rss_main_mb": med(cold, "rss_main_mb"), "cold_rss_worker_mb": med(cold, "rss_worker_mb"),
            "warm_rendered_docs": med(warm, "rendered_docs"), "warm_written": med(warm, "written"),
            "files": cold[0]["written"], "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep corpora in this folder")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="qp-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{'posts':>6} {'cold s':>8} {'warm s':>8} {'1 edit s':>8} {'main MB':>8} {'worker MB':>9} {'files':>6}")
    for posts in args.posts:
        row = measure(posts, args.runs, workdir)
        print(f"{row['posts']:>6} {row['cold_s']:>8.2f} {row['warm_s']:>8.2f} {row['one_edit_s']:>8.2f} "
              f"{row['cold_rss_main_mb']:>8.0f} {row['cold_rss_worker_mb']:>9.0f} {row['files']:>6}",
              flush=True)
        print("  " + json.dumps(row))
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
