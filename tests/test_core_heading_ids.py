"""Heading ids as the blog's Hexo renderer made them, so links to a section keep working.

Found by the Hexo oracle (bench/hexo_diff): on real blogs rendered by marked, kramed and
markdown-it, most headings had another id in QuillPress than in Hexo (88 of 1,489 alike on one
kramed blog, 11 of 179 on a markdown-it one), so every link to a section, from other posts or
other sites, landed at the top of the page.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import build_ok, post

BODY = """## 1.1 Scope

## Read & Write

## Step one：setup（fast）

## Café &emsp;notes

## Solution

## Solution

## Solution
"""


def _ids(make_blog, renderer: str | None, config: dict | None = None, *plugins: str) -> list[str]:
    files = {"content/_posts/a.md": post("Headings", BODY)}
    if renderer:
        files["package.json"] = json.dumps({"dependencies": dict.fromkeys(
            ("hexo", renderer, *plugins), "*")})
    blog = make_blog(config=config, files=files)
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    body = page[page.index('class="post-body"'):]
    return re.findall(r'<h2 id="([^"]*)"', body)


@pytest.mark.parametrize("renderer", ["hexo-renderer-marked", "hexo-renderer-kramed"])
def test_marked_and_kramed_ids_keep_case_entities_and_wide_punctuation(make_blog, renderer):
    assert _ids(make_blog, renderer) == [
        "1-1-Scope", "Read-amp-Write", "Step-one：setup（fast）", "Cafe-emsp-notes",
        "Solution", "Solution-1", "Solution-2"]


def test_markdown_it_ids_number_repeats_from_two_after_the_configured_suffix(make_blog):
    assert _ids(make_blog, "hexo-renderer-markdown-it",
                {"markdown": {"anchors": {"collisionSuffix": "v"}}}) == [
        "1-1-Scope", "Read-Write", "Step-one：setup（fast）", "Cafe-notes",
        "Solution", "Solution-v2", "Solution-v3"]


def test_hexo_toc_gives_every_heading_markdown_tocs_id(make_blog):
    """hexo-toc rewrote each heading's id after marked: dots dropped, lower case, every other
    character (accents, CJK punctuation, entities as the character) one `-`."""
    assert _ids(make_blog, "hexo-renderer-marked", None, "hexo-toc") == [
        "11-scope", "read---write", "step-one-setup-fast-", "caf---notes",
        "solution", "solution-1", "solution-2"]


def test_markdown_it_plus_lowers_case_and_numbers_repeats_from_two(make_blog):
    assert _ids(make_blog, "hexo-renderer-markdown-it-plus")[-3:] == [
        "solution", "solution-2", "solution-3"]


def test_a_blog_without_hexo_keeps_quillpress_ids(make_blog):
    assert _ids(make_blog, None) == [
        "11-scope", "read-write", "step-onesetupfast", "café-notes",
        "solution", "solution-1", "solution-2"]
