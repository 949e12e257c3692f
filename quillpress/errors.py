"""Errors a user can cause, carrying the file and line so the CLI can point at them.

The CLI prints these without a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("quillpress")


class QuillError(Exception):
    """A problem in the user's input: names where it is and how to fix it."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message, "hint": self.hint}


class ConfigError(QuillError):
    """A key in _config.yml has a wrong type or value."""


@dataclass
class Problems:
    """Collects every error and warning of one build so all are reported, not just the first."""

    errors: list[QuillError] = field(default_factory=list)
    warnings: list[QuillError] = field(default_factory=list)

    def error(self, err: QuillError) -> None:
        self.errors.append(err)
        log.error("%s", err)

    def warn(self, message: str, path: str | Path | None = None, line: int | None = None,
             hint: str | None = None) -> None:
        """Recorded, not printed: the command prints them grouped once the build is done
        (see report.py), since a big blog can raise thousands."""
        self.warnings.append(QuillError(message, path, line, hint))

    def extend(self, other: "Problems") -> None:
        for err in other.errors:
            self.error(err)
        self.warnings.extend(other.warnings)
