"""Pictures pasted into a post as `data:` URLs, which Hexo's marked, kramed and pandoc drew.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog: two posts paste screenshots
as `![](data:image/jpg;base64,…)`, one inside a heading; markdown-it takes only gif, png,
jpeg and webp there, so the reader saw a line of base64 text where Hexo showed the picture.
"""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import build_ok, post

PIXEL = "data:image/jpg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w=="
POST = f"""
## Start ![]({PIXEL})

1. ![shot]({PIXEL})

A [script](javascript:alert(1)) and a [page](data:text/html;base64,PHA+) stay text.
"""


def _page(make_blog, renderer: str):
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("A", POST)})
    build_ok(blog)
    return body(blog.read("2024/01/02/a/index.html"))


@pytest.mark.parametrize("renderer", ["hexo-renderer-marked", "hexo-renderer-kramed",
                                      "hexo-renderer-pandoc"])
def test_data_pictures_are_drawn_as_hexo_drew_them(make_blog, renderer: str) -> None:
    page = _page(make_blog, renderer)
    assert [img.attrs["src"] for img in page.find_all("img")] == [PIXEL, PIXEL]
    assert page.find("h2").find_all("img")
    assert "image/jpg" not in page.text
    assert not [a for a in page.find_all("a") if a.text in ("script", "page")]
    assert "[script](javascript:alert(1))" in page.text


def test_a_markdown_it_blog_keeps_them_as_text_as_hexo_showed_them(make_blog) -> None:
    """hexo-renderer-markdown-it refuses `data:image/jpg` as markdown-it does."""
    page = _page(make_blog, "hexo-renderer-markdown-it")
    assert not page.find_all("img")
    assert f"![shot]({PIXEL})" in page.text
