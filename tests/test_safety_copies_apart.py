"""A first build's copied files (pictures, static files) are copied in a forked child while
the pages are made (output/copies.py). The site must be the same file for file (bytes,
modes, times) as when the main process copies them; a copy that fails stops the build
naming that file, with nothing left behind; a source deleted meanwhile is left out with
its warning; an aborted build's child copies nothing after the staging folder is gone."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from quillpress.build.builder import Builder
from quillpress.errors import QuillError
from quillpress.output import writer as writer_module
from quillpress.output.ownership import RECORD
from quillpress.output.writer import Writer

POST = "---\ntitle: P{n}\ndate: 2024-01-0{n}\n---\n![figure](figure.png) words {n}\n"


@pytest.fixture
def apart_from_one(monkeypatch):
    """Any number of copies goes to the child (the real threshold is for speed alone)."""
    monkeypatch.setattr(writer_module, "COPY_CHILD_FROM", 1)


def sources(tmp_path: Path, count: int = 12) -> list[tuple[str, Path]]:
    """Files to copy, in folders, one executable, of many sizes, with old times."""
    copies = []
    for n in range(count):
        path = tmp_path / "src" / f"d{n % 3}" / f"f{n}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes([n]) * (n * 70_001))
        os.utime(path, ns=(1_600_000_000_123_456_789 + n, 1_500_000_000_987_654_321 + n))
        copies.append((f"assets/d{n % 3}/f{n}.bin", path))
    copies[0][1].chmod(0o755)
    return copies


def tree(public: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(public).as_posix(): (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns)
            for p in public.rglob("*") if p.is_file() and p.name != RECORD}


def test_copies_made_apart_are_the_copies_made_here(tmp_path, apart_from_one):
    copies = sources(tmp_path)
    here = Writer(tmp_path / "here")
    for rel, source in copies:
        here.add(rel, source)
    here.commit()
    apart = Writer(tmp_path / "apart")
    assert apart.copy_apart(copies, workers=2) == {rel for rel, _ in copies}
    apart.add("index.html", b"home")
    assert sorted(apart.take_copies()) == sorted(rel for rel, _ in copies)
    stats = apart.commit()
    assert stats.written == len(copies) + 1
    made = tree(tmp_path / "apart")
    assert made.pop("index.html")[0] == b"home"
    assert made == tree(tmp_path / "here"), "bytes, modes and times as copied here"
    assert apart.first_stamps() == here.first_stamps() | {"index.html": apart.stamps["index.html"]}


def test_a_copy_that_fails_in_the_child_stops_the_build_naming_the_file(tmp_path, apart_from_one):
    copies = sources(tmp_path)
    pipe = tmp_path / "src" / "d1" / "a pipe"
    os.mkfifo(pipe)  # a tool's named pipe: no bytes to publish (Writer._copy_source)
    copies.insert(5, ("assets/d1/a pipe", pipe))
    writer = Writer(tmp_path / "site")
    assert writer.copy_apart(copies, workers=2)
    with pytest.raises(QuillError) as failed:
        writer.take_copies()
    assert failed.value.path == str(pipe) and "not a regular file" in failed.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"], "no site, no staging folder"


def test_a_source_deleted_before_the_child_copies_it_is_left_out(tmp_path, apart_from_one):
    copies = sources(tmp_path)
    copies[3][1].unlink()
    writer = Writer(tmp_path / "site")
    writer.copy_apart(copies, workers=2)
    assert len(writer.take_copies()) == len(copies)
    assert set(writer.vanished) == {copies[3][0]}
    writer.commit()
    assert not (tmp_path / "site" / copies[3][0]).exists()
    assert len(Writer(tmp_path / "site").record.files) == len(copies) - 1


def test_an_aborted_build_leaves_no_copy_behind(tmp_path, apart_from_one):
    copies = sources(tmp_path, count=60)
    writer = Writer(tmp_path / "site")
    writer.copy_apart(copies, workers=2)
    writer.abort()
    time.sleep(0.3)  # a child still copying would make the staging folder again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_a_blog_built_with_copies_apart_equals_one_built_in_one_process(make_blog, apart_from_one):
    files = {f"content/_posts/p{n}.md": POST.format(n=n) for n in range(1, 4)}
    blog = make_blog(config={"post_asset_folder": True}, files=files)
    for n in range(1, 4):
        (blog.root / f"content/_posts/p{n}").mkdir()
        (blog.root / f"content/_posts/p{n}/figure.png").write_bytes(b"png %d" % n)
    (blog.root / "content/images").mkdir()
    (blog.root / "content/images/big.bin").write_bytes(os.urandom(300_000))
    (blog.root / "content/images/big.bin").chmod(0o600)
    made = []
    for workers in (1, 2):
        result = Builder(blog.root, workers=workers, trust_manifest=True).build()
        assert result.ok, result.problems.errors
        made.append(tree(blog.public))
        shutil.rmtree(blog.public)  # the next one is a first build too
        shutil.rmtree(blog.root / ".quillpress-cache")
    pages = {rel for rel in made[0] if not rel.endswith((".png", ".bin"))}  # written anew
    for site in made:
        for rel in pages:
            site[rel] = site[rel][:2]
    assert made[0] == made[1], "bytes and modes; a copy's times too"
    assert "2024/01/02/p2/figure.png" in made[1] and "images/big.bin" in made[1]
    # the build after one that copied apart copies a changed picture, as after any other
    assert Builder(blog.root, workers=2, trust_manifest=True).build().ok
    blog.write("content/_posts/p2/figure.png", "png changed")
    again = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert again.ok and again.changed_paths == ["2024/01/02/p2/figure.png"]
    assert (blog.public / "2024/01/02/p2/figure.png").read_text() == "png changed"


SAVER = '''
def register(api):
    def save(result):
        path = api.project_root / "content/images/a.png"
        if path.read_text() == "first":
            path.write_text("saved as the build ends")
    api.on("after_build", save)
'''


def test_a_picture_saved_after_the_child_copied_it_is_copied_by_the_next_build(make_blog,
                                                                               apart_from_one):
    blog = make_blog(files={"content/_posts/p1.md": POST.format(n=1),
                            "content/images/a.png": "first", "plugins/saver.py": SAVER})
    assert Builder(blog.root, workers=2, trust_manifest=True).build().ok
    assert blog.read("images/a.png") == "first", "copied before the save"
    again = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert again.ok and blog.read("images/a.png") == "saved as the build ends"
