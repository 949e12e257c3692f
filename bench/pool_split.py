"""Where a cold build's page workers spend their CPU: by kind of output file, by part of a page.

    python bench/pool_split.py BLOG [build options, e.g. --workers 1]

BLOG is a copy of a blog (its public/ and .quillpress-cache/ are renamed aside first, so the
build is cold, and deleted only once it is over: `aside.py`; the script stops first if public/
holds a file QuillPress did not write, such as the site Hexo generated; copied into a folder
marked `chattr +T`, it is away from other processes' deletes too).
The build runs as the `build` command runs it (the CLI, forked workers and all); only
functions are wrapped from outside, nothing inside changes. Each forked page worker reports
its user and kernel CPU, its young collections (count, time, objects found garbage) and the
CPU of each item it made, by kind (post page, list page, search file, feed...) and by part:
templates, plugins' injections, the link check's read, the template context, memo pieces
made (`traced`), writing the file. Parts are timed with `time.process_time` around each call,
which costs ~1 µs a call: read shares, not microseconds. With `--workers 1` the pages are made
in this process and its own figures are printed instead.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aside import Aside, put_build_aside

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
gc.disable()  # as build.py: what the imports make is not collected, then frozen (cli.run)

from quillpress import cli  # noqa: E402
from quillpress.build import heap, pages, split  # noqa: E402
from quillpress.output.writer import Writer  # noqa: E402
from quillpress.theme.loader import Theme  # noqa: E402

CPU: dict[str, float] = defaultdict(float)  # "kind" or "part/kind" -> CPU seconds
CALLS: dict[str, int] = defaultdict(int)
KIND = ["?"]  # the kind of the item being made
OUT = Path(tempfile.mkdtemp(prefix="pool_split-"))


def kind(rel: str, route: Any) -> str:
    if route.source is not None:
        return "copied file"
    if route.make is not None:
        return "search file" if "/search" in "/" + rel else f"made: {rel.split('/')[0]}"
    if route.content is not None or not route.layouts:
        return "content"
    return "post page" if route.docs else "list page"


def timed(owner: Any, name: str, part: str | None) -> None:
    """Wrap `owner.name` so its CPU is added to `part/KIND` (or to the item's kind)."""
    func: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if part is None:
            KIND[0] = kind(*args[1])
        label = KIND[0] if part is None else f"  {part} / {KIND[0]}"
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            CPU[label] += time.process_time() - start
            CALLS[label] += 1
    setattr(owner, name, wrapper)


def collections() -> dict[str, Any]:
    """Young and old collections of this process from now on: count, CPU, garbage found."""
    seen: dict[str, Any] = {"count": 0, "cpu": 0.0, "garbage": 0, "start": 0.0}

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen["start"] = time.process_time()
        else:
            seen["count"] += 1
            seen["cpu"] += time.process_time() - seen["start"]
            seen["garbage"] += info["collected"]
    gc.callbacks.append(callback)
    return seen


def report(name: str, user: float, system: float, collected: dict[str, Any]) -> None:
    with open(OUT / f"{name}.json", "w") as out:
        json.dump({"user": user, "sys": system, "cpu": CPU, "calls": CALLS,
                   "gc": [collected["count"], collected["cpu"], collected["garbage"]]}, out)


def watch_workers() -> None:
    """Each page worker (a child of build/split.py making `_make_plain`) writes its figures
    when it runs out of pages, before it exits."""
    child = split._child

    def page_worker(func: Any, items: Any, indexes: Any, out: split.Outbox, mask: Any) -> Any:
        if getattr(func, "__func__", None) is not pages.PageMaker._make_plain:
            return child(func, items, indexes, out, mask)  # another pool (bodies)
        before, collected = os.times(), collections()

        def reported() -> Any:
            yield from indexes
            after = os.times()
            report(str(os.getpid()), after.user - before.user, after.system - before.system,
                   collected)
        return child(func, items, reported(), out, mask)
    split._child = page_worker  # type: ignore[assignment]


def summary() -> None:
    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    user = system = 0.0
    for file in sorted(OUT.glob("*.json")):
        found = json.loads(file.read_text())
        user, system = user + found["user"], system + found["sys"]
        for label, seconds in found["cpu"].items():
            cpu[label] += seconds
            calls[label] += found["calls"][label]
        print(f"{file.stem}: young and old collections {found['gc'][0]}, "
              f"{found['gc'][1] * 1000:.0f} ms, {found['gc'][2]} objects found garbage")
    who = "this process (the whole build)" if (OUT / "main.json").exists() else "page workers"
    print(f"{who}: user {user:.2f} s, kernel {system:.2f} s")
    for label in sorted(cpu, key=lambda name: (name.startswith(" "), -cpu[name])):
        print(f"{label:38} {cpu[label]:7.2f} s {calls[label]:7d} × {cpu[label] / calls[label] * 1000:.3f} ms")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    blog, options = Path(sys.argv[1]), sys.argv[2:]
    aside = Aside(blog)
    put_build_aside(aside, blog)
    timed(pages.PageMaker, "_make_plain", None)
    timed(Theme, "render", "templates")
    timed(pages.PageMaker, "_inject", "injections and marks")
    timed(pages, "read_page", "link read")
    timed(pages.PageMaker, "_context", "template context")
    timed(pages, "traced", "memo pieces made")
    timed(Writer, "_put_direct", "writing")
    watch_workers()
    in_process = "--workers" in options and options[options.index("--workers") + 1] == "1"
    heap.one_command()  # as cli.run, which would end the process before the summary
    cli._imports_done()
    if in_process:
        collected, before = collections(), os.times()
    try:
        cli.main(["--quiet", "--cwd", str(blog), "build", *options])
    finally:
        if in_process:
            after = os.times()
            report("main", after.user - before.user, after.system - before.system, collected)
        summary()
        shutil.rmtree(OUT, ignore_errors=True)
        aside.empty()


if __name__ == "__main__":
    main()
