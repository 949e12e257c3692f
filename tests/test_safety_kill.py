"""Fault injection: `build` killed with SIGKILL at several points of a large rebuild. After
the next build, the site equals a clean build of the same sources, file for file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from quillpress.build.builder import Builder
from tests.conftest import REPO

POSTS = 210  # more changed pages than the writer buffers: the rebuild uses a staging folder
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


def test_a_build_killed_anywhere_is_repaired_by_the_next(make_blog, tmp_path):
    blog = make_blog()
    write_posts(blog.root, "First version.")
    started = time.perf_counter()
    assert start_build(blog.root).wait(120) == 0
    full = time.perf_counter() - started  # how long a whole rebuild takes here

    killed_at = []
    for round_, fraction in enumerate((0.4, 0.75, 0.95)):
        write_posts(blog.root, f"Version {round_}.")
        build = start_build(blog.root)
        time.sleep(full * fraction)
        if build.poll() is None:
            os.kill(build.pid, signal.SIGKILL)
            killed_at.append(fraction)
        build.wait(60)
    assert len(killed_at) >= 2, "the builds ended before they could be killed"

    assert start_build(blog.root).wait(120) == 0  # the next build
    clean = tmp_path / "clean"
    assert Builder(blog.root, workers=2, cache_dir=tmp_path / "clean-cache",
                   overrides={"public_dir": str(clean)}).build().ok
    assert snapshot(blog.public) == snapshot(clean)
    assert sorted(p.name for p in blog.root.iterdir() if p.name.startswith(".site")) == []
