"""A big blog's sources are read by two processes (`build/loading.py`): the build is the one a
single process makes, with the same errors, whoever read which file."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

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


def test_an_error_met_by_the_child_names_file_line_and_fix(make_blog, monkeypatch):
    parent, read = os.getpid(), loading._read

    def slow_here(path: Path, *args: Any) -> Any:  # the child takes the last files meanwhile
        if os.getpid() == parent:
            time.sleep(0.1)
        return read(path, *args)

    monkeypatch.setattr(loading, "_read", slow_here)
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
