"""`memo(macro, post)`: a post's entry in a list is made once per build and reused by every
page showing it (PageMaker._memo). A page that reuses an entry must still be made again when
what the entry shows changes, whether or not its route lists the post, in a fresh `build`
and in the dev server alike: incremental output equals a clean build, file for file."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quillpress.builder import Builder
from test_core_incremental import copy_demo, edit_title, newest_post, snapshot


class ListTexts(HTMLParser):
    """The texts of the links inside one `<ul class=...>` of a page."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.in_link, self.texts = css_class, 0, False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ul" and (self.depth or dict(attrs).get("class") == self.css_class):
            self.depth += 1
        elif tag == "a" and self.depth:
            self.in_link = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.depth:
            self.depth -= 1
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data: str) -> None:
        if self.in_link:
            self.texts[-1] += data


def recent_posts(page: Path) -> list[str]:
    parser = ListTexts("recent-posts")
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.texts


def memo_in_404(root: Path) -> None:
    """The 404 page (whose route lists no post: what it reads is recorded) shows the newest
    posts through the memoised entry that related posts use on post pages."""
    page = root / "themes" / "default" / "layout" / "404.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace('{% extends "layout.html" %}',
                        '{% extends "layout.html" %}\n{% import "_partial/macros.html" as m with context %}')
    edited = re.sub(r"\{% for post in site.posts\[:5\] %\}.*?\{% endfor %\}",
                    "{% for post in site.posts[:5] %}{{ memo(m.related_item, post) }}{% endfor %}",
                    text)
    assert edited != text
    page.write_text(edited, encoding="utf-8")


def title_of(post: Path) -> str:
    found = re.search(r"^title: *(.+)$", post.read_text(encoding="utf-8"), re.M)
    assert found
    return found.group(1).strip().strip("\"'")


@pytest.mark.parametrize("how", ["command", "server"])
def test_a_page_reusing_an_edited_posts_entry_is_made_again(tmp_path: Path, how: str) -> None:
    blog = copy_demo(tmp_path / "blog")
    memo_in_404(blog)
    builder = Builder(blog, workers=1, in_place=how == "server")
    assert builder.build().ok
    assert recent_posts(blog / "site" / "404.html")[0] == title_of(newest_post(blog))

    changed = edit_title(blog)
    result = (builder.build(changed) if how == "server" else Builder(blog, workers=1).build())
    assert result.ok
    assert recent_posts(blog / "site" / "404.html")[0] == title_of(newest_post(blog))
    incremental = snapshot(blog / "site")

    clean = Builder(blog, workers=1, use_cache=False,
                    overrides={"public_dir": str(tmp_path / "clean")}).build()
    assert clean.ok
    expected = snapshot(tmp_path / "clean")
    assert sorted(incremental) == sorted(expected)
    assert [rel for rel in expected if incremental[rel] != expected[rel]] == []
