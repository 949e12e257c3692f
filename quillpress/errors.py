"""Errors a user can cause, carrying the file and line so the CLI can point at them.

The CLI prints these without a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import logging
import shutil
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        """Plain data, for a worker's result, the body cache and the manifest: the one form
        an error or warning takes outside this process."""
        return {"path": self.path, "line": self.line, "message": self.message, "hint": self.hint}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "QuillError":
        return cls(str(data["message"]), data.get("path"), data.get("line"), data.get("hint"))


_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, then run it again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run it again",
    errno.EROFS: "that folder is on a read-only file system: make it writable, or use another",
    errno.EACCES: "you may not write there: fix its permissions, or use another folder",
    errno.EPERM: "you may not write there: fix its permissions, or use another folder",
    errno.ENAMETOOLONG: "a file name is too long: shorten the permalink, title or categories",
    errno.ENOTDIR: "a file stands where a folder is needed: move that file away",
    errno.EISDIR: "a folder stands where a file is needed: move that folder away",
}


def os_error(exc: OSError, doing: str, path: str | Path | None = None) -> QuillError:
    """A file-system fault (disk full, read-only folder...) as a one-line error naming the
    path (`path`, else the file the system names), what QuillPress was doing and what the
    user can do about it."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        src, _dst, why = exc.args[0][0]  # copytree gathers its failures: name the first
        return QuillError(f"could not {doing}: {why}", path or src)
    reason = exc.strerror or str(exc)
    return QuillError(f"could not {doing}: {reason}", path or exc.filename,
                      hint=_OS_HINTS.get(exc.errno or 0))


def read_error(exc: OSError, path: str | Path) -> QuillError:
    """A source file the system would not let QuillPress read (`os_error`'s hints are for
    writing): named, with what the user can do about it."""
    hint = ("you may not read it: fix its permissions (chmod a+r), or move it out of the "
            "source folder") if exc.errno in (errno.EACCES, errno.EPERM) else None
    return QuillError(f"could not read this file: {exc.strerror or exc}", path, hint=hint)


def innermost_line(exc: BaseException, places: Iterable[Path]) -> tuple[Path, int] | None:
    """The innermost line of the exception's traceback that is in one of `places` (files or
    folders), or None: where the code a user can fix raised, below QuillPress's frames."""
    found = None
    places = tuple(places)
    for frame, number in traceback.walk_tb(exc.__traceback__):
        file = Path(frame.f_code.co_filename)
        if any(file.is_relative_to(place) for place in places):
            found = (file, number)
    return found


def blog_code_error(exc: BaseException, root: Path, doing: str,
                    returned_by: Callable[..., Any] | None = None) -> QuillError | None:
    """An exception raised in the blog's own code (a template of a theme in `themes/`, a
    plugin in `plugins/`) as an error naming that file and line, or None when neither is in
    its traceback: then it is QuillPress's own bug, which the CLI reports as one. A plugin's
    function that `returned_by` names (a generator, a page's make()) is blamed when it is the
    blog's: what it returned (None, a number) failed in QuillPress's code."""
    places = (root / "plugins", root / "themes")
    where = innermost_line(exc, places)
    code = getattr(returned_by, "__code__", None)
    if where is None and code is not None:
        defined = Path(code.co_filename)
        if any(defined.is_relative_to(place) for place in places):
            where = (defined, code.co_firstlineno)
    if where is None:
        return None
    path, line = where
    if log.isEnabledFor(logging.DEBUG):  # a broken theme fails every page: formatted only for --debug
        log.debug("%s", "".join(traceback.format_exception(exc)).rstrip())
    return QuillError(f"{doing}: {type(exc).__name__}: {exc}", path.relative_to(root), line,
                      hint="fix that line of the theme or plugin (--debug shows the traceback)")


class LeftOut(QuillError):
    """A source file whose front-matter cannot be read. Hexo logs "Process failed" for such
    a file and builds the rest, so a build leaves it out with a warning (`warning`); a
    command that writes the file (`publish`) stops on it as on any other error. `hexo` says
    what Hexo does with the file, when it is not the same (it reads some that QuillPress
    cannot)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None, hexo: str = "as Hexo leaves it") -> None:
        super().__init__(message, path, line, hint)
        self.hexo = hexo

    def warning(self) -> "LeftOut":
        return LeftOut(f"{self.message}; the file is left out of the site, {self.hexo}",
                       self.path, self.line, self.hint, self.hexo)


class Vanished(QuillError):
    """A source file deleted after the build found it, before it was read or copied (an
    editor's or a sync tool's delete, a `git checkout`, during the build). Hexo logs such a
    file and builds the rest; a build leaves it out with this warning, and the next one,
    which no longer finds it, builds without it."""

    def __init__(self, path: str | Path) -> None:
        super().__init__("deleted while the build ran: left out of this build", path)


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
