"""Front-matter keys of the popular themes: sticky/top, cover pictures, Fluid's hide, the
per-post switches (comments, toc, copyright), description on the index card, password."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

import pytest

from _tags_html import parse


def post(title: str, day: int, extra: str = "", text: str = "Some words.\n") -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-{day:02d}\n{extra}---\n{text}"


def build(make_blog, files: dict[str, str], config: dict | None = None):
    blog = make_blog(config=config, files=files)
    result = blog.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    return blog, result


def card_titles(page: str) -> list[str]:
    return [a.find("h2", "post-card-title").text.strip()
            for a in parse(page).find_all("article", "post-card")]


def test_sticky_and_top_pin_posts_to_the_index_top(make_blog):
    blog, _ = build(make_blog, {
        "content/_posts/a.md": post("Old pinned", 1, "top: true\n"),
        "content/_posts/b.md": post("Most pinned", 2, "sticky: 10\n"),
        "content/_posts/c.md": post("Newest", 5),
        "content/_posts/d.md": post("Not pinned", 4, "sticky: false\n"),
    })
    index = blog.read("index.html")
    assert card_titles(index) == ["Most pinned", "Old pinned", "Newest", "Not pinned"]
    badges = [bool(a.find_all("span", "sticky")) for a in parse(index).find_all("article", "post-card")]
    assert badges == [True, True, False, False]


def test_cover_keys_of_each_theme(make_blog):
    blog, _ = build(make_blog, {
        "content/_posts/butterfly.md": post("Butterfly", 1, "cover: /img/card.jpg\ntop_img: /img/top.jpg\n"),
        "content/_posts/fluid.md": post("Fluid", 2, "index_img: /img/index.jpg\nbanner_img: /img/banner.jpg\n"),
        "content/_posts/next.md": post("NexT", 3, "thumbnail: https://cdn.example/t.png\n"),
        "content/_posts/none.md": post("None", 4, "cover: /img/c.jpg\ntop_img: false\n"),
        "content/_posts/asset.md": post("Asset", 5, "cover: pic.png\n"),
        "content/_posts/asset/pic.png": "not really a png",
    }, {"post_asset_folder": True, "root": "/blog/"})
    covers = {a.find("h2").text.strip(): a.find("img", "post-card-cover").attrs["src"]
              for a in parse(blog.read("index.html")).find_all("article", "post-card")}
    assert covers == {"Butterfly": "/blog/img/card.jpg", "Fluid": "/blog/img/index.jpg",
                      "NexT": "https://cdn.example/t.png", "None": "/blog/img/c.jpg",
                      "Asset": "/blog/2024/03/05/asset/pic.png"}
    assert (blog.public / "2024/03/05/asset/pic.png").is_file()

    def header(path: str) -> list[str]:
        return [i.attrs["src"] for i in parse(blog.read(path)).find("header", "post-header").find_all("img")]
    assert header("2024/03/01/butterfly/index.html") == ["/blog/img/top.jpg"]
    assert header("2024/03/02/fluid/index.html") == ["/blog/img/banner.jpg"]
    assert header("2024/03/03/next/index.html") == ["https://cdn.example/t.png"]
    assert header("2024/03/04/none/index.html") == []  # top_img: false turns it off


def test_cover_written_percent_encoded_names_the_asset_file(make_blog):
    """`cover: Screen%20名….png` (a screenshot's name as an editor links it) is the file
    `Screen 名….png` of the post's folder. %-encoded, its CJK name is longer than a file
    system takes: looking it up stopped the whole build with "File name too long"."""
    name = "Screen 名稱" * 12 + ".png"  # 160 bytes; 328 as %-encoded text
    blog, _ = build(make_blog, {
        "content/_posts/shot.md": post("Shot", 5, f"cover: {quote(name)}\n"),
        f"content/_posts/shot/{name}": "not really a png",
        "content/_posts/gone.md": post("Gone", 6, f"cover: Lost{quote('失' * 90)}.png\n"),
    }, {"post_asset_folder": True})
    covers = {a.find("h2").text.strip(): a.find("img", "post-card-cover").attrs["src"]
              for a in parse(blog.read("index.html")).find_all("article", "post-card")}
    assert unquote(covers["Shot"]) == f"/2024/03/05/shot/{name}"
    assert (blog.public / "2024/03/05/shot" / name).is_file()
    assert covers["Gone"] == f"/Lost{quote('失' * 90)}.png"  # no such file: as written


def test_hidden_post_is_built_but_listed_nowhere(make_blog):
    blog, _ = build(make_blog, {
        "content/_posts/a.md": post("Before", 1, "tags: [t]\n"),
        "content/links.md": "---\ntitle: Links\n---\nSee {% post_link secret %}.\n",
        "content/_posts/secret.md": post("Secret", 2, "hide: true\ntags: [t, only]\ncategories: [c]\n"),
        "content/_posts/c.md": post("After", 3, "tags: [t]\n"),
    }, {"feed": {"type": "atom"}, "search": {"path": "search.json"}})
    page = parse(blog.read("2024/03/02/secret/index.html"))
    assert page.find("h1", "post-title").text == "Secret"
    assert [a.text for a in page.find_all("a", "tag-pill")] == ["t"]  # `only` has no page
    assert not page.find_all("nav", "post-nav")
    for rel in ("index.html", "archives/index.html", "archives/2024/03/index.html",
                "tags/t/index.html", "atom.xml", "search.json", "sitemap.xml"):
        assert "03/02/secret" not in blog.read(rel), rel
    assert not (blog.public / "tags/only").exists() and not (blog.public / "categories/c").exists()
    links = parse(blog.read("links.html"))
    assert links.find("div", "post-body").find("a").attrs["href"] == "/2024/03/02/secret/"
    nav = parse(blog.read("2024/03/01/a/index.html")).find("nav", "post-nav").find("a")
    assert nav.find("span", "post-nav-title").text == "After"  # the neighbour skips it


@pytest.mark.parametrize("config,listed", [
    ({}, ["Secret"]),  # without the plugin, `hidden:` is a key like any other
    ({"package.json": {"hexo-hide-posts": "^0.4.3"}}, []),
    ({"package.json": {"hexo-hide-posts": "^0.4.3"}, "hide_posts": {"filter": "secret"}}, ["Secret"]),
    ({"package.json": {"hexo-hide-posts": "^0.4.3"}, "hide_posts": {"enable": False}}, ["Secret"]),
])
def test_hexo_hide_posts_lists_its_hidden_posts_nowhere(make_blog, config, listed):
    """hexo-hide-posts lists nowhere the posts marked `hidden: true` (the key its
    `hide_posts.filter` names): they were listed everywhere, on the home page and in the
    feed, as if the plugin were not there."""
    files = {"content/_posts/a.md": post("Before", 1),
             "content/_posts/s.md": post("Secret", 2, "hidden: true\ntags: [t]\n")}
    if "package.json" in config:
        files["package.json"] = json.dumps({"dependencies": config["package.json"]})
    site = {key: value for key, value in config.items() if key != "package.json"}
    blog, _ = build(make_blog, files, {**site, "feed": {"type": "atom"}})
    assert [t for t in card_titles(blog.read("index.html")) if t == "Secret"] == listed
    for rel in ("archives/index.html", "atom.xml"):
        assert ("03/02/s" in blog.read(rel)) == bool(listed), rel
    page = parse(blog.read("2024/03/02/s/index.html"))
    assert page.find("h1", "post-title").text == "Secret"
    robots = [m.attrs["content"] for m in page.find_all("meta") if m.attrs.get("name") == "robots"]
    assert robots == ([] if listed else ["noindex"])  # its `noindex`, on unless set false
    assert not [m for m in parse(blog.read("2024/03/01/a/index.html")).find_all("meta")
                if m.attrs.get("name") == "robots"]


def test_hexo_hide_posts_noindex_false_leaves_the_robots_tag_out(make_blog):
    files = {"content/_posts/s.md": post("Secret", 2, "hidden: true\n"),
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, _ = build(make_blog, files, {"hide_posts": {"noindex": False}})
    assert 'name="robots"' not in blog.read("2024/03/02/s/index.html")


@pytest.mark.parametrize("options,noindex", [({}, True), ({"noindex": False}, False)])
def test_hexo_hide_posts_hides_pages_from_the_sitemap_with_its_robots_tag(make_blog, options,
                                                                          noindex):
    """hexo-hide-posts hides a page marked `hidden: true` too: built at its URL, left out of
    the sitemap, with its robots tag. The page was in the sitemap, open to search engines."""
    files = {"content/_posts/a.md": post("A", 1),
             "content/secret/index.md": "---\ntitle: Secret page\nhidden: true\n---\nHi.\n",
             "content/open/index.md": "---\ntitle: Open page\n---\nHi.\n",
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, _ = build(make_blog, files, {"hide_posts": options} if options else None)
    sitemap = blog.read("sitemap.xml")
    assert "/open/" in sitemap and "/secret/" not in sitemap
    robots = [m.attrs["content"] for m in parse(blog.read("secret/index.html")).find_all("meta")
              if m.attrs.get("name") == "robots"]
    assert robots == (["noindex"] if noindex else [])
    assert 'name="robots"' not in blog.read("open/index.html")


@pytest.mark.parametrize("key", ["allowlist_generators", "public_generators"])
def test_hexo_hide_posts_allowlist_lists_hidden_posts_there(make_blog, key):
    """hexo-hide-posts' allowlist (`public_generators` before 0.3) names the generators that
    still list its hidden posts: a real blog hides posts from its home page only, with tag,
    category, archive, feed and sitemap there. They were listed nowhere."""
    files = {"content/_posts/a.md": post("Before", 1, "tags: [t]\ncategories: [c]\n"),
             "content/_posts/s.md": post("Secret", 2, "hidden: true\ntags: [t, own]\n"
                                                       "categories: [c]\n"),
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, result = build(make_blog, files, {
        "feed": {"type": "atom"},
        "hide_posts": {key: ["archive", "tag", "atom", "sitemap"]}})
    assert not [w for w in result.problems.warnings if "hide_posts" in w.message]
    assert card_titles(blog.read("index.html")) == ["Before"]
    for rel in ("archives/index.html", "archives/2024/03/index.html", "tags/t/index.html",
                "tags/own/index.html", "atom.xml", "sitemap.xml"):
        assert "03/02/s" in blog.read(rel), rel
    assert "03/02/s" not in blog.read("categories/c/index.html")  # not in the list
    tag_page = blog.read("tags/t/index.html")
    assert tag_page.index("03/02/s") < tag_page.index("03/01/a")  # newest first
    page = parse(blog.read("2024/03/02/s/index.html"))
    assert [a.text for a in page.find_all("a", "tag-pill")] == ["t", "own"]


@pytest.mark.parametrize("options,listed_in", [
    # hexo-generator-feed (2.1+) registers its generator under the feed's type, not "feed"
    ({"allowlist_generators": ["feed"]}, set()),
    ({"allowlist_generators": ["rss2"]}, {"rss2.xml"}),
    # the README's "everywhere but the home page and the feed": `*` less the blocklist
    ({"allowlist_generators": ["*"], "blocklist_generators": ["index", "atom", "rss2"]},
     {"archives/index.html", "tags/t/index.html", "sitemap.xml"}),
    ({"allowlist_generators": "*"}, {"index.html", "archives/index.html", "tags/t/index.html",
                                     "sitemap.xml", "atom.xml", "rss2.xml"}),
    ({"allowlist_generators": ["*"], "blocklist_generators": ["*"]},  # the allowlist wins
     {"index.html", "archives/index.html", "tags/t/index.html", "sitemap.xml", "atom.xml",
      "rss2.xml"}),
    # an explicit empty allowlist is kept: `public_generators` is read only without one
    ({"allowlist_generators": [], "public_generators": ["archive"]}, set()),
])
def test_hexo_hide_posts_allowlist_reads_generator_names_as_the_plugin(make_blog, options,
                                                                      listed_in):
    """The allowlist names Hexo's generators as the plugin matches them: `*` is every one
    but those `blocklist_generators` names, and a feed's generator is named after its type
    (atom, rss2). `*` listed the hidden posts nowhere, and `feed` put them in the feed,
    where Hexo with the same settings does the opposite."""
    files = {"content/_posts/a.md": post("Before", 1, "tags: [t]\n"),
             "content/_posts/s.md": post("Secret", 2, "hidden: true\ntags: [t]\n"),
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, _ = build(make_blog, files, {"feed": {"type": ["atom", "rss2"]}, "hide_posts": options})
    pages = ("index.html", "archives/index.html", "tags/t/index.html", "sitemap.xml", "atom.xml",
             "rss2.xml")
    assert {rel for rel in pages if "03/02/s" in blog.read(rel)} == listed_in


def test_hexo_hide_posts_functions_are_named_as_not_run(make_blog):
    """Its functions choosing per generator or per post are JavaScript: a warning at the key."""
    files = {"content/_posts/s.md": post("Secret", 2, "hidden: true\n"),
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, result = build(make_blog, files, {"hide_posts": {"allowlist_function": "() => true"}})
    [warning] = [w for w in result.problems.warnings if "hide_posts" in w.message]
    assert "`hide_posts.allowlist_function` is not run" in warning.message
    assert warning.path == "_config.yml" and warning.line == 2
    assert "03/02/s" not in blog.read("archives/index.html")


def test_an_archived_post_is_left_off_the_home_page_only(make_blog):
    # Found by the Hexo oracle: a real Fluid blog marks 20 of its 60 posts `archive: true`,
    # and Fluid's home page lists only the other 40 (4 pages of 10, not 6).
    blog, _ = build(make_blog, {
        "content/_posts/a.md": post("Listed", 1, "tags: [t]\n"),
        "content/_posts/b.md": post("Archived", 2, "archive: true\ntags: [t]\n"),
        "content/_posts/c.md": post("Also listed", 3, "archive: false\n"),
    }, {"feed": {"type": "atom"}})
    assert card_titles(blog.read("index.html")) == ["Also listed", "Listed"]
    for rel in ("archives/index.html", "tags/t/index.html", "atom.xml"):
        assert "03/02/b" in blog.read(rel), rel
    nav = parse(blog.read("2024/03/01/a/index.html")).find("nav", "post-nav").find("a")
    assert nav.find("span", "post-nav-title").text == "Archived"  # still a neighbour


def test_matery_hides_a_post_from_the_home_page_only(make_blog):
    """Matery's `hide: true` skips the post's card on the home page; archives, tags and
    categories still list it (a real Matery blog hid 22 of its 41 posts so: QuillPress, which
    read it as Fluid's `hide`, left them off every list). hexo-hide-posts hides the posts its
    `hide_posts.filter` marks, `hidden: true` unless set: only with `filter: hide` is a
    `hide: true` post listed nowhere."""
    files = {"content/_posts/a.md": post("Listed", 1, "tags: [t]\n"),
             "content/_posts/b.md": post("Hidden", 2, "hide: true\ntags: [t]\ncategories: [c]\n"),
             "content/_posts/c.md": post("Newest", 3)}
    blog, result = build(make_blog, files, {"theme": "hexo-theme-matery"})
    assert card_titles(blog.read("index.html")) == ["Newest", "Listed"]
    for rel in ("archives/index.html", "tags/t/index.html", "categories/c/index.html"):
        assert "03/02/b" in blog.read(rel), rel
    nav = parse(blog.read("2024/03/01/a/index.html")).find("nav", "post-nav").find("a")
    assert nav.find("span", "post-nav-title").text == "Hidden"  # still a neighbour
    with_plugin = {**files, "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.2"}})}
    blog, _ = build(make_blog, with_plugin, {"theme": "hexo-theme-matery"})
    assert card_titles(blog.read("index.html")) == ["Newest", "Listed"]
    assert "03/02/b" in blog.read("archives/index.html")
    blog, _ = build(make_blog, with_plugin, {"theme": "hexo-theme-matery", "hide_posts": {"filter": "hide"}})
    assert "03/02/b" not in blog.read("archives/index.html")
    assert not (blog.public / "categories/c").exists()


def test_matery_home_pages_count_hidden_posts_as_hexo_paginates(make_blog):
    """hexo-generator-index pages every post; Matery's template then skips a hidden card on
    the page it falls on. So a home page can show fewer cards, or none, and its page links
    are Hexo's: a Matery blog with 27 of 41 posts hidden has /page/2/ to /page/5/ in Hexo,
    where QuillPress made /page/2/ only."""
    files = {"content/_posts/a.md": post("Oldest", 1),
             "content/_posts/b.md": post("Hidden one", 2, "hide: true\n"),
             "content/_posts/c.md": post("Hidden two", 3, "hide: true\n"),
             "content/_posts/d.md": post("Newest", 4)}
    blog, _ = build(make_blog, files, {"theme": "hexo-theme-matery", "per_page": 2})
    assert card_titles(blog.read("index.html")) == ["Newest"]
    assert card_titles(blog.read("page/2/index.html")) == ["Oldest"]
    assert not (blog.public / "page/3").exists()
    assert "page/2/" in blog.read("index.html")
    files["content/_posts/e.md"] = post("Hidden three", 5, "hide: true\n")
    blog, _ = build(make_blog, files, {"theme": "hexo-theme-matery", "per_page": 2})
    assert card_titles(blog.read("index.html")) == ["Newest"]
    assert card_titles(blog.read("page/2/index.html")) == []
    assert card_titles(blog.read("page/3/index.html")) == ["Oldest"]


def test_per_post_switches_reach_the_theme(make_blog):
    layout = ("<html><body><p class=\"s\">{{ page.shows('comments') }} {{ page.shows('toc') }}"
              " {{ page.shows('copyright') }} {{ page.comments }}</p></body></html>")
    blog, _ = build(make_blog, {
        "themes/t/layout/post.html": layout,
        "themes/t/layout/index.html": "list",
        "content/_posts/off.md": post("Off", 1, "comments: false\ntoc: false\ncopyright: false\n"),
        "content/_posts/on.md": post("On", 2),
    }, {"theme": "t"})
    def switches(rel: str) -> list[str]:
        return parse(blog.read(rel)).find("p", "s").text.split()
    assert switches("2024/03/01/off/index.html") == ["False", "False", "False", "False"]
    assert switches("2024/03/02/on/index.html") == ["True", "True", "True", "True"]


def test_toc_false_hides_the_default_themes_toc(make_blog):
    text = "## One\n\nx\n\n## Two\n\ny\n"
    blog, _ = build(make_blog, {"content/_posts/a.md": post("A", 1, "toc: false\n", text),
                                "content/_posts/b.md": post("B", 2, "", text)})
    assert not parse(blog.read("2024/03/01/a/index.html")).find_all("details", "toc")
    assert parse(blog.read("2024/03/02/b/index.html")).find_all("details", "toc")


def test_description_is_the_index_card_text(make_blog):
    blog, _ = build(make_blog, {
        "content/_posts/a.md": post("A", 1, "description: What this post is about.\n",
                                    "Opening words.\n\n<!-- more -->\n\nRest.\n"),
        "content/_posts/b.md": post("B", 2, "", "Opening of B.\n\n<!-- more -->\n\nRest.\n")})
    cards = {a.find("h2").text.strip(): a.find("div", "post-card-excerpt").text.strip()
             for a in parse(blog.read("index.html")).find_all("article", "post-card")}
    assert cards == {"A": "What this post is about.", "B": "Opening of B."}


def test_password_posts_are_published_with_a_plain_text_warning(make_blog):
    blog, result = build(make_blog, {
        "content/_posts/p.md": "---\ntitle: Private\ndate: 2024-03-01\npassword: hunter2\n---\nDiary.\n"})
    assert "Diary." in blog.read("2024/03/01/p/index.html")
    [warning] = [w for w in result.problems.warnings if "password" in w.message]
    assert (warning.path, warning.line) == ("content/_posts/p.md", 4)
    assert "published in plain text" in warning.message
    assert "hunter2" not in json.dumps([w.message for w in result.problems.warnings])


def test_read_more_goes_to_the_more_anchor_only_where_the_post_has_one(make_blog):
    """A front-matter `excerpt:` wins over `<!-- more -->` (as in Hexo), and the body then has
    no `#more` anchor: its card's "read more" opens the post at the top instead of pointing at
    an anchor that is not there (the link check warned about each such card)."""
    blog, result = build(make_blog, {
        "content/_posts/a.md": post("Marker", 1, "", "Opening.\n\n<!-- more -->\n\nRest.\n"),
        "content/_posts/b.md": post("Written", 2, "excerpt: In short.\n", "Opening.\n\nRest.\n"),
        "content/_posts/c.md": post("Both", 3, "excerpt: In short.\n",
                                    "Opening.\n\n<!-- more -->\n\nRest.\n")})
    links = {card.find("h2").text.strip(): card.find("a", "read-more").attrs["href"]
             for card in parse(blog.read("index.html")).find_all("article", "post-card")}
    assert links == {"Marker": "/2024/03/01/a/#more", "Written": "/2024/03/02/b/",
                     "Both": "/2024/03/03/c/"}
    anchors = {rel: [e.attrs.get("id") for e in parse(blog.read(rel)).find_all("span")]
               for rel in ("2024/03/01/a/index.html", "2024/03/03/c/index.html")}
    assert "more" in anchors["2024/03/01/a/index.html"]
    assert "more" not in anchors["2024/03/03/c/index.html"]
    assert not [w.message for w in result.problems.warnings if "#more" in w.message]


def test_hexo_hide_posts_tag_page_links_only_archive_months_that_are_made(make_blog):
    """A hidden post a tag page still lists (allowlist `tag`), alone in its month: the
    archive makes no page for that month, so the tag page's timeline names the month without
    a link. It linked the page that was never made (and the build warned of its own link)."""
    files = {"content/_posts/a.md": post("Listed", 5, "tags: [t]\n"),
             "content/_posts/s.md": "---\ntitle: Secret\ndate: 2024-02-10\nhidden: true\n"
                                    "tags: [t]\n---\nHi.\n",
             "package.json": json.dumps({"dependencies": {"hexo-hide-posts": "^0.4.3"}})}
    blog, result = build(make_blog, files, {"hide_posts": {"public_generators": ["tag"]}})
    assert not [w for w in result.problems.warnings if "missing" in w.message]
    timeline = parse(blog.read("tags/t/index.html")).find("div", "timeline")
    links = {a.attrs["href"] for a in timeline.find_all("a") if "/archives/" in a.attrs["href"]}
    assert links == {"/archives/2024/", "/archives/2024/03/"}
    assert not (blog.public / "archives/2024/02/index.html").exists()
    assert "2024/02/10/s" in blog.read("tags/t/index.html")
