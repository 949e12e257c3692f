"""Reading many source files at once: in forked workers when there are enough of them.

A cold build reads every document before anything else can start, and the main process did
it alone while the other cores waited (about a third of a second at 1,000 posts: YAML, dates,
permalinks). Reading a file depends only on the file and the config, so workers can do it;
what comes back is the Document (plain data) or the error it raised, as a dict because an
exception pickles without its file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config.loader import Config
from ..errors import QuillError
from ..model.document import Document
from ..source.reader import load_document
from .parallel import fork_map

# Fewer documents than this are read here: a pool costs ~40 ms to start and each document
# ~0.3 ms to read, so below this the pool saves nothing worth its start.
PARALLEL_READS = 400


def read_documents(paths: list[Path], config: Config, asset_dirs: dict[Path, Path],
                   root: Path, workers: int) -> Iterator[tuple[Path, Document | QuillError]]:
    """Each path with its Document or the QuillError reading it raised, in `paths`' order
    (so errors are reported in the same order however many workers read them)."""
    reader = _Reader(config, asset_dirs, root)
    outcomes: list[tuple[Document | None, dict[str, Any] | None] | None] = [None] * len(paths)
    for index, outcome in fork_map(reader.read, paths, workers, PARALLEL_READS):
        outcomes[index] = outcome
    for path, done in zip(paths, outcomes):
        assert done is not None
        doc, error = done
        yield path, doc if doc is not None else QuillError.from_dict(error or {"message": "?"})


class _Reader:
    """One document read, its error as plain data (what crosses back from a worker)."""

    def __init__(self, config: Config, asset_dirs: dict[Path, Path], root: Path) -> None:
        self.config = config
        self.asset_dirs = asset_dirs
        self.root = root

    def read(self, path: Path) -> tuple[Document | None, dict[str, Any] | None]:
        try:
            return load_document(path, self.config, self.asset_dirs.get(path)), None
        except QuillError as exc:
            return None, exc.to_dict()
        except Exception as exc:  # a bug met by one file must not stop the others
            return None, QuillError(
                f"could not read this file: {exc!r}", path.relative_to(self.root),
                hint="run with --debug and report it if the file looks right").to_dict()
