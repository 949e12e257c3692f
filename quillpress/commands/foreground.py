"""Keeping a long-running command (`serve`, `generate --watch`) alive until Ctrl+C or SIGTERM."""

from __future__ import annotations

import signal
import time
from types import FrameType

# How often the waiting loop looks at the flag: the longest a stop request waits to be seen.
POLL_S = 0.1


def wait_until_stopped() -> None:
    """Block until the user presses Ctrl+C or the process is asked to stop (SIGTERM).

    The first signal only sets a flag. Raised as KeyboardInterrupt inside a lock's wait, as
    Python does by default, a second Ctrl+C close behind the first could land while the lock
    was being taken back and leave it broken ('release unlocked lock', which `serve` reported
    as an unexpected error). A Ctrl+C pressed again while the command stops interrupts the
    stop, as a user who presses twice expects.
    """
    asked: list[int] = []

    def ask_to_stop(signum: int, _frame: FrameType | None) -> None:
        asked.append(signum)
        if signal.getsignal(signal.SIGINT) is ask_to_stop:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGTERM, ask_to_stop)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # ignored by `cmd &`: kept so
        signal.signal(signal.SIGINT, ask_to_stop)
    while not asked:
        time.sleep(POLL_S)
