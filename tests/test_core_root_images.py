"""Relative Markdown images in a blog rendered by marked (Hexo's default renderer) load from
under `root`, as hexo-renderer-marked's `prependRoot` makes them, on the post page and in the
excerpts of index pages alike. Found on a real blog whose posts were written in Typora with
`../images/…` paths, read from `source/_posts/`."""

from __future__ import annotations

import json
from typing import Any

from _tags_html import parse
from conftest import build_ok, post

BODY = ("A photo ![cat](pics/cat.png) and a typed one ![dog](../pics/dog.png), "
        "then raw HTML <img src=\"pics/cat.png\" alt=\"raw\">.\n")


def _images(make_blog, config: dict | None = None, renderer: str | None = None) -> dict[str, Any]:
    """The post page's image sources by alt text (`src`) and the build's warnings (`warnings`)."""
    deps = {"hexo": "^7.0.0", **({renderer: "*"} if renderer else {})}
    blog = make_blog(config=config, files={
        "package.json": json.dumps({"dependencies": deps}),
        "content/_posts/a.md": post("A", BODY, date="2024-03-01"),
        "content/pics/cat.png": "not really a picture", "content/pics/dog.png": "nor this"})
    result = build_ok(blog)
    page = parse(blog.read("2024/03/01/a/index.html"))
    images = {img.attrs["alt"]: img.attrs["src"] for img in page.find("div", "post-body").find_all("img")}
    return {"src": images, "warnings": {w.message for w in result.problems.warnings}}


def test_marked_puts_relative_images_under_root_and_resolves_the_dots(make_blog):
    found = _images(make_blog)
    assert found["src"] == {"cat": "/pics/cat.png", "dog": "/pics/dog.png",
                            "raw": "pics/cat.png"}  # raw HTML: marked leaves it as written
    assert not any("'/pics/" in w or "'../pics" in w for w in found["warnings"])


def test_under_a_sub_folder_root(make_blog):
    found = _images(make_blog, config={"root": "/blog/", "url": "https://example.com/blog"})
    assert found["src"]["cat"] == "/blog/pics/cat.png"
    assert found["src"]["dog"] == "/pics/dog.png"  # `..` leaves root, as in the browser on Hexo's page


def test_left_as_written_without_prepend_root_or_with_another_renderer(make_blog):
    assert _images(make_blog, config={"marked": {"prependRoot": False}})["src"]["cat"] == "pics/cat.png"
    assert _images(make_blog, renderer="hexo-renderer-markdown-it")["src"]["dog"] == "../pics/dog.png"
