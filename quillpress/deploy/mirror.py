"""An rsync-like mirror: make a folder hold exactly the files of another.

Files whose bytes are the same are not touched (git and web servers see no change); files
gone from the source are deleted; names in `keep` (such as `.git`) are never looked into.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..ownership import RECORD


@dataclass
class MirrorStats:
    copied: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def _files(folder: Path, keep: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        if base == folder:
            dirnames[:] = [d for d in dirnames if d not in keep]
            filenames = [f for f in filenames if f not in keep]
        for name in filenames:
            found.add((base / name).relative_to(folder).as_posix())
    return found


def mirror(source: Path, dest: Path, keep: frozenset[str] = frozenset({".git"})) -> MirrorStats:
    """Copy changed files from `source` to `dest` and delete what `source` no longer has."""
    stats = MirrorStats()
    dest.mkdir(parents=True, exist_ok=True)
    wanted = _files(source, frozenset({RECORD}))  # the build's record is not part of the site
    present = _files(dest, keep)
    for rel in sorted(present - wanted, reverse=True):
        target = dest / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
        stats.deleted.append(rel)
    for rel in sorted(wanted):
        src, target = source / rel, dest / rel
        if target.is_file() and not target.is_symlink() and filecmp.cmp(src, target, shallow=False):
            stats.unchanged += 1
            continue
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        stats.copied.append(rel)
    _remove_empty_dirs(dest, keep)
    return stats


def _remove_empty_dirs(folder: Path, keep: frozenset[str]) -> None:
    for dirpath, _dirs, _files_here in os.walk(folder, topdown=False):
        path = Path(dirpath)
        if path == folder or path.relative_to(folder).parts[0] in keep:
            continue
        if not any(path.iterdir()):
            path.rmdir()
