"""One function over many items, in forked worker processes when there are enough of them.

Forking (not spawning) lets workers inherit the parser, plugins and site model as they are;
only each item's result is pickled back, so results must be plain data. Rendering a body or
a page depends only on state the parent already built, which is what makes this safe.
"""

from __future__ import annotations

import gc
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from .. import pattern_cache

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers inherit: set just before the pool starts, cleared after.
_TASK: dict[str, Any] = {}
CHUNK = 64  # items in a chunk at most; chunks shrink towards the end (see _chunks)
IN_FLIGHT = 2  # chunks queued for each worker, so it never waits for the next one
# Finished items that may wait for this process to take them: while it is busy with its own
# items (a route made `in_main`) or writing, the workers go on;
# past this many, they wait, so results do not pile up in memory (at 5,000 posts pages made
# faster than written held 150 MB). Counted in items, not chunks: two full chunks per worker,
# but a run of one-item chunks (a small pool's, or any run's end) does not stop a worker
# after two items while this process makes a long item of its own.
BACKLOG = 2 * CHUNK  # per worker
# Workers run a little nicer than this process: it takes and writes what all of them make, so
# when three processes want two cores, the one the others wait on is served first.
WORKER_NICE = 3


def _worker_start() -> None:
    """A worker yields the core to this process when both want it (see WORKER_NICE), and
    keeps the patterns it compiles for the next build when it exits (once: a save after each
    chunk rewrote the whole table 10-14 times in a cold 1,000-post build)."""
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not allowed here: the worker runs as it is
        pass
    pattern_cache.save_at_worker_exit()


def _run_chunk(indexes: list[int]) -> list[tuple[int, Any]]:
    func, items = _TASK["func"], _TASK["items"]
    return [(index, func(items[index])) for index in indexes]


def fork_map(func: Callable[[Item], Result], items: Sequence[Item], workers: int,
             threshold: int, here: Sequence[int] = ()) -> Iterator[tuple[int, Result]]:
    """Yield `(index, func(item))` as each finishes: here when there are fewer than
    `threshold` items or `workers` is one (a pool costs more than it saves), else in forked
    processes, in completion order.

    `workers` counts every process that does items. The items at indexes `here` are always
    done in this process, which is then one of them, beside `workers - 1` forked ones: work
    whose state must outlive the build (a cache kept by a plugin) is not lost with a worker,
    and is not done twice, once per worker. Without `here`, `workers` are forked."""
    total = len(items)
    if total < threshold or workers < 2 or sys.platform == "win32":
        for index, item in enumerate(items):
            yield index, func(item)
        return
    import multiprocessing  # only here: most builds of a small blog never start a pool

    mine = set(here)
    forked = workers - 1 if mine else workers
    theirs = [index for index in range(total) if index not in mine]
    _TASK.update(func=func, items=items)
    try:
        with frozen_heap(), multiprocessing.get_context("fork").Pool(
                forked, initializer=_worker_start) as pool:
            yield from _pooled(pool, func, items, sorted(mine), _chunks(theirs, forked), forked)
            pool.close()  # the workers exit, each saving what it compiled (_worker_start)...
            pool.join()  # ...before the pool's end would kill them (`terminate`) mid-save
    finally:
        _TASK.clear()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Objects that forked workers inherit are moved out of the collector's reach while they
    run: a worker's collections would otherwise walk (and, touching each object's header,
    copy page by page) the whole inherited heap, a cost that grows with the site. A heap the
    dev server froze already (settle_heap) stays frozen. No full collection first: it found
    100-300 unreachable objects in a 1,000-post build and cost the main process ~0.1 s of
    CPU over its three pools, with nothing else running; what it would free waits a while."""
    frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()


def _chunks(indexes: list[int], workers: int) -> list[list[int]]:
    """`indexes` cut into chunks of a quarter of each worker's share of what is left, at
    most CHUNK items: large while much is left (fewer messages), small at the end, so the
    workers finish together instead of one rendering a last big chunk while the other waits."""
    chunks, at = [], 0
    while at < len(indexes):
        size = max(1, min(CHUNK, (len(indexes) - at) // (workers * 4)))
        chunks.append(indexes[at:at + size])
        at += size
    return chunks


def _pooled(pool: Any, func: Callable[[Any], Any], items: Sequence[Any], mine: list[int],
            chunks: list[list[int]], workers: int) -> Iterator[tuple[int, Any]]:
    """The pool's results as they come, and this process's own items between them.

    A worker is given its next chunk when it hands one back (in the pool's result thread),
    not when this process gets round to taking the results: while this process works on
    one of its own items or writes what came, the workers go on."""
    todo = iter(chunks)
    finished: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
    lock = threading.Lock()
    state = {"queued": 0, "untaken": 0}  # chunks given and not handed back; items handed back, not taken

    def feed() -> None:
        """Queue chunks while a worker may lack one and the backlog allows (under `lock`)."""
        while state["queued"] < IN_FLIGHT * workers and state["untaken"] < BACKLOG * workers:
            chunk = next(todo, None)
            if chunk is None:
                return
            state["queued"] += 1
            pool.apply_async(_run_chunk, (chunk,), callback=arrived,
                             error_callback=lambda exc: finished.put((False, exc)))

    def arrived(done: list[tuple[int, Any]]) -> None:
        with lock:
            state["queued"] -= 1
            state["untaken"] += len(done)
            finished.put((True, done))
            feed()

    def take(block: bool) -> list[tuple[int, Any]] | None:
        """A finished chunk (None when none is, unless `block`)."""
        try:
            ok, done = finished.get(block=block)
        except queue.Empty:
            return None
        if not ok:
            raise done
        with lock:
            state["untaken"] -= len(done)
            feed()
        return done  # type: ignore[no-any-return]

    with lock:
        feed()
    left = len(chunks)
    for index in mine:
        yield index, func(items[index])
        while left and (done := take(block=False)) is not None:
            left -= 1
            yield from done  # what the workers finished meanwhile
    while left:
        done = take(block=True)
        left -= 1
        yield from done or ()
