"""Read many source files on two cores: this process from the first file on, a forked child
from the last one back, until they meet.

Reading a source (the file, its front-matter, its dates and permalink) costs about 0.1 ms in
Python (0.14 ms before `load_document` was made cheaper), and a first build reads every one
before anything else can start: 0.74 s of a 5,000-post build's main process before this module,
alone while the other core idled (bench/README.md, "Serial stretch, stop 27"). The child (`Background`) inherits the config and the paths, and sends its
documents back pickled; taking them costs this process about 0.02 ms each.

The files are cut into short runs, and a process reads a run when it takes one of the
pipe's tickets, one byte per run: the two meet wherever the cores let them (the other core
may be busy with a Node starting, or with another program), and a child that is killed
leaves only the runs it took, which this process then reads itself.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Union

from ..config.loader import Config
from ..errors import QuillError, Vanished, read_error
from ..model.document import Document
from ..source.reader import load_document
from .background import Background

# From this many files the read is shared with a child: forking and taking the child's
# documents back cost this process ~10 ms, what reading ~100 files costs now (~60 when the
# threshold was set, before the read got cheaper; not measured again, so a wide margin).
SHARE_FROM = 400
# Runs at most, so the tickets fit in any pipe (a pipe holds at least a page, 4,096 bytes),
# and files per run at least: a ticket is a system call.
MAX_RUNS, RUN = 1024, 4

Outcome = Union[Document, QuillError]


def read_documents(paths: list[Path], config: Config, asset_dirs: dict[Path, Path],
                   workers: int) -> list[Outcome]:
    """Each path's Document, or the error that names its file and line, in `paths`' order."""
    def read(run: Iterable[Path]) -> list[Outcome]:
        return [_read(path, config, asset_dirs) for path in run]

    if len(paths) < SHARE_FROM or workers < 2:
        return read(paths)
    size = max(RUN, -(-len(paths) // MAX_RUNS))
    runs = [paths[at:at + size] for at in range(0, len(paths), size)]
    try:
        tickets = _tickets(len(runs))
    except OSError:  # out of file descriptors
        return read(paths)
    shared = {id(path): path for path in [*paths, *asset_dirs.values()]}
    try:
        child = Background(lambda: [_packed(read(run), shared)
                                    for run in _taken(tickets, reversed(runs))], workers)
        mine = [read(run) for run in _taken(tickets, runs)]
        # none when the child failed: it ran here, and found no ticket
        theirs = [_unpacked(packed, shared) for packed in reversed(child.result())]
    finally:
        os.close(tickets)
    missed = runs[len(mine):len(runs) - len(theirs)]  # taken by a child that failed
    return [outcome for run in [*mine, *map(read, missed), *theirs] for outcome in run]


def _tickets(count: int) -> int:
    """A pipe holding `count` tickets, its writing end closed: a read takes one, or finds none."""
    read, write = os.pipe()
    try:
        os.write(write, bytes(count))
    finally:
        os.close(write)
    return read


def _taken(tickets: int, runs: Iterable[list[Path]]) -> Iterable[list[Path]]:
    """The runs, in their order, one per ticket this process takes, until none is left."""
    for run in runs:
        if not os.read(tickets, 1):
            return
        yield run


class _Pickler(pickle.Pickler):
    """Pickles the paths this process holds (`shared`, by identity: the child is its fork)
    as their ids."""

    def __init__(self, file: io.BytesIO, shared: dict[int, Path]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared = shared

    def persistent_id(self, obj: object) -> int | None:
        return id(obj) if id(obj) in self._shared else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: dict[int, Path]) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: Any) -> Path:
        return self._shared[pid]


def _packed(run: list[Outcome], shared: dict[int, Path]) -> bytes:
    """A run's outcomes pickled in the child as soon as they are read (not all at its end,
    while this process waits), and without the paths: each Path made again cost a third of
    taking a Document back, and this process holds the same ones."""
    buffer = io.BytesIO()
    _Pickler(buffer, shared).dump(run)
    return buffer.getvalue()


def _unpacked(packed: bytes, shared: dict[int, Path]) -> list[Outcome]:
    outcomes: list[Outcome] = _Unpickler(io.BytesIO(packed), shared).load()
    return outcomes


def _read(path: Path, config: Config, asset_dirs: dict[Path, Path]) -> Outcome:
    """A document read. Its `source_hash` is not made here, though both reading processes
    could share the hashing: the body keys and page fingerprints must hash each document as
    the `after_source` handlers leave it, which may change its body or front-matter."""
    try:
        return load_document(path, config, asset_dirs.get(path))
    except QuillError as exc:
        return exc
    except FileNotFoundError:  # deleted since the walk found it
        return Vanished(path.relative_to(config.root_path))
    except OSError as exc:  # not readable (its permissions)
        return read_error(exc, path.relative_to(config.root_path))
    except Exception as exc:  # a bug met by one file must not stop the others
        return QuillError(f"could not read this file: {exc!r}",
                          path.relative_to(config.root_path),
                          hint="run with --debug and report it if the file looks right")
