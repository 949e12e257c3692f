"""The garbage collector while a command sets its builder up.

Importing the builder and setting up config, plugins and theme makes objects that last the
whole command: modules, classes, functions, compiled templates and patterns. The collector
walks them again and again as they pile up (gen0, then gen1): ~10 ms of CPU in ~50
collections on the demo blog's cold build, in the main process before its first body, where
every millisecond is one of the whole command.

`set_up()` pauses the collector around that work and then freezes what it made (moved out of
the collector's reach, as `serve` does with its warm site, `settle_heap`): it is still freed
by reference counting, never searched for cycles. The build that follows then collects its
youngest objects every 20,000 allocations instead of 700, as `serve` does (most of them die
young, freed by reference counting; what survives was walked each time). On the demo
blog the main process's collections go from 149 (~23 ms of CPU) to 48 (~10 ms, 37 of them
while quillpress.cli is imported, before this can run). The older generations
keep their thresholds, so the dev server's (and `build --watch`'s) cyclic garbage is still
collected in full; a one-off build that forks its workers turns the collector off after its
first stage (`settle`), and only those workers collect from then on.

Only in a process that runs one command and ends (`cli.run`, which calls `one_command()`): a
program or test that calls `cli.main` many times keeps the collector as it is, for it would
keep every builder's cycles frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 20_000  # allocations between collections of the youngest generation
_one_command = False  # set by cli.run: this process ends after its command


def one_command() -> None:
    """This process runs one command, then ends (see cli.end)."""
    global _one_command
    _one_command = True


def frozen_for_good() -> bool:
    """True when this process never unfreezes what it froze: one that runs one command
    froze its imports first (cli.run), its set-up and each stage after (`set_up`, `settle`).
    `gc.get_freeze_count()` would say so too, but it counts the frozen objects one by one:
    0.04 s at 5,000 posts, in the main process alone before the page pool forks."""
    return _one_command


@contextmanager
def set_up() -> Iterator[None]:
    """The collector paused inside; what was made there frozen after, and the youngest
    generation collected less often from then on (one-command processes only)."""
    if not _one_command or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()


def settle(collect: bool = False) -> None:
    """Freeze what a one-command process has made so far (the builder calls this between a
    one-off build's stages, `Builder._settle`), and keep the collector off from then on
    unless `collect`; elsewhere nothing, for the reason above.

    A one-off build's main process keeps what its stages make to the end: the documents, the
    bodies and page records its workers send back. Their growth set off the collections, not
    garbage: at 5,000 posts the 23 collections of the youngest generation after the first
    settle cost 0.11 s of the main process's CPU and freed no object at all; at 1,000 posts
    with `--workers 1`, every page made in the main process, 136 objects in all. The forked
    workers collect as before (`split._child`).

    A build that makes its pages in this process (`--workers 1`, one core) passes `collect`:
    a theme's template that defines a macro leaves a cycle every page (the macro closes over
    the template's context, which holds it), and with the collector off they stayed to the
    end: 84,728 objects at 1,000 posts with one such macro, peak 150 MB against 128-135."""
    if _one_command:
        gc.freeze()
        if not collect:
            gc.disable()
