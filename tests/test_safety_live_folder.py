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
