"""A cold build's time and memory by stage, in-process: where a big site's build goes.

    python bench/stage_bench.py BLOG [--workers 2]

BLOG is a copy of a blog (its public/ and .quillpress-cache/ are renamed aside first, so the
build is cold, and deleted only once it is over: `aside.py`; the script stops first if public/
holds a file QuillPress did not write, such as the site Hexo generated; copied into a folder
marked `chattr +T`, it is away from other processes' deletes too).
Each stage of the pipeline is timed from outside (the builder's own methods wrapped,
nothing changed inside): wall time, CPU of this process, CPU of the workers it waited for
(forked render and page workers; the Node math worker is counted when it exits), and the
main process's peak RSS when the stage ended. Compare a corpus of 1,000 posts with one of
5,000 stage by stage: a stage whose cost per post grows with the site shows at once.
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from aside import Aside, put_build_aside

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quillpress.build import builder as B  # noqa: E402
from quillpress.build.background import Background  # noqa: E402
from quillpress.build.pages import PageMaker  # noqa: E402
from quillpress.build.state import BuildState  # noqa: E402
from quillpress.build import heap  # noqa: E402
from quillpress.output.linkcheck import LinkChecker  # noqa: E402
from quillpress.output.writer import Writer  # noqa: E402
from quillpress.plugin_api import Extensions  # noqa: E402

STAGES: dict[str, list[float]] = {}  # name -> [wall, cpu, workers' cpu, calls, peak RSS MB]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _account(name: str, wall: float, cpu: float, children: float) -> None:
    entry = STAGES.setdefault(name, [0.0, 0.0, 0.0, 0, 0.0])
    entry[0] += time.perf_counter() - wall
    entry[1] += time.process_time() - cpu
    entry[2] += _children_cpu() - children
    entry[3] += 1
    entry[4] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(owner: Any, attr: str, name: str) -> None:
    """Wrap a function: every call is added to stage `name`."""
    func = getattr(owner, attr)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = (time.perf_counter(), time.process_time(), _children_cpu())
        try:
            return func(*args, **kwargs)
        finally:
            _account(name, *start)
    setattr(owner, attr, wrapper)


def timed_generator(owner: Any, attr: str, name: str) -> None:
    """Wrap a generator: only the time spent producing its items is the stage's."""
    func: Callable[..., Iterator[Any]] = getattr(owner, attr)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = func(*args, **kwargs)
        while True:
            start = (time.perf_counter(), time.process_time(), _children_cpu())
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                _account(name, *start)
            yield item
    setattr(owner, attr, wrapper)


def instrument() -> None:
    timed(B.Builder, "_scan", "scan the source folder")
    timed(B.Builder, "_load_documents", "read sources")
    timed(B.Builder, "_render_documents", "render bodies (workers)")
    timed(B, "build_site", "site model")
    timed(Extensions, "emit", "plugin events (related posts...)")
    timed(B.Builder, "_collect_routes", "routes")
    timed(B.Builder, "_plan", "plan pages")
    timed_generator(PageMaker, "make_all", "make and write pages (workers; search here)")
    timed(Writer, "add", "write files in the main process")  # a first build: pages in the workers
    timed(LinkChecker, "check", "link check (in a child in a one-off build)")
    timed(Background, "result", "waiting for a forked child (related, links)")
    timed(BuildState, "committed", "build state")
    timed(B.Builder, "_manifest", "manifest")  # made, then saved once the warnings are in
    timed(BuildState, "save_manifest", "manifest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blog", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with Aside(args.blog) as aside:  # emptied when the build is done, or has failed
        put_build_aside(aside, args.blog)
        instrument()
        heap.one_command()  # this process ends after its build, as `build`'s does (Builder._settle)
        wall, cpu = time.perf_counter(), time.process_time()
        result = B.Builder(args.blog, workers=args.workers, trust_manifest=True).build()
        print(f"{'stage':44} {'wall s':>8} {'CPU s':>8} {'workers':>8} {'calls':>6} {'RSS MB':>7}")
        for name, (w, c, k, n, rss) in STAGES.items():
            print(f"{name:44} {w:8.2f} {c:8.2f} {k:8.2f} {int(n):6d} {rss:7.0f}")
        print(f"{'whole build':44} {time.perf_counter() - wall:8.2f} {time.process_time() - cpu:8.2f} "
              f"{_children_cpu():8.2f} {'':6} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f}"
              f"  (largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB;"
              f" {result.written} files, ok={result.ok})")


if __name__ == "__main__":
    main()
