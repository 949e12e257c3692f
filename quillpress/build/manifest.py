"""Proof that the output is current, so a `build` with nothing changed ends at once.

A build that succeeds records the stamp (mtime and size) of every file it read and of the
folders holding them, taken when it read them (so a save during the build is seen as a change
next time), and of every file it left in the output folder. A folder's mtime
changes when an entry is added, removed or renamed in it, so equal stamps mean no file was
edited, added or deleted. The next `build` in a fresh process compares stamps before doing
any work; on any difference it builds as usual (and is no slower for having looked).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import json_pieces, write_cache_file
from ..output.ownership import RECORD

Stamp = list[int]


def stamp(path: Path | str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_size]


def stamp_files(files: Iterable[Path], roots: set[Path]) -> dict[str, Stamp]:
    """Stamps of the files, resolved, and of the folders above them within the (resolved)
    roots, by path, in `Path`'s order. Each folder's real path is worked out once
    (`_Resolver`), the rest with plain strings: with `Path.resolve`, which reads every folder
    above each file, the demo blog's ~90 inputs (the theme's and KaTeX's files) took 5.5 ms
    of CPU at the end of every successful build."""
    resolve = _Resolver()
    tops = [os.path.join(resolve(str(root)), "") for root in roots]  # each with a separator
    found: set[str] = set()
    for file in files:
        path = resolve(str(file))
        found.add(path)
        folder = os.path.dirname(path)
        while folder not in found and any(os.path.join(folder, "").startswith(top) for top in tops):
            found.add(folder)
            folder = os.path.dirname(folder)
    return _stamped(sorted(found, key=_parts))


class _Resolver:
    """`os.path.realpath` (what `Path.resolve` gives) of many paths, each folder resolved
    once: a path is its folder's real path and its name, unless the name is itself a link."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or not folder:
            return os.path.realpath(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        joined = os.path.join(real, name)
        return os.path.realpath(joined) if os.path.islink(joined) else joined


def stamp_tree(files: Iterable[Path], root: Path) -> dict[str, Stamp]:
    """`stamp_files(files, {root})` for the files a walk of `root` found
    (`source.reader.scan`): each is stamped at the root's real path plus its own path below
    the root, and so is each folder between. One path is resolved, not each file's (a
    `realpath` reads every folder above the file: at 5,000 posts 0.21-0.29 s of CPU against
    0.05 s, in the main process alone before any worker starts). Same stamps, in the same
    order, unless the walk followed a link: its file or folder is then stamped through the
    link (`stat` follows it), so an edit of the target, or a file added to a linked folder
    outside the root, is a change, which `stamp_files` would not see."""
    real = str(root.resolve())
    if os.path.dirname(real) == real:  # a blog at a file system's root: the general way
        return stamp_files(files, {root})
    return _stamped(_walked_paths(files, str(root), real))


def _stamped(paths: Iterable[str]) -> dict[str, Stamp]:
    """The stamps of those of `paths` that exist, by path, in their order."""
    stamps: dict[str, Stamp] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        stamps[path] = [info.st_mtime_ns, info.st_size]
    return stamps


def _walked_paths(files: Iterable[Path], root: str, real: str) -> list[str]:
    """The files found below `root`, and the folders between them and it, under its real
    path `real`, in `Path`'s order; written with `os.path`, so right on any system."""
    below, inside = len(root), os.path.join(real, "")  # `inside`: `real` and a separator
    found: set[str] = set()
    for file in files:
        path = real + str(file)[below:]
        found.add(path)
        folder = os.path.dirname(path)
        while folder not in found and (folder == real or folder.startswith(inside)):
            found.add(folder)
            folder = os.path.dirname(folder)
    return sorted(found, key=_parts)


def _parts(path: str) -> list[str]:
    """A path's parts as `Path` compares them (case-folded where the system folds case)."""
    return os.path.normcase(path).split(os.sep)


def changed_since(read: dict[str, Stamp]) -> list[str]:
    """The files whose stamp now differs from the one taken when they were read."""
    return [path for path, value in read.items() if stamp(path) != value]


def output_stamps(public: Path) -> dict[str, Stamp]:
    """Stamps of the site's files (QuillPress's record of them is not part of the site).
    Walked with scandir and plain strings: a site has thousands of files, and a Path made,
    stat'ed and made relative per file cost a cold 1,000-post build ~0.15 s of the main
    process's time, twice (a no-change build compares them too)."""
    stamps: dict[str, Stamp] = {}

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir():
                    if not entry.is_symlink():  # as os.walk: a linked folder is not entered
                        walk(entry.path, rel + "/")
                    continue
                info = entry.stat()
            except OSError:
                continue
            if rel != RECORD:
                stamps[rel] = [info.st_mtime_ns, info.st_size]

    walk(str(public), "")
    return stamps


@dataclass
class Manifest:
    key: str
    inputs: dict[str, Stamp]
    outputs: dict[str, Stamp]
    visible_until: str | None  # when a hidden future post becomes visible (ISO 8601)
    posts: int
    pages: int
    warnings: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def make(cls, key: str, inputs: Iterable[Path], roots: set[Path], public: Path,
             visible_until: dt.datetime | None, posts: int, pages: int,
             warnings: list[dict[str, object]], read: dict[str, Stamp] | None = None,
             outputs: dict[str, Stamp] | None = None) -> "Manifest":
        """`read` holds the stamps sources had when the build read them: those are recorded,
        not today's, so a file saved (or deleted) while the build ran differs next time and
        is built again instead of being taken as done. `outputs`, the output files' stamps
        when the writer knows them all (`Writer.first_stamps`), spares a walk of `public`."""
        stamps = {**stamp_files(inputs, roots), **(read or {})}
        return cls(key, stamps, output_stamps(public) if outputs is None else outputs,
                   visible_until.isoformat() if visible_until else None, posts, pages, warnings)

    def save(self, path: Path) -> None:
        """Written one file's stamp at a time: at 5,000 posts the stamps of ~20,000 files
        are the build's last work, at its peak of memory, and `asdict` plus `json.dumps`
        held a deep copy of them and the whole text at once (3 MB)."""
        write_cache_file(path, json_pieces(vars(self), depth=2))

    @classmethod
    def load(cls, path: Path) -> "Manifest | None":
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def changed_outputs(self, public: Path) -> set[str]:
        """Output files whose stamp differs from what the last build left."""
        now = output_stamps(public)
        return {rel for rel, value in self.outputs.items() if now.get(rel) != value}

    def is_current(self, key: str, public: Path) -> bool:
        """True when nothing the last build read or wrote has changed since."""
        if key != self.key:
            return False
        if self.visible_until and dt.datetime.now(dt.timezone.utc) >= dt.datetime.fromisoformat(self.visible_until):
            return False
        if any(stamp(p) != s for p, s in self.inputs.items()):
            return False
        return output_stamps(public) == self.outputs
