"""Generated pages: index and archive pagination, prev/next, tags, nested categories, 404,
and which posts are listed (drafts, `published: false`, future posts)."""

from __future__ import annotations

import re

import pytest
from conftest import build_ok


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def many_posts(count: int = 25) -> dict[str, str]:
    """`count` posts on consecutive days of January 2024, two in December 2023."""
    files = {}
    for n in range(1, count + 1):
        tags = "[every]" if n % 2 else "[every, even]"
        files[f"content/_posts/p{n:02d}.md"] = (
            f"---\ntitle: Post {n:02d}\ndate: 2024-01-{n:02d} 12:00:00\ntags: {tags}\n"
            f"categories: [Lang, Python]\n---\nBody {n}.\n")
    for n in (1, 2):
        files[f"content/_posts/old{n}.md"] = (
            f"---\ntitle: Old {n}\ndate: 2023-12-0{n}\ncategories: Lang\n---\nOld.\n")
    return files


@pytest.fixture
def big_blog(make_blog):
    blog = make_blog(files=many_posts())
    builder = blog.builder()
    build_ok(builder)
    return blog, builder


def test_index_pagination(big_blog):
    blog, _ = big_blog
    files = set(blog.files())
    # 27 posts, per_page 10 → /, /page/2/, /page/3/
    assert {"index.html", "page/2/index.html", "page/3/index.html"} <= files
    assert "page/4/index.html" not in files and "page/1/index.html" not in files
    first, last = blog.read("index.html"), blog.read("page/3/index.html")
    assert "/2024/01/25/p25/" in hrefs(first)  # newest first
    assert "/2023/12/01/old1/" in hrefs(last)
    assert "/2023/12/01/old1/" not in hrefs(first)
    assert "/page/2/" in hrefs(first)
    assert "/page/2/" in hrefs(last)


def test_prev_next(big_blog):
    """Hexo's order: `prev` is the newer post, `next` the older one."""
    blog, builder = big_blog
    posts = {p.title: p for p in builder.site.posts}
    middle = posts["Post 10"]
    assert middle.prev.title == "Post 11" and middle.next.title == "Post 09"
    assert posts["Post 25"].prev is None and posts["Old 1"].next is None
    links = hrefs(blog.read("2024/01/10/p10/index.html"))
    assert {"/2024/01/11/p11/", "/2024/01/09/p09/"} <= links
    newest = hrefs(blog.read("2024/01/25/p25/index.html"))
    assert "/2024/01/24/p24/" in newest


def test_archives(big_blog):
    blog, _ = big_blog
    files = set(blog.files())
    expected = {
        "archives/index.html", "archives/page/2/index.html", "archives/page/3/index.html",
        "archives/2024/index.html", "archives/2024/page/3/index.html",
        "archives/2024/01/index.html", "archives/2024/01/page/2/index.html",
        "archives/2024/01/page/3/index.html",
        "archives/2023/index.html", "archives/2023/12/index.html",
    }
    assert expected <= files
    assert "archives/2023/page/2/index.html" not in files
    assert "/2023/12/02/old2/" in hrefs(blog.read("archives/2023/12/index.html"))


def test_tags_and_nested_categories(big_blog):
    blog, builder = big_blog
    files = set(blog.files())
    # 25 posts tagged `every` → 3 pages; 12 tagged `even` → 2 pages
    assert {"tags/every/index.html", "tags/every/page/3/index.html",
            "tags/even/index.html", "tags/even/page/2/index.html", "tags/index.html"} <= files
    assert "tags/even/page/3/index.html" not in files
    # Lang holds the 25 [Lang, Python] posts and the 2 Lang-only ones → 3 pages
    assert {"categories/Lang/index.html", "categories/Lang/page/3/index.html",
            "categories/Lang/Python/index.html", "categories/Lang/Python/page/3/index.html",
            "categories/index.html"} <= files
    assert "/2023/12/01/old1/" not in hrefs(blog.read("categories/Lang/Python/page/3/index.html"))
    python = builder.site.categories["Lang/Python"]
    assert python.parent is builder.site.categories["Lang"] and python.length == 25
    assert builder.site.categories["Lang"].length == 27
    tag_index = hrefs(blog.read("tags/index.html"))
    assert {"/tags/every/", "/tags/even/"} <= tag_index
    category_index = hrefs(blog.read("categories/index.html"))
    assert {"/categories/Lang/", "/categories/Lang/Python/"} <= category_index


def test_404_page(big_blog):
    blog, _ = big_blog
    assert "<html" in blog.read("404.html").lower()


def test_a_page_replaces_a_generated_index(make_blog):
    """A user's `tags/index.md` (Hexo's usual way to get a tag page) wins over ours."""
    blog = make_blog(files={"content/tags/index.md": "---\ntitle: My tags page\n---\nmine\n",
                            "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\nx\n"})
    result = blog.build()
    assert result.ok and not result.problems.warnings, [str(w) for w in result.problems.warnings]
    assert "My tags page" in blog.read("tags/index.html")


def test_hidden_posts(make_blog):
    """Drafts and `published: false` are left out (with their tags and categories) unless
    drafts are on; future posts follow `future`."""
    files = {
        "content/_posts/live.md": "---\ntitle: Live\ndate: 2024-01-01\n---\nx\n",
        "content/_posts/off.md": "---\ntitle: Off\ndate: 2024-01-02\npublished: false\ntags: [offtag]\n---\nx\n",
        "content/_drafts/draft.md": "---\ntitle: Draft\ndate: 2024-01-03\ncategories: Draftcat\n---\nx\n",
        "content/_posts/later.md": "---\ntitle: Later\ndate: 2099-01-01\ntags: [futuretag]\n---\nx\n",
    }
    blog = make_blog(config={"future": False}, files=files)
    builder = blog.builder()
    assert builder.build().ok
    assert [p.title for p in builder.site.posts] == ["Live"]
    out = set(blog.files())
    assert not any(("offtag" in f or "Draftcat" in f or "futuretag" in f or "2099" in f) for f in out)
    assert "Off" not in blog.read("index.html") and "/2024/01/02/off/" not in hrefs(blog.read("index.html"))

    drafts = blog.builder(drafts=True)
    assert drafts.build().ok
    assert sorted(p.title for p in drafts.site.posts) == ["Draft", "Live", "Off"]
    out = set(blog.files())
    assert {"tags/offtag/index.html", "categories/Draftcat/index.html"} <= out

    blog.write("_config.yml", "title: T\ntimezone: UTC\nfuture: true\n")
    future = blog.builder()
    assert future.build().ok
    assert sorted(p.title for p in future.site.posts) == ["Later", "Live"]
    assert "2099/01/01/later/index.html" in blog.files()


def test_pagination_settings(make_blog):
    """per_page 0 turns pagination off; archive_generator yearly/monthly; pagination_dir."""
    files = many_posts(12)
    blog = make_blog(config={"per_page": 0, "archive_generator": {"yearly": False, "monthly": False}},
                     files=files)
    assert blog.build().ok
    out = set(blog.files())
    assert "page/2/index.html" not in out and "archives/page/2/index.html" not in out
    assert not any(f.startswith("archives/20") for f in out)
    assert len(re.findall(r'href="/20\d\d/\d\d/\d\d/[^"]+/"', blog.read("index.html"))) >= 14

    blog.write("_config.yml", "title: T\ntimezone: UTC\nper_page: 5\npagination_dir: seite\n")
    assert blog.build().ok
    out = set(blog.files())
    assert {"seite/2/index.html", "seite/3/index.html", "archives/seite/3/index.html"} <= out
    assert "page/2/index.html" not in out
