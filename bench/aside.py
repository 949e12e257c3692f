"""Old output put aside between timed runs, deleted only when the benchmark ends.

This machine's ext4 has no journal, and then its inode allocator skips every inode freed in
the last 30 s, reading each one's dtime from the inode table at every allocation
(`find_inode_bit` → `recently_deleted`). A build started right after `rm -rf` of the
previous run's 11,000 files pays that scan for each file and folder it makes: 2-4x the
kernel time, and more on a build's wall time than most changes being measured. Renaming a
folder frees no inode, so a run that finds its old output renamed into a trash folder
starts as on a disk where nothing was deleted, the same for QuillPress and Hexo alike.
The trash is emptied once, when the script ends, where no run is timed.

Other processes' deletes reach a run too: every folder made under /tmp lands in the block
groups next to /tmp's, where the other helpers' copies are made and deleted. A work folder
marked as the top of a directory tree (`own_block_groups`) has each folder made in it put in
block groups of its own, with free inodes, away from theirs.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import TracebackType


class Aside:
    """A trash folder made beside `beside` (in its parent, not inside a blog a build
    scans); `put` renames files and folders into it. As a context manager, leaving it
    deletes the trash: the script's own clean-up, after every timed run."""

    def __init__(self, beside: Path) -> None:
        self._parent = beside.absolute().parent
        self._trash: Path | None = None

    def put(self, *paths: Path) -> None:
        """Move each path that exists out of the way, as if deleted: a rename into the
        trash (the same file system: nothing is copied or freed). One on another file
        system is deleted instead, and said so: the next run there pays ext4's scan."""
        for path in paths:
            if not os.path.lexists(path):
                continue
            if self._trash is None:
                self._trash = Path(tempfile.mkdtemp(prefix=".bench-trash-", dir=self._parent))
            try:
                os.rename(path, Path(tempfile.mkdtemp(dir=self._trash)) / path.name)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                print(f"{path}: not on the trash's file system ({self._trash}), deleted", file=sys.stderr)
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()

    def empty(self) -> None:
        if self._trash is not None:
            shutil.rmtree(self._trash, ignore_errors=True)
            self._trash = None

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.empty()


def put_build_aside(aside: Aside, blog: Path) -> None:
    """Put a blog's output folder (public/) and cache aside for a cold build; exit instead
    when public/ holds a file QuillPress did not write (the site Hexo generated, which many
    blogs commit, or a user's file): the trash is deleted when the script ends, and what
    QuillPress did not write is never deleted. Its record (`.quillpress-files.json`) lists
    every file a build put there."""
    public = blog / "public"
    if public.is_dir():
        from quillpress.output.ownership import SCRATCH, describe_foreign, files_in, read_record

        record = read_record(public)
        written = record.files if record is not None else set()
        foreign = {name for name in files_in(public) - written
                   if not name.startswith(SCRATCH + "/")}  # a stopped build's
        if foreign:
            sys.exit(f"{public} holds {describe_foreign(foreign)} that QuillPress did not write: "
                     "run this on a copy of the blog without them")
    aside.put(public, blog / ".quillpress-cache")


def own_block_groups(folder: Path) -> None:
    """Mark `folder` for ext4's Orlov allocator as the top of a directory tree (`chattr +T`):
    each folder made in it (a copy of a blog, a corpus) then starts in a block group of its
    own, chosen among those with more free inodes than most, instead of next to its parent's.
    Measured: c1000 copies so placed met none of the inode scan that copies in /tmp met from
    other processes' deletes at the same time (bench/README.md). Nothing happens where
    `chattr` is missing or the file system has no such flag."""
    try:
        subprocess.run(["chattr", "+T", str(folder)], capture_output=True, check=False)
    except OSError:
        pass
