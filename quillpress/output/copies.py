"""A first build's copied files (the blog's pictures, the theme's and plugins' static files),
copied in a forked child while the pages are made.

Copying is the kernel's work (a `sendfile` per file) plus a few system calls a file, and
the main process did it as each copy came back from a page worker: at BlitherBoom812 (754
files, 146 MB) 0.31 s of its CPU, most of it alone after the page workers had ended
(bench/README.md, "Asset copies, stop 43"). A child forked when the output is first written
(`Background`) copies them into the staging folder beside the page workers and the main
process's own work, which then only lists them. The child stops at a copy that fails; the
main process copies that file and the rest itself, so a failure is met, and named, exactly
as before (Writer.add), and the staging folder, with what the child copied, goes with the
failed build (Writer.abort). A source deleted since the build found it is left out
(`Vanished`), as it is when the main process copies it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..build.background import Background
from ..errors import Vanished

COPY_CHILD_FROM = 200  # copies fewer than this are made in the main process: a fork costs more

Copy = tuple[str, Path]  # an output file and the source file it is a copy of
Copied = tuple[int, list[str]]  # how many of the copies were made in order, the vanished ones


def copy_until_failure(put: Callable[[str, Path], object], copies: list[Copy]) -> Copied:
    """Copy each file with `put` until one fails; how many came first, and of those the
    output files whose source was deleted meanwhile (left out)."""
    vanished: list[str] = []
    for done, (rel, source) in enumerate(copies):
        try:
            put(rel, source)
        except Vanished:
            vanished.append(rel)
        except Exception:  # the main process copies it again and meets the error there
            return done, vanished
    return len(copies), vanished


class CopiesApart:
    """The copies a child makes (`copy_until_failure` in a `Background`), started now."""

    def __init__(self, put: Callable[[str, Path], object], copies: list[Copy],
                 workers: int) -> None:
        self.copies = copies
        self._job = Background(lambda: copy_until_failure(put, copies), workers)

    def result(self) -> Copied:
        """Wait for the child's answer (copied here if it could not run or failed)."""
        return self._job.result()

    def close(self) -> None:
        """Stop the child (the build failed): it copies no more into the staging folder."""
        self._job.close()
