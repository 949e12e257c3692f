"""One function over many items, in forked worker processes when there are enough of them.

Forking (not spawning) lets workers inherit the parser, plugins and site model as they are;
only each item's result is pickled back, so results must be plain data. Rendering a body or
a page depends only on state the parent already built, which is what makes this safe.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers inherit: set just before the pool starts, cleared after.
_TASK: dict[str, Any] = {}


def _run(index: int) -> tuple[int, Any]:
    return index, _TASK["func"](_TASK["items"][index])


def fork_map(func: Callable[[Item], Result], items: Sequence[Item], workers: int,
             threshold: int) -> Iterator[tuple[int, Result]]:
    """Yield `(index, func(item))` as each finishes: here when there are fewer than
    `threshold` items or one worker (a pool costs more than it saves), else in `workers`
    forked processes, in completion order."""
    total = len(items)
    if total < threshold or workers < 2 or sys.platform == "win32":
        for index, item in enumerate(items):
            yield index, func(item)
        return
    import multiprocessing  # only here: most builds of a small blog never start a pool

    _TASK.update(func=func, items=items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunk = max(1, min(64, total // (workers * 4)))
            yield from pool.imap_unordered(_run, range(total), chunk)
    finally:
        _TASK.clear()
