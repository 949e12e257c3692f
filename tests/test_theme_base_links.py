"""Relative links on a blog whose Hexo theme sets `<base href>` to the site's root.

Found on a real blog whose theme (a single-page app) writes `<base href="{{ config.root }}">`
in every page: its pages link each other as `notes/part-2`, which the browser resolved from
the root on Hexo's pages. QuillPress's pages have no base, so the same links pointed one
folder too deep, at pages that do not exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from _tags_html import body
from conftest import Blog, build_ok, serve_folder

BASE = '<!doctype html>\n<html><head>\n<base href="{{ config.root }}">\n</head><body></body></html>\n'
PLAIN = "<!doctype html>\n<html><head></head><body>{{ page.content }}</body></html>\n"
FILLER = "\n\n".join(f"Paragraph {n} of the part." for n in range(40))
PART_1 = ("---\ntitle: Part 1\n---\nGo on to [part 2](notes/part-2/), or see [the end](#the-end)."
          f"\n\n![A diagram](images/diagram.png)\n\n{FILLER}\n\n## The end\n\n{FILLER}\n")
PART_2 = "---\ntitle: Part 2\n---\nBack to <a href=\"notes/part-1.html\">part 1</a>.\n"


def _blog(make_blog: Any, layout: str) -> tuple[Blog, list[str]]:
    blog = make_blog(config={"theme": "spa"}, files={
        "themes/spa/layout/index.njk": layout, "content/notes/part-1.md": PART_1,
        "content/notes/part-2/index.md": PART_2, "content/images/diagram.png": "picture\n"})
    result = build_ok(blog)
    return blog, [str(w) for w in result.problems.warnings if "link to a missing" in str(w)]


def _paths(blog: Blog, page: str) -> list[str]:
    found = body(blog.read(page))
    return [a.attrs["href"] for a in found.find_all("a")] + [
        img.attrs["src"] for img in found.find_all("img")]


def test_relative_links_resolve_from_the_root_as_the_theme_s_base_made_them(make_blog: Any) -> None:
    blog, dead = _blog(make_blog, BASE)
    assert dead == []
    assert _paths(blog, "notes/part-1.html") == ["/notes/part-2/", "#the-end", "/images/diagram.png"]
    assert _paths(blog, "notes/part-2/index.html") == ["/notes/part-1.html"]


@pytest.mark.parametrize("layout", [PLAIN, BASE.replace('href="{{ config.root }}"', 'target="_blank"')])
def test_a_theme_without_such_a_base_keeps_links_relative_to_the_page(
        make_blog: Any, layout: str) -> None:
    blog, dead = _blog(make_blog, layout)
    assert _paths(blog, "notes/part-2/index.html") == ["notes/part-1.html"]
    assert len(dead) == 3, dead  # to /notes/notes/part-2/, /notes/images/, /notes/part-2/notes/


def test_a_reader_follows_the_links_between_the_pages(make_blog: Any, page: Any) -> None:
    blog, _ = _blog(make_blog, BASE)
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 800, "height": 600})
        page.goto(url + "notes/part-1.html")
        page.click(".post-body a[href='#the-end']")
        page.wait_for_function("(top => 0 <= top && top < 300)(document.getElementById('the-end')"
                               ".getBoundingClientRect().top)")
        assert page.url == url + "notes/part-1.html#the-end"  # the same page, not the home page
        page.click(".post-body a >> text='part 2'")
        page.wait_for_url(url + "notes/part-2/")
        assert page.locator("h1.post-title").inner_text() == "Part 2"
        page.click(".post-body a >> text='part 1'")
        page.wait_for_url(url + "notes/part-1.html")
        assert page.locator("h1.post-title").inner_text() == "Part 1"
    finally:
        server.shutdown()
    assert page.problems == []


def test_serve_sees_a_layout_edit_that_adds_or_removes_the_base(make_blog: Any) -> None:
    """The layouts were read once per process: an edit during `serve` was not seen until a
    restart, so the links kept the form of the theme as it was."""
    blog, _ = _blog(make_blog, PLAIN)
    builder = blog.builder(in_place=True)
    assert builder.build().ok
    for layout, link in ((BASE, "/notes/part-1.html"), (PLAIN, "notes/part-1.html")):
        edited = blog.write("themes/spa/layout/index.njk", layout)
        assert builder.build([edited]).ok
        assert _paths(blog, "notes/part-2/index.html") == [link]
