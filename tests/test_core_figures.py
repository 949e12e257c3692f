"""pandoc's implicit figures: a lone image's alt text is its caption, on pandoc blogs only.

Found by the Hexo oracle (bench/hexo_diff) on a real blog rendered by hexo-renderer-pandoc: its
figures are numbered and titled only in their alt text, which Hexo showed under each image and
QuillPress dropped.
"""

from __future__ import annotations

import json

from _tags_html import body
from conftest import build_ok, post

POST = """
Prices rose for a century.

![Chart 1: *wheat* prices, 1850 to 1950](/wheat.png)

![](/plain.png)

Inline ![an icon](/icon.png) in a sentence.

- ![a listed image](/listed.png)
"""
FILES = {name: "image bytes\n" for name in ("wheat.png", "plain.png", "icon.png", "listed.png")}


def _page(make_blog, renderer: str):
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Figures", POST),
                            **{f"content/{name}": text for name, text in FILES.items()}})
    result = build_ok(blog)
    assert not result.problems.warnings
    return body(blog.read("2024/01/02/a/index.html"))


def test_a_pandoc_blog_shows_a_lone_images_alt_text_as_its_caption(make_blog):
    page = _page(make_blog, "hexo-renderer-pandoc")
    figure = page.find("figure")
    assert figure.find("img").attrs["src"].endswith("wheat.png")
    caption = figure.find("figcaption")
    assert caption.text == "Chart 1: wheat prices, 1850 to 1950"
    assert caption.find("em").text == "wheat"  # the alt text's Markdown is rendered
    assert len(page.find_all("figure")) == 1  # not the image without alt, in a sentence, in a list
    assert len(page.find_all("img")) == 4


def test_a_marked_blog_never_had_captions_and_gets_none(make_blog):
    page = _page(make_blog, "hexo-renderer-marked")
    assert not page.find_all("figure") and not page.find_all("figcaption")
    assert "Chart 1" not in page.text


def test_marked_figcaption_shows_each_images_alt_text_as_written_under_it(make_blog):
    """hexo-renderer-marked's `figcaption: true`: every image with alt text, inline and listed
    ones too, is a figure captioned with its alt text as written (a real blog's screenshots
    are named only there). The captions were missing."""
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-marked": "^7.0.0"}})
    blog = make_blog(config={"marked": {"figcaption": True}},
                     files={"package.json": package, "content/_posts/a.md": post("Figures", POST),
                            **{f"content/{name}": text for name, text in FILES.items()}})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    captions = {f.find("img").attrs["src"]: f.find("figcaption") for f in page.find_all("figure")}
    assert [c.text for c in captions.values()] == [
        "Chart 1: *wheat* prices, 1850 to 1950", "an icon", "a listed image"]
    assert all(c.attrs["aria-hidden"] == "true" for c in captions.values())
    assert "/plain.png" not in captions and len(page.find_all("img")) == 4


def test_marked_figcaption_reads_entities_as_the_alt_text_does(make_blog):
    """hexo-renderer-marked 6.3 writes the same escaped label into the alt text and the
    caption, entities left for the browser: `Tom &amp; Jerry` reads `Tom & Jerry` in both,
    markup and backslashes as written. The caption said `Tom &amp; Jerry`."""
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.3.0"}})
    text = "![Tom &amp; Jerry &copy; *x* \\_y <b>](/t.png)\n"
    blog = make_blog(config={"marked": {"figcaption": True}},
                     files={"package.json": package, "content/_posts/a.md": post("A", text),
                            "content/t.png": "image bytes\n"})
    build_ok(blog)
    figure = body(blog.read("2024/01/02/a/index.html")).find("figure")
    written = "Tom & Jerry \u00a9 *x* \\_y <b>"
    assert figure.find("img").attrs["alt"] == written
    assert figure.find("figcaption").text == written
