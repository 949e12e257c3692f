"""Bytes a reader downloads for a first search query, on the shared generated corpora.

    python bench/search_bytes.py [--posts 1000 5000] [--keep DIR] [--pagefind]

Builds each corpus, then in headless Chromium opens a fresh page per query, presses `/` and
types the query one key at a time (each keystroke searches, as a reader's does), and sums
the index files fetched until the results show: QuillPress's chunked index (manifest,
buckets, and the files holding the entries of the first screenful of results, 10; the others
are fetched as the list is scrolled). "one file" is what the earlier single search.json
cost: the same document entries in one array, downloaded whole. With --pagefind, Pagefind (PyPI
`pagefind[extended]`) indexes the built posts and a bench-only page runs the same query
through its API, fetching the data of the first 30 results (what our dialog shows): every
file under /pagefind/ counts, its runtime and WebAssembly included. "results" is what each
finds (at most 30 for the dialogs, all matches for Pagefind); for "one file" it is counted
the way its dialog matched, by substring, to compare how much each design finds.

Sizes are as sent without compression and gzipped (a server's usual encoding; Pagefind's
index files are gzipped already, so for them the smaller of the two counts).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build_bench import corpus  # noqa: E402  (same generated corpora)
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402
from quillpress.build.builder import Builder  # noqa: E402

QUERIES = ("python", "performance cache", "并发", "复杂度", "数据 python")
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
window.run = async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const found = await pagefind.search(query);
  const shown = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  return [found.results.length, shown.map((d) => d.meta.title)];
};
</script>"""


def build(blog: Path, site: Path, cache: Path) -> None:
    result = Builder(blog, overrides={"public_dir": str(site)}, cache_dir=cache).build()
    if not result.ok:
        raise SystemExit(f"the build of {blog} failed")


def sizes(bodies: list[bytes]) -> tuple[int, int]:
    """(raw bytes, gzip bytes), gzip never larger than the raw file (already compressed)."""
    return sum(map(len, bodies)), sum(min(len(b), len(gzip.compress(b))) for b in bodies)


def one_file(site: Path) -> tuple[tuple[int, int], list[dict[str, object]]]:
    """The single-file index as it was (every document entry in one JSON array): its size,
    and the entries."""
    meta = json.loads((site / "search.json").read_text(encoding="utf-8"))
    files = range(0, meta["docs"], meta["group"])
    entries = [e for n in files for e in json.loads(
        (site / "search" / f"g{n // meta['group']}.json").read_text(encoding="utf-8"))["entries"]][::-1]
    one = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return sizes([one.encode()]), entries


def substring_results(entries: list[dict[str, object]], query: str) -> int:
    """Results the single-file dialog showed: entries holding every word of the query as a
    substring of the lower-cased title, tags, categories or text; at most 30."""
    words = query.lower().split()
    found = 0
    for entry in entries:
        labels = [*entry.get("tags", []), *entry.get("categories", [])]  # type: ignore[misc]
        hay = " ".join(map(str, [entry["title"], *labels, entry.get("text", "")])).lower()
        found += all(word in hay for word in words)
    return min(found, 30)


def first_query(browser, url: str, query: str, pagefind: bool) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, results) fetched by a fresh page for its first query."""
    page = browser.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    if pagefind:
        page.goto(url + "pagefind-bench.html", wait_until="networkidle")
        count, _ = page.evaluate("q => window.run(q)", query)
        marker = "/pagefind/"
    else:
        page.goto(url, wait_until="networkidle")
        page.keyboard.press("/")
        page.keyboard.type(query, delay=30)
        page.wait_for_function("document.querySelector('.qp-search-status').textContent !== ''"
                               " && !document.querySelector('.qp-search-status').textContent"
                               ".startsWith('Loading')")
        page.wait_for_load_state("networkidle")
        status = page.locator(".qp-search-status").text_content() or ""
        count = int(status.split()[0]) if status.endswith(" results") else 0  # shown or not yet
        marker = "/search"
    bodies = [r.body() for r in responses if marker in r.url and r.ok]
    page.close()
    return (*sizes(bodies), count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep corpora and sites here")
    parser.add_argument("--pagefind", action="store_true", help="also index with Pagefind and measure it")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="qp-search-bytes-"))
    workdir.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright
    print(f"{'posts':>6} {'design':<10} {'query':<18} {'KB':>8} {'KB gzip':>8} {'results':>7}")
    for posts in args.posts:
        site = workdir / f"site-{posts}"
        build(corpus(posts, workdir), site, workdir / f"cache-{posts}")
        (raw, packed), entries = one_file(site)
        for query in QUERIES:
            print(f"{posts:>6} {'one file':<10} {query:<18} {raw / 1e3:>8.0f} {packed / 1e3:>8.0f} "
                  f"{substring_results(entries, query):>7}")
        designs = [("chunked", False)]
        if args.pagefind and not (site / "pagefind" / "pagefind.js").exists():  # kept: reused
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob",
                            "20*/**/*.html", "--output-subdir", "pagefind"], check=True,
                           stdout=subprocess.DEVNULL)
        if args.pagefind:
            (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
            designs.append(("pagefind", True))
        server, url = serve_folder(site)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, pagefind in designs:
                    for query in QUERIES:
                        raw, packed, count = first_query(browser, url, query, pagefind)
                        print(f"{posts:>6} {name:<10} {query:<18} {raw / 1e3:>8.0f} "
                              f"{packed / 1e3:>8.0f} {count:>7}", flush=True)
                browser.close()
        finally:
            server.shutdown()
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
