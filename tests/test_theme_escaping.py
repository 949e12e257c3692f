"""A post's title, tags and categories holding markup and quotes reach every page that shows
them as text: the post, the index, the archive, the tag and category pages. Read with an HTML
parser, as a browser would: no element, attribute or script comes out of the reader's text."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from conftest import build_ok, post

TITLE = "T<script>alert(1)</script>\"'&amp; end"
TAG = "tag<script>alert(2)</script>\"'&"
CATEGORY = "cat<b onmouseover=alert(3)>\"'&"
ALERTS = ("alert(1)", "alert(2)", "alert(3)")


class Page(HTMLParser):
    """The page's elements, attributes and text, as parsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []
        self.script = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data
        else:
            self.texts.append(data)


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_markup_in_titles_tags_and_categories_stays_text_on_every_page(make_blog):
    blog = make_blog(files={"content/_posts/evil.md": post(
        json.dumps(TITLE), "Body.", date="2024-02-01 09:00:00",
        tags=[TAG], categories=[CATEGORY])})
    build_ok(blog)
    pages = [rel for rel in blog.files() if rel.endswith(".html")]
    kinds = {"post": "2024/02/01/evil/index.html", "index": "index.html",
             "archive": "archives/index.html"}
    for kind, rel in kinds.items():
        assert rel in pages, kind
    tag_pages = [rel for rel in pages if rel.startswith("tags/") and rel != "tags/index.html"]
    category_pages = [rel for rel in pages
                      if rel.startswith("categories/") and rel != "categories/index.html"]
    assert tag_pages and category_pages
    shown = {**kinds, "tag": tag_pages[0], "category": category_pages[0]}
    for kind, rel in shown.items():
        page = parsed(blog.read(rel))
        assert not any(alert in page.script for alert in ALERTS), kind
        for tag, attrs in page.tags:
            for name, _value in attrs:
                assert not name.startswith("on") and "'" not in name and '"' not in name, (kind, tag, name)
        text = "".join(page.texts)
        assert TITLE in text, kind  # the reader sees the title as written, `&amp;` and all
    assert TAG in "".join(parsed(blog.read(shown["tag"])).texts)
    assert CATEGORY in "".join(parsed(blog.read(shown["category"])).texts)
    for rel in pages:  # and no page anywhere runs the scripts
        assert not any(alert in parsed(blog.read(rel)).script for alert in ALERTS), rel
