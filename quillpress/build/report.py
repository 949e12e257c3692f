"""What a build tells the person who ran it: a summary line and its warnings, grouped.

A real blog moved from Hexo can raise thousands of warnings, most of them the same few
problems in many places. The terminal shows each kind once, with its count and its first
places; `--verbose` and a report file in the cache folder keep the whole list.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QuillError

if TYPE_CHECKING:
    from .builder import BuildResult

log = logging.getLogger("quillpress")

REPORT_NAME = "warnings.txt"
PLACES_SHOWN = 3
_KIND_WIDTH = 90
_FIRST_WIDTH = 200
# The parts of a message that change from one place to the next: quoted names, TeX control
# sequences, paths, numbers. Replaced by "…", what remains names the kind of problem.
_VARYING = re.compile(
    r"(?<!\w)'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}"  # quoted names, {…} (not the ' of can't)
    r"|\\[A-Za-z]+|\\."  # TeX control sequences
    r"|#[\w-]+"  # anchors
    r"|[^\s()'\"`]*/[^\s()'\"`]*"  # paths: anything holding a slash
    r"|[^\s()'\"`,;:]*\d[^\s()'\"`,;:]*")  # words holding a digit: numbers, hashes, file names
_ELLIPSES = re.compile(r"…(?:[\s,;:]*…)+")


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 page`, `2 pages`, `1 category` / `2 categories` (with `many` given)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def warning_kind(warning: QuillError) -> str:
    """What a warning is about, without where: the first clause of its message with the
    varying parts blanked, e.g. `math: … Undefined control sequence: …` for every undefined
    macro. A clause after `; ` or ` at position` is detail (KaTeX adds the formula there)."""
    text = "".join(c for c in warning.message if not unicodedata.combining(c))
    first = re.split(r"; | at position |\n", text, maxsplit=1)[0]
    return shorten(_ELLIPSES.sub("…", _VARYING.sub("…", first)).strip(), _KIND_WIDTH)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


@dataclass
class WarningGroup:
    kind: str
    warnings: list[QuillError] = field(default_factory=list)

    @property
    def first(self) -> QuillError:
        """The warning at the first place listed, shown in full under its kind's line."""
        return min(self.warnings, key=lambda w: (w.path is None, w.path or "", w.line or 0))

    @property
    def places(self) -> list[str]:
        """Where each warning was raised (file:line), by file then line, each once."""
        found = {(w.path, w.line or 0): w.location for w in self.warnings if w.path}
        return [found[key] for key in sorted(found)]


def group_warnings(warnings: Iterable[QuillError]) -> list[WarningGroup]:
    """Warnings by kind, the most frequent kind first (ties in order of first appearance)."""
    groups: dict[str, WarningGroup] = {}
    for warning in warnings:
        kind = warning_kind(warning)
        groups.setdefault(kind, WarningGroup(kind)).warnings.append(warning)
    return sorted(groups.values(), key=lambda g: -len(g.warnings))


def summary_lines(warnings: list[QuillError], report: Path | None = None) -> list[str]:
    """One line per kind with its count and first places, then where the full list is."""
    if not warnings:
        return []
    groups = group_warnings(warnings)
    lines = []
    for group in groups:
        count = len(group.warnings)
        if count == 1:
            lines.append(str(group.warnings[0]))
            continue
        places = group.places
        shown = ", ".join(places[:PLACES_SHOWN])
        more = f" and {len(places) - PLACES_SHOWN} more" if len(places) > PLACES_SHOWN else ""
        where = f": {shown}{more}" if shown else ""
        lines.append(f"{count}× {group.kind}{where}{_first_in_full(group.first)}")
    if any(len(g.warnings) > 1 for g in groups):
        full = f"; the full list is in {report}" if report else ""
        lines.append(f"{plural(len(warnings), 'warning')} of {plural(len(groups), 'kind')} "
                     f"(--verbose prints each{full})")
    return lines


def _first_in_full(first: QuillError) -> str:
    """The lines under a kind's line: its first warning's message where the kind blanked
    something out (`76× unknown tag …` named none of the tags), and its hint, what to do."""
    lines = ""
    if warning_kind(first) != first.message:
        lines += f"\n  first: {shorten(first.message, _FIRST_WIDTH)}"
    if first.hint:
        lines += f"\n  hint: {first.hint}"
    return lines


def write_report(warnings: list[QuillError], folder: Path) -> Path:
    """Every warning, grouped by kind, in `folder/warnings.txt`; returns the file's path."""
    path = folder / REPORT_NAME
    lines = []
    for group in group_warnings(warnings):
        lines.append(f"## {plural(len(group.warnings), 'warning')}: {group.kind}")
        lines.extend(str(w) for w in group.warnings)
        lines.append("")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def summary(result: "BuildResult", output: str) -> str:
    """`12 posts, 1 page → site/: 40 files written (…) in 0.52 s; 3 warnings (listed above)`.

    The warnings' kinds are not named again: the lines above name each with its count, and
    named here too, cut to 40 characters each, they made the last line of a blog moved from
    Hexo 400 characters of `… on … (no …(…` after where the site went and how long it took."""
    text = (f"{plural(result.posts, 'post')}, {plural(result.pages, 'page')} → {output}: "
            f"{plural(result.written, 'file')} written ({result.unchanged} unchanged, "
            f"{result.removed} removed) in {result.seconds:.2f} s")
    errors, warnings = result.problems.errors, result.problems.warnings
    if errors:
        text += f"; {plural(len(errors), 'error')}"
    if warnings:
        text += f"; {plural(len(warnings), 'warning')} (listed above)"
    return text


class Said:
    """The warnings a command that builds again and again (`serve`, `build --watch`) has
    printed. Each build's result holds every warning of the site, the config's and every
    post's, cached or not: announced whole, a save of one post, or of `_config.yml`, printed
    them all again under it, and the one the save brought was lost among them."""

    def __init__(self) -> None:
        self._said: set[tuple[str, str]] = set()

    def new(self, warnings: list[QuillError]) -> list[QuillError]:
        """The warnings of `warnings` not printed by the last build; one gone since and back
        is new again."""
        keys = [(warning.location, warning.message) for warning in warnings]
        fresh = [warning for warning, key in zip(warnings, keys) if key not in self._said]
        self._said = set(keys)
        return fresh


def announce(result: "BuildResult", cache_dir: Path, verbose: bool = False,
             said: Said | None = None) -> None:
    """Log a finished build's warnings (grouped unless `verbose`; with `said`, only those it
    has not printed yet) and keep the full list in the cache folder; a stale list from an
    earlier build is removed. A cache folder that cannot keep the list (read-only, full)
    costs a warning and the list in full here: it made a build whose site was written end
    in an error, exit 1."""
    warnings = result.problems.warnings
    shown = said.new(warnings) if said is not None else warnings
    report = cache_dir / REPORT_NAME
    try:
        if not warnings:
            report.unlink(missing_ok=True)
            return
        report = write_report(warnings, cache_dir)
    except OSError as exc:
        log.warning("could not save %s (%s); every warning follows", report,
                    exc.strerror or exc)
        verbose, shown = True, warnings
    for line in map(str, shown) if verbose else summary_lines(shown, report):
        log.warning("%s", line)
