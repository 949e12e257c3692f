"""A newline inside a paragraph is a line break when the blog's Hexo renderer made it one.

Found by the Hexo oracle (bench/hexo_diff): on real blogs Hexo's post bodies held hundreds of
`<br>` between lines of a paragraph (marked, kramed and markdown-it all default to
`breaks: true`); QuillPress joined those lines into one.
"""

from __future__ import annotations

import json

import pytest
from _tags_html import body
from conftest import build_ok, post

TEXT = "First line of the verse\nsecond line of the verse\n\nA new paragraph."


def breaks_in(make_blog, config: dict, package: dict | None) -> int:
    files = {"content/_posts/a.md": post("Verse", TEXT)}
    if package is not None:
        files["package.json"] = json.dumps(package)
    blog = make_blog(config=config, files=files)
    result = build_ok(blog)
    assert not [w for w in result.problems.warnings if "breaks" in w.message]
    paragraph = body(blog.read("2024/01/02/a/index.html")).find("p")
    assert "second line" in paragraph.text
    return len(paragraph.find_all("br"))


def hexo(*renderers: str) -> dict:
    return {"dependencies": {"hexo": "^7.0.0", **{name: "*" for name in renderers}}}


@pytest.mark.parametrize(("config", "package", "expected"), [
    ({}, hexo(), 1),  # Hexo's default renderer, marked
    ({}, hexo("hexo-renderer-kramed"), 1),
    ({"marked": {"breaks": False}}, hexo("hexo-renderer-marked"), 0),
    ({}, hexo("hexo-renderer-pandoc"), 0),
    ({"markdown": {"render": {"breaks": False}}}, hexo("hexo-renderer-markdown-it"), 0),
    ({}, hexo("hexo-renderer-pandoc", "hexo-renderer-markdown-it-plus"), 1),  # the last one wins
    ({}, hexo("hexo-renderer-syzoj-renderer"), 0),  # its markdown-it runs with breaks: false
    ({"syzoj_renderer": {"options": {"markdownIt": {"breaks": True}}}},
     hexo("hexo-renderer-syzoj-renderer"), 1),
    ({}, None, 0),  # a QuillPress blog: CommonMark
    ({"markdown": {"breaks": True}}, None, 1),
])
def test_line_breaks_follow_the_blogs_renderer(make_blog, config, package, expected):
    assert breaks_in(make_blog, config, package) == expected
