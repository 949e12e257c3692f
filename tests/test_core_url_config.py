"""A blog's URL-shaping config, checked against the paths Hexo 7 writes for the same blog
(bench/hexo_diff was the oracle): every page Hexo makes, QuillPress makes at the same path."""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser

import pytest

from conftest import build_ok, post, serve_folder


class _Attrs(HTMLParser):
    """The values of one attribute of one kind of tag (`a` `href`, `img` `src`)."""

    def __init__(self, tag: str, attr: str) -> None:
        super().__init__()
        self.tag, self.attr = tag, attr
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(self.attr)
        if tag == self.tag and value:
            self.values.append(value)


def attrs(html: str, tag: str, attr: str) -> list[str]:
    parser = _Attrs(tag, attr)
    parser.feed(html)
    return parser.values


def links(html: str) -> list[str]:
    return attrs(html, "a", "href")


def garden_posts() -> dict[str, str]:
    """Three posts on two days of one month, one the year before; two share a tag."""
    return {
        "content/_posts/beans.md": post("Beans", date="2023-05-04 09:00:00", tags=["garden"],
                                        categories=["Outdoors"]),
        "content/_posts/peas.md": post("Peas", date="2023-05-04 17:00:00", tags=["garden"],
                                       categories=["Outdoors"]),
        "content/_posts/frost.md": post("Frost", date="2023-05-21 07:00:00", tags=["garden"]),
        "content/_posts/seeds.md": post("Seeds", date="2022-02-10 12:00:00"),
    }


def archive_pages(files: list[str]) -> set[str]:
    return {f for f in files if f.startswith("archives/") and "/page/" not in f}


def test_daily_archives(make_blog):
    """`archive_generator.daily`: one page per day with posts, under its month, as Hexo."""
    blog = make_blog(config={"archive_generator": {"daily": True}}, files=garden_posts())
    build_ok(blog)
    assert archive_pages(blog.files()) == {
        "archives/index.html", "archives/2022/index.html", "archives/2023/index.html",
        "archives/2022/02/index.html", "archives/2023/05/index.html",
        "archives/2022/02/10/index.html", "archives/2023/05/04/index.html",
        "archives/2023/05/21/index.html"}
    day = links(blog.read("archives/2023/05/04/index.html"))
    assert "/2023/05/04/beans/" in day and "/2023/05/04/peas/" in day
    assert "/2023/05/21/frost/" not in day


def test_no_yearly_archives_means_none_by_date(make_blog):
    """Hexo's `yearly: false` turns off month and day pages too; the archive page then
    links to no year or month page (there is none to go to)."""
    blog = make_blog(config={"archive_generator": {"yearly": False, "monthly": True}},
                     files=garden_posts())
    result = build_ok(blog)
    assert archive_pages(blog.files()) == {"archives/index.html"}
    assert not [h for h in links(blog.read("archives/index.html")) if h.startswith("/archives/20")]
    assert not result.problems.warnings, [str(w) for w in result.problems.warnings]


def test_archives_disabled(make_blog):
    """`archive_generator.enabled: false` (hexo-generator-archive's switch): no archive pages."""
    blog = make_blog(config={"archive_generator": {"enabled": False}}, files=garden_posts())
    build_ok(blog)
    assert archive_pages(blog.files()) == set()


def test_tag_and_category_per_page(make_blog):
    """`tag_generator.per_page` and `category_generator.per_page` page those lists on their
    own; without them the site's per_page applies."""
    blog = make_blog(config={"per_page": 10, "tag_generator": {"per_page": 1},
                             "category_generator": {"per_page": 0}}, files=garden_posts())
    build_ok(blog)
    files = set(blog.files())
    assert {"tags/garden/page/2/index.html", "tags/garden/page/3/index.html"} <= files
    assert "tags/garden/page/4/index.html" not in files
    assert "categories/Outdoors/page/2/index.html" not in files
    outdoors = links(blog.read("categories/Outdoors/index.html"))
    assert "/2023/05/04/beans/" in outdoors and "/2023/05/04/peas/" in outdoors


