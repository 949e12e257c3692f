"""What every math engine offers, so the renderer can chain them (KaTeX, then a fallback)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

# What may define macros: a formula without any of these leaves the next one's state as it was.
DEFINES_MACROS = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|[gex]?def|let|futurelet|global)(?![A-Za-z])")


class MathError(Exception):
    """An engine rejected a formula; the message is the engine's own."""


class EngineDown(MathError):
    """The engine gave no answer (its worker stopped, or was too slow under load): the formula
    may be fine, so what a later engine drew instead is not kept in the formula cache, and the
    next build asks this engine again rather than serve that drawing and warning for good."""


class Engine(Protocol):
    name: str
    version: str  # part of every cache key: a new engine version re-renders

    @property
    def epoch(self) -> int:
        """Changes when the engine lost its macro state (a restarted worker process)."""

    def reset(self, macros: dict[str, str]) -> None:
        """Forget a previous post's macro definitions; define the site's `macros`."""

    def render(self, tex: str, display: bool) -> str:
        """Finished HTML of one formula, or MathError."""


RETRY_FACTOR = 3.0  # a retried formula's time limit, in the engine's usual limits


@runtime_checkable
class Limited(Protocol):
    """An engine whose every answer must come within `timeout` seconds (MathJax's worker)."""

    timeout: float


@contextlib.contextmanager
def longer_limit(engine: Engine) -> Iterator[None]:
    """The engine's time limit RETRY_FACTOR times longer meanwhile, for a formula asked again
    after the engine gave no answer. KaTeX keeps its own: in-process QuickJS has none, and
    its worker's 30 s are some 500 times its slowest real formula."""
    if not isinstance(engine, Limited):
        yield
        return
    limit = engine.timeout
    engine.timeout = limit * RETRY_FACTOR
    try:
        yield
    finally:
        engine.timeout = limit
