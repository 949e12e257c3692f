"""Feeds as a feed reader sees them: valid XML, absolute links, escaped titles, clean bodies."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import build_ok, post

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def posts(count: int) -> dict[str, str]:
    return {f"content/_posts/p{n:02d}.md": post(f"Post {n}", date=f"2024-01-{n:02d} 10:00:00")
            for n in range(1, count + 1)}


def atom_entries(blog) -> list[ET.Element]:
    return ET.fromstring(blog.read("atom.xml").encode()).findall(f"{ATOM}entry")


def test_atom_is_valid_xml_with_absolute_urls_and_escaped_title(make_blog):
    blog = make_blog(config={"url": "https://blog.example.org"}, files={
        "content/_posts/evil.md": post("'<script>alert(1)</script> & friends'",
                                       "See ![pic](/images/a.png) and [x](../other/).",
                                       date="2024-02-01 09:00:00", extra="tags: [A&B]\n"),
    })
    assert blog.build().ok
    text = blog.read("atom.xml")
    assert "<script>" not in text  # escaped, never raw markup
    feed = ET.fromstring(text.encode())
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://blog.example.org/atom.xml"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "<script>alert(1)</script> & friends"
    url = entry.find(f"{ATOM}link").get("href")
    assert url == "https://blog.example.org/2024/02/01/evil/"
    assert entry.find(f"{ATOM}id").text == url
    content = entry.find(f"{ATOM}content").text
    assert 'src="https://blog.example.org/images/a.png"' in content
    assert 'href="https://blog.example.org/2024/02/01/other/"' in content
    category = entry.find(f"{ATOM}category")
    assert category.get("term") == "A&B"
    assert category.get("scheme").startswith("https://blog.example.org/tags/")


def test_limit_order_and_deterministic_updated(make_blog):
    files = posts(25)
    files["content/_posts/p03.md"] = post("Post 3", date="2024-01-03 10:00:00",
                                          extra="updated: 2024-06-01 12:00:00\n")
    blog = make_blog(config={"updated_option": "date"}, files=files)
    assert blog.build().ok
    entries = atom_entries(blog)
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == [f"Post {n}" for n in range(25, 5, -1)]  # newest 20 only
    updated = ET.fromstring(blog.read("atom.xml").encode()).find(f"{ATOM}updated").text
    assert updated.startswith("2024-01-25T10:00:00")  # newest *listed* post, not build time
    first = (blog.public / "atom.xml").read_bytes()
    (blog.public / "atom.xml").unlink()
    assert blog.build(use_cache=False).ok
    assert (blog.public / "atom.xml").read_bytes() == first


def test_order_by_updated_and_limit_zero(make_blog):
    files = posts(3)
    files["content/_posts/p01.md"] = post("Post 1", date="2024-01-01 10:00:00",
                                          extra="updated: 2024-09-09 09:09:09\n")
    blog = make_blog(config={"updated_option": "date",
                             "feed": {"order_by": "-updated", "limit": 0}}, files=files)
    assert blog.build().ok
    titles = [e.find(f"{ATOM}title").text for e in atom_entries(blog)]
    assert titles == ["Post 1", "Post 3", "Post 2"]
    updated = ET.fromstring(blog.read("atom.xml").encode()).find(f"{ATOM}updated").text
    assert updated.startswith("2024-09-09T09:09:09")


def test_rss2_and_atom_under_a_root_sub_path(make_blog):
    blog = make_blog(config={"url": "https://example.org/blog", "root": "/blog/",
                             "feed": {"type": ["atom", "rss2"], "icon": "images/icon.png"}},
                     files={"content/_posts/hello.md": post("Hello", date="2024-03-01 08:00:00")})
    assert blog.build().ok
    rss = ET.fromstring(blog.read("rss2.xml").encode())
    item = rss.find("channel/item")
    assert item.find("link").text == "https://example.org/blog/2024/03/01/hello/"
    assert item.find("pubDate").text == "Fri, 01 Mar 2024 08:00:00 +0000"
    assert rss.find("channel/link").text == "https://example.org/blog/"
    assert "Body text." in item.find(CONTENT).text
    atom = ET.fromstring(blog.read("atom.xml").encode())
    assert atom.find(f"{ATOM}entry/{ATOM}link").get("href") == "https://example.org/blog/2024/03/01/hello/"
    assert atom.find(f"{ATOM}icon").text == "https://example.org/blog/images/icon.png"
    assert rss.find("channel/image/url").text == "https://example.org/blog/images/icon.png"
    head = blog.read("index.html").split("</head>")[0]
    assert 'type="application/atom+xml" title="Test blog" href="/blog/atom.xml"' in head
    assert 'type="application/rss+xml" title="Test blog" href="/blog/rss2.xml"' in head
    post_head = blog.read("2024/03/01/hello/index.html").split("</head>")[0]
    assert 'href="/blog/atom.xml"' in post_head


def test_summary_only_feed_uses_description_or_cut_text(make_blog):
    long_body = "word " * 100
    blog = make_blog(config={"feed": {"content": False, "content_limit": 40}}, files={
        "content/_posts/a.md": post("Described", "Body.", date="2024-03-02", extra="description: Short & sweet\n"),
        "content/_posts/b.md": post("Long", long_body, date="2024-03-01"),
    })
    assert blog.build().ok
    entries = {e.find(f"{ATOM}title").text: e for e in atom_entries(blog)}
    assert all(e.find(f"{ATOM}content") is None for e in entries.values())
    assert entries["Described"].find(f"{ATOM}summary").text == "Short & sweet"
    summary = entries["Long"].find(f"{ATOM}summary").text
    assert summary.endswith("…") and len(summary) <= 41


def test_math_and_charts_become_feed_friendly(make_blog):
    body = ("Euler: $e^{i\\pi} + 1 = 0$.\n\n"
            "```echarts\n"
            '{"xAxis": {"data": ["Mon", "Tue"]}, "series": [{"name": "Visits", "type": "bar", "data": [5, 9]}]}\n'
            "```\n")
    blog = make_blog(files={"content/_posts/m.md": post("Math", body, date="2024-03-01")})
    build_ok(blog)
    page = blog.read("2024/03/01/m/index.html")
    assert "katex-html" in page and "qp-chart-canvas" in page  # the page keeps its visuals
    content = atom_entries(blog)[0].find(f"{ATOM}content").text
    assert "<math" in content and "e^{i\\pi} + 1 = 0" in content  # MathML with its TeX source
    assert "katex-html" not in content  # the CSS-dependent visual copy is gone
    assert "<script" not in content and "qp-chart-canvas" not in content
    assert "<td>9</td>" in content  # the chart's data table stays


def test_raw_html_in_a_post_is_cleaned_element_by_element(make_blog):
    """Nested elements, comments and script text inside a dropped element do not end it
    early, and tags in capitals are cleaned as lower-case ones are."""
    body = ('<div class="qp-chart-canvas"><div>inner <span>box</span></div>'
            "<!-- </div> --></div><p>After the box.</p>\n\n"
            '<SCRIPT>if (a < b) { s = "</div>"; }</SCRIPT><P>Shout <A HREF="../x/">there</A></P>\n')
    blog = make_blog(config={"url": "https://blog.example.org"},
                     files={"content/_posts/r.md": post("Raw", body, date="2024-03-01")})
    build_ok(blog)
    content = atom_entries(blog)[0].find(f"{ATOM}content").text
    assert "inner" not in content and "box</span>" not in content and "if (a" not in content
    assert content.startswith("<p>After the box.</p>")  # no stray end tag before it
    assert '<a href="https://blog.example.org/2024/03/01/x/">there</a></p>' in content


def test_a_link_urllib_cannot_read_is_kept_as_written(make_blog):
    """A host that runs into full-width text (`http://host.example下：d`) is no URL urllib
    reads: it stopped the build with the feed plugin's ValueError."""
    body = '<a href="http://host.example\u4e0b\uff1ad">there</a> and <a href="../x/">here</a>\n'
    blog = make_blog(config={"url": "https://blog.example.org"},
                     files={"content/_posts/r.md": post("Raw", body, date="2024-03-01")})
    build_ok(blog)
    content = atom_entries(blog)[0].find(f"{ATOM}content").text
    assert '<a href="http://host.example\u4e0b\uff1ad">there</a>' in content
    assert '<a href="https://blog.example.org/2024/03/01/x/">here</a>' in content


