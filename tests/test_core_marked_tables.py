"""A table whose delimiter row holds a tab, read as the blog's marked read it: a paragraph
under marked 4 and later (hexo-renderer-marked 5+), a table under older marked, which turned
tabs into spaces first (marked_tables.py). Found by the Hexo oracle on a real blog."""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import build_ok, post
from quillpress.config.locked_versions import locked_version
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


def _built_with_lock(make_blog, lock_name: str, lock_text: str):
    """The post built on a hexo-renderer-marked 5 blog whose lock file is `lock_name`."""
    files = {"content/_posts/a.md": post("A", TEXT), lock_name: lock_text,
             "package.json": json.dumps({"dependencies": {"hexo": "^6.0.0",
                                                          "hexo-renderer-marked": "^5.0.0"}})}
    blog = make_blog(files=files)
    build_ok(blog)
    return body(blog.read("2024/01/02/a/index.html"))


def _npm_lock(marked: str) -> str:
    return json.dumps({"lockfileVersion": 2, "packages": {
        "": {}, "node_modules/hexo-renderer-marked": {"version": "5.0.0"},
        "node_modules/marked": {"version": marked}}})


def _yarn_lock(marked: str) -> str:
    return ('hexo-renderer-marked@^5.0.0:\n  version "5.0.0"\n  dependencies:\n'
            f'    marked "^4.0.1"\n\nmarked@^4.0.1:\n  version "{marked}"\n')


def _pnpm_lock(marked: str) -> str:
    return ("lockfileVersion: '9.0'\n\npackages:\n\n  hexo-renderer-marked@5.0.0:\n"
            f"    resolution: {{}}\n\n  marked@{marked}:\n    resolution: {{}}\n")


# hexo-renderer-marked 5 asks for marked ^4.0.1: the tab rule came with 4.0.14 (run in Node:
# 4.0.0-4.0.13 make a table of the tabbed rows, 4.0.14-4.0.19 a paragraph)
@pytest.mark.parametrize("lock", [_npm_lock, _yarn_lock, _pnpm_lock])
@pytest.mark.parametrize("marked,tables", [("4.0.13", 2), ("4.0.14", 1)])
def test_the_locked_marked_version_says_whether_the_tabbed_rows_are_a_table(
        make_blog, lock, marked, tables):
    name = {_npm_lock: "package-lock.json", _yarn_lock: "yarn.lock",
            _pnpm_lock: "pnpm-lock.yaml"}[lock]
    page = _built_with_lock(make_blog, name, lock(marked))
    assert len(page.find_all("table")) == tables


def test_marked_nested_under_the_renderer_is_the_one_it_ran(tmp_path):
    (tmp_path / "package-lock.json").write_text(json.dumps({"lockfileVersion": 1, "dependencies": {
        "marked": {"version": "0.3.19"}, "hexo-renderer-marked": {
            "version": "5.0.0", "dependencies": {"marked": {"version": "4.0.13"}}}}}))
    assert locked_version(tmp_path, "marked", "hexo-renderer-marked") == (4, 0, 13)
    assert locked_version(tmp_path, "marked", "hexo-renderer-kramed") is None


def test_a_text_lock_with_two_versions_says_nothing(tmp_path):
    (tmp_path / "yarn.lock").write_text(_yarn_lock("4.0.13") + 'marked@^15:\n  version "15.0.1"\n')
    assert locked_version(tmp_path, "marked", "hexo-renderer-marked") is None


def test_a_lock_too_deep_to_read_falls_back_on_the_range(make_blog):
    """A package-lock.json nested deeper than Python's JSON reader goes (a broken or hostile
    file) stopped the build with "unexpected error"; Hexo never reads the lock. It says
    nothing: the range of hexo-renderer-marked 5 decides (a recent marked, one table)."""
    page = _built_with_lock(make_blog, "package-lock.json", "[" * 100_000 + "]" * 100_000)
    assert len(page.find_all("table")) == 1
