"""The default theme's own element ids never take a heading's id.

A post's headings keep the ids their Hexo renderer gave them, since readers and the post's own
links point at those (`## toc` in a documentation page about the `toc` helper is `#toc`). The
theme's table of contents, main area, menu, related posts and comments are named `qp-…` so
that no heading's id is written twice on one page and a `#toc` link lands on the heading.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from _tags_html import parse
from conftest import Blog, arrive, build_ok, serve_folder
from test_comments import GISCUS

# Every id the theme and its plugins write on a post page, as a heading would be named.
THEME_WORDS = ["toc", "main", "site-nav", "comments", "comments-title", "related-title"]
FILLER = "\n\n".join(f"Filler paragraph {n}, long enough to need a scroll." for n in range(40))
BODY = "\n\n".join(f"## {word}\n\n{FILLER}" for word in THEME_WORDS) + "\n\n[Back to toc](#toc)"
# The browser has landed on the heading the address names, and it is in view.
LANDED_ON = """name => { const target = document.querySelector(':target');
    const top = target && target.getBoundingClientRect().top;
    return target && target.tagName === 'H2' && target.id === name && top >= 0 && top < 150; }"""
POST_PAGE = "2024/01/02/helpers/index.html"


def _blog(make_blog: Any) -> Blog:
    blog = make_blog(config={"comments": GISCUS}, files={
        "content/_posts/helpers.md": "---\ntitle: Helpers\ndate: 2024-01-02\ntags: [docs]\n---\n"
                                     + BODY,
        "content/_posts/other.md": "---\ntitle: Other helpers\ndate: 2024-01-01\ntags: [docs]\n"
                                   "---\nMore helpers, for related posts.\n"})
    build_ok(blog)
    return blog


def test_headings_named_like_the_theme_s_parts_keep_their_ids_and_no_id_repeats(
        make_blog: Any) -> None:
    page = parse(_blog(make_blog).read(POST_PAGE))
    ids = Counter(element.attrs["id"] for element in page.find_all() if "id" in element.attrs)
    assert [name for name, count in ids.items() if count > 1] == []
    headings = {h.attrs["id"]: h.text.strip() for h in page.find("div", "post-body").find_all("h2")}
    assert headings == {word: word for word in THEME_WORDS}
    # The theme's parts are all there, under their own names.
    assert {"qp-toc", "qp-main", "qp-site-nav", "qp-comments", "qp-comments-title",
            "qp-related-title"} <= set(ids)


def test_a_toc_link_in_the_post_lands_on_its_heading(make_blog: Any, page: Any) -> None:
    blog = _blog(make_blog)
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url + POST_PAGE.removesuffix("index.html"))
        page.click("text=Back to toc")
        page.wait_for_function(LANDED_ON, arg="toc")
        # The outline still opens as a sidebar and takes the reader to each heading.
        assert page.is_visible("#qp-toc nav")
        page.wait_for_selector("#qp-toc a.toc-link.active >> text=toc")
        for word in THEME_WORDS[1:]:
            page.click(f"#qp-toc a.toc-link >> text='{word}'")
            page.wait_for_function(LANDED_ON, arg=word)
        # The skip link still reaches the main area.
        skipped_to = page.evaluate("document.querySelector(document.querySelector('.skip-link')"
                                   ".hash).tagName")
        assert skipped_to == "MAIN"
        assert page.problems == []
    finally:
        server.shutdown()


def test_the_readme_gives_each_theme_id_with_its_old_name(make_blog: Any) -> None:
    """The rename broke, without a word, a user's CSS on `#toc` and links from elsewhere to a
    post's `#comments`: the README, where a user with custom CSS looks, did not say it."""
    from conftest import REPO

    page = parse(_blog(make_blog).read(POST_PAGE))
    ids = {element.attrs["id"] for element in page.find_all() if "id" in element.attrs}
    assert {f"qp-{word}" for word in THEME_WORDS} <= ids  # the names the README must give
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    said = readme[readme.index("**The theme's own ids"):].split("\n\n", 1)[0]
    for word in THEME_WORDS:
        assert f"`#qp-{word}`" in said and f"`#{word}`" in said, word


# A post with an outline, related posts and comments, whose headings are named otherwise.
PLAIN_BODY = "\n\n".join(f"## Part {n}\n\n{FILLER}" for n in range(4))
# The part the address named by its former id is in view (the outline unfolded; the menu,
# folded behind its button on a phone, by its header).
PART_IN_VIEW = """id => { const part = document.getElementById(id);
    const box = (part.getClientRects().length ? part : part.parentElement).getBoundingClientRect();
    return (part.tagName !== 'DETAILS' || part.open) && box.top < innerHeight && box.bottom > 0
        && !document.querySelector(':target'); }"""


def test_an_address_with_a_parts_former_id_lands_on_that_part(make_blog: Any, page: Any) -> None:
    """Links written before the theme's parts were named qp-… (an outside `…/#comments`, a
    bookmark to `#toc`) led nowhere since: the page opened at its top. They land on the
    part, at 1280 and 375 px (where the outline is folded: it opens), from an outside link
    and from a link on the page; a heading of that name keeps them (the other test)."""
    blog = make_blog(config={"comments": GISCUS}, files={
        "content/_posts/plain.md": "---\ntitle: Plain\ndate: 2024-01-02\ntags: [docs]\n---\n"
                                   + PLAIN_BODY + "\n\n[Comments below](#comments)\n\n" + FILLER,
        "content/_posts/other.md": "---\ntitle: Other\ndate: 2024-01-01\ntags: [docs]\n---\nMore.\n"})
    build_ok(blog)
    server, url = serve_folder(blog.public)
    post_url = url + "2024/01/02/plain/"
    try:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 700})
            page.goto(post_url)
            page.click("text=Comments below")
            page.wait_for_function(PART_IN_VIEW, arg="qp-comments")
            for former in THEME_WORDS:
                arrive(page, f"{post_url}#{former}", url)
                page.wait_for_function(PART_IN_VIEW, arg=f"qp-{former}")
        assert page.problems == []
    finally:
        server.shutdown()


def test_a_former_id_that_a_heading_has_lands_on_the_heading(make_blog: Any, page: Any) -> None:
    blog = _blog(make_blog)
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 700})
        for word in THEME_WORDS:
            arrive(page, url + POST_PAGE.removesuffix("index.html") + "#" + word, url)
            page.wait_for_function(LANDED_ON, arg=word)
        assert page.problems == []
    finally:
        server.shutdown()
