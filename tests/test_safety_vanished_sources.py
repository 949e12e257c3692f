"""A source file deleted while a build runs (an editor, `git checkout` or a sync tool, between
the walk of the source folder and the file's read or copy) is left out with a one-line
warning naming it, as Hexo 7.3 logs such a file and builds the rest; the next build is
right. It failed the whole build: "could not read or write a file", exit 1."""

from __future__ import annotations

import pytest

from quillpress.build import loading
from quillpress.build.builder import Builder
from quillpress.output.writer import Writer
from test_safety_saves_during_build import EDITOR_PLUGIN  # deletes the files saved as None

POST = "---\ntitle: {title}\ndate: 2024-01-02\n---\n{body}\n"

PICTURES = ["content/images/a.png", "content/_posts/p0/figure.png", "content/notes.txt",
            "content/list.yml"]  # a YAML file Hexo renders to JSON


def blog_with_pictures(make_blog, posts: int = 3):
    files = {f"content/_posts/p{n}.md": POST.format(title=f"P{n}", body=f"words {n}")
             for n in range(posts)}
    blog = make_blog(config={"post_asset_folder": True}, files=files)
    for rel in PICTURES:
        blog.write(rel, f"the: bytes of {rel}")
    return blog


@pytest.mark.parametrize("how", ["first build", "rebuild", "rebuild past the buffer", "serve"])
def test_a_copied_file_deleted_mid_build_is_left_out_with_a_warning(make_blog, tmp_path,
                                                                    monkeypatch, how):
    blog = blog_with_pictures(make_blog)
    turn = tmp_path / "turn"
    # once the site is made (the posts read, the routes not yet collected, nothing copied)
    blog.write("plugins/editor.py", EDITOR_PLUGIN.format(saves=dict.fromkeys(PICTURES),
                                                         turn=str(turn)))
    if how != "first build":
        assert blog.build().ok
        for rel in PICTURES:  # changed since: each is copied again
            blog.write(rel, f"new: bytes of {rel}")
    if how == "rebuild past the buffer":
        monkeypatch.setattr(Writer, "BUFFERED_FILES", 0)
    turn.write_text("")
    result = blog.build(in_place=how == "serve")
    assert result.ok, result.problems.errors
    warned = {w.path: w.message for w in result.problems.warnings}
    for rel in PICTURES:
        assert "deleted while the build ran" in warned[rel], "named from the blog's folder"
    assert "words 0" in blog.read("2024/01/02/p0/index.html"), "the rest is built"
    again = blog.build()
    assert again.ok and not again.problems.warnings
    for rel in ("images/a.png", "2024/01/02/p0/figure.png", "notes.txt", "list.json"):
        assert not (blog.public / rel).exists()


def test_a_post_deleted_between_the_walk_and_its_read(make_blog, monkeypatch):
    blog = blog_with_pictures(make_blog)
    read = loading.load_document

    def deleted_first(path, *args):
        if path.name == "p1.md":
            path.unlink()
        return read(path, *args)

    monkeypatch.setattr(loading, "load_document", deleted_first)
    result = blog.build()
    assert result.ok, result.problems.errors
    [warning] = result.problems.warnings
    assert warning.path == "content/_posts/p1.md" and "deleted while" in warning.message
    assert result.posts == 2
    monkeypatch.undo()
    assert Builder(blog.root, workers=1).build().posts == 2
