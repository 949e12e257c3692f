"""An rsync-like mirror: make a folder hold the files of another, planned first, then applied.

Files whose bytes are the same are not touched (git and web servers see no change). Which
files may be deleted or replaced is the caller's to say: a git work folder is all the
deploy's own (`owned=None`), a local target only holds as its own the files earlier deploys
wrote there; every other file is the user's and is left alone. Names in `keep` (such as
`.git`) are never looked into. A folder of the destination that is a link (to a folder
elsewhere) is never written through: the plan names it, and applying the plan replaces the
link alone with a folder. A plan can be printed instead of applied (`deploy --dry-run`).
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..output.ownership import RECORD, SCRATCH, FolderLinks, remove_empty_folders

BOOKKEEPING = frozenset({RECORD, SCRATCH})  # QuillPress's own files: never part of a site


@dataclass
class MirrorPlan:
    """What mirroring will do (or did), as paths relative to the two folders."""

    wanted: set[str] = field(default_factory=set)  # every file of the source
    copied: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    foreign: set[str] = field(default_factory=set)  # the user's files, left alone
    replaced: list[str] = field(default_factory=list)  # the user's files the source overwrites
    links: set[str] = field(default_factory=set)  # folders that are links, replaced by folders


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


def plan_mirror(source: Path, dest: Path, keep: frozenset[str] = frozenset({".git"}),
                owned: set[str] | None = None) -> MirrorPlan:
    """Compare the folders: what to copy, what to delete, whose files are in the way."""
    plan = MirrorPlan(wanted=_files(source, BOOKKEEPING))
    present = _files(dest, keep | BOOKKEEPING) if dest.is_dir() else set()
    ours = present if owned is None else present & owned
    plan.deleted = sorted(ours - plan.wanted, reverse=True)
    plan.foreign = present - ours - plan.wanted
    links = FolderLinks(dest)
    for rel in sorted(plan.wanted):
        src, target = source / rel, dest / rel
        if (link := links.above(rel)) is not None:
            plan.links.add(link)
            plan.copied.append(rel)
            continue
        if target.is_file() and not target.is_symlink() and filecmp.cmp(src, target, shallow=False):
            plan.unchanged += 1
            continue
        plan.copied.append(rel)
        in_the_way = {rel} if rel in present else {
            name for name in present if name.startswith(rel + "/")}
        if in_the_way - ours:
            plan.replaced.append(rel)
    return plan


def apply_mirror(source: Path, dest: Path, plan: MirrorPlan) -> None:
    """Carry the plan out: delete, then copy, then remove the folders left empty."""
    dest.mkdir(parents=True, exist_ok=True)
    for rel in plan.deleted:
        (dest / rel).unlink(missing_ok=True)
    for link in sorted(plan.links):
        (dest / link).unlink(missing_ok=True)  # the link alone: the folder it names is kept
    for rel in plan.copied:
        target = dest / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target)
    for rel in plan.deleted:
        remove_empty_folders((dest / rel).parent, dest)


def mirror(source: Path, dest: Path, keep: frozenset[str] = frozenset({".git"})) -> MirrorPlan:
    """Make `dest` (all of it the deploy's own) hold exactly the files of `source`."""
    plan = plan_mirror(source, dest, keep)
    apply_mirror(source, dest, plan)
    return plan
