"""What related posts cost: per build, and how it grows with the number of posts.

    python bench/related_bench.py [--posts 5000] [--runs 3] [--blog CORPUS]

Builds the model of a generated corpus once, then times, as medians of `--runs`:
- the terms of every post, read from scratch (a cold build pays this once, spread over the
  render workers; later builds find them in the render cache and redo only edited posts);
- ranking alone on the first 1/5, 2/5 … 5/5 of the posts, to show the growth is linear;
- the whole after_site step with a warm term cache (what every build and every `serve`
  rebuild pays).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from build_bench import corpus  # noqa: E402  (same generated corpora)
from quillpress.builder import Builder  # noqa: E402


def median_ms(func, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--blog", type=Path, help="an existing corpus instead of generating one")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="qp-bench-related-"))
    try:
        blog = args.blog or corpus(args.posts, workdir)
        builder = Builder(blog, overrides={"public_dir": str(workdir / "site")}, cache_dir=workdir / "cache")
        assert builder.build_model().ok
        plugin = sys.modules["quillpress_plugin_related"]
        rank, terms = sys.modules["quillpress_plugin_related.rank"], sys.modules["quillpress_plugin_related.terms"]
        posts = builder.site.posts
        cold = median_ms(lambda: [terms.terms(str(p.title), p.text) for p in posts], args.runs)
        words = [terms.terms(str(p.title), p.text) for p in posts]
        items = [plugin._item(p, w) for p, w in zip(posts, words)]
        print(f"{len(posts)} posts: terms of every post from scratch {cold:.0f} ms", flush=True)
        for fifth in range(1, 6):
            part = items[: len(items) * fifth // 5]
            ms = median_ms(lambda part=part: rank.related(part, 5), args.runs)
            print(f"  ranking {len(part)} posts: {ms:.0f} ms ({ms / len(part) * 1000:.0f} µs per post)", flush=True)
        attach = next(func for _, owner, func in builder.extensions.handlers["after_site"]
                      if owner.name == "related")
        warm = median_ms(lambda: attach(site=builder.site), args.runs)
        print(f"  after_site with a warm term cache: {warm:.0f} ms", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