def test_asset_folder_of_html_permalink(make_blog):
    """With `permalink: :year/:title.html`, Hexo copies a post's asset folder to the post's
    path without `.html` (`2024/lake/`), sub-folders kept; two posts of one year each keep
    their own `cover.jpg`, and each post's picture shows its own."""
    blog = make_blog(config={"permalink": ":year/:title.html", "post_asset_folder": True}, files={
        "content/_posts/lake.md": post("Lake", "![the lake](cover.jpg)"),
        "content/_posts/lake/cover.jpg": "lake picture",
        "content/_posts/lake/maps/north.png": "map",
        "content/_posts/hill.md": post("Hill", "![the hill](cover.jpg)"),
        "content/_posts/hill/cover.jpg": "hill picture",
    })
    result = build_ok(blog)
    files = set(blog.files())
    assert {"2024/lake.html", "2024/lake/cover.jpg", "2024/lake/maps/north.png",
            "2024/hill.html", "2024/hill/cover.jpg"} <= files
    assert "2024/cover.jpg" not in files
    assert blog.read("2024/hill/cover.jpg") == "hill picture"
    for name in ("lake", "hill"):
        assert f"/2024/{name}/cover.jpg" in attrs(blog.read(f"2024/{name}.html"), "img", "src")
    assert not result.problems.warnings, [str(w) for w in result.problems.warnings]


def test_slug_token_is_the_file_name(make_blog):
    """Hexo's `:slug` is the post's file-name slug (a front-matter `slug:` does not change
    it), as `:title` is; it never reads "undefined"."""
    blog = make_blog(config={"permalink": ":year/:slug/"}, files={
        "content/_posts/plain-name.md": post("Plain"),
        "content/_posts/named.md": post("Named", slug="chosen"),
    })
    build_ok(blog)
    files = set(blog.files())
    assert {"2024/plain-name/index.html", "2024/named/index.html"} <= files
    assert not [f for f in files if "undefined" in f]


def test_id_without_front_matter_id_warns_once(make_blog):
    """`:id` is Hexo's random database id unless a post sets `id:`; QuillPress builds with
    a stable stand-in and one warning naming the config line; posts with `id:` use it."""
    blog = make_blog(config={"permalink": "p/:id.html"}, files={
        "content/_posts/one.md": post("One"),
        "content/_posts/two.md": post("Two", date="2024-02-01 10:00:00"),
        "content/_posts/three.md": post("Three", id=42),
    })
    result = build_ok(blog)
    assert "p/42.html" in blog.files()
    [warning] = [w for w in result.problems.warnings if ":id" in w.message]
    assert warning.path == "_config.yml" and warning.line is not None
    assert "2 post(s) have no `id:`" in warning.message

    blog.write("content/_posts/one.md", post("One", id=1))
    blog.write("content/_posts/two.md", post("Two", id=2))
    result = build_ok(blog)
    assert {"p/1.html", "p/2.html", "p/42.html"} <= set(blog.files())
    assert not [w for w in result.problems.warnings if ":id" in w.message]


def test_index_generator_pagination_dir(make_blog):
    """hexo-generator-index's own `pagination_dir` moves the home pages only; the numbered
    links on the home page follow it, archives keep the site's."""
    blog = make_blog(config={"per_page": 2, "index_generator": {"pagination_dir": "more"}},
                     files=garden_posts())
    result = build_ok(blog)
    files = set(blog.files())
    assert {"more/2/index.html", "archives/page/2/index.html"} <= files
    assert "page/2/index.html" not in files and "archives/more/2/index.html" not in files
    assert "/more/2/" in links(blog.read("index.html"))
    assert "/archives/page/2/" in links(blog.read("archives/index.html"))
    assert not result.problems.warnings, [str(w) for w in result.problems.warnings]


def test_a_url_with_a_query_or_fragment_is_read_without_it(make_blog):
    """`url: …/blog/?utm_source=x#top` stood in front of every absolute link:
    `https://example.org/blog/?utm_source=x#top/2023/05/04/beans/`, a link to the home page
    (its query and fragment changed) in every feed entry, sitemap line and canonical link."""
    blog = make_blog(config={"url": "https://example.org/blog/?utm_source=x#top"},
                     files=garden_posts())
    result = build_ok(blog)
    assert "<loc>https://example.org/blog/2023/05/04/beans/</loc>" in blog.read("sitemap.xml")
    assert "utm_source" not in blog.read("sitemap.xml") + blog.read("atom.xml")
    assert "/blog/css/style.css" in attrs(blog.read("index.html"), "link", "href")
    [warning] = [w for w in result.problems.warnings if "utm_source" in w.message]
    assert warning.path == "_config.yml" and "read as https://example.org/blog" in warning.message


