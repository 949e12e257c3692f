"""`memo(macro, post)`: a post's entry in a list is made once per build and reused by every
page showing it (PageMaker._memo). A page that reuses an entry must still be made again when
what the entry shows changes, whether or not its route lists the post, in a fresh `build`
and in the dev server alike: incremental output equals a clean build, file for file."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, build_ok, post
from quillpress.build.builder import Builder
from test_core_incremental import copy_demo, edit_title, newest_post, snapshot


class ListTexts(HTMLParser):
    """The texts of the links inside one `<tag class=...>` of a page."""

    def __init__(self, tag: str, css_class: str) -> None:
        super().__init__()
        self.tag, self.css_class, self.depth, self.in_link = tag, css_class, 0, False
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag and (self.depth or dict(attrs).get("class") == self.css_class):
            self.depth += 1
        elif tag == "a" and self.depth:
            self.in_link = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth:
            self.depth -= 1
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data: str) -> None:
        if self.in_link:
            self.texts[-1] += data


def link_texts(html: str, tag: str, css_class: str) -> list[str]:
    parser = ListTexts(tag, css_class)
    parser.feed(html)
    return parser.texts


def recent_posts(page: Path) -> list[str]:
    return link_texts(page.read_text(encoding="utf-8"), "ul", "recent-posts")


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


def test_an_entry_is_made_in_the_language_of_the_page_showing_it(make_blog) -> None:
    """The same post among the related posts of a Chinese and an English post, through an
    entry macro that translates a label: each page shows its own language's label (entries
    are kept per page language)."""
    blog = make_blog(files={
        "content/_posts/zh.md": post("Zh", date="2024-01-01 10:00:00", tags=["shared"], lang="zh-CN"),
        "content/_posts/en.md": post("En", date="2024-01-02 10:00:00", tags=["shared"]),
        "content/_posts/both.md": post("Both", date="2024-01-03 10:00:00", tags=["shared"])})
    shutil.copytree(REPO / "themes" / "default", blog.root / "themes" / "default")
    macros = blog.root / "themes" / "default" / "layout" / "_partial" / "macros.html"
    text = macros.read_text(encoding="utf-8")
    entry = "{% macro related_item(post) -%}\n<li><a href=\"{{ url_for(post.path) }}\">{{ post.title or __('untitled') }}"
    assert entry in text
    macros.write_text(text.replace(entry, entry + " {{ __('read_more') }}"), encoding="utf-8")
    build_ok(blog)
    related = {name: link_texts(blog.read(f"2024/01/0{day}/{name}/index.html"), "aside", "related-posts")
               for name, day in (("zh", 1), ("en", 2))}
    assert "Both 阅读全文" in related["zh"] and "Both Read more" in related["en"], related


SHELVES = """
from quillpress.plugin_api import Route

def register(api):
    @api.generator(name="shelves")
    def shelves(site):
        return [Route(path=f"{colour}.html", layouts=["shelf"], page={"title": colour},
                      extra={"label": lambda post, colour=colour: f"{colour}: {post.title}"})
                for colour in ("red", "blue")]
"""


def test_a_helper_made_for_one_page_gives_its_entries_to_that_page_only(make_blog) -> None:
    """A plugin gives each of its pages a helper of its own, made from one lambda; `memo`
    must not hand the first page's entries to the second (a macro's entries are found by
    its code, as each page imports the macro anew; any other callable's by the callable)."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/shelves.py": SHELVES})
    shutil.copytree(REPO / "themes" / "default", blog.root / "themes" / "default")
    blog.write("themes/default/layout/shelf.html",
               "{% for post in site.posts %}<p>{{ memo(label, post) }}</p>{% endfor %}\n")
    build_ok(blog)
    assert "<p>red: A</p>" in blog.read("red.html")
    assert "<p>blue: A</p>" in blog.read("blue.html")
