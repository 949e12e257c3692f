"""A big blog's sources are read by two processes (`build/loading.py`): the build is the one a
single process makes, with the same errors, whoever read which file."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from quillpress.build import loading

GOOD = "---\ntitle: Post {n}\ndate: 2024-01-01\n---\nBody {n}.\n"
BAD = "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nx\n"


def shared_blog(make_blog: Any, monkeypatch: Any, posts: int = 6) -> Any:
    """A blog of `posts` good posts and a bad one last, read in runs of one file."""
    monkeypatch.setattr(loading, "SHARE_FROM", 2)
    monkeypatch.setattr(loading, "RUN", 1)
    files = {f"content/_posts/p{n}.md": GOOD.format(n=n) for n in range(posts)}
    return make_blog(files={**files, "content/_posts/z.md": BAD})


def built_posts(blog: Any, posts: int = 6) -> list[bool]:
    return [f"Body {n}." in blog.read(f"2024/01/01/p{n}/index.html") for n in range(posts)]


def slow_here(monkeypatch: Any, seconds: float, in_child: Any = None) -> None:
    """Each file read `seconds` late in this process (the child takes the last runs
    meanwhile); `in_child(path)` runs before each file the child reads."""
    parent, read = os.getpid(), loading._read

    def reading(path: Path, *args: Any) -> Any:
        if os.getpid() == parent:
            time.sleep(seconds)
        elif in_child is not None:
            in_child(path)
        return read(path, *args)

    monkeypatch.setattr(loading, "_read", reading)


def test_an_error_met_by_the_child_names_file_line_and_fix(make_blog, monkeypatch):
    slow_here(monkeypatch, 0.1)
    blog = shared_blog(make_blog, monkeypatch)
    result = blog.build(workers=2, in_place=True)
    (message,) = [str(e) for e in result.problems.errors]
    assert message.startswith("content/_posts/z.md:3: invalid YAML front-matter")
    assert "hint:" in message
    assert built_posts(blog) == [True] * 6


def test_files_a_failed_child_took_are_read_here(make_blog, monkeypatch):
    class DiesAfterReading:
        """A child that takes its files (all of them: it starts first), then is killed."""

        def __init__(self, func: Any, workers: int) -> None:
            func()

        def result(self) -> list[Any]:
            return []

    monkeypatch.setattr(loading, "Background", DiesAfterReading)
    blog = shared_blog(make_blog, monkeypatch)
    result = blog.build(workers=2, in_place=True)
    assert [e.path for e in result.problems.errors] == ["content/_posts/z.md"]
    assert built_posts(blog) == [True] * 6


def read_both_ways(blog: Any) -> tuple[list[str], list[str]]:
    """What a shared read (workers=2) and a one-process read return, outcome by outcome:
    the document's path below the source folder, or the error's text."""
    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    config = load_config(blog.root)
    tree = scan(config)

    def shown(workers: int) -> list[str]:
        return [str(o) if isinstance(o, Exception) else o.rel
                for o in loading.read_documents(tree.documents, config, tree.asset_dirs, workers)]
    return shown(2), shown(1)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("ending", ["killed", "raises"])
def test_a_child_that_ends_midway_leaves_the_one_process_read(make_blog, monkeypatch, ending):
    """A child killed (or failing) after a few files, while this process is slow: every
    file is read once, in order, the same outcomes as one process, no descriptor left."""
    seen: list[Path] = []

    def ends_midway(path: Path) -> None:
        seen.append(path)
        if len(seen) == 3:
            if ending == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise MemoryError  # past `_read`'s guard (this replaces it): the child's job fails

    blog = shared_blog(make_blog, monkeypatch, posts=12)
    slow_here(monkeypatch, 0.02, ends_midway)
    before = open_descriptors()
    shared, alone = read_both_ways(blog)
    assert shared == alone
    assert len(alone) == 13
    assert alone[-1].startswith("content/_posts/z.md:3: invalid YAML front-matter")
    assert open_descriptors() == before


def test_a_shared_read_keeps_the_order_of_one_process(make_blog, monkeypatch):
    """The child takes most runs (this process is slow): the outcomes come back in the
    files' order, as one process reads them, and the ticket pipe is closed."""
    blog = shared_blog(make_blog, monkeypatch, posts=12)
    slow_here(monkeypatch, 0.05)
    before = open_descriptors()
    shared, alone = read_both_ways(blog)
    assert shared == alone
    assert alone[:3] == ["_posts/p0.md", "_posts/p1.md", "_posts/p10.md"]
    assert open_descriptors() == before


def test_the_dev_server_reads_every_source_again_with_its_threads_running(make_blog, monkeypatch):
    """A config change makes the dev server read every source again, shared with a child
    forked from its rebuild thread while the HTTP server and the watcher run: each post is
    served with the new title, and the broken one's error reaches the overlay."""
    from server_support import serving, wait_until

    forked: list[int] = []
    started = loading.Background

    def counted(func: Any, workers: int) -> Any:
        forked.append(workers)
        return started(func, workers)

    monkeypatch.setattr(loading, "Background", counted)
    blog = shared_blog(make_blog, monkeypatch)
    with serving(blog, workers=2) as site:
        assert site.preview.hub is not None
        reads = len(forked)
        config = blog.root / "_config.yml"
        config.write_text(config.read_text().replace("Test blog", "Renamed blog"))
        wait_until(lambda: all("Renamed blog" in site.get(f"/2024/01/01/p{n}/").text
                               for n in range(6)), what="every post rebuilt")
        assert site.preview.batcher.idle(10)
        assert len(forked) > reads
        assert [e["path"] for e in site.preview.hub.errors] == ["content/_posts/z.md"]


def test_a_build_of_one_process_reads_every_source_itself(make_blog, monkeypatch, tmp_path):
    """`--workers 1`: no child, whatever the count (a profiler sees the whole read)."""
    readers = tmp_path / "readers"  # a file: a child's notes would reach it too
    read = loading._read

    def noted(path: Path, *args: Any) -> Any:
        with readers.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return read(path, *args)

    blog = shared_blog(make_blog, monkeypatch)
    monkeypatch.setattr(loading, "_read", noted)
    result = blog.build(workers=1, in_place=True)
    assert set(readers.read_text().split()) == {str(os.getpid())}
    assert [e.path for e in result.problems.errors] == ["content/_posts/z.md"]
    assert built_posts(blog) == [True] * 6
