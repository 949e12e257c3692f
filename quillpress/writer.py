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
    """Writes one build's output as it is made, so pages never pile up in memory.

    A file whose bytes equal the live one is left alone. Otherwise, in place (dev server) it
    is replaced at once by an atomic rename. A full build keeps its first few changed files
    in memory, and writes them in place (each atomically) only once the build has succeeded;
    past that it moves to a staging folder made as hard links to the live output, writes
    into it as pages come, and `commit` swaps the two folders. Either way `abort` (a failed
    build) leaves the live output exactly as it was.
    """

    BUFFERED_FILES = 200  # changed files a build may hold before it moves to a staging folder

    def __init__(self, public: Path, in_place: bool = False) -> None:
        self.public = public
        self.in_place = in_place
        self.added: set[str] = set()  # every output path of this build
        self.written: list[str] = []  # the ones whose bytes changed
        self._staging: Path | None = None
        self._pending: dict[str, bytes | Path] = {}  # changed files not yet on disk

    def _staging_names(self) -> tuple[Path, Path]:
        return (self.public.with_name(f".{self.public.name}.building"),
                self.public.with_name(f".{self.public.name}.old"))

    def _target(self) -> Path:
        """Where changed files go: the live folder in place, else the staging folder."""
        if self.in_place:
            self.public.mkdir(parents=True, exist_ok=True)
            return self.public
        if self._staging is None:
            staging, old = self._staging_names()
            for leftover in (staging, old):
                if leftover.exists():
                    shutil.rmtree(leftover)
            if self.public.exists():
                shutil.copytree(self.public, staging, copy_function=os.link, symlinks=True)
            else:
                staging.mkdir(parents=True)
            self._staging = staging
        return self._staging

    def add(self, rel: str, data: bytes | Path) -> None:
        """Output file `rel` holds `data` (bytes, or a file to copy)."""
        self.added.add(rel)
        if not self._needs_write(rel, data):
            return
        self.written.append(rel)
        if self.in_place or self._staging is not None:
            self._put(self._target(), rel, data)
            return
        self._pending[rel] = data
        if len(self._pending) > self.BUFFERED_FILES:  # a big change: stream to staging
            target = self._target()
            for pending_rel, pending in self._pending.items():
                self._put(target, pending_rel, pending)
            self._pending.clear()

    @staticmethod
    def _put(target: Path, rel: str, data: bytes | Path) -> None:
        path = target / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        if isinstance(data, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".qp-{path.name}")
            shutil.copy2(data, tmp)
            os.replace(tmp, path)
        else:
            _atomic_write(path, data)

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

    def _delete(self, target: Path, deletes: list[str]) -> None:
        for rel in deletes:
            path = target / rel
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != target and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def commit(self, keep_extra: set[str] | None = None, known: set[str] | None = None) -> WriteStats:
        """Delete what no route makes any more, then (full build) swap the staging folder in.

        `keep_extra` names files that stay although this build did not add them (the dev
        server renders only some routes); `known`, when given, is what the public folder
        holds, which spares walking thousands of files on every rebuild."""
        keep = self.added | (keep_extra or set())
        existing = self._existing() if known is None else known
        deletes = sorted(existing - keep)
        stats = WriteStats(written=len(self.written), unchanged=len(self.added) - len(self.written),
                           removed=len(deletes), changed_paths=sorted(self.written) + deletes)
        if not self.written and not deletes and (self.public.is_dir() or not self.added):
            return stats
        small = len(self._pending) + len(deletes) <= self.BUFFERED_FILES
        if self._staging is None and not self.in_place and small:  # apply in place
            for rel, data in self._pending.items():
                self._put(self.public, rel, data)
            self._pending.clear()
            self._delete(self.public, deletes)
            return stats
        target = self._target()
        try:
            for rel, data in self._pending.items():
                self._put(target, rel, data)
            self._pending.clear()
            self._delete(target, deletes)
        except BaseException:
            self.abort()
            raise
        if not self.in_place:
            _, old = self._staging_names()
            if self.public.exists():
                os.rename(self.public, old)
            os.rename(target, self.public)
            self._staging = None
            shutil.rmtree(old, ignore_errors=True)
        return stats

    def abort(self) -> None:
        """Forget this build's output: the live folder was never touched."""
        self._pending.clear()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
