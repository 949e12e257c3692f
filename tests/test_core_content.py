"""Content: where files go, the three front-matter forms, every key, dates, encodings, excerpts."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from quillpress.frontmatter import split_front_matter
from quillpress.source import read_categories, read_tags, reader
from conftest import build_ok


def build(blog, **kwargs):
    builder = blog.builder(**kwargs)
    build_ok(builder)
    return builder


def posts_by_title(builder) -> dict:
    return {p.title: p for p in builder.site.posts}


def test_layout_rules(make_blog):
    """Posts in `_posts/` (any depth), drafts only with drafts on, pages are other .md/.html
    not starting with `_`, other files copied byte for byte, `_` and dot files skipped."""
    blog = make_blog(files={
        "content/_posts/top.md": "---\ntitle: Top\ndate: 2024-01-01\n---\nx\n",
        "content/_posts/a/b/c/deep.md": "---\ntitle: Deep\ndate: 2024-01-02\n---\nx\n",
        "content/_drafts/wip.md": "---\ntitle: Draft\n---\nx\n",
        "content/about.md": "---\ntitle: About\n---\nabout\n",
        "content/raw/page.html": "---\ntitle: Html page\n---\n<p>html body</p>\n",
        "content/_partial.md": "skipped\n",
        "content/notes/_private.md": "skipped\n",
        "content/.secret": "skipped\n",
        "content/files/data.json": '{"a": 1}\n',
    })
    png = bytes(range(256)) * 4
    (blog.root / "content/files/pic.png").write_bytes(png)
    builder = build(blog)
    assert sorted(posts_by_title(builder)) == ["Deep", "Top"]
    assert sorted(p.title for p in builder.site.pages) == ["About", "Html page"]
    files = blog.files()
    assert "2024/01/02/a/b/c/deep/index.html" in files
    assert "about.html" in files and "raw/page.html" in files
    assert "html body" in blog.read("raw/page.html")
    assert (blog.public / "files/pic.png").read_bytes() == png
    assert blog.read("files/data.json") == '{"a": 1}\n'
    assert not any("_partial" in f or "_private" in f or ".secret" in f for f in files)
    assert not any("draft" in f.lower() or "wip" in f for f in files)

    with_drafts = build(blog, drafts=True)
    assert "Draft" in posts_by_title(with_drafts)
    assert any(f.endswith("/wip/index.html") for f in blog.files())


YAML_FORM = "---\ntitle: Y\ndate: 2024-01-02\n---\nbody\n"
SHORT_FORM = "title: S\ndate: 2024-01-02\n---\nbody\n"
JSON_FORM = '{"title": "J", "date": "2024-01-02"}\n;;;\nbody\n'


@pytest.mark.parametrize("text,title", [(YAML_FORM, "Y"), (SHORT_FORM, "S"), (JSON_FORM, "J")])
def test_three_front_matter_forms(text, title):
    split = split_front_matter(text)
    assert split.data["title"] == title
    assert split.body == "body\n"
    assert split.body_line == text.count("\n")


def test_short_form_ended_by_a_longer_rule(make_blog):
    """`title: Search` then a `----` line (four dashes): hexo-front-matter ends its short form
    at any run of three dashes or more, so the page is titled and its body is the rest; the
    keys were shown as the page's text, under the file's name."""
    blog = make_blog(files={"content/search/index.md": "layout: page\ntitle: Search\n----\n"
                                                       "Type a word.\n"})
    page = build(blog).site.pages[0]
    assert (page.title, page.front.get("layout")) == ("Search", "page")
    assert "title:" not in blog.read("search/index.html")
    assert "Type a word." in blog.read("search/index.html")


def test_no_front_matter_and_lookalikes():
    """A body that merely contains `---` (a rule) or starts with prose is not front-matter."""
    text = "Just text.\n\n---\n\nMore.\n"
    assert split_front_matter(text).data == {} and split_front_matter(text).body == text


def test_every_key(make_blog):
    blog = make_blog(config={"timezone": "UTC"}, files={
        "content/_posts/all.md": """\
            ---
            title: All keys
            date: 2024-02-03 04:05:06
            updated: 2024-03-04 05:06:07
            tags: [one, two]
            categories: [Parent, Child]
            permalink: /all-keys/
            layout: post
            excerpt: Plain summary.
            description: Meta description.
            comments: false
            lang: zh-CN
            cover: /img/cover.png
            sticky: 3
            ---
            Body text.
            """,
        "content/_posts/singular.md": """\
            ---
            title: Singular
            date: 2024-01-01
            tag: lonely
            category: Solo
            ---
            x
            """,
        "content/_posts/unpublished.md": "---\ntitle: Unpub\ndate: 2024-01-01\npublished: false\n---\nx\n",
    })
    builder = build(blog)
    posts = posts_by_title(builder)
    assert "Unpub" not in posts
    post = posts["All keys"]
    assert post.date == dt.datetime(2024, 2, 3, 4, 5, 6, tzinfo=post.date.tzinfo)
    assert post.date.utcoffset() == dt.timedelta(0)
    assert post.updated == dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=post.date.tzinfo)
    assert post.tag_names == ["one", "two"] and post.category_paths == [["Parent", "Child"]]
    assert post.path == "all-keys/" and post.layout == "post"
    assert "Plain summary." in post.excerpt and "Body text." in post.content
    assert post.description == "Meta description." and post.comments is False
    assert post.lang == "zh-CN" and post.cover == "/img/cover.png" and post.sticky == 3
    assert post.no_such_key is None  # themes read unset keys as empty
    single = posts["Singular"]
    assert single.tag_names == ["lonely"] and single.category_paths == [["Solo"]]
    assert "all-keys/index.html" in blog.files()
    assert {"tags/lonely/index.html", "categories/Solo/index.html",
            "categories/Parent/Child/index.html"} <= set(blog.files())


def test_an_empty_categories_key_gives_way_to_category(make_blog) -> None:
    """`categories:` left empty above a `category:` list (a real post's front-matter): Hexo
    reads `category` whenever `categories` is empty (and `tag` for an empty `tags`); the post
    had no category and its category pages were missing."""
    blog = make_blog(files={"content/_posts/a.md": (
        "---\ntitle: A\ndate: 2024-01-01\ncategories:\ncategory:\n  - Learning\n"
        "  - Async\ntags: ''\ntag: promise\n---\nx\n")})
    build_ok(blog)
    assert {"categories/Learning/Async/index.html", "tags/promise/index.html"} <= set(blog.files())
    assert 'href="/categories/Learning/Async/"' in blog.read("2024/01/01/a/index.html")


@pytest.mark.parametrize("front,expected", [
    ({"categories": "Life"}, [["Life"]]),
    ({"categories": ["A", "B"]}, [["A", "B"]]),
    ({"categories": [["A", "B"], ["C"], "D"]}, [["A", "B"], ["C"], ["D"]]),
    ({"categories": ["A", None, ""]}, [["A"]]),
    ({"category": "X"}, [["X"]]),
    ({"categories": None}, []),
    ({"categories": None, "category": ["A", "B"]}, [["A", "B"]]),
    ({"categories": [], "category": "A"}, []),  # [] is no empty value in JavaScript
])
def test_category_forms(front, expected):
    """A string, a list (one hierarchy), a list holding lists (several; a bare string among
    them is its own hierarchy, as in Hexo's docs example); empty entries dropped."""
    assert read_categories(front) == expected


def test_tag_forms():
    assert read_tags({"tags": "solo"}) == ["solo"]
    assert read_tags({"tags": ["a", "a", 3, None, ""]}) == ["a", "3"]
    assert read_tags({"tag": ["x"]}) == ["x"]


@pytest.mark.parametrize("value,expected", [
    ("2024-01-02", (2024, 1, 2, 0, 0, 0)),
    ("2024-01-02 03:04:05", (2024, 1, 2, 3, 4, 5)),
    ("'2024-01-02 03:04'", (2024, 1, 2, 3, 4, 0)),
    ("2024/01/02 03:04:05", (2024, 1, 2, 3, 4, 5)),
    ("2024-01-02T03:04:05", (2024, 1, 2, 3, 4, 5)),
    ("'2024-01-01T19:04:05Z'", (2024, 1, 2, 3, 4, 5)),  # moved into Asia/Shanghai (+8)
    ("'2024-01-02T03:04:05+08:00'", (2024, 1, 2, 3, 4, 5)),
    # unquoted, a YAML timestamp: its UTC clock read as the site's, as Hexo 7 reads it
    ("2024-01-01T19:04:05Z", (2024, 1, 1, 19, 4, 5)),
    ("2024-01-02T03:04:05+08:00", (2024, 1, 1, 19, 4, 5)),
])
def test_hexo_date_formats(make_blog, value, expected):
    blog = make_blog(config={"timezone": "Asia/Shanghai"},
                     files={"content/_posts/d.md": f"---\ntitle: D\ndate: {value}\n---\nx\n"})
    date = posts_by_title(build(blog))["D"].date
    assert (date.year, date.month, date.day, date.hour, date.minute, date.second) == expected
    assert date.utcoffset() == dt.timedelta(hours=8)


def test_missing_date_is_file_birth_time_in_timezone(make_blog, monkeypatch):
    """Hexo dates a post without `date:` by its file's birth time (which no call can set: the
    reader is given one), in the blog's time zone."""
    blog = make_blog(config={"timezone": "America/New_York", "updated_option": "date"},
                     files={"content/_posts/n.md": "---\ntitle: N\n---\nx\n"})
    stamp = dt.datetime(2024, 7, 1, 2, 30, tzinfo=dt.timezone.utc).timestamp()
    monkeypatch.setattr(reader, "birth_time", lambda path, stat=None: stamp)
    post = posts_by_title(build(blog))["N"]
    assert (post.date.year, post.date.month, post.date.day, post.date.hour) == (2024, 6, 30, 22)
    assert post.path == "2024/06/30/n/"
    assert post.updated == post.date  # updated_option: date


def test_updated_defaults_to_mtime(make_blog):
    blog = make_blog(files={"content/_posts/u.md": "---\ntitle: U\ndate: 2020-01-01\n---\nx\n"})
    stamp = dt.datetime(2023, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc).timestamp()
    os.utime(blog.root / "content/_posts/u.md", (stamp, stamp))
    post = posts_by_title(build(blog))["U"]
    assert post.updated.timestamp() == stamp


def test_crlf_bom_and_file_names(make_blog):
    """A Windows file (BOM, CRLF) reads like any other; CJK, spaces and `&` in names work on
    disk and as links (percent-encoded; `&` escaped in HTML)."""
    blog = make_blog(files={"content/about.md": "---\ntitle: About\n---\n"
                                                "[a](/2024/01/02/R&D%20notes/) [b](/2024/01/03/中文/)\n"})
    (blog.root / "content/_posts").mkdir()
    (blog.root / "content/_posts/R&D notes.md").write_bytes(
        "\ufeff---\r\ntitle: Windows\r\ndate: 2024-01-02\r\ntags: [a b]\r\n---\r\nLine one\r\n"
        "\r\n<!-- more -->\r\n\r\nLine two\r\n".encode("utf-8"))
    (blog.root / "content/_posts/中文.md").write_text(
        "---\ntitle: 中文标题\ndate: 2024-01-03\n---\n正文\n", encoding="utf-8")
    builder = build(blog)
    posts = posts_by_title(builder)
    windows = posts["Windows"]
    assert windows.tag_names == ["a b"]
    assert "Line one" in windows.excerpt and "Line two" not in windows.excerpt
    assert "\r" not in windows.content
    files = blog.files()
    assert "2024/01/02/R&D notes/index.html" in files and "2024/01/03/中文/index.html" in files
    index = blog.read("index.html")
    assert 'href="/2024/01/02/R&amp;D%20notes/"' in index
    assert "/2024/01/03/%E4%B8%AD%E6%96%87/" in index
    assert "中文标题" in blog.read("2024/01/03/中文/index.html")


@pytest.mark.parametrize("body,excerpt,rest", [
    ("Intro.\n\n<!-- more -->\n\nRest.\n", "Intro.", "Rest."),
    ("Intro.\n\n<!--more-->\n\nRest.\n", "Intro.", "Rest."),
    ("Intro.\n\n<!-- MORE -->\n\nRest.\n", "Intro.", "Rest."),
    ("No marker at all.\n", None, "No marker at all."),
])
def test_excerpt_marker(make_blog, body, excerpt, rest):
    """Hexo's `/<!-- ?more ?-->/i`: the text before it is the excerpt, the marker becomes
    `<span id="more">`; with no marker there is no excerpt (themes show the whole post)."""
    blog = make_blog(files={"content/_posts/e.md": f"---\ntitle: E\ndate: 2024-01-01\n---\n{body}"})
    post = posts_by_title(build(blog))["E"]
    if excerpt is None:
        assert post.excerpt == ""
    else:
        assert excerpt in post.excerpt and rest not in post.excerpt
        assert '<span id="more"></span>' in post.content
    assert rest in post.more and rest in post.content


def test_front_matter_excerpt_wins(make_blog):
    blog = make_blog(files={"content/_posts/e.md": "---\ntitle: E\ndate: 2024-01-01\n"
                                                   "excerpt: From <front> matter\n---\n"
                                                   "Intro.\n\n<!-- more -->\n\nRest.\n"})
    post = posts_by_title(build(blog))["E"]
    assert "From &lt;front&gt; matter" in post.excerpt and "Intro." not in post.excerpt
    assert "Intro." in post.more and "Rest." in post.more


def test_yaml_words_stay_text_like_hexo():
    """Hexo's js-yaml reads YAML 1.2: `Off`, `No`, `yes` are text; only true/false are
    booleans (PyYAML alone would turn a post titled `Off` into False)."""
    data = split_front_matter("---\ntitle: Off\nauthor: No\nflag: yes\nok: true\n"
                              "comments: false\n---\nx\n").data
    assert data == {"title": "Off", "author": "No", "flag": "yes", "ok": True, "comments": False}
