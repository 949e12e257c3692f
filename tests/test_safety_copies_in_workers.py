"""A first build's copied files (pictures, static files) are copied where the route is made,
a page worker too (Writer.direct_writer), beside the pages. The site must be the same file
for file (bytes, modes, the copies' times) as when the main process copies them; a copy
that fails stops the build naming that file, with nothing left behind; a source deleted
meanwhile is left out with its warning; a save after the copy is copied by the next build."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from quillpress.build import pages
from quillpress.build.builder import Builder
from quillpress.errors import QuillError
from quillpress.output.ownership import RECORD
from quillpress.output.writer import Writer
from test_safety_saves_during_build import EDITOR_PLUGIN  # deletes the files saved as None

POST = "---\ntitle: P{n}\ndate: 2024-01-0{n}\n---\n![figure](figure.png) words {n}\n"


@pytest.fixture
def pooled(monkeypatch):
    """Pages and copies made in forked page workers, however few (the real threshold is
    for speed alone)."""
    monkeypatch.setattr(pages, "PARALLEL_PAGES", 2)


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


def test_copies_written_directly_are_the_copies_added(tmp_path):
    copies = sources(tmp_path)
    here = Writer(tmp_path / "here")
    for rel, source in copies:
        here.add(rel, source)
    here.commit()
    direct = Writer(tmp_path / "direct")
    put = direct.direct_writer()
    assert put is not None
    for rel, source in copies:
        direct.add_written(rel, put(rel, source))
    assert direct.commit().written == len(copies)
    assert tree(tmp_path / "direct") == tree(tmp_path / "here"), "bytes, modes and times"
    assert direct.first_stamps() == here.first_stamps()


def make_pictures(blog) -> None:
    for n in range(1, 4):
        (blog.root / f"content/_posts/p{n}").mkdir(exist_ok=True)
        (blog.root / f"content/_posts/p{n}/figure.png").write_bytes(b"png %d" % n)
    (blog.root / "content/images").mkdir(exist_ok=True)
    (blog.root / "content/images/big.bin").write_bytes(os.urandom(300_000))
    (blog.root / "content/images/big.bin").chmod(0o600)


def picture_blog(make_blog):
    blog = make_blog(config={"post_asset_folder": True},
                     files={f"content/_posts/p{n}.md": POST.format(n=n) for n in range(1, 4)})
    make_pictures(blog)
    return blog


def test_a_blog_copied_by_page_workers_equals_one_built_in_one_process(make_blog, pooled):
    blog = picture_blog(make_blog)
    made = []
    for workers in (1, 2):
        result = Builder(blog.root, workers=workers, trust_manifest=True).build()
        assert result.ok, result.problems.errors
        made.append(tree(blog.public))
        shutil.rmtree(blog.public)  # the next one is a first build too
        shutil.rmtree(blog.root / ".quillpress-cache")
    pages_made = {rel for rel in made[0] if not rel.endswith((".png", ".bin"))}  # written anew
    for site in made:
        for rel in pages_made:
            site[rel] = site[rel][:2]
    assert made[0] == made[1], "bytes and modes; a copy's times too"
    assert "2024/01/02/p2/figure.png" in made[1] and "images/big.bin" in made[1]
    # the build after copies the workers made copies a changed picture, as after any other
    assert Builder(blog.root, workers=2, trust_manifest=True).build().ok
    blog.write("content/_posts/p2/figure.png", "png changed")
    again = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert again.ok and again.changed_paths == ["2024/01/02/p2/figure.png"]
    assert (blog.public / "2024/01/02/p2/figure.png").read_text() == "png changed"


def disk_full_half_way(deleting_source: bool):
    """A `shutil.copy2` whose copy of big.bin stops half way on a full disk, its source
    deleted (moved away) meanwhile when `deleting_source`."""
    copy = shutil.copy2

    def copy2(source, target, **kwargs):
        if not str(source).endswith("big.bin"):
            return copy(source, target, **kwargs)
        Path(target).write_bytes(Path(source).read_bytes()[:1000])
        if deleting_source:
            Path(source).unlink()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return copy2


def test_a_copy_that_fails_mid_way_stops_the_build_naming_the_file(make_blog, monkeypatch,
                                                                   pooled):
    blog = picture_blog(make_blog)
    monkeypatch.setattr(shutil, "copy2", disk_full_half_way(deleting_source=False))
    with pytest.raises(QuillError) as failed:
        Builder(blog.root, workers=2, trust_manifest=True).build()
    assert "could not write images/big.bin" in failed.value.message
    assert failed.value.hint.startswith("the disk is full")
    assert not blog.public.exists(), "no half-made site, no half-copied file"
    assert [p.name for p in blog.root.iterdir() if p.name.startswith(".site")] == []


def test_a_copied_file_deleted_before_a_worker_copies_it_is_left_out(make_blog, tmp_path,
                                                                     pooled):
    blog = picture_blog(make_blog)
    turn = tmp_path / "turn"
    turn.write_text("")
    blog.write("plugins/editor.py", EDITOR_PLUGIN.format(
        saves={"content/images/big.bin": None}, turn=str(turn)))
    result = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert result.ok, result.problems.errors
    [warning] = result.problems.warnings
    assert warning.path == "content/images/big.bin" and "deleted while" in warning.message
    assert not (blog.public / "images/big.bin").exists()
    assert (blog.public / "2024/01/03/p3/figure.png").read_bytes() == b"png 3"


SAVER = '''
def register(api):
    def save(result):
        path = api.project_root / "content/images/a.png"
        if path.read_text() == "first":
            path.write_text("saved as the build ends")
    api.on("after_build", save)
'''


def test_a_picture_saved_after_it_was_copied_is_copied_by_the_next_build(make_blog, pooled):
    blog = make_blog(files={"content/_posts/p1.md": POST.format(n=1),
                            "content/images/a.png": "first", "plugins/saver.py": SAVER})
    assert Builder(blog.root, workers=2, trust_manifest=True).build().ok
    assert blog.read("images/a.png") == "first", "copied before the save"
    again = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert again.ok and blog.read("images/a.png") == "saved as the build ends"


def test_a_copy_half_made_when_its_source_goes_leaves_no_half_file(make_blog, monkeypatch,
                                                                   pooled):
    """A worker's copy fails half way (a full disk) and the source is deleted before the
    main process copies it again: the file is left out with its warning, and the half
    copy is not published (a file in the site no record names, kept as the user's)."""
    blog = picture_blog(make_blog)
    monkeypatch.setattr(shutil, "copy2", disk_full_half_way(deleting_source=True))
    result = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert result.ok, result.problems.errors
    [warning] = result.problems.warnings
    assert warning.path == "content/images/big.bin" and "deleted while" in warning.message
    assert not (blog.public / "images/big.bin").exists(), "no half-copied file in the site"
