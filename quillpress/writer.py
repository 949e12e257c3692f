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

from .errors import QuillError


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


def _copy_if_changed(source: Path, target: Path) -> bool:
    try:
        s, t = source.stat(), target.stat()
        if s.st_size == t.st_size and int(s.st_mtime) == int(t.st_mtime):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".qp-{target.name}")
    shutil.copy2(source, tmp)
    os.replace(tmp, target)
    return True


def check_public_dir(public: Path, root: Path) -> None:
    """Refuse an output folder that would clobber the project or the system."""
    public = public.resolve()
    root = root.resolve()
    home = Path.home().resolve()
    if public in (Path("/"), home, root) or root.is_relative_to(public) or public == root.parent:
        raise QuillError(f"refusing to use {public} as the output folder", "_config.yml",
                         hint="set public_dir to a folder inside the project, such as `site`")


class Writer:
    """Collects the output of one build and commits it to the public folder."""

    def __init__(self, public: Path, in_place: bool = False) -> None:
        self.public = public
        self.in_place = in_place
        self.files: dict[str, bytes | Path] = {}  # output path -> bytes or a file to copy

    def add(self, rel: str, data: bytes | Path) -> None:
        self.files[rel] = data

    def _apply(self, target: Path, keep: set[str], stats: WriteStats) -> None:
        for rel, data in sorted(self.files.items()):
            path = target / rel
            if isinstance(data, Path):
                changed = _copy_if_changed(data, path)
            elif _same_bytes(path, data):
                changed = False
            else:
                if path.is_symlink() or path.is_dir():
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                _atomic_write(path, data)
                changed = True
            if changed:
                stats.written += 1
                stats.changed_paths.append(rel)
            else:
                stats.unchanged += 1
        for existing in sorted(target.rglob("*"), reverse=True):
            rel = existing.relative_to(target).as_posix()
            if existing.is_file() or existing.is_symlink():
                if rel not in keep and not rel.startswith(".git/") and rel not in (".git",):
                    existing.unlink()
                    stats.removed += 1
                    stats.changed_paths.append(rel)
            elif existing.is_dir() and not any(existing.iterdir()) and rel != ".git":
                existing.rmdir()

    def commit(self, keep_extra: set[str] | None = None) -> WriteStats:
        """Write what changed and delete what no route makes any more.

        `keep_extra` names files that stay although this commit did not add them (the dev
        server commits only re-rendered routes)."""
        stats = WriteStats()
        keep = set(self.files) | (keep_extra or set())
        if self.in_place:
            self.public.mkdir(parents=True, exist_ok=True)
            self._apply(self.public, keep, stats)
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
            self._apply(staging, keep, stats)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if self.public.exists():
            os.rename(self.public, old)
        os.rename(staging, self.public)
        shutil.rmtree(old, ignore_errors=True)
        return stats
