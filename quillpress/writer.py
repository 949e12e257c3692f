"""Putting the output on disk without ever leaving a half-written site.

A full build writes into a sibling folder that starts as hard links to the current output
(cheap, and unchanged files keep their timestamps), then swaps the two folders by rename.
The dev server updates files in place, each by an atomic rename, since it must stay fast.
Either way a file is written only when its bytes change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import QuillError
from .safety import protected_reason


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_paths: list[str] = field(default_factory=list)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".qp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_public_dir(config: Config) -> None:
    """Refuse an output folder whose contents a build would replace but must not: the
    system's or home folder, the project, its source folder, themes or plugins."""
    reason = protected_reason(config.public_path, config)
    if reason:
        raise QuillError(f"refusing to build into {config.public_path.resolve()}: {reason}",
                         "_config.yml", hint="set public_dir to a folder of its own, such as `site`")


class Writer:
    """Collects the output of one build and commits it to the public folder."""

    def __init__(self, public: Path, in_place: bool = False) -> None:
        self.public = public
        self.in_place = in_place
        self.files: dict[str, bytes | Path] = {}  # output path -> bytes or a file to copy

    def add(self, rel: str, data: bytes | Path) -> None:
        self.files[rel] = data

    def _existing(self) -> set[str]:
        found: set[str] = set()
        if not self.public.is_dir():
            return found
        for dirpath, dirnames, filenames in os.walk(self.public):
            base = Path(dirpath).relative_to(self.public).as_posix()
            if base == ".git" or base.startswith(".git/"):
                dirnames[:] = []
                continue
            prefix = "" if base == "." else base + "/"
            found.update(prefix + name for name in filenames)
        return found

    def _needs_write(self, rel: str, data: bytes | Path) -> bool:
        target = self.public / rel
        if isinstance(data, Path):
            if data == target:
                return False
            try:
                s, t = data.stat(), target.stat()
            except OSError:
                return True
            return not (s.st_size == t.st_size and int(s.st_mtime) == int(t.st_mtime))
        return not _same_bytes(target, data)

    def plan(self, keep: set[str], known: set[str] | None = None) -> tuple[list[str], list[str]]:
        """(files to write, files to delete): an empty plan means nothing to do at all.

        `known`, when given, is what the public folder holds (the dev server remembers what
        it wrote), which spares walking thousands of files on every rebuild."""
        writes = [rel for rel, data in sorted(self.files.items()) if self._needs_write(rel, data)]
        existing = self._existing() if known is None else known
        deletes = sorted(rel for rel in existing - keep - set(self.files))
        return writes, deletes

    def _apply(self, target: Path, writes: list[str], deletes: list[str]) -> None:
        for rel in writes:
            path = target / rel
            data = self.files[rel]
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            if isinstance(data, Path):
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".qp-{path.name}")
                shutil.copy2(data, tmp)
                os.replace(tmp, path)
            else:
                _atomic_write(path, data)
        for rel in deletes:
            path = target / rel
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != target and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def commit(self, keep_extra: set[str] | None = None, known: set[str] | None = None) -> WriteStats:
        """Write what changed and delete what no route makes any more.

        `keep_extra` names files that stay although this commit did not add them (the dev
        server commits only re-rendered routes). With nothing to change, nothing is touched.
        """
        keep = set(self.files) | (keep_extra or set())
        writes, deletes = self.plan(keep, known)
        stats = WriteStats(written=len(writes), unchanged=len(self.files) - len(writes),
                           removed=len(deletes), changed_paths=writes + deletes)
        if not writes and not deletes and (self.public.is_dir() or not self.files):
            return stats
        if self.in_place:
            self.public.mkdir(parents=True, exist_ok=True)
            self._apply(self.public, writes, deletes)
            return stats
        staging = self.public.with_name(f".{self.public.name}.building")
        old = self.public.with_name(f".{self.public.name}.old")
        for leftover in (staging, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        if self.public.exists():
            shutil.copytree(self.public, staging, copy_function=os.link, symlinks=True)
        else:
            staging.mkdir(parents=True)
        try:
            self._apply(staging, writes, deletes)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if self.public.exists():
            os.rename(self.public, old)
        os.rename(staging, self.public)
        shutil.rmtree(old, ignore_errors=True)
        return stats
