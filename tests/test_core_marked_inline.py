"""Inline forms read as marked 4 read them on blogs Hexo rendered with hexo-renderer-marked:
single-tilde strikethrough, and no link when its text holds a lone backtick.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog: ranges written `1~2` were
struck through on Hexo's pages, and a link whose text held a backtick was not a link there.
"""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import build_ok, post

TEXT = """Rest 2~3 days, then train 4~5 days.

Keys live in ~/.ssh and ~/.gnupg here.

Old ~~price~~ and ~new~ price.

Read [Fermat`s little theorem](https://math.example/fermat) first.

A [normal `code` link](https://math.example/ok) works.
"""


def build(make_blog, dependencies: dict[str, str] | None, text: str = TEXT):
    """The body of a post built on a blog with these package.json dependencies (None: none)."""
    files = {"content/_posts/a.md": post("A", text)}
    if dependencies is not None:
        files["package.json"] = json.dumps({"dependencies": dependencies})
    blog = make_blog(files=files)
    build_ok(blog)
    return body(blog.read("2024/01/02/a/index.html"))


@pytest.mark.parametrize("dependencies", [
    {"hexo": "^7.0.0"},  # Hexo's default renderer is marked
    {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.0.0"},
])
def test_marked_blog_strikes_and_links_as_marked_did(make_blog, dependencies):
    page = build(make_blog, dependencies)
    assert [d.text for d in page.find_all("del")] == ["3 days, then train 4", "price", "new"]
    assert "Keys live in ~/.ssh and ~/.gnupg here." in page.text
    links = {a.text: a.attrs["href"] for a in page.find_all("a")}
    assert "Fermat`s little theorem" not in links  # the label is text, the URL is linked
    assert links["https://math.example/fermat"] == "https://math.example/fermat"
    assert "Read [Fermat`s little theorem](https://math.example/fermat) first." in page.text
    assert links["normal code link"] == "https://math.example/ok"


@pytest.mark.parametrize("dependencies", [None, {"hexo": "^7.0.0", "hexo-renderer-markdown-it": "*"}])
def test_other_blogs_keep_commonmark(make_blog, dependencies):
    page = build(make_blog, dependencies)
    assert "Rest 2~3 days, then train 4~5 days." in page.text
    assert [s.text for s in page.find_all("s")] == ["price"] and not page.find_all("del")
    links = {a.text: a.attrs["href"] for a in page.find_all("a")}
    assert links["Fermat`s little theorem"] == "https://math.example/fermat"


def test_two_blank_lines_do_not_end_a_list_on_a_marked_blog(make_blog):
    """marked 4, like CommonMark, keeps a list item going after two blank lines (checked
    against hexo-renderer-marked 6): the paragraph stays in the item, the list stays one."""
    text = "1. Boil the water\n\n\n   then wait a minute.\n2. Pour it\n"
    blog = make_blog(files={"package.json": json.dumps({"dependencies": {"hexo": "^7.0.0"}}),
                            "content/_posts/a.md": post("A", text)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    [listing] = page.find_all("ol")
    items = listing.find_all("li")
    assert [i.text.split() for i in items][:2] == [
        ["Boil", "the", "water", "then", "wait", "a", "minute."], ["Pour", "it"]]


URLS = """See https://files.example/Isogeny-based%20Cryptography.pdf and
<https://zh.example/wiki/%E4%B8%AD%E6%96%87> or www.example.org/a%2Fb here.
"""


@pytest.mark.parametrize(("dependencies", "as_written"), [
    ({"hexo": "^7.0.0"}, True),  # marked shows what the writer typed
    ({"hexo-renderer-markdown-it": "^7.0.0"}, False),  # markdown-it decodes the text
])
def test_a_linked_urls_text_is_as_marked_shows_it(make_blog, dependencies, as_written):
    """A bare URL's link text kept its `%20` on Hexo's pages (marked) and lost it here: a
    reader saw another text than the blog's. The address is the same either way."""
    links = build(make_blog, dependencies, URLS).find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "https://files.example/Isogeny-based%20Cryptography.pdf",
        "https://zh.example/wiki/%E4%B8%AD%E6%96%87", "http://www.example.org/a%2Fb"]
    texts = [a.text for a in links]
    if as_written:
        assert texts == ["https://files.example/Isogeny-based%20Cryptography.pdf",
                         "https://zh.example/wiki/%E4%B8%AD%E6%96%87", "www.example.org/a%2Fb"]
    else:
        assert texts == ["https://files.example/Isogeny-based Cryptography.pdf",
                         "https://zh.example/wiki/中文", "www.example.org/a%2Fb"]


BARE = """Edit README.md and setup.py, then open http://你的域名/install/(`see the docs`) and
http://localhost:4000/ or www.example.org and //cdn.example/x.js; mail me@example.com.
"""


def test_marked_links_only_the_bare_urls_marked_links(make_blog):
    """marked links a bare URL only after `http://`, `https://`, `ftp://` or `www.` with an
    ASCII host, and e-mail addresses: `README.md` and `setup.py` were links to
    http://README.md here, and an address whose host is a placeholder in Chinese swallowed the
    code span after it, backticks and all."""
    page = build(make_blog, {"hexo": "^7.0.0"}, BARE)
    links = [a.attrs["href"] for a in page.find_all("a")]
    assert links == ["http://localhost:4000/", "http://www.example.org", "mailto:me@example.com"]
    assert page.find("code").text == "see the docs"
    assert "open http://你的域名/install/(see the docs) and" in " ".join(page.text.split())


def test_markdown_it_blogs_keep_linkify_its_links(make_blog):
    page = build(make_blog, {"hexo-renderer-markdown-it": "^7.0.0"}, BARE)
    hrefs = [a.attrs["href"] for a in page.find_all("a")]
    assert "http://README.md" in hrefs and "http://setup.py" in hrefs


IN_WORDS = """见www.example.org 或 abcwww.example.net,
前往https://a.example/x 或 seehttp://b.example/y; Edit README.md, ftp://c.example/z, me@example.com.
"""


def test_marked_links_a_url_that_starts_inside_a_word(make_blog):
    """marked's text stops before `www.`, `http://`, `https://` and `ftp://` wherever they
    are, so `见www.example.org` links `www.example.org`; linkify-it finds no link there, or
    a host `见www.example.org` (punycode), since its links start at a word's boundary."""
    page = build(make_blog, {"hexo": "^7.0.0"}, IN_WORDS)
    assert {a.text: a.attrs["href"] for a in page.find_all("a")} == {
        "www.example.org": "http://www.example.org", "www.example.net": "http://www.example.net",
        "https://a.example/x": "https://a.example/x", "http://b.example/y": "http://b.example/y",
        "ftp://c.example/z": "ftp://c.example/z", "me@example.com": "mailto:me@example.com"}
    assert "见www.example.org 或 abcwww.example.net" in page.text


def test_kramed_links_only_http_urls(make_blog):
    """kramed's GFM links only text from `http://` or `https://` (in a word too): no `www.`,
    `ftp://`, bare name or e-mail address, which linkify-it linked on kramed blogs."""
    page = build(make_blog, {"hexo": "^7.0.0", "hexo-renderer-kramed": "^0.1.4"}, IN_WORDS)
    assert [a.attrs["href"] for a in page.find_all("a")] == [
        "https://a.example/x", "http://b.example/y"]


def test_marked_links_an_upper_case_url_only_where_its_text_starts(make_blog):
    """marked's text stops for `http://` and `www.` in lower case only; its URL rule, blind
    to case, is tried where a text starts (a paragraph, after emphasis)."""
    page = build(make_blog, {"hexo": "^7.0.0"},
                 "HTTP://A.EXAMPLE/x and HTTP://B.EXAMPLE/y or WWW.C.EXAMPLE\n\n"
                 "**Go**HTTPS://D.EXAMPLE/z\n")
    assert [a.text for a in page.find_all("a")] == ["HTTP://A.EXAMPLE/x", "HTTPS://D.EXAMPLE/z"]


ENDS = """见www.example.org）后面 and http://a.example/x]y, then http://a.example/p_q_ and
http://a.example/1,http://b.example/2; (see http://w.example/Foo_(bar)) or http://w.example/z)
~~http://d.example/x~~之后 **http://e.example/y**。
"""


def test_marked_ends_a_bare_url_where_marked_ends_it(make_blog):
    """marked's URL runs to the next blank or `<`, then gives back trailing punctuation and
    an unclosed `(`: `www.example.org）后面` is one link (checked with marked 4.3.0 on this
    text); linkify-it ended it before `）`, before `]`, and kept a trailing `_`. A URL in a
    struck span ends with the span (it took the closing tildes and the text after them)."""
    page = build(make_blog, {"hexo": "^7.0.0"}, ENDS)
    assert [a.text for a in page.find_all("a")] == [
        "www.example.org）后面", "http://a.example/x]y", "http://a.example/p_q",
        "http://a.example/1,http://b.example/2", "http://w.example/Foo_(bar)",
        "http://w.example/z", "http://d.example/x", "http://e.example/y"]
    assert page.find("del").text == "http://d.example/x"
    assert "(see http://w.example/Foo_(bar)) or http://w.example/z)" in page.text
    assert "p_q_ and" in page.text and "之后" in page.text


def test_markdown_it_blogs_end_a_bare_url_where_linkify_it_ends_it(make_blog):
    page = build(make_blog, {"hexo-renderer-markdown-it": "^7.0.0"}, ENDS)
    texts = [a.text for a in page.find_all("a")]
    assert "http://a.example/x" in texts and "http://a.example/p_q_" in texts


def test_a_tilde_in_a_links_label_and_address_strikes_nothing_across_it(make_blog):
    """marked's label runs to its first `]`, so a link whose text and address both hold a
    `~` is a link (checked with marked 4.3.0); the tildes were one struck span hiding the
    label's end, and the brackets showed. A struck word inside a label is still struck."""
    page = build(make_blog, {"hexo": "^7.0.0"},
                 "Get [https://a.example/~u/x/](https://a.example/~u/x/), then [a ~b~ c](/c/).\n")
    assert [(a.text, a.attrs["href"]) for a in page.find_all("a")] == [
        ("https://a.example/~u/x/", "https://a.example/~u/x/"), ("a b c", "/c/")]
    assert [d.text for d in page.find_all("del")] == ["b"]
    assert "](" not in page.text


def test_an_emphasis_closed_before_a_bare_url_does_not_end_it(make_blog):
    """A URL after an emphasis that has closed runs on over its marker (`_this_ … my_file`),
    as in marked (checked with marked 4.3.0 on this text); it was cut at the first `_` or
    `*` of a marker used before it in the paragraph. A span still open ends it at a run that
    can close it (`_open … p_q_`: not the `_` inside the word)."""
    page = build(make_blog, {"hexo": "^7.0.0"},
                 "Use _this_ file: http://a.example/my_file.txt now\n\n"
                 "**a** and http://b.example/y**z more\n\n"
                 "*a* see https://c.example/a*b*c end\n\n"
                 "_open see http://d.example/p_q_ end\n")
    assert [a.text for a in page.find_all("a")] == [
        "http://a.example/my_file.txt", "http://b.example/y**z", "https://c.example/a*b*c",
        "http://d.example/p_q"]
    assert [em.text for em in page.find_all("em")] == ["this", "a", "open see http://d.example/p_q"]


UNKNOWN_ENDINGS = "Mirrors: www.docs.example, www.tools.dev/get and www.blog.top.\n"


def test_marked_links_a_www_host_whatever_its_ending(make_blog):
    """marked links `www.` and the host after it whatever it ends in; linkify-it knows only
    some endings (`.com`, two-letter countries...), so `www.tools.dev/get` was text here."""
    page = build(make_blog, {"hexo": "^7.0.0"}, UNKNOWN_ENDINGS)
    assert {a.text: a.attrs["href"] for a in page.find_all("a")} == {
        "www.docs.example": "http://www.docs.example", "www.tools.dev/get": "http://www.tools.dev/get",
        "www.blog.top": "http://www.blog.top"}
    assert page.text.strip() == UNKNOWN_ENDINGS.strip()


@pytest.mark.parametrize("dependencies", [
    {"hexo": "^7.0.0", "hexo-renderer-kramed": "^0.1.4"},  # kramed links no `www.`
    {"hexo-renderer-markdown-it": "^7.0.0"},  # markdown-it's linkify-it knows its endings
])
def test_other_renderers_leave_a_www_host_they_do_not_know_as_text(make_blog, dependencies):
    assert build(make_blog, dependencies, UNKNOWN_ENDINGS).find_all("a") == []


ENTITIES = """Query http://api.example/find?q=1&amp;page=2&#38;n=3 or
<https://api.example/list?a=1&amp;b=&copy;> then ![Fig. *2*: `x<y` &amp; \\_z\\_](f.png "Q &amp; A").
"""


@pytest.mark.parametrize("dependencies", [
    {"hexo": "^7.0.0"}, {"hexo": "^7.0.0", "hexo-renderer-kramed": "^0.1.4"}])
def test_marked_and_kramed_read_entities_in_urls_and_write_alt_text_as_written(
        make_blog, dependencies):
    """marked and kramed (checked: marked 4.3.0 in hexo-renderer-marked 6.3, kramed 0.5.6)
    escape a linked URL and an image's label leaving entities to the browser: the links lead
    to `page=2&n=3` and read so, where they showed `&amp;` and led to `?q=1&amp;page=2`, and
    the alt text a theme shows as caption is the label as written, its markup and backslashes
    kept, where it lost them here."""
    page = build(make_blog, dependencies, ENTITIES)
    links = page.find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "http://api.example/find?q=1&page=2&n=3", "https://api.example/list?a=1&b=%C2%A9"]
    assert [a.text for a in links] == [
        "http://api.example/find?q=1&page=2&n=3", "https://api.example/list?a=1&b=©"]
    image = page.find("img")
    assert image.attrs["alt"] == "Fig. *2*: `x<y` & \\_z\\_"
    assert image.attrs["title"] == "Q & A"


def test_markdown_it_blogs_keep_commonmarks_urls_and_alt_text(make_blog):
    page = build(make_blog, {"hexo-renderer-markdown-it": "^7.0.0"}, ENTITIES)
    assert [a.text for a in page.find_all("a")] == [
        "http://api.example/find?q=1&amp;page=2&#38;n=3", "https://api.example/list?a=1&amp;b=&copy;"]
    assert page.find("img").attrs["alt"] == "Fig. 2: x<y & _z_"


SPLIT = """Docs at www.docs.example/find?q=1&amp;page=2 and www.docs.example/a\\&b then.

Mail ops@www.docs.dev, or a!b@c.dev.

![](https://img.example/p1\\&quot;) and [the list](https://img.example/l?a=1\\&amp;b=2)
"""


def test_marked_reads_a_www_url_through_an_entity_and_any_mail_address(make_blog):
    """marked 4.3 (Hexo 7's hexo-renderer-marked 6.3, run through Hexo): a `www.` URL runs
    through `&amp;` and `\\&` as written; an address `name@host.ending` is a mailto link
    whatever the ending; `\\&quot;` in a link's or image's address is the entity (`"`). Here
    the www. links stopped at `page=1` and `a`, `www.docs.dev` alone was linked after `ops@`,
    and the image asked for `p1&quot;`."""
    page = build(make_blog, {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.3.0"}, SPLIT)
    links = {a.text: a.attrs["href"] for a in page.find_all("a")}
    assert links["www.docs.example/find?q=1&page=2"] == "http://www.docs.example/find?q=1&page=2"
    assert links["www.docs.example/a\\&b"] == "http://www.docs.example/a%5C&b"
    assert links["ops@www.docs.dev"] == "mailto:ops@www.docs.dev"
    assert links["b@c.dev"] == "mailto:b@c.dev" and "a!" in page.text
    assert links["the list"] == "https://img.example/l?a=1&b=2"
    assert page.find("img").attrs["src"] == "https://img.example/p1%22"


def test_markdown_it_blogs_keep_commonmarks_escaped_ampersand(make_blog):
    page = build(make_blog, {"hexo-renderer-markdown-it": "^7.0.0"}, SPLIT)
    assert page.find("img").attrs["src"] == "https://img.example/p1&quot;"
    assert "page=2" not in [a.text for a in page.find_all("a")][0]
