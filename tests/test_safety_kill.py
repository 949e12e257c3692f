"""Fault injection: `build` killed with SIGKILL at several points of a large rebuild. After
the next build, the site equals a clean build of the same sources, file for file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from quillpress.build.builder import Builder
from quillpress.output.ownership import SCRATCH
from tests.conftest import REPO, left_beside

POSTS = 210  # more changed pages than the writer holds in memory: they go to its scratch folder
POST = "---\ntitle: Post {n}\ndate: 2024-01-{day:02d}\ntags: [t{tag}]\n---\n{text} {n}\n"


def write_posts(root: Path, text: str) -> None:
    for n in range(POSTS):
        path = root / f"content/_posts/p{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(POST.format(n=n, day=n % 28 + 1, tag=n % 9, text=text))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--cwd", str(root), "--quiet",
                             "build", "--workers", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def files_in(folder: Path) -> int:
    """Files in `folder` now (0 once it is gone)."""
    try:
        return sum(1 for entry in os.scandir(folder) if entry.is_file())
    except FileNotFoundError:
        return 0


def kill_when(build: subprocess.Popen[bytes], reached: Callable[[], bool]) -> bool:
    """SIGKILL the build at the moment `reached` first holds; False if it ended before."""
    while build.poll() is None:
        if reached():
            os.kill(build.pid, signal.SIGKILL)
            build.wait(60)
            return True
        time.sleep(0.002)
    return False


def test_a_build_killed_anywhere_is_repaired_by_the_next(make_blog, tmp_path):
    """Kills at stages seen from outside, not after guessed delays, so a fast or a loaded
    machine kills each build at the same point: as the scratch folder in the site appears,
    once it holds a quarter of the new pages, once it holds them all, and while they are
    renamed into place (the site then holds old pages and new)."""
    blog = make_blog()
    write_posts(blog.root, "First version.")
    assert start_build(blog.root).wait(120) == 0
    scratch = blog.public / SCRATCH
    peak = [0]

    def scratch_made() -> bool:
        return scratch.is_dir()

    def pages_written() -> bool:
        return files_in(scratch) > POSTS // 4

    def most_pages_written() -> bool:
        return files_in(scratch) > POSTS

    def pages_renamed() -> bool:
        count = files_in(scratch)
        peak[0] = max(peak[0], count)
        return peak[0] > POSTS and 0 < count < peak[0] - 10

    killed = []
    stages = (scratch_made, pages_written, most_pages_written, pages_renamed)
    for round_, stage in enumerate(stages):
        write_posts(blog.root, f"Version {round_}.")
        if kill_when(start_build(blog.root), stage):
            killed.append(stage.__name__)
    assert len(killed) >= 2, f"the builds ended before they could be killed (killed: {killed})"

    assert start_build(blog.root).wait(120) == 0  # the next build
    clean = tmp_path / "clean"
    assert Builder(blog.root, workers=2, cache_dir=tmp_path / "clean-cache",
                   overrides={"public_dir": str(clean)}).build().ok
    assert snapshot(blog.public) == snapshot(clean)
    assert left_beside(blog.public) == []
