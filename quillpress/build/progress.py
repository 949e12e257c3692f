"""A one-line progress display for long builds, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        """`enabled=None` shows the bar only on a terminal: a log file gets no control codes."""
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 50:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 28
        filled = int(width * done / max(total, 1))
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{stage:<10} {bar} {done}/{total}")
        if done >= total:
            self.stream.write("\r\033[K")
        self.stream.flush()