def test_post_links_resolve_to_absolute_urls_in_the_feed(make_blog):
    blog = make_blog(config={"url": "https://example.org"}, files={
        "content/_posts/first.md": post("First", date="2024-03-01"),
        "content/_posts/second.md": post("Second", "See {% post_link first %}.", date="2024-03-02"),
    })
    assert blog.build().ok
    entries = {e.find(f"{ATOM}title").text: e for e in atom_entries(blog)}
    content = entries["Second"].find(f"{ATOM}content").text
    assert '<a href="https://example.org/2024/03/01/first/">First</a>' in content


def test_control_characters_do_not_break_the_xml(make_blog):
    blog = make_blog(files={"content/_posts/c.md": post('"Bell\\a title"', "Text\x0b here.", date="2024-03-01")})
    assert blog.build().ok
    entry = atom_entries(blog)[0]
    assert entry.find(f"{ATOM}title").text == "Bell title"


def test_feed_false_turns_it_off_and_bad_type_is_named(make_blog):
    blog = make_blog(config={"feed": False}, files={"content/_posts/a.md": post("A", date="2024-03-01")})
    assert blog.build().ok
    assert "atom.xml" not in blog.files()
    assert "application/atom+xml" not in blog.read("index.html")
    from quillpress.errors import QuillError
    bad = make_blog(config={"feed": {"type": "json"}})
    with pytest.raises(QuillError) as info:
        bad.build()
    assert str(info.value) == "_config.yml:2: `feed.type` must be one or a list of atom, rss2, not 'json'"


