"""Folders QuillPress makes in a blog's folder keep themselves out of `git status`.

A Hexo blog's `.gitignore` lists Hexo's own leftovers (`public/`, `db.json`), not ours: after a
build, `git status` listed the cache folder and the output's lock file as new files to
commit, as Hugo's `.hugo_build.lock` was listed, and committed by mistake, in many
repositories. A `.gitignore` of `*` inside the folder hides the folder and all in it (pytest
and mypy do the same with their caches), and the blog's own `.gitignore` is never touched.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def ignore_all(folder: Path, what: str) -> None:
    """Put a `.gitignore` of `*` in `folder`, unless a file or link of that name is there.
    A folder that cannot be written is left as it is: its owner says so when it writes."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder / ".gitignore",
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(f"# {what}, made by QuillPress: not part of the blog\n*\n")
