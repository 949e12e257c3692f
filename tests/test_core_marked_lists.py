"""A list line with a tab after its marker, right under a line of text, read as marked reads it
on blogs Hexo rendered with hexo-renderer-marked: the lines stay in the paragraph.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog, where numbered points typed
with a tab after the number showed as lines of one paragraph on Hexo's pages.
"""

from __future__ import annotations

from test_core_marked_inline import build as build_marked

TEXT = "Three reasons to rest:\n1.\tsleep\n2.\tfood\n\nA real list:\n\n1.\tone\n2.\ttwo\n"


def build(make_blog, dependencies: dict[str, str] | None):
    return build_marked(make_blog, dependencies, TEXT)


def test_a_tabbed_marker_does_not_break_a_marked_paragraph(make_blog):
    page = build(make_blog, {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.0.0"})
    first = page.find_all("p")[0]
    assert first.text.replace("\t", " ").split("\n") == ["Three reasons to rest:", "1. sleep", "2. food"]
    assert len(first.find_all("br")) == 2  # marked's breaks: one line each
    (items,) = page.find_all("ol")  # after a blank line, the tabbed markers are a list
    assert [li.text.strip() for li in items.find_all("li")] == ["one", "two"]


def test_without_marked_commonmark_starts_the_list(make_blog):
    page = build(make_blog, None)  # a QuillPress blog: no package.json
    assert page.find_all("p")[0].text == "Three reasons to rest:"
    assert [[li.text.strip() for li in ol.find_all("li")] for ol in page.find_all("ol")] == [
        ["sleep", "food"], ["one", "two"]]
