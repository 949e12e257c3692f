"""Keeping a long-running command (`serve`, `generate --watch`) alive until Ctrl+C or SIGTERM."""

from __future__ import annotations

import signal
import threading


def wait_until_stopped() -> None:
    """Block until the user presses Ctrl+C or the process is asked to stop (SIGTERM)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