def test_an_empty_content_key_leaves_the_post_html_out_as_hexo_does(make_blog):
    """hexo-generator-feed's README writes `content:` with nothing after it; its defaults are
    merged with Object.assign, which keeps the empty value, so Hexo's feed has summaries only."""
    body = "First words of the post. $x^2$ and more."
    empty = make_blog(config={"feed": {"content": None}},
                      files={"content/_posts/a.md": post("A", body, date="2024-03-01")})
    build_ok(empty)
    (entry,) = atom_entries(empty)
    assert entry.find(f"{ATOM}content") is None
    assert entry.find(f"{ATOM}summary").text.startswith("First words of the post.")
    unset = make_blog(config={"feed": {"limit": 5}},
                      files={"content/_posts/a.md": post("A", body, date="2024-03-01")})
    build_ok(unset)
    assert "First words" in atom_entries(unset)[0].find(f"{ATOM}content").text


def test_empty_limits_are_read_as_hexo_generator_feed_reads_them(make_blog):
    """Its defaults are merged with Object.assign, which keeps an empty value: an empty
    `limit:` (null, no limit) lists every post, not 20, and an empty `content_limit:` cuts
    the text to nothing (no summary), not to 140 characters; an excerpt is kept whole."""
    files = posts(22)
    files["content/_posts/p22.md"] = post("Post 22", "Teaser.\n\n<!-- more -->\n\nRest.",
                                          date="2024-01-22 10:00:00")
    blog = make_blog(config={"feed": {"limit": None, "content_limit": None}}, files=files)
    build_ok(blog)
    entries = atom_entries(blog)
    assert len(entries) == 22
    newest, older = entries[0], entries[1]
    assert newest.find(f"{ATOM}summary").text == "Teaser."
    assert older.find(f"{ATOM}summary") is None
    assert "Body text." in older.find(f"{ATOM}content").text


def test_an_entry_with_neither_content_nor_summary_keeps_an_empty_summary(make_blog):
    """Atom wants a summary in an entry without content: empty, as Hexo's feed has it."""
    blog = make_blog(config={"feed": {"content": None, "content_limit": None}},
                     files={"content/_posts/a.md": post("A", date="2024-03-01")})
    build_ok(blog)
    (entry,) = atom_entries(blog)
    assert entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary").text is None


