"""Lists and quotes nested deep: shown as deep as Hexo's markdown-it renderer shows them
(markdown-it's default `maxNesting`, 100 levels), and a warning where deeper ones are cut."""

from __future__ import annotations

from _tags_html import parse
from conftest import build_ok, post


def _nested_list(depth: int) -> str:
    return "\n".join("  " * level + f"- level{level}" for level in range(depth))


def _deepest_item(html: str) -> int:
    """How many list items the body holds, each inside the one before."""
    body = parse(html).find_all(cls="post-body")[0]
    depth, items = 0, body.find_all("li")
    while items:
        depth += 1
        items = items[0].find_all("li")
    return depth


def test_a_list_nested_twelve_deep_shows_every_item(make_blog) -> None:
    """The commonmark preset's limit (20 levels, a list taking two) dropped every item past
    the tenth level without a word; marked and hexo-renderer-markdown-it show them."""
    blog = make_blog(files={"content/_posts/a.md": post("A", _nested_list(12))})
    result = build_ok(blog)
    html = blog.read("2024/01/02/a/index.html")
    assert _deepest_item(html) == 12 and "level11" in html
    assert not result.problems.warnings


def test_deeper_than_markdown_it_reads_is_cut_with_a_warning_at_its_line(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A", _nested_list(60) + "\n\nAfter.")})
    result = build_ok(blog)
    html = blog.read("2024/01/02/a/index.html")
    assert _deepest_item(html) == 50 and "level48" in html and "level49" not in html
    assert "After." in html
    [warning] = result.problems.warnings
    assert "nested past 100 levels" in warning.message
    assert (str(warning.path), warning.line) == ("content/_posts/a.md", 54)  # `- level49`
