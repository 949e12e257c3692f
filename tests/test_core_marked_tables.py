"""A table whose delimiter row holds a tab, read as the blog's marked read it: a paragraph
under marked 4 and later (hexo-renderer-marked 5+), a table under older marked, which turned
tabs into spaces first (marked_tables.py). Found by the Hexo oracle on a real blog."""

from __future__ import annotations

import pytest

from test_core_marked_inline import build as build_marked

TEXT = "|Name |Kind|Note\n|---\t|---\t|---\n|port|Integer| the port|\n\nThen:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"


@pytest.mark.parametrize("renderer,tables", [("^6.3.0", 1), ("^7.0.1", 1), ("^0.3.0", 2),
                                             ("^4.1.0", 2)])
def test_a_tab_in_the_delimiter_row_makes_a_table_only_before_marked_4(make_blog, renderer, tables):
    page = build_marked(make_blog, {"hexo": "^7.0.0", "hexo-renderer-marked": renderer}, TEXT)
    assert len(page.find_all("table")) == tables
    if tables == 1:  # the tabbed rows are one paragraph, a line each
        first = page.find_all("p")[0]
        assert len(first.find_all("br")) == 2 and "|port|Integer|" in first.text


def test_without_marked_the_tabbed_rows_are_a_table(make_blog):
    page = build_marked(make_blog, None, TEXT)  # a QuillPress blog: CommonMark with GFM tables
    assert len(page.find_all("table")) == 2
