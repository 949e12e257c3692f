"""sitemap.xml and robots.txt as a search engine reads them."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(blog) -> dict[str, str | None]:
    root = ET.fromstring(blog.read("sitemap.xml").encode())
    return {url.find(f"{NS}loc").text: (url.find(f"{NS}lastmod").text
                                        if url.find(f"{NS}lastmod") is not None else None)
            for url in root.findall(f"{NS}url")}


FILES = {
    "content/_posts/one.md": "---\ntitle: One & <b>two</b>\ndate: 2024-01-02 10:00:00\n"
                             "updated: 2024-05-06 07:08:09\ntags: [T1]\n---\nText.\n",
    "content/_posts/two.md": "---\ntitle: Two\ndate: 2024-01-03 10:00:00\n---\nText.\n",
    "content/_posts/hidden.md": "---\ntitle: Hidden\ndate: 2024-01-04\nsitemap: false\n---\nText.\n",
    "content/about/index.md": "---\ntitle: About\ndate: 2024-01-01\n---\nMe.\n",
    "content/_drafts/draft.md": "---\ntitle: Draft\n---\nNot yet.\n",
}


def test_every_post_and_page_listed_with_lastmod_from_updated(make_blog):
    blog = make_blog(config={"url": "https://example.org", "updated_option": "date"}, files=FILES)
    assert blog.build().ok
    found = entries(blog)
    assert found["https://example.org/2024/01/02/one/"].startswith("2024-05-06T07:08:09")
    assert found["https://example.org/2024/01/03/two/"].startswith("2024-01-03T10:00:00")
    canonical = blog.read("about/index.html").split('rel="canonical" href="')[1].split('"')[0]
    assert canonical in found  # the page's own canonical URL, as search engines expect
    assert "https://example.org/tags/T1/" in found
    assert found["https://example.org/"].startswith("2024-05-06T07:08:09")  # newest update
    assert not any("hidden" in url or "draft" in url for url in found)
    assert list(found)[0] == "https://example.org/"


def test_root_sub_path_robots_txt_and_options(make_blog):
    blog = make_blog(config={"url": "https://example.org/blog", "root": "/blog/",
                             "sitemap": {"tags": False, "categories": False}}, files=FILES)
    assert blog.build().ok
    found = entries(blog)
    assert "https://example.org/blog/2024/01/02/one/" in found
    assert all(url.startswith("https://example.org/blog/") for url in found)
    assert not any("/tags/" in url for url in found)
    robots = blog.read("robots.txt")
    assert "Sitemap: https://example.org/blog/sitemap.xml" in robots


def test_the_sources_own_robots_txt_wins(make_blog):
    files = dict(FILES, **{"content/robots.txt": "User-agent: *\nDisallow: /private/\n"})
    blog = make_blog(files=files)
    result = blog.build()
    assert result.ok and not result.problems.warnings
    assert blog.read("robots.txt") == "User-agent: *\nDisallow: /private/\n"


def test_same_sources_same_bytes_and_sitemap_false(make_blog):
    blog = make_blog(config={"updated_option": "date"}, files=FILES)
    assert blog.build().ok
    first = (blog.public / "sitemap.xml").read_bytes()
    assert blog.build(use_cache=False).ok
    assert (blog.public / "sitemap.xml").read_bytes() == first
    off = make_blog(config={"sitemap": False}, files=FILES)
    assert off.build().ok
    assert "sitemap.xml" not in off.files() and "robots.txt" not in off.files()


def test_a_rebuild_follows_sitemap_false_being_set(make_blog):
    blog = make_blog(files=FILES)
    builder = blog.builder(in_place=True)
    assert builder.build().ok
    assert any("/two/" in url for url in entries(blog))
    blog.write("content/_posts/two.md", FILES["content/_posts/two.md"].replace(
        "title: Two\n", "title: Two\nsitemap: false\n"))
    assert builder.build([blog.root / "content/_posts/two.md"]).ok
    assert not any("/two/" in url for url in entries(blog))


def test_a_pipe_named_robots_txt_in_the_source_leaves_the_generated_one(make_blog):
    """A named pipe there is left out of the site with a warning; taken for the blog's own
    robots.txt, it left the site with none."""
    blog = make_blog(config={"url": "https://example.org"}, files=FILES)
    os.mkfifo(blog.root / "content/robots.txt")
    result = blog.build()
    assert result.ok
    assert [w.path for w in result.problems.warnings] == ["content/robots.txt"]
    assert "Sitemap: https://example.org/sitemap.xml" in blog.read("robots.txt")


def test_a_folder_named_robots_txt_in_the_source_is_published_as_it_is(make_blog):
    """Its files are copied below robots.txt/; a generated robots.txt beside them made one
    path both a file and a folder, and the build stopped where Hexo (no such generator) runs."""
    blog = make_blog(config={"url": "https://example.org"},
                     files={**FILES, "content/robots.txt/notes.txt": "kept\n"})
    result = blog.build()
    assert result.ok, result.problems
    assert blog.read("robots.txt/notes.txt") == "kept\n"
    assert "https://example.org/2024/01/03/two/" in entries(blog)