def test_feed_false_front_matter_leaves_a_post_out_but_keeps_the_limit(make_blog):
    files = posts(3)
    files["content/_posts/p03.md"] = post("Post 3", date="2024-01-03 10:00:00", extra="feed: false\n")
    blog = make_blog(config={"feed": {"limit": 2}}, files=files)
    assert blog.build().ok
    assert [e.find(f"{ATOM}title").text for e in atom_entries(blog)] == ["Post 2", "Post 1"]


def test_demo_feed_and_sitemap_link_only_to_pages_that_exist(demo_site):
    out, _, _ = demo_site
    site_url = "https://example.github.io/"
    feed = ET.fromstring((out / "atom.xml").read_bytes())
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    sitemap = ET.fromstring((out / "sitemap.xml").read_bytes())
    locs = [u.text for u in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert links and locs
    from urllib.parse import unquote
    for url in links + locs:
        assert url.startswith(site_url)
        rel = unquote(url[len(site_url):])
        target = out / rel / "index.html" if not rel or rel.endswith("/") else out / rel
        assert target.is_file(), url
    contents = "".join(e.find(f"{ATOM}content").text for e in feed.findall(f"{ATOM}entry"))
    assert "<math" in contents and "<script" not in contents


def test_feed_bodies_cleaned_for_an_old_url_are_cleaned_again(make_blog):
    """Feed posts are cleaned where their bodies render and cached with them; a later build
    under another `url:` must not reuse links made absolute against the old one."""
    files = {"content/_posts/a.md": post("A", "A [link](../b/) and ![pic](pic.png).", date="2024-03-01")}
    blog = make_blog(config={"url": "https://old.example.org"}, files=files)
    assert blog.build().ok
    assert "https://old.example.org/2024/03/01/b/" in atom_entries(blog)[0].find(f"{ATOM}content").text
    make_blog(config={"url": "https://new.example.org"})  # same folder and cache, new config
    assert blog.build().ok
    content = atom_entries(blog)[0].find(f"{ATOM}content").text
    assert 'href="https://new.example.org/2024/03/01/b/"' in content
    assert 'src="https://new.example.org/2024/03/01/a/pic.png"' in content
    assert "old.example.org" not in content


def test_only_the_posts_a_feed_may_list_are_cleaned_while_bodies_render(make_blog):
    """The newest posts up to `limit` that surely show are cleaned where their bodies
    render, plus future posts met on the way (whether they show depends on `future:`),
    never the older posts the feed leaves out: the feed must not cost a cleaning per post."""
    files = posts(5)
    files["content/_posts/later.md"] = post("Later", date="2999-01-01 10:00:00")
    files["content/_posts/out.md"] = post("Out", date="2024-02-02 10:00:00", feed=False)
    blog = make_blog(config={"feed": {"limit": 2}, "future": True}, files=files)
    builder = blog.builder()
    build_ok(builder)
    assert [e.find(f"{ATOM}title").text for e in atom_entries(blog)] == ["Later", "Post 5"]
    cleaned = {p.rel for p in builder.site.posts if "feed" in p.rendered.facts}
    assert cleaned == {"_posts/later.md", "_posts/p05.md", "_posts/p04.md"}


def test_katex_formulas_reach_the_feed_as_the_walk_cleans_them(make_blog):
    """The math plugin tells the feed's cleaner the HTML of each formula it drew, so KaTeX's
    visual half (four fifths of a math-dense post's markup) is dropped without being walked;
    the feed holds what walking the whole body gives: each formula's MathML with its TeX,
    the rest of the body cleaned as before (its links made absolute)."""
    body = ("Euler: $e^{i\\pi} + 1 = 0$ and $a<b$, [next](../other/).\n\n"
            "$$\\sum_{k=1}^n k = \\frac{n(n+1)}{2} \\tag{1}$$\n\n"
            "A matrix $\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}$, "
            "Euler again: $e^{i\\pi} + 1 = 0$.\n")
    blog = make_blog(config={"url": "https://blog.example.org"},
                     files={"content/_posts/m.md": post("Math", body, date="2024-03-01")})
    builder = blog.builder()  # (its plugins imported)
    cleaner = sys.modules["quillpress_plugin_feed.clean"]
    ends: list[str] = []
    end_of = cleaner._end_of
    cleaner._end_of = lambda text, tag, pos: ends.append(tag) or end_of(text, tag, pos)
    try:
        build_ok(builder)
    finally:
        cleaner._end_of = end_of
    assert ends == []  # no formula's visual half was walked
    (doc,) = [doc for doc in builder.docs.values() if doc.rel.endswith("m.md")]
    url = "https://blog.example.org/2024/03/01/m/"
    content = atom_entries(blog)[0].find(f"{ATOM}content").text
    assert content == cleaner.feed_html.__wrapped__(doc.content, url)
    assert content.count("<math") == 5 and "katex-html" not in content
    assert 'href="https://blog.example.org/2024/03/01/other/"' in content


def hexo_feed_blog(make_blog, feed: dict | None):
    config = {"feed": feed} if feed is not None else {}
    deps = {"hexo": "^7.0.0", "hexo-feed": "^1.1.2"}
    return make_blog(config=config, files={**posts(25), "package.json": json.dumps({"dependencies": deps})})


def test_a_blog_with_hexo_feed_gets_its_rss_and_atom_feeds_of_every_post(make_blog):
    """hexo-feed (not hexo-generator-feed) writes rss.xml and atom.xml of every post by default:
    a reader subscribed to rss.xml found nothing there."""
    blog = hexo_feed_blog(make_blog, None)
    result = build_ok(blog)
    assert len(atom_entries(blog)) == 25
    assert len(ET.fromstring(blog.read("rss.xml").encode()).findall("channel/item")) == 25
    [warning] = [w for w in result.problems.warnings if "feed" in str(w)]
    assert (warning.path, warning.line) == ("package.json", 1)
    assert "no `feed:` section" in warning.message
    assert "not written: its JSON Feed, its per-tag and per-category feeds" in warning.message


def test_hexo_feeds_form_of_the_feed_section_is_read(make_blog):
    """Its sections: `rss` and `atom` each with `enable` and `output`; `limit` for both; a
    one-line warning names what has no match here (its JSON Feed, per-tag feeds)."""
    blog = hexo_feed_blog(make_blog, {"limit": 20, "order_by": "-date", "tag_dir": False,
                                      "category_dir": False,
                                      "rss": {"enable": True, "template": "x/rss.ejs", "output": "feed/rss.xml"},
                                      "atom": {"enable": False, "output": "atom.xml"}})
    result = build_ok(blog)
    assert len(ET.fromstring(blog.read("feed/rss.xml").encode()).findall("channel/item")) == 20
    assert not (blog.public / "atom.xml").exists()
    [warning] = [str(w) for w in result.problems.warnings if "feed" in str(w)]
    assert "hexo-feed's form" in warning and "not written: its JSON Feed" in warning
    assert "per-tag" not in warning


def test_hexo_feeds_own_limit_and_order_in_its_rss_and_atom_sections(make_blog):
    """hexo-feed reads `limit` and `order_by` inside each section before the section-wide
    ones: a feed of the 5 newest posts beside one of every post, oldest first."""
    blog = hexo_feed_blog(make_blog, {"limit": 10, "order_by": "-date", "jsonFeed": {"enable": False},
                                      "tag_dir": False, "category_dir": False,
                                      "rss": {"enable": True, "limit": 5},
                                      "atom": {"enable": True, "order_by": "date"}})
    build_ok(blog)
    items = ET.fromstring(blog.read("rss.xml").encode()).findall("channel/item")
    entries = atom_entries(blog)
    assert len(items) == 5 and len(entries) == 10
    assert [e.find(f"{ATOM}title").text for e in entries][:2] == ["Post 1", "Post 2"]