def test_a_root_starting_with_two_slashes_stays_on_the_site(make_blog):
    """`root: //blog//` (two pieces joined by hand) made every stylesheet, script and link
    `//blog//…`, which a browser fetches from a host named `blog`: the site showed unstyled
    and every link led away. Read as /blog/, with one warning."""
    blog = make_blog(config={"root": "//blog//"}, files=garden_posts())
    result = build_ok(blog)
    page = blog.read("index.html")
    assert "/blog/css/style.css" in attrs(page, "link", "href")
    assert not [url for url in attrs(page, "a", "href") + attrs(page, "link", "href")
                + attrs(page, "script", "src") if url.startswith("//")]
    [warning] = [w for w in result.problems.warnings if "//" in w.message]
    assert warning.line is not None and "read as /blog/" in warning.message


@pytest.mark.parametrize("permalink, url, written", [
    (":year/:month/:day/:title/", "/2024/01/02/Why%20not?/", "2024/01/02/Why not"),
    (":title.html", "/Why%20not?.html", "Why not"),
    (":year/:title", "/2024/Why%20not?", "2024/Why not"),
])
def test_a_question_mark_in_a_post_url_is_a_query_its_link_still_reaches_the_post(
        make_blog, permalink, url, written):
    """A post file named `Why not?.md` has the URL `/…/Why%20not?/` (or `…?.html`), whose
    `?` a browser sends as a query: Hexo's router cuts it off and writes the page at
    `/…/Why not`, a file without `.html` (checked with Hexo 7.3 for each permalink here). It
    was written at `Why not?/index.html` or `Why not?.html`, which no link reached (the build
    warned on each link); as a folder `Why not/`, a blog committing Hexo's output could not be
    built (QuillPress replaces no file it did not write with a folder)."""
    blog = make_blog(config={"permalink": permalink}, files={
        "content/_posts/Why not?.md": "---\ntitle: Why not ask\ndate: 2024-01-02\n---\nHello.\n",
        "content/_posts/other.md": post("Other", f"See [the question]({url})."),
    })
    result = build_ok(blog)
    assert not [w for w in result.problems.warnings if "missing" in w.message]
    links = [h for h in attrs(blog.read("index.html"), "a", "href") if "Why" in h]
    assert links and set(links) == {url}  # the URL as Hexo writes it
    assert (blog.public / written).is_file()  # where Hexo writes it
    server, base = serve_folder(blog.public)
    try:
        with urllib.request.urlopen(base + links[0].lstrip("/")) as reply:
            assert "Why not ask" in reply.read().decode()
    finally:
        server.shutdown()


def test_a_percent_sign_in_a_post_name_is_encoded_in_its_links(make_blog):
    """A post file named `100% done.md`: Hexo 7.3 links it as `/100%25%20done/` (its
    encodeURL reads a `%` that starts no escape as the character; `50%off` as `50%25off`).
    The links were `/100%%20done/` and `/50%off/`, no valid URLs: hosts that check (nginx)
    answer 400 Bad Request."""
    blog = make_blog(files={
        "content/_posts/100% done.md": "---\ntitle: Done\ndate: 2024-01-02\n---\nAll of it.\n",
        "content/_posts/50%off.md": "---\ntitle: Sale\ndate: 2024-01-03\n---\nHalf.\n",
    })
    build_ok(blog)
    links = {h for h in attrs(blog.read("index.html"), "a", "href") if "done" in h or "off" in h}
    assert links == {"/2024/01/02/100%25%20done/", "/2024/01/03/50%25off/"}
    server, base = serve_folder(blog.public)
    try:
        with urllib.request.urlopen(base + "2024/01/02/100%25%20done/") as reply:
            assert "All of it." in reply.read().decode()
    finally:
        server.shutdown()
