"""What every math engine offers, so the renderer can chain them (KaTeX, then a fallback)."""

from __future__ import annotations

import re
from typing import Protocol

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
