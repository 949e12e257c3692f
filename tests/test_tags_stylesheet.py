"""Which pages link the Hexo tags' stylesheet: every page that shows a note, pullquote or
other styled tag, wherever on the page it is (a list page's excerpt too), and no page whose
only look-alike is another class (`notes`, `note-list`). Guards any cheaper test of a page."""

from __future__ import annotations

from _tags_html import parse

CSS = "/hexo-tags/tags.css"


def stylesheets(blog, rel: str) -> list[str]:
    links = parse(blog.read(rel)).find_all("link")
    return [link.attrs["href"] for link in links if link.attrs.get("rel") == "stylesheet"]


def post(title: str, day: int, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-{day:02d}\n---\n{body}\n"


def test_a_note_shown_only_in_an_excerpt_styles_the_list_page(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": post("A", 1, "{% note info %}\nread first\n{% endnote %}\n"
                                              "\n<!-- more -->\n\nrest"),
        "content/_posts/b.md": post("B", 2, "plain")})
    assert blog.build().ok
    assert CSS in stylesheets(blog, "index.html")
    assert CSS in stylesheets(blog, "2024/03/01/a/index.html")
    assert CSS not in stylesheets(blog, "2024/03/02/b/index.html")


def test_pullquote_alone_is_styled_and_look_alike_classes_are_not(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": post("A", 1, "{% pullquote %}\nloud\n{% endpullquote %}"),
        "content/_posts/b.md": post("B", 2, '<div class="notes">x</div> <p class="note-list">y</p>'),
        "content/_posts/c.md": post("C", 3, '<div class="note">hand-written note</div>')})
    assert blog.build().ok
    assert CSS in stylesheets(blog, "2024/03/01/a/index.html")
    assert CSS not in stylesheets(blog, "2024/03/02/b/index.html")
    assert CSS in stylesheets(blog, "2024/03/03/c/index.html")
