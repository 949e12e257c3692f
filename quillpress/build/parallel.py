"""One function over many items, in forked worker processes when there are enough of them.

Forking (not spawning) lets workers inherit the parser, plugins and site model as they are;
only each item's result is pickled back, so results must be plain data. Rendering a body or
a page depends only on state the parent already built, which is what makes this safe.
"""

from __future__ import annotations

import gc
import queue
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers inherit: set just before the pool starts, cleared after.
_TASK: dict[str, Any] = {}
IN_FLIGHT = 2  # chunks given to each worker ahead of this process taking their results


def _run_chunk(indexes: list[int]) -> list[tuple[int, Any]]:
    func, items = _TASK["func"], _TASK["items"]
    return [(index, func(items[index])) for index in indexes]


def fork_map(func: Callable[[Item], Result], items: Sequence[Item], workers: int,
             threshold: int, here: Sequence[int] = ()) -> Iterator[tuple[int, Result]]:
    """Yield `(index, func(item))` as each finishes: here when there are fewer than
    `threshold` items or one worker (a pool costs more than it saves), else in `workers`
    forked processes, in completion order.

    The items at indexes `here` are always done in this process, while the workers do the
    others: work whose state must outlive the build (a cache kept by a plugin) is not lost
    with a worker, and is not done twice, once per worker."""
    total = len(items)
    if total < threshold or workers < 2 or sys.platform == "win32":
        for index, item in enumerate(items):
            yield index, func(item)
        return
    import multiprocessing  # only here: most builds of a small blog never start a pool

    mine = set(here)
    theirs = [index for index in range(total) if index not in mine]
    _TASK.update(func=func, items=items)
    # Objects the workers inherit are moved out of the collector's reach while they run: a
    # worker's collections would otherwise walk (and, touching each object's header, copy
    # page by page) the whole inherited heap, a cost that grows with the site. A heap the
    # dev server froze already (settle_heap) stays frozen.
    frozen = gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            size = max(1, min(64, len(theirs) // (workers * 4)))
            chunks = iter([theirs[at:at + size] for at in range(0, len(theirs), size)])
            finished: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()

            def submit() -> int:
                chunk = next(chunks, None)
                if chunk is None:
                    return 0
                pool.apply_async(_run_chunk, (chunk,), callback=lambda done: finished.put((True, done)),
                                 error_callback=lambda exc: finished.put((False, exc)))
                return 1

            def take(block: bool) -> list[tuple[int, Any]] | None:
                """A finished chunk (None when none is, unless `block`)."""
                try:
                    ok, done = finished.get(block=block)
                except queue.Empty:
                    return None
                if not ok:
                    raise done
                return done  # type: ignore[no-any-return]

            # A few chunks ahead per worker, no more: what they finish waits here until
            # this process takes it, and at 5,000 posts pages arriving faster than they
            # were written held 150 MB.
            waiting = sum(submit() for _ in range(IN_FLIGHT * workers))
            for index in sorted(mine):
                yield index, func(items[index])
                while waiting and (done := take(block=False)) is not None:
                    waiting += submit() - 1
                    yield from done  # what the workers finished meanwhile
            while waiting:
                done = take(block=True)
                waiting += submit() - 1
                yield from done or ()
    finally:
        if not frozen:
            gc.unfreeze()
        _TASK.clear()
