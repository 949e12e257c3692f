"""relative_link: true makes theme links relative to the page, so the built site also
works opened from a folder or moved under another path."""

import re
from pathlib import PurePosixPath

from _tags_html import parse

POST = "---\ntitle: {t}\ndate: 2024-01-0{d}\ntags: [x]\n---\nbody\n"


def test_every_theme_link_resolves_to_a_built_file(make_blog):
    blog = make_blog(config={"relative_link": True},
                     files={"content/_posts/a.md": POST.format(t="A", d=1),
                            "content/_posts/b.md": POST.format(t="B", d=2)})
    assert blog.build().ok
    checked = 0
    for rel in ("index.html", "2024/01/02/b/index.html", "tags/x/index.html"):
        html = blog.read(rel)
        for href in re.findall(r'(?:href|src)="([^"#?]+)', html):
            if href.startswith(("http", "//", "data:", "mailto:")):
                continue
            assert not href.startswith("/"), f"{rel}: {href} is not relative"
            target = (blog.public / PurePosixPath(rel).parent / href).resolve()
            if href.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{rel}: {href} does not lead to a built file"
            checked += 1
    assert checked > 10


def test_off_by_default_links_start_at_root(make_blog):
    blog = make_blog(files={"content/_posts/a.md": POST.format(t="A", d=1)})
    assert blog.build().ok
    assert 'href="/tags/x/"' in blog.read("2024/01/01/a/index.html")


def test_a_link_after_a_value_ending_in_equals_and_a_slash_is_made_relative(make_blog):
    """A value ending in `=` closed by `/>` (a base64 picture, self-closed) reads as `="/…`:
    taken for the start of a site-absolute value, it swallowed the markup up to the next
    link's opening quote, which then stayed absolute and broke opened from disk."""
    body = ('<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="/>'
            '<a href="/2024/01/01/a/">first</a></p>\n')
    blog = make_blog(config={"relative_link": True}, files={
        "content/_posts/a.md": POST.format(t="A", d=1),
        "content/_posts/b.md": POST.format(t="B", d=2) + body})
    assert blog.build().ok
    (anchor,) = [a for a in parse(blog.read("2024/01/02/b/index.html")).find_all("a")
                 if a.text == "first"]
    assert anchor.attrs["href"] == "../../01/a/"
