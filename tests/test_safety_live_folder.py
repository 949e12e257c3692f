"""The output folder is used by others while builds write it: a container given it as a
volume, a web root the user may write in but not beside. A build puts its files into that
very folder, never a new one in its place: a folder renamed away left the container an
empty, deleted folder, and one whose parent the user cannot write could not be rebuilt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from test_safety_faults import build, posts, remount, snapshot, tmpfs, use_public_dir

CHANGED = 300  # more changed pages than a build holds in memory (Writer.BUFFERED_FILES)


def change_every_post(root: Path, words: str) -> None:
    for rel, text in posts(CHANGED, words).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_a_site_folder_given_to_a_container_shows_the_new_pages(make_blog, tmp_path, capsys):
    """`docker run -v $PWD/site:/usr/share/nginx/html nginx`: the container sees the folder
    through a bind mount, which stays on the folder it was given."""
    if os.geteuid() != 0:
        pytest.skip("a bind mount needs root (CI runs as root)")
    blog = make_blog(files=posts(CHANGED, "First version."))
    assert build(blog.root, capsys)[0] == 0
    container = tmp_path / "container-html"
    container.mkdir()
    subprocess.run(["mount", "--bind", str(blog.public), str(container)], check=True)
    try:
        change_every_post(blog.root, "Second version.")
        code, out = build(blog.root, capsys)
        assert code == 0, out
        assert snapshot(container) == snapshot(blog.public)
        assert "Second version. 7" in (container / "2024/01/02/p7/index.html").read_text()
    finally:
        subprocess.run(["umount", "-l", str(container)], check=False)


def test_a_web_root_the_user_may_write_in_but_not_beside(make_blog, tmp_path, capsys):
    """`public_dir: /var/www/html`, the user owning html/ but not /var/www: here html/ is a
    disk of its own in a read-only one, which refuses a new folder beside it alike."""
    blog = make_blog(files=posts(CHANGED, "First version."))
    with tmpfs(tmp_path / "var-www") as www:
        html = www / "html"
        html.mkdir()
        with tmpfs(html):
            remount(www, "ro")
            use_public_dir(blog.root, html)
            for version in ("First version.", "Second version."):  # into it empty, then again
                change_every_post(blog.root, version)
                code, out = build(blog.root, capsys)
                assert code == 0, out
                assert f"{version} 7" in (html / "2024/01/02/p7/index.html").read_text()
            assert sorted(p.name for p in www.iterdir()) == ["html"]


@pytest.mark.parametrize("stage", ["add", "after_build"])
def test_ctrl_c_in_a_big_rebuild_leaves_nothing_in_the_site_folder(make_blog, capsys,
                                                                   monkeypatch, stage):
    """Ctrl+C once the changed pages are written out (past Writer.BUFFERED_FILES), while the
    pages are made or while plugins run after them: the site stays as it was, and the
    scratch folder with its hundreds of half-built pages goes too, where a web server given
    the folder served them until the next build."""
    from quillpress.build.builder import Builder
    from quillpress.output.writer import Writer
    blog = make_blog(files=posts(CHANGED, "First version."))
    assert build(blog.root, capsys)[0] == 0
    before = snapshot(blog.public)
    change_every_post(blog.root, "Second version.")
    if stage == "add":
        real_add = Writer.add

        def add_then_stop(self, rel, data):  # type: ignore[no-untyped-def]
            real_add(self, rel, data)
            if len(self.written) == Writer.BUFFERED_FILES + 50:
                raise KeyboardInterrupt
        monkeypatch.setattr(Writer, "add", add_then_stop)
    else:
        real_emit = Builder._emit

        def emit_then_stop(self, event, *args, **kwargs):  # type: ignore[no-untyped-def]
            if event == "after_build":
                raise KeyboardInterrupt
            return real_emit(self, event, *args, **kwargs)
        monkeypatch.setattr(Builder, "_emit", emit_then_stop)
    code, out = build(blog.root, capsys)
    assert code == 130, out
    assert snapshot(blog.public) == before
