"""Links and images written for marked: spaces in the destination, a `=WxH` size suffix.

Found by the Hexo oracle (bench/hexo_diff) on a real kramed blog: 19 images with a Typora/CSDN
size suffix and links to its own post URLs (which hold spaces) showed as Markdown text.
"""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import build_ok, post

POST = """
See [the second part](https://me.example/2020/04/03/Part (2) of R-CNN/) first.

![a chart](https://img.example/c.png?x=1#center  =300x)

![a *small* one](small.png =120x80 "Small")

Also [a title](other page.html "Other") and a normal [link](https://me.example/ok).

Not a link: [a] (b c), nor [x](y
z).
"""


def test_marked_forms_become_links_and_sized_images(make_blog):
    blog = make_blog(files={"content/_posts/a.md": post("Loose", POST)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    links = {a.text: a.attrs for a in page.find_all("a")}
    assert links["the second part"]["href"] == \
        "https://me.example/2020/04/03/Part%20(2)%20of%20R-CNN/"
    assert links["a title"] == {"href": "other%20page.html", "title": "Other"}
    assert links["link"]["href"] == "https://me.example/ok"
    images = {img.attrs["alt"]: img.attrs for img in page.find_all("img")}
    assert images["a chart"]["src"] == "https://img.example/c.png?x=1#center"
    assert images["a chart"]["width"] == "300" and "height" not in images["a chart"]
    small = images["a small one"]
    assert (small["width"], small["height"], small["title"]) == ("120", "80", "Small")
    text = page.text
    assert "=300x" not in text and "](" not in text.split("Not a link")[0]
    assert "[a] (b c)" in text and "[x](y" in text  # left alone, as marked leaves them


@pytest.mark.parametrize("renderer", ["hexo-renderer-markdown-it", "hexo-renderer-marked"])
def test_marked_and_markdown_it_blogs_keep_them_as_text_as_hexo_showed_them(make_blog, renderer):
    """marked 4 (hexo-renderer-marked 6) refuses spaces in a destination too: found by the Hexo
    oracle on a marked blog writing `length[i](1 ≤ length[i] ≤ 1024)` in prose."""
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Loose", POST)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    assert not page.find_all("img")
    assert "[the second part](" in page.text


def test_a_pandoc_blog_reads_spaces_in_a_destination_as_pandoc_did(make_blog):
    # Found by the Hexo oracle: a real pandoc blog's `![](final outline.png)` was an image in
    # Hexo (pandoc encodes the space) and Markdown text in QuillPress.
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-pandoc": "*"}})
    text = "![](/final outline.png)\n\nRead [the notes](/notes/part one/) too.\n"
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Spaces", text),
                            "content/final outline.png": "image bytes\n",
                            "content/notes/part one/index.html": "<p>notes</p>\n"})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    assert page.find("img").attrs["src"] == "/final%20outline.png"
    assert page.find("a").attrs["href"] == "/notes/part%20one/"
    assert "](" not in page.text


def test_a_markdown_link_pasted_as_the_destination_is_not_made_a_link(make_blog):
    text = "See [the guide]([the guide](https://guide.example/a b)) here."
    blog = make_blog(files={"content/_posts/a.md": post("Pasted", text)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    assert all("](" not in a.attrs.get("href", "") for a in page.find_all("a"))
