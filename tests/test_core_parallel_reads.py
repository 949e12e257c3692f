"""Sources read in forked workers (a big blog's cold build) give the same site and the same
errors, with file and line, as sources read in this process."""

import os
from pathlib import Path

import pytest
from conftest import post

from quillpress.build import reading
from quillpress.source.reader import load_document

BROKEN = "---\ntitle: Broken\ntags: [one, two\n---\nBody.\n"


def _blog(make_blog):
    files = {f"content/_posts/p{n}.md": post(f"Post {n}", f"Text of post {n}.",
                                             date=f"2024-01-{n + 1:02d} 10:00:00")
             for n in range(8)}
    files["content/_posts/broken.md"] = BROKEN
    files["content/about/index.md"] = "---\ntitle: About\n---\nAbout me.\n"
    return make_blog(files=files)


@pytest.fixture
def readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reads in workers from 2 documents on; each read leaves its process id in a file."""
    log = tmp_path / "readers.txt"

    def logged(path, config, asset_dir=None):
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return load_document(path, config, asset_dir)

    monkeypatch.setattr(reading, "PARALLEL_READS", 2)
    monkeypatch.setattr(reading, "load_document", logged)
    return log


def _errors(result):
    return [(e.path, e.line, e.message) for e in result.problems.errors]


def test_sources_read_in_workers_give_the_same_site_and_errors(make_blog, readers: Path):
    blog = _blog(make_blog)
    forked = blog.build(workers=2)
    pids = set(readers.read_text().split())
    assert pids and str(os.getpid()) not in pids  # every document was read by a worker
    readers.unlink()
    serial = blog.build(workers=1)
    assert set(readers.read_text().split()) == {str(os.getpid())}
    assert _errors(forked) == _errors(serial)
    [(path, line, message)] = _errors(forked)
    assert path == "content/_posts/broken.md" and line == 3 and "YAML" in message


def test_a_big_blog_read_in_workers_builds_the_same_pages(make_blog, readers: Path):
    blog = _blog(make_blog)
    (blog.root / "content/_posts/broken.md").unlink()
    blog.build(workers=2)
    forked = {rel: blog.read(rel) for rel in blog.files() if rel.endswith(".html")}
    assert "2024/01/08/p7/index.html" in forked and "Text of post 7." in forked["2024/01/08/p7/index.html"]
    blog.build(workers=1)
    assert {rel: blog.read(rel) for rel in blog.files() if rel.endswith(".html")} == forked
