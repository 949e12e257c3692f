"""A config edit re-renders the bodies that read what changed, and no others: retitling a
blog under `serve` once rendered every post's body again. Whatever the edit, the next build
equals a clean build of the new config, file for file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Blog, build_ok, post

POSTS = {
    "content/_posts/a.md": post("A", "Some *text* with a [link](/about/) and `code`.\n\n"
                                     "<!-- more -->\n\n```python\nprint(1)\n```",
                                date="2024-01-02", tags=["x"]),
    "content/_posts/b.md": post("B", "Line one\nline two, https://example.org/page.",
                                date="2024-01-03"),
    "content/about/index.md": "---\ntitle: About\n---\nAbout {% post_link a %}.\n",
}
# A tag of the blog's own that shows the site's title: a body that does read it.
TITLE_TAG = ("def register(api):\n"
             "    api.tag('sitetitle', lambda ctx, args, body: ctx.config['title'])\n")


def _showing_the_title(plugin: str) -> dict[str, str]:
    """The posts, a plugin of the blog's own, and a post whose body shows the site's title
    through that plugin's tag."""
    return {**POSTS, "plugins/sitetitle.py": plugin,
            "content/_posts/c.md": post("C", "Welcome to {% sitetitle %}!", date="2024-01-04")}


def _edit(root: Path, **changes: Any) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.update(changes)
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _equals_clean_build(blog: Blog, tmp_path: Path) -> None:
    clean = Blog(tmp_path / "clean")
    shutil.copytree(blog.root, clean.root, ignore=shutil.ignore_patterns(".quillpress-cache",
                                                                        "site"))
    build_ok(clean)
    assert _site(blog.public) == _site(clean.public)


EDITS = [
    {"title": "Renamed blog"},
    {"subtitle": "New words", "author": "Someone", "description": "About it"},
    {"menu": {"Home": "/", "About": "/about/"}},
    {"per_page": 1},
    {"url": "https://other.example.org"},
    {"external_link": {"enable": True, "field": "post"}},
    {"markdown": {"breaks": True}},
    {"highlight": {"line_number": False}},
    {"permalink": "posts/:title/"},
]


@pytest.mark.parametrize("edit", EDITS, ids=[next(iter(e)) for e in EDITS])
def test_an_incremental_build_after_a_config_edit_equals_a_clean_build(make_blog, tmp_path,
                                                                       edit) -> None:
    blog = make_blog(files=POSTS)
    build_ok(blog)
    _edit(blog.root, **edit)
    build_ok(blog)
    _equals_clean_build(blog, tmp_path)


def test_a_title_edit_renders_no_body_again(make_blog) -> None:
    blog = make_blog(files=POSTS)
    build_ok(blog)
    _edit(blog.root, title="Renamed blog", subtitle="and subtitled")
    result = build_ok(blog)
    assert result.rendered_docs == 0
    assert "Renamed blog" in blog.read("index.html")


def test_a_body_that_reads_the_title_is_made_again_when_it_changes(make_blog, tmp_path) -> None:
    blog = make_blog(files=_showing_the_title(TITLE_TAG))
    build_ok(blog)
    assert "Welcome to Test blog!" in blog.read("2024/01/04/c/index.html")
    _edit(blog.root, title="Renamed blog")
    result = build_ok(blog)
    assert "Welcome to Renamed blog!" in blog.read("2024/01/04/c/index.html")
    assert result.rendered_docs == 4  # the title is in every body's key now
    _equals_clean_build(blog, tmp_path)
    _edit(blog.root, title="Third title")  # and stays there, in a new process too
    build_ok(blog)
    assert "Welcome to Third title!" in blog.read("2024/01/04/c/index.html")


def test_a_body_reading_the_title_in_a_render_worker_is_noted(make_blog) -> None:
    """The read happens in a forked worker; its body brings it back to the builder."""
    files = {"plugins/sitetitle.py": TITLE_TAG, **{
        f"content/_posts/p{n}.md": post(f"P{n}", "In {% sitetitle %}." if n == 30 else "x",
                                        date=f"2024-01-{n % 28 + 1:02d}") for n in range(60)}}
    blog = make_blog(files=files)
    build_ok(blog, workers=2)
    _edit(blog.root, title="Renamed blog")
    build_ok(blog, workers=2)
    pages = [p for p in blog.files() if p.endswith("/p30/index.html")]
    assert len(pages) == 1 and "In Renamed blog." in blog.read(pages[0])


def test_a_lost_record_of_reads_serves_no_stale_body(make_blog, tmp_path) -> None:
    """cache/body_reads.json gone (deleted, or a build stopped before writing it while its
    bodies were already saved): a body that read the title under a key without it is not
    served once the title changes, nor filed under the new title's key."""
    blog = make_blog(files=_showing_the_title(TITLE_TAG))
    build_ok(blog)
    (blog.root / ".quillpress-cache" / "body_reads.json").unlink()
    _edit(blog.root, title="Renamed blog")
    build_ok(blog)
    assert "Welcome to Renamed blog!" in blog.read("2024/01/04/c/index.html")
    build_ok(blog)
    assert "Welcome to Renamed blog!" in blog.read("2024/01/04/c/index.html")
    _equals_clean_build(blog, tmp_path)


# A blog's plugin that keeps the title when the sources are read, for a tag to show.
SOURCE_TITLE = ("kept = {}\n"
                "def register(api):\n"
                "    api.on('after_source', lambda docs, **_: kept.update(t=api.config['title']))\n"
                "    api.tag('sitetitle', lambda ctx, args, body: kept['t'])\n")


def test_a_title_read_by_an_after_source_handler_is_noted(make_blog, tmp_path) -> None:
    blog = make_blog(files=_showing_the_title(SOURCE_TITLE))
    build_ok(blog)
    assert "Welcome to Test blog!" in blog.read("2024/01/04/c/index.html")
    _edit(blog.root, title="Renamed blog")
    build_ok(blog)
    assert "Welcome to Renamed blog!" in blog.read("2024/01/04/c/index.html")
    _equals_clean_build(blog, tmp_path)


@pytest.mark.parametrize("damaged", ['[["title"], {"a": 1}, "title"]', '{"title": 1}', '["ti'])
def test_a_damaged_record_of_reads_is_read_as_far_as_it_goes(make_blog, damaged) -> None:
    """A body_reads.json that is not a list of names fails no build; the names it still
    holds are kept in the bodies' key."""
    blog = make_blog(files=_showing_the_title(TITLE_TAG))
    build_ok(blog)
    (blog.root / ".quillpress-cache" / "body_reads.json").write_text(damaged)
    _edit(blog.root, title="Renamed blog")
    build_ok(blog)
    assert "Welcome to Renamed blog!" in blog.read("2024/01/04/c/index.html")
