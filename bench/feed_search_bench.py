"""What the feed, sitemap and search plugins cost: per build, in bytes, and per keystroke.

    python bench/feed_search_bench.py [--posts 1000 5000] [--runs 5]

Builds a generated corpus once (warm model), then times each plugin generator alone,
making its files (a build does that whenever a post they show changed),
reports the size of the whole search index (manifest, buckets and document files, raw and
gzip, as a server would send them; a query fetches only some of it, see search_bytes.py),
and in headless Chromium the time to load the manifest when the dialog first opens and the
time from typing an English or a Chinese query to its results, fetches included. Medians
of `--runs`.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build_bench import corpus  # noqa: E402  (same generated corpora)
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402
from quillpress.builder import Builder  # noqa: E402

GENERATORS = ("feed", "sitemap", "search.index")
QUERIES = ("python", "数据")


def generator_times(builder: Builder, runs: int) -> dict[str, float]:
    found = dict(builder.extensions.generators)
    times = {}
    for name in GENERATORS:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            for route in found[name](builder.site):
                route.content if route.make is None else route.make()
            samples.append(time.perf_counter() - start)
        times[name] = statistics.median(samples) * 1000
    return times


def browser_times(site: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    server, url = serve_folder(site)
    results: dict[str, list[float]] = {"open_ms": [], **{q: [] for q in QUERIES}}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                page = browser.new_page()
                page.goto(url, wait_until="networkidle")
                start = time.perf_counter()
                page.keyboard.press("/")
                page.wait_for_function("document.querySelector('.qp-search-status').textContent === ''")
                results["open_ms"].append((time.perf_counter() - start) * 1000)
                for query in QUERIES:
                    # Time inside the page: input event to the results list redrawn.
                    ms = page.evaluate("""(q) => new Promise((done) => {
                        const i = document.querySelector('.qp-search-input');
                        const list = document.querySelector('.qp-search-results');
                        const t = performance.now();
                        new MutationObserver(() => done(performance.now() - t))
                            .observe(list, { childList: true });
                        i.value = q; i.dispatchEvent(new Event('input')); })""", query)
                    results[query].append(ms)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return {key: statistics.median(values) for key, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="qp-bench-search-"))
    try:
        for posts in args.posts:
            blog = corpus(posts, workdir)
            public = workdir / f"site-{posts}"
            builder = Builder(blog, overrides={"public_dir": str(public)}, cache_dir=workdir / f"cache-{posts}")
            assert builder.build().ok
            gens = generator_times(builder, args.runs)
            index = b"".join(p.read_bytes() for p in [public / "search.json",
                                                         *sorted((public / "search").iterdir())])
            browser = browser_times(public, args.runs)
            print(f"{posts} posts: " + ", ".join(f"{k} {v:.0f} ms" for k, v in gens.items())
                  + f"; search index {len(index) / 1e6:.1f} MB ({len(gzip.compress(index)) / 1e6:.1f} MB gzip)"
                  + f"; browser: open+load {browser['open_ms']:.0f} ms, "
                  + ", ".join(f"query {q!r} {browser[q]:.1f} ms" for q in QUERIES), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
