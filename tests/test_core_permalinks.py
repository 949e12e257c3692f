"""Permalinks, tag/category URLs and pretty_urls, checked against Hexo 7/8's rules.

Every expected URL below is written from Hexo's rules (hexo `post_permalink` filter,
hexo-util `Permalink`/`slugize`/`url_for`/`pretty_urls`, the `Category`/`Tag` models and the
post processor); the rule is named next to each non-obvious value.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import shutil

import pytest

from quillpress.config import load_config
from quillpress.source.birth_time import birth_time
from quillpress.urls import url_for

from conftest import build_ok
from conftest import post as shared_post


def built_paths(blog, **kwargs) -> dict[str, str]:
    """Build the blog; map each post/page title to its site path."""
    builder = blog.builder(**kwargs)
    build_ok(builder)
    site = builder.site
    return {doc.title: doc.path for doc in [*site.posts, *site.pages]}


def fresh(make_blog, **kwargs):
    """A second blog in the same test: `make_blog` reuses one folder, so empty it first."""
    blog = make_blog()
    shutil.rmtree(blog.root)
    return make_blog(**kwargs)


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


# Every post here is dated 2024-03-05 07:08:09 unless a test says otherwise.
post = functools.partial(shared_post, date="2024-03-05 07:08:09")


def test_every_token(make_blog):
    """All of Hexo's tokens in one rule.

    - `:title` is the path below `_posts/` without extension, subfolders and spaces included;
    - `:name` is its last part; `:post_title` is the front-matter title slugized lower-case;
    - `:i_month`/`:i_day` drop the leading zero; `:category` is the *last* category's slug,
      which carries its parents (`Tech/py`, category_map applied);
    - `:hash` is sha1(slug + unix seconds)[:12]; `:id` is the front-matter `id`.
    """
    rule = ":year/:month/:i_month/:day/:i_day/:hour/:minute/:second/:title/:name/:post_title/:category/:hash/:id/"
    blog = make_blog(config={"permalink": rule, "category_map": {"Python Tips": "py"}}, files={
        "content/_posts/notes/Hello World.md": post(
            "Hello, World!", extra="categories: [Tech, Python Tips]\nid: 42"),
    })
    paths = built_paths(blog)
    unix = 1709622489  # 2024-03-05T07:08:09Z
    digest = hashlib.sha1(f"notes/Hello World{unix}".encode()).hexdigest()[:12]
    assert paths["Hello, World!"] == (
        f"2024/03/3/05/5/07/08/09/notes/Hello World/Hello World/hello-world/Tech/py/{digest}/42/")
    files = blog.files()
    assert f"2024/03/3/05/5/07/08/09/notes/Hello World/Hello World/hello-world/Tech/py/{digest}/42/index.html" in files


def test_default_rule_and_link_encoding(make_blog):
    """Default `:year/:month/:day/:title/`; a space in the slug is percent-encoded in links
    (hexo-util encodeURL) but kept in the file name."""
    blog = make_blog(files={"content/_posts/my first post.md": post("First")})
    assert built_paths(blog)["First"] == "2024/03/05/my first post/"
    assert "2024/03/05/my first post/index.html" in blog.files()
    assert "/2024/03/05/my%20first%20post/" in hrefs(blog.read("index.html"))


def test_a_backslash_in_a_url_is_a_folder_as_hexo_writes_it(make_blog):
    """Hexo's router turns `\\` into `/` (a Windows habit in a permalink, a file name on
    Linux): the page is at notes/one/, where inbound links to the moved blog point. It was
    written to a folder named `notes\\one`. Links here go there too (Hexo's, %5C, did not)."""
    blog = make_blog(files={
        "content/_posts/a.md": post("Typed", extra="permalink: notes\\one/"),
        "content/_posts/x\\y.md": post("Named"),
        "content/about.md": "---\ntitle: About\npermalink: me\\about/\n---\nHi.\n"})
    assert blog.build().ok
    files = blog.files()
    assert {"notes/one/index.html", "2024/03/05/x/y/index.html", "me/about/index.html"} <= set(files)
    assert not [f for f in files if "\\" in f]
    assert {"/notes/one/", "/2024/03/05/x/y/"} <= hrefs(blog.read("index.html"))


def test_category_token_defaults_and_nesting(make_blog):
    """No category → `default_category` as written (not slugized); several hierarchies →
    the last category of the last hierarchy. (Hexo takes `categories.last()` in creation
    order; for categories first seen in this post that is the last one listed.)"""
    blog = make_blog(config={"permalink": ":category/:title/"}, files={
        "content/_posts/a.md": post("A"),
        "content/_posts/b.md": post("B", extra="categories: Life"),
        "content/_posts/c.md": post("C", extra="categories:\n  - [Sports, Baseball]\n  - [MLB, Red Sox]"),
        "content/_posts/d.md": post("D", extra="category: [编程, Web Dev]"),
    })
    paths = built_paths(blog)
    assert paths == {"A": "uncategorized/a/", "B": "Life/b/", "C": "MLB/Red-Sox/c/",
                     "D": "编程/Web-Dev/d/"}
    blog2 = fresh(make_blog, config={"permalink": ":category/:title/", "default_category": "misc notes"},
                      files={"content/_posts/a.md": post("A")})
    assert built_paths(blog2)["A"] == "misc notes/a/"


def test_permalink_defaults_and_front_matter_tokens(make_blog):
    """Any front-matter key is a token; permalink_defaults fills it when a post lacks it;
    a token with no value at all becomes `undefined`, exactly as Hexo's String(undefined)."""
    blog = make_blog(config={"permalink": ":lang/:title/", "permalink_defaults": {"lang": "en"}},
                     files={"content/_posts/a.md": post("A", extra="lang: zh-CN"),
                            "content/_posts/b.md": post("B")})
    assert built_paths(blog) == {"A": "zh-CN/a/", "B": "en/b/"}
    blog2 = fresh(make_blog, config={"permalink": ":series/:title/"},
                      files={"content/_posts/a.md": post("A")})
    assert built_paths(blog2) == {"A": "undefined/a/"}


def test_token_names_end_before_underscore(make_blog):
    """hexo-util's token pattern `:(\\w*[^_\\W])`: `:year_:month` is two tokens."""
    blog = make_blog(config={"permalink": ":year_:month/:title.html"},
                     files={"content/_posts/a.md": post("A")})
    assert built_paths(blog) == {"A": "2024_03/a.html"}
    assert "2024_03/a.html" in blog.files()


def test_front_matter_permalink_and_page_permalink(make_blog):
    """A post's `permalink` replaces the rule verbatim. A page's follows Hexo's page rule:
    `x/` → `x/index.html`, `x` → `x.html`."""
    blog = make_blog(files={
        "content/_posts/a.md": post("A", extra="permalink: /custom/place/"),
        "content/about.md": "---\ntitle: About\npermalink: about-me\n---\nhi\n",
        "content/links/index.md": "---\ntitle: Links\npermalink: friends/\n---\nhi\n",
        "content/plain/page.md": "---\ntitle: Plain\n---\nhi\n",
    })
    assert built_paths(blog) == {"A": "custom/place/", "About": "about-me.html",
                                 "Links": "friends/index.html", "Plain": "plain/page.html"}
    files = blog.files()
    for expected in ("custom/place/index.html", "about-me.html", "friends/index.html",
                     "plain/page.html"):
        assert expected in files


def test_post_asset_folder_forces_trailing_slash(make_blog):
    blog = make_blog(config={"permalink": ":year/:title", "post_asset_folder": True},
                     files={"content/_posts/a.md": post("A")})
    assert built_paths(blog) == {"A": "2024/a/"}


def test_dates_in_timezone(make_blog):
    """Naive dates are read in `timezone`; a quoted date with an offset is moved into it
    (Hexo formats every date token in the site timezone). An unquoted one is a YAML
    timestamp, whose UTC clock Hexo 7 reads as the site's: `20:00:00Z` is 20:00 in Shanghai,
    still the 1st (Hexo's own build of these four posts gave these URLs), with a warning
    saying so."""
    blog = make_blog(config={"timezone": "Asia/Shanghai"}, files={
        "content/_posts/naive.md": post("Naive", date="2024-01-01 23:30:00"),
        "content/_posts/offset.md": post("Offset", date="2024-01-01T23:30:00-05:00"),
        "content/_posts/utc.md": post("Utc", date="2024-01-01T20:00:00Z"),
        "content/_posts/quoted.md": post("Quoted", date='"2024-01-01T20:00:00Z"'),
    })
    assert built_paths(blog) == {"Naive": "2024/01/01/naive/", "Offset": "2024/01/02/offset/",
                                 "Utc": "2024/01/01/utc/", "Quoted": "2024/01/02/quoted/"}
    result = blog.build()
    shifted = sorted(str(w).split("\n")[0] for w in result.problems.warnings if "has an offset" in w.message)
    assert shifted == [
        "content/_posts/offset.md:3: `date: 2024-01-01T23:30:00-05:00` has an offset: its UTC "
        "time, 2024-01-02 04:30:00, was read as the site's, as Hexo reads it (so the post's URL "
        "is the one Hexo gave it)",
        "content/_posts/utc.md:3: `date: 2024-01-01T20:00:00+00:00` has an offset: its UTC "
        "time, 2024-01-01 20:00:00, was read as the site's, as Hexo reads it (so the post's URL "
        "is the one Hexo gave it)"]


@pytest.mark.parametrize("rule,name,expected", [
    # the date comes from the name; :title is what follows it
    (":year-:month-:day-:title.md", "2024-01-15-my-post.md", "2024/01/15/my-post/"),
    # :i_month/:i_day read one or two digits
    (":year-:i_month-:i_day-:title.md", "2024-1-5-short.md", "2024/01/05/short/"),
    # a name that does not match the rule: slug is the slugized path, date from the file
    (":year-:month-:day-:title.md", "notes/2024-01-15-x y.md", "2020/02/02/notes-2024-01-15-x-y/"),
    # the default rule :title.md keeps the path as it is
    (":title.md", "2024-01-15-kept.md", "2020/02/02/2024-01-15-kept/"),
])
def test_new_post_name_parsing(make_blog, rule, name, expected):
    """Hexo parses `new_post_name` back out of the path below `_posts/` (processor/post.ts)."""
    blog = make_blog(config={"new_post_name": rule},
                     files={f"content/_posts/{name}": "---\ntitle: T\n---\nbody\n"})
    source = blog.root / "content/_posts" / name
    stamp = 1580644800  # 2020-02-02 12:00 UTC: a modification time, which never dates a post
    os.utime(source, (stamp, stamp))
    # When nothing else gives a date, the file's birth time does (Hexo's stats.birthtime).
    born = dt.datetime.fromtimestamp(birth_time(source), dt.timezone.utc).strftime("%Y/%m/%d")
    assert built_paths(blog) == {"T": expected.replace("2020/02/02", born)}


def test_front_matter_date_beats_file_name(make_blog):
    blog = make_blog(config={"new_post_name": ":year-:month-:day-:title.md"},
                     files={"content/_posts/2024-01-15-p.md": post("P", date="2023-12-31")})
    assert built_paths(blog) == {"P": "2023/12/31/p/"}


def test_front_matter_slug_is_ignored_like_hexo(make_blog):
    """Hexo sets a post's slug from its file name and overwrites a front-matter `slug`."""
    blog = make_blog(files={"content/_posts/file-name.md": post("P", extra="slug: other")})
    assert built_paths(blog) == {"P": "2024/03/05/file-name/"}


def test_tag_and_category_slugs(make_blog):
    """Tag/Category slug = slugize(map[name] or name, transform=filename_case); a category's
    slug carries its parent's. CJK is kept; `&`, `+`, spaces become `-` runs, trimmed."""
    blog = make_blog(config={"tag_map": {"C++": "cpp"}, "category_map": {"编程": "programming"},
                             "filename_case": 1}, files={
        "content/_posts/a.md": post("A", extra="tags: [C++, Hello World, 数据, R&D, Déjà vu]\n"
                                               "categories: [编程, Web Dev]"),
    })
    builder = blog.builder()
    assert builder.build().ok
    tags = {t.name: t.path for t in builder.site.tags.values()}
    assert tags == {"C++": "tags/cpp/", "Hello World": "tags/hello-world/", "数据": "tags/数据/",
                    "R&D": "tags/r-d/", "Déjà vu": "tags/deja-vu/"}
    cats = {c.name: c.path for c in builder.site.categories.values()}
    assert cats == {"编程": "categories/programming/", "Web Dev": "categories/programming/web-dev/"}
    files = blog.files()
    for path in [*tags.values(), *cats.values()]:
        assert path + "index.html" in files
    # filename_case 2 upper-cases
    blog2 = fresh(make_blog, config={"filename_case": 2}, files={
        "content/_posts/a.md": post("A", extra="tags: [Mixed Case]")})
    builder2 = blog2.builder()
    builder2.build()
    assert [t.path for t in builder2.site.tags.values()] == ["tags/MIXED-CASE/"]


def test_pretty_urls_links_and_files(make_blog):
    """pretty_urls changes links only: files stay `x.html` and `x/index.html`.
    trailing_html: false drops `.html` (but never from `index.html`); trailing_index: false
    drops `index.html`."""
    files = {"content/_posts/a.md": post("A"), "content/about/index.md": "---\ntitle: About\n---\nx\n",
             "content/solo.md": "---\ntitle: Solo\n---\nx\n"}
    blog = make_blog(config={"permalink": ":year/:title.html",
                             "pretty_urls": {"trailing_html": False, "trailing_index": False}},
                     files=files)
    built_paths(blog)
    assert {"2024/a.html", "about/index.html", "solo.html"} <= set(blog.files())
    config = load_config(blog.root)
    assert url_for("2024/a.html", config) == "/2024/a"
    assert url_for("about/index.html", config) == "/about/"
    assert url_for("solo.html", config) == "/solo"
    assert "/2024/a" in hrefs(blog.read("index.html"))

    blog2 = fresh(make_blog, config={"permalink": ":year/:title.html"}, files=files)
    built_paths(blog2)
    config2 = load_config(blog2.root)
    assert url_for("2024/a.html", config2) == "/2024/a.html"
    assert url_for("about/index.html", config2) == "/about/index.html"
    assert "/2024/a.html" in hrefs(blog2.read("index.html"))

    config3 = load_config(blog2.root, overrides={"pretty_urls": {"trailing_html": False}})
    assert url_for("about/index.html", config3) == "/about/index.html"
    assert url_for("x/myindex.html", config3) == "/x/myindex.html"  # Hexo tests /index\.html$/


def test_root_sub_path(make_blog):
    """A blog served under `/blog/`: every local link starts with it; files do not move."""
    blog = make_blog(config={"url": "https://example.com/blog", "root": "/blog/"}, files={
        "content/_posts/a.md": post("A", extra="tags: [t]"),
        "content/about.md": "---\ntitle: About\n---\n[home](/)\n",
    })
    built_paths(blog)
    assert "2024/03/05/a/index.html" in blog.files()
    assert not (blog.public / "blog").exists()
    for page in ("index.html", "2024/03/05/a/index.html", "tags/t/index.html"):
        local = [h for h in hrefs(blog.read(page)) if h.startswith("/")]
        assert local, page
        assert all(h.startswith("/blog/") for h in local), (page, local)
    assert "/blog/2024/03/05/a/" in hrefs(blog.read("index.html"))
    config = load_config(blog.root)
    assert config["root"] == "/blog/"
    from quillpress.urls import full_url_for
    assert full_url_for("2024/03/05/a/", config) == "https://example.com/blog/2024/03/05/a/"
    # `root: blog` without slashes is normalised
    assert load_config(blog.root, overrides={"root": "blog"})["root"] == "/blog/"
