"""One function over many items, in forked worker processes when there are enough of them.

Forking (not spawning) lets workers inherit the parser, plugins and site model as they are;
only each item's result is pickled back, so results must be plain data. Rendering a body or
a page depends only on state the parent already built, which is what makes this safe.

The workers are `split.py`'s children. Each takes its chunks of items from queues filled
before it was forked (pipes of chunk numbers, see `fork_map`'s lanes): none waits for this
process to hand it work while this process makes an item of its own or takes what came. Each
sends its results through a pipe of its own, which, full, stops its worker when this process
falls behind, so results made faster than they are taken do not pile up in memory. A worker
writes them a few at a time (split.Outbox), so this process wakes for a batch, not for each.
"""

from __future__ import annotations

import os
import selectors
import struct
import sys
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, TypeVar

from .prestart import forgo
from .split import Child, fork_child, frozen_heap, reap_ended, stopped_early

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNK = 64  # items in a chunk at most; chunks shrink towards a lane's end (see _chunks)
CHUNK_NUMBER = struct.Struct("<I")  # a chunk's number, as its lane's queue holds it


def fork_map(func: Callable[[Item], Result], items: Sequence[Item], workers: int,
             threshold: int, here: Sequence[int] = (),
             lane: Callable[[Item], Hashable] | None = None,
             cost: Callable[[Item], int] | None = None) -> Iterator[tuple[int, Result]]:
    """Yield `(index, func(item))` as each finishes: here when there are fewer than
    `threshold` items or `workers` is one (a pool costs more than it saves) or every item is
    named in `here`, else in forked processes, in completion order.

    `workers` counts every process that does items. The items at indexes `here` are always
    done in this process, which is then one of them, beside `workers - 1` forked ones: work
    whose state must outlive the build (a cache kept by a plugin) is not lost with a worker,
    and is not done twice, once per worker. Without `here`, `workers` are forked.

    `lane(item)` groups the items that share work a worker does once for all it makes (a
    page's memo pieces: the posts' entries the list pages show, the related posts' the post
    pages show). Each worker has a lane of its own, the largest first, and takes from the
    others only when its own is done: the shared work is done in one worker, save for what
    the lanes' last chunks share, and no worker idles while another has a lane to finish.

    `cost(item)`, when given, is a guess of the item's work: each lane is handed out costliest
    first (equal guesses in their order), so that no long item is taken last and made while
    the other workers have nothing left (BlitherBoom812's two longest posts, a quarter of its
    formulas, are its newest: last in source order; its feed, last of its lane, took ~0.1 s
    after the other page worker had ended; bench/README.md, "Body workers, stop 41").

    The first worker begins with the first chunk (of the largest lane: the costliest items),
    and what the command line started early (prestart.py) is its alone: KaTeX's Node, which
    draws the formulas of the costliest documents while the build starts (katex_predraw.js),
    serves the worker that renders them, not whichever worker asked first (bench/README.md,
    "BlitherBoom812, stop 43")."""
    total = len(items)
    mine = set(here)
    if total < threshold or workers < 2 or sys.platform == "win32" or len(mine) >= total:
        for index, item in enumerate(items):
            yield index, func(item)
        return
    reap_ended()
    forked = workers - 1 if mine else workers
    lanes: dict[Hashable, list[int]] = {}
    for index in range(total):
        if index not in mine:
            lanes.setdefault(lane(items[index]) if lane is not None else None, []).append(index)
    if cost is not None:
        for indexes in lanes.values():
            guesses = {index: cost(items[index]) for index in indexes}
            indexes.sort(key=guesses.__getitem__, reverse=True)  # stable: ties keep their order
    chunks: list[list[int]] = []
    queues: list[int | None] = []
    try:
        for indexes in sorted(lanes.values(), key=len, reverse=True):
            first = len(chunks) or 1  # chunk 0 is the first worker's, in no queue
            chunks += _chunks(indexes, forked)
            queues.append(_queue(range(first, len(chunks))))
        if None in queues:  # out of file descriptors: no pool
            for index, item in enumerate(items):
                yield index, func(item)
            return
        with frozen_heap():  # the workers' collections leave the heap they inherit alone
            yield from _pooled(func, items, sorted(mine), chunks,
                               [queue for queue in queues if queue is not None], forked)
    finally:
        for queue in queues:
            if queue is not None:
                os.close(queue)


def _chunks(indexes: list[int], workers: int) -> list[list[int]]:
    """`indexes` cut into chunks of a quarter of each worker's share of what is left, at
    most CHUNK items: large while much is left (fewer messages), small at the end, so the
    workers finish together instead of one making a last big chunk while the other waits."""
    chunks, at = [], 0
    while at < len(indexes):
        size = max(1, min(CHUNK, (len(indexes) - at) // (workers * 4)))
        chunks.append(indexes[at:at + size])
        at += size
    return chunks


def _queue(numbers: range) -> int | None:
    """The read end of a pipe that holds these chunk numbers for the workers to take; None
    when no pipe can be made or it cannot hold them all (64 KB holds ~16,000: chunks of a
    million items)."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    data = b"".join(map(CHUNK_NUMBER.pack, numbers))
    try:
        os.set_blocking(write, False)
        written = os.write(write, data)
    except BlockingIOError:
        written = 0
    finally:
        os.close(write)  # the workers, forked after, see the queue's end once it is empty
    if written == len(data):
        return read
    os.close(read)
    return None


def _taken(chunks: list[list[int]], queues: list[int], worker: int) -> Iterator[int]:
    """In a worker: the items of the chunks it takes, from its own lane's queue, then from
    the others' in turn once its own is empty. Each read takes one chunk's number whole (a
    pipe's reads of what is in it are atomic), so no chunk is taken twice. The first worker
    begins with chunk 0, which no queue holds; the others leave to it what the command line
    started early."""
    if worker == 0:
        yield from chunks[0]
    else:
        forgo()
    first = worker % len(queues)
    for queue in queues[first:] + queues[:first]:
        while number := os.read(queue, CHUNK_NUMBER.size):
            yield from chunks[CHUNK_NUMBER.unpack(number)[0]]


def _pooled(func: Callable[[Any], Any], items: Sequence[Any], mine: list[int],
            chunks: list[list[int]], queues: list[int], forked: int
            ) -> Iterator[tuple[int, Any]]:
    """The workers' results as they come, and this process's own items between them."""
    children: list[Child] = []
    try:
        for worker in range(forked):
            child = fork_child(func, items, _taken(chunks, queues, worker), gather=True)
            if child is None:  # out of processes: the workers started take every chunk
                break
            children.append(child)
        if not children:
            for index in [*mine, *_taken(chunks, queues, 0)]:
                yield index, func(items[index])
            return
        for index in mine:
            yield index, func(items[index])
            for child in children:
                yield from child.take(block=False)  # what the workers finished meanwhile
        with selectors.DefaultSelector() as selector:
            for child in children:
                if not child.ended:
                    selector.register(child.read_end, selectors.EVENT_READ, child)
            while selector.get_map():
                for key, _ in selector.select():
                    yield from key.data.take(block=False)
                    if key.data.ended:
                        selector.unregister(key.fd)
        if sum(child.received for child in children) < sum(map(len, chunks)):
            raise stopped_early(children)
    finally:
        for child in children:
            child.end()
