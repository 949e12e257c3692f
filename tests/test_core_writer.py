"""The writer: changes applied after success, into the output folder itself; failures
leave the output untouched, and nothing is written when nothing changed."""

import os
import signal
from pathlib import Path

import pytest

from quillpress.errors import QuillError
from quillpress.ownership import RECORD, Record, write_record
from quillpress.writer import Writer


def site_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A site an earlier build wrote: the files, and the record listing them."""
    public = tmp_path / "site"
    for rel, text in files.items():
        (public / rel).parent.mkdir(parents=True, exist_ok=True)
        (public / rel).write_text(text)
    write_record(public, Record(set(files)))
    return public


def test_small_change_is_applied_in_place_and_stale_files_go(tmp_path):
    public = site_with(tmp_path, {"a.html": "old", "b.html": "same", "gone.html": "x"})
    same_inode = (public / "b.html").stat().st_ino
    writer = Writer(public)
    writer.add("a.html", b"new")
    writer.add("b.html", b"same")
    assert (public / "a.html").read_text() == "old", "nothing touches the site before commit"
    stats = writer.commit()
    assert (public / "a.html").read_text() == "new"
    assert not (public / "gone.html").exists()
    assert (public / "b.html").stat().st_ino == same_inode  # unchanged file not rewritten
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)


def test_big_change_is_written_out_then_put_into_the_same_folder(tmp_path):
    """Past what it holds in memory, a build writes its pages out as they come, and puts
    them into the output folder itself: a server started inside it (its working folder
    held open, here `seen`) serves them, where a folder swapped in left it a deleted one."""
    public = site_with(tmp_path, {"keep.html": "k"})
    seen = os.open(public, os.O_RDONLY | os.O_DIRECTORY)
    try:
        writer = Writer(public)
        for n in range(Writer.BUFFERED_FILES + 5):
            writer.add(f"p/{n}.html", f"page {n}".encode())
        assert not (public / "p").exists(), "written out beside the site, not into it"
        writer.add("keep.html", b"k")
        writer.commit()
        assert (public / "p/0.html").read_text() == "page 0"
        assert (public / "keep.html").read_text() == "k"
        assert sorted(os.listdir(seen)) == sorted(os.listdir(public)) == [RECORD, "keep.html", "p"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside
    finally:
        os.close(seen)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_asked_while_pages_are_put_in_place_waits_for_the_last(tmp_path, monkeypatch,
                                                                         ctrl_c_raises, stop):
    """Ctrl+C (or SIGTERM) while the changed pages are renamed into place: the build stops
    after the last, not half-way, which left new pages beside old ones until the next."""
    public = site_with(tmp_path, {f"{n}.html": "old" for n in range(50)})
    writer = Writer(public)
    for n in range(50):
        writer.add(f"{n}.html", b"new")
    moved = []
    real_move = Writer._move_into

    def move_and_stop(self, tmp, target, rel):  # type: ignore[no-untyped-def]
        real_move(self, tmp, target, rel)
        moved.append(rel)
        if len(moved) == 3:
            os.kill(os.getpid(), stop)

    monkeypatch.setattr(Writer, "_move_into", move_and_stop)
    terminated = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            writer.commit()
    finally:
        signal.signal(signal.SIGTERM, terminated)
    assert {(public / f"{n}.html").read_text() for n in range(50)} == {"new"}
    assert sorted(p.name for p in public.iterdir() if not p.name.endswith(".html")) == [RECORD]


def _raise_keyboard_interrupt(_signum, _frame):  # type: ignore[no-untyped-def]
    raise KeyboardInterrupt  # as the command line's SIGTERM handler raises Terminated


def test_abort_leaves_the_site_as_it_was(tmp_path):
    public = site_with(tmp_path, {"a.html": "old"})
    for count in (1, Writer.BUFFERED_FILES + 5):
        writer = Writer(public)
        for n in range(count):
            writer.add(f"a{n}.html" if n else "a.html", b"new")
        writer.abort()
        assert sorted(p.name for p in public.iterdir()) == [RECORD, "a.html"]
        assert (public / "a.html").read_text() == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_first_build_appears_whole_at_commit_or_not_at_all(tmp_path):
    """No output folder yet: pages go to a staging folder at once, and the site appears
    only when the build commits; an aborted first build leaves nothing behind."""
    public = tmp_path / "site"
    writer = Writer(public)
    writer.add("index.html", b"home")
    writer.add("a/b/c/index.html", b"deep")
    writer.add("a/b/d/index.html", b"sibling")
    assert not public.exists(), "nothing is served before the build succeeded"
    writer.abort()
    assert list(tmp_path.iterdir()) == []

    writer = Writer(public)
    for rel in ("index.html", "a/b/c/index.html", "a/b/d/index.html"):
        writer.add(rel, rel.encode())
    stats = writer.commit()
    assert (public / "a/b/d/index.html").read_text() == "a/b/d/index.html"
    assert (public / "index.html").stat().st_mode & 0o777 == 0o644
    assert stats.written == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert Writer(public).record.files == {"index.html", "a/b/c/index.html", "a/b/d/index.html"}


def test_every_page_is_readable_by_all_whatever_the_umask(tmp_path):
    """Pages are 0o644, as a web server serving them as another user needs, under a strict
    umask too (which would make them 0o600), and under the usual one."""
    for umask in (0o077, 0o022):
        public = tmp_path / f"site-{umask:o}"
        old = os.umask(umask)
        try:
            writer = Writer(public)
            for rel in ("index.html", "a/index.html", "a/b/index.html"):
                writer.add(rel, b"page")
            writer.commit()
        finally:
            os.umask(old)
        assert {(public / rel).stat().st_mode & 0o777 for rel in writer.added} == {0o644}


def test_a_file_where_a_folder_is_needed_fails_the_first_build_naming_the_page(tmp_path):
    """A page whose folder is already a file of the same build (at the top, where the
    folder's mkdir finds something there, or deeper) fails that build with the page's
    name and a hint, and leaves no site behind."""
    for page in ("foo/index.html", "foo/bar/index.html"):
        public = tmp_path / page.replace("/", "-")
        writer = Writer(public)
        put = writer.direct_writer()
        assert put is not None
        put("foo", b"a page without a suffix")
        with pytest.raises(QuillError) as failure:
            put(page, b"page")
        assert page in str(failure.value) and "folder" in str(failure.value)
        writer.abort()
        assert not public.exists() and list(tmp_path.glob(f"{public.name}*")) == []


@pytest.mark.parametrize("others", [0, Writer.BUFFERED_FILES + 5])
def test_a_folder_of_the_last_build_that_becomes_a_page(tmp_path, others):
    """`permalink: :title/` changed to `:title`: the post's folder `a/` (its index.html the
    last build's) is now the file `a`. The build failed after it had renamed the new pages
    in ('Not a directory', deleting `a/index.html` below what is now a file), leaving the
    site half old, half new; each page comes out, the stale one gone."""
    old = {"a/index.html": "old a", **{f"p/{n}.html": "old" for n in range(others)}}
    public = site_with(tmp_path, old)
    writer = Writer(public)
    writer.add("a", b"new a")
    for n in range(others):
        writer.add(f"p/{n}.html", b"new")
    stats = writer.commit()
    assert (public / "a").read_text() == "new a"
    assert stats.removed == 1 and "a/index.html" in stats.changed_paths
    assert all((public / f"p/{n}.html").read_text() == "new" for n in range(others))
    assert sorted(os.listdir(public)) == [RECORD, "a", *(["p"] if others else [])]
    assert "a/index.html" not in Writer(public).record.files


def test_an_aborted_first_build_removes_what_its_workers_wrote_after_the_first_abort(tmp_path):
    """A forked worker still writing when a first build fails (a full disk) makes the staging
    folder again, without its mark, after the main process removed it; the second abort must
    remove that too: the folder is this build's, as a user's of that name stops the build."""
    public = tmp_path / "site"
    writer = Writer(public)
    put = writer.direct_writer()
    assert put is not None
    put("a/index.html", b"<p>a</p>")
    writer.abort()
    staging = tmp_path / ".site.building"
    assert not staging.exists()
    (staging / "b").mkdir(parents=True)  # a worker writing its page after the first abort
    (staging / "b" / "index.html").write_bytes(b"<p>b</p>")
    writer.abort()
    assert list(tmp_path.iterdir()) == []
