"""Ctrl+C and SIGTERM held off while a build puts its files in place.

A build writes its changed files beside the live ones first, then renames each over its
target. Stopped in the middle of those renames, it left a site of old pages and new (a new
home page linking posts still at their old version, or not there yet) until the next
build. The renames take well under a second even for thousands of files, so a stop asked
for meanwhile waits for them, then takes effect as it would have.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Run the block with Ctrl+C and SIGTERM noted, not acted on; then act on the first
    one noted as its handler would have. Only the main thread can set handlers, and only
    it receives their exceptions: elsewhere (the dev server's rebuild thread) the block
    runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[tuple[int, FrameType | None]] = []

    def note(signum: int, frame: FrameType | None) -> None:
        noted.append((signum, frame))

    before: dict[int, Any] = {number: signal.signal(number, note) for number in HELD}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
        if noted:
            number, frame = noted[0]
            handler = before[number]
            if callable(handler):  # Python's KeyboardInterrupt, the command line's Terminated
                handler(number, frame)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(number)
