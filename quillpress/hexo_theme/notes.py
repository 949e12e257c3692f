"""What became of each theme setting: carried over as is, mapped to another key, or dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import QuillError
from .layers import KeyPath, Place

Outcome = Literal["carried", "mapped", "dropped"]


@dataclass(frozen=True)
class Note:
    """One line of the report: the Hexo key, its outcome, and where it went or why not."""

    key: str
    outcome: Outcome
    detail: str = ""


@dataclass
class ThemeImport:
    """The default theme's settings made from a Hexo theme's, and the report of how."""

    theme: str
    sources: list[str] = field(default_factory=list)  # files read, in merge order
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    warnings: list[QuillError] = field(default_factory=list)
    lines: dict[KeyPath, Place] = field(default_factory=dict)  # where each key was written
    # Files whose being there or not decided whether a picture is shown (profile.shown_picture):
    # `serve` reads the settings again when one of them comes or goes, as a clean build would.
    pictures: set[Path] = field(default_factory=set)

    def note(self, key: str, outcome: Outcome, detail: str = "") -> None:
        self.notes.append(Note(key, outcome, detail))

    def warn(self, key: str, message: str, hint: str | None = None) -> None:
        """A warning about the setting `key` (dotted), at the file and line that wrote it
        (or its nearest parent written in a file)."""
        path = tuple(key.split("."))
        file, line = next((self.lines[path[:end]] for end in range(len(path), 0, -1)
                           if path[:end] in self.lines), (None, None))
        self.warnings.append(QuillError(message, file, line, hint))

    def table(self) -> list[dict[str, str]]:
        """Plain rows for `doctor` and tests: key, outcome, detail."""
        return [{"key": n.key, "outcome": n.outcome, "detail": n.detail} for n in self.notes]
