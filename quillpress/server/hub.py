"""The live-reload channel: build events fanned out to every open browser tab.

Each finished rebuild becomes one numbered event. Tabs listen over Server-Sent Events; a
tab that connects late (its page was served just before a rebuild finished) passes the
number of the build its page came from and is sent every event it missed, so no reload is
lost between serving a page and the page opening its event stream.

Builds are numbered on from the clock when the server starts (milliseconds), not from 0. A
tab left open while `serve` was stopped and started again asks the new server for the builds
after its own page's number: counted from 0, the new server reached it only after as many
rebuilds as the old one had made, and the tab reloaded on no save until then. Every number of
the new server is higher, so the tab is told at once to reload.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

HISTORY = 64  # events kept for late tabs; an older tab is simply told to reload
TOO_MANY_PATHS = 500  # beyond this a rebuild tells every tab to reload instead of listing files


@dataclass
class BuildEvent:
    """What a rebuild means for open pages: the URLs it changed and the errors left."""

    number: int
    changed: list[str] | None  # site URLs (under root) of changed files; None: everything
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"build": self.number, "changed": self.changed, "errors": self.errors},
                          ensure_ascii=False)


class ReloadHub:
    """Thread-safe store of recent build events that SSE handlers wait on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: deque[BuildEvent] = deque(maxlen=HISTORY)
        self._number = time.time_ns() // 1_000_000  # the page's stamp before any rebuild
        self._errors: list[dict[str, Any]] = []
        self.closed = False

    @property
    def number(self) -> int:
        """The number of the last published build; pages are stamped with it."""
        with self._cond:
            return self._number

    @property
    def errors(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._errors)

    def publish(self, changed_urls: list[str], errors: list[dict[str, Any]]) -> BuildEvent:
        with self._cond:
            self._number += 1
            changed = changed_urls if len(changed_urls) <= TOO_MANY_PATHS else None
            event = BuildEvent(self._number, changed, errors)
            self._events.append(event)
            self._errors = errors
            self._cond.notify_all()
            return event

    def since(self, number: int) -> list[BuildEvent]:
        """Events after build `number`; one "reload everything" event when they are gone."""
        with self._cond:
            missed = [e for e in self._events if e.number > number]
            if self._number > number and (not missed or missed[0].number != number + 1):
                return [BuildEvent(self._number, None, list(self._errors))]
            return missed

    def wait(self, after: int, timeout: float) -> list[BuildEvent]:
        """Block until a build newer than `after` is published, the hub closes, or timeout."""
        with self._cond:
            self._cond.wait_for(lambda: self._number > after or self.closed, timeout)
        return self.since(after)

    def close(self) -> None:
        """Wake every waiting stream so its handler thread can finish."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()
