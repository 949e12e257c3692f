"""Same input, same bytes; and a build with nothing changed writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from quillpress.builder import Builder

FIXTURE = Path(__file__).parent / "fixtures" / "hexo_blog"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_blog(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURE, root)
    return root


def remove_build(root: Path) -> None:
    """Delete what a build wrote into the blog folder (its output, cache and the output's
    lock file): the folder holds the copied sources alone again."""
    for path in root.iterdir():
        if (FIXTURE / path.name).exists():
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def test_same_input_same_bytes(tmp_path: Path) -> None:
    """The same blog built twice from scratch (no cache), in different folders and with
    different worker counts, gives byte-identical output.

    The folder is moved between the builds, not copied a second time: an undated post is
    dated by its file's birth time, which a move keeps and no copy can set, so two copies
    made in different seconds would be two different inputs."""
    first = copy_blog(tmp_path, "one")
    a = Builder(first, workers=1, use_cache=False).build()
    out_a = snapshot(first / "site")
    remove_build(first)
    second = first.rename(tmp_path / "two")
    b = Builder(second, workers=2, use_cache=False).build()
    assert a.ok and b.ok
    out_b = snapshot(second / "site")
    assert len(out_a) > 40
    assert out_a.keys() == out_b.keys()
    assert [k for k in out_a if out_a[k] != out_b[k]] == []


def test_second_build_writes_nothing(tmp_path: Path) -> None:
    root = copy_blog(tmp_path, "blog")
    first = Builder(root, workers=1).build()
    assert first.ok and first.written > 40
    times = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()}
    again = Builder(root, workers=1).build()  # a new process would start like this
    assert again.ok and again.written == 0 and again.removed == 0
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()} == times
    # a changed post rewrites its own page, not everything
    post = root / "source/_posts/hello-world.md"
    post.write_text(post.read_text(encoding="utf-8").replace("The rest.", "The rest, edited."),
                    encoding="utf-8")
    edited = Builder(root, workers=1).build()
    assert edited.ok and "2024/01/15/hello-world/index.html" in edited.changed_paths
    assert 0 < edited.written < first.written / 2
