"""Post asset folders and the asset_* / post_* tags: every link must reach a built file."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from _tags_html import body, parse

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a1e0b4"
                    "6b0000000049454e44ae426082")
POST = "---\ntitle: Trip & Photos\ndate: 2024-05-06\n---\n"


def built(blog, href: str, root: str = "/") -> bytes:
    """The bytes a browser gets for `href` (a site-absolute link), read from the output."""
    assert href.startswith(root), f"{href} is not under {root}"
    rel = unquote(href[len(root):])
    path = blog.public / rel
    return (path / "index.html" if path.is_dir() else path).read_bytes()


def asset_blog(make_blog, text: str, config: dict | None = None, extra: dict | None = None):
    blog = make_blog(config={"post_asset_folder": True, **(config or {})},
                     files={"content/_posts/trip.md": POST + text,
                            "content/_posts/trip/notes.txt": "field notes\n",
                            "content/_posts/trip/sub dir/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
                            **(extra or {})})
    (blog.root / "content/_posts/trip/photo.png").write_bytes(PNG)
    return blog


@pytest.mark.parametrize("root", ["/", "/blog/"])
def test_relative_asset_links_work_on_post_and_index(make_blog, root):
    blog = asset_blog(make_blog, """
Before the fold: ![a photo](photo.png) and [the notes](./notes.txt).

<!-- more -->

After: ![map](sub%20dir/map.svg)
""", config={"root": root})
    result = blog.build()
    assert result.ok and not result.problems.warnings
    post = body(blog.read("2024/05/06/trip/index.html"))
    sources = [img.attrs["src"] for img in post.find_all("img")]
    assert sources == [f"{root}2024/05/06/trip/photo.png", f"{root}2024/05/06/trip/sub%20dir/map.svg"]
    assert built(blog, sources[0], root) == PNG
    assert b"<svg" in built(blog, sources[1], root)
    notes = [a.attrs["href"] for a in post.find_all("a") if a.text == "the notes"]
    assert built(blog, notes[0], root) == b"field notes\n"
    index = parse(blog.read("index.html"))
    excerpt_images = [img.attrs["src"] for img in index.find_all("img")]
    assert excerpt_images == [f"{root}2024/05/06/trip/photo.png"]  # the excerpt, not "After:"
    assert built(blog, excerpt_images[0], root) == PNG


def test_asset_tag_in_an_attribute_of_html_inside_a_paragraph_points_at_the_file(make_blog):
    """Hexo reads tags over the whole post, HTML included: `<source src="{% asset_path %}">`
    right under a line of text is HTML inside that paragraph, which markdown-it reads as
    one piece, so the tag was left as written (a video that never played)."""
    blog = asset_blog(make_blog, """
A clip:
<video controls>
  <source src="{% asset_path photo.png %}" type="image/png">
</video> and <img alt="inline" src="{% asset_path 'sub dir/map.svg' %}"> then
<!-- {% asset_path notes.txt %} --> the end.
""")
    result = blog.build()
    assert result.ok and not result.problems.warnings
    post = body(blog.read("2024/05/06/trip/index.html"))
    [paragraph] = [p for p in post.find_all("p") if p.find("video")]
    source = paragraph.find("video").find("source")
    assert (source.attrs["src"], source.attrs["type"]) == ("/2024/05/06/trip/photo.png", "image/png")
    assert built(blog, source.attrs["src"]) == PNG
    assert b"<svg" in built(blog, paragraph.find("img").attrs["src"])
    assert "<!-- {% asset_path notes.txt %} -->" in blog.read("2024/05/06/trip/index.html")
    assert paragraph.text.startswith("A clip:")


def test_asset_tags_point_at_copied_files(make_blog):
    blog = asset_blog(make_blog, """
{% asset_img framed photo.png 120 80 "Harbour 'boats in the harbour'" %}

{% asset_image "sub dir/map.svg" %}

{% asset_link notes.txt %} / {% asset_link notes.txt "My <em>notes</em>" %} /
{% asset_link notes.txt "<em>raw</em>" false %}

Path: {% asset_path photo.png %}
""")
    result = blog.build()
    assert result.ok and not result.problems.warnings
    post = body(blog.read("2024/05/06/trip/index.html"))
    photo, svg = post.find_all("img")
    assert (photo.attrs["class"], photo.attrs["width"], photo.attrs["height"]) == ("framed", "120", "80")
    assert (photo.attrs["title"], photo.attrs["alt"]) == ("Harbour", "boats in the harbour")
    assert built(blog, photo.attrs["src"]) == PNG
    assert b"<svg" in built(blog, svg.attrs["src"])
    plain, escaped, raw = [a for a in post.find_all("a") if "notes.txt" in a.attrs["href"]]
    assert plain.text == "notes.txt" and escaped.text == "My <em>notes</em>"
    assert raw.find("em").text == "raw"
    assert all(built(blog, a.attrs["href"]) == b"field notes\n" for a in (plain, escaped, raw))
    path_text = [p.text for p in post.find_all("p") if p.text.startswith("Path:")][0]
    assert built(blog, path_text.split()[-1]) == PNG


def test_missing_asset_names_the_folder_contents(make_blog):
    blog = asset_blog(make_blog, "Intro\n\n{% asset_img phot.png %}\n")
    result = blog.build()
    [warning] = result.problems.warnings
    assert (warning.path, warning.line) == ("content/_posts/trip.md", 7)
    assert "phot.png" in warning.message and "photo.png" in warning.hint
    assert body(blog.read("2024/05/06/trip/index.html")).find_all("div", "qp-error")


@pytest.mark.parametrize("before", [
    "A code span `over\ntwo lines` first,",
    "{% asset_path\n  notes.txt %} first, a tag over two lines,",
])
def test_a_tag_in_inline_html_is_reported_at_its_own_line(make_blog, before):
    """A tag in a paragraph's inline HTML is reported at the line it is written on, past a
    code span or a tag that spreads over lines before it in the paragraph."""
    blog = asset_blog(make_blog, f"Intro\n\n{before}\nthen\n<img src=\"{{% asset_path phot.png %}}\">\n")
    [warning] = blog.build().problems.warnings
    assert (warning.path, warning.line, "phot.png" in warning.message) == ("content/_posts/trip.md", 10, True)


def test_asset_tag_without_asset_folder_says_how_to_enable_it(make_blog):
    blog = make_blog(files={"content/_posts/trip.md": POST + "{% asset_path photo.png %}\n"})
    [warning] = blog.build().problems.warnings
    assert "post_asset_folder: true" in warning.hint and "content/_posts/trip/" in warning.hint


def test_asset_tag_with_asset_folder_on_but_no_folder_names_the_folder_to_make(make_blog):
    """`post_asset_folder: true` and a post whose folder was never made (the author's
    pictures were not committed): the hint said to set the option that is already set."""
    blog = make_blog(config={"post_asset_folder": True},
                     files={"content/_posts/trip.md": POST + "{% asset_img photo.png %}\n"})
    [warning] = blog.build().problems.warnings
    assert "'photo.png'" in warning.message and "no folder content/_posts/trip/" in warning.message
    assert "post_asset_folder" not in warning.hint and "content/_posts/trip/" in warning.hint


LINKING = """---
title: Linking
date: 2024-06-01
---
See {% post_link trip %}, {% post_link deep/nested "the nested one" %},
{% post_link nested '<b>bold</b>' false %} and [by path]({% post_path trip %}).

Raw path: {% post_path nested %}

Broken: {% post_link no-such-post %}.
"""


def test_post_link_and_post_path_resolve_to_built_posts(make_blog):
    blog = make_blog(config={"permalink": "posts/:title/", "root": "/site/"}, files={
        "content/_posts/trip.md": POST + "Photos.\n",
        "content/_posts/deep/nested.md": "---\ntitle: Nested \"quoted\" <post>\ndate: 2024-01-01\n---\nx\n",
        "content/_posts/linking.md": LINKING})
    result = blog.build()
    assert result.ok
    post = body(blog.read("posts/linking/index.html"))
    links = {a.text: a.attrs for a in post.find_all("a")}
    assert links["Trip & Photos"]["href"] == "/site/posts/trip/"
    assert links["Trip & Photos"]["title"] == "Trip & Photos"
    assert links["the nested one"]["href"] == "/site/posts/deep/nested/"
    assert links["the nested one"]["title"] == 'Nested "quoted" <post>'
    assert [a.find("b").text for a in post.find_all("a") if a.find_all("b")] == ["bold"]
    assert b"Photos." in built(blog, links["Trip & Photos"]["href"], "/site/")
    assert b"<p>x</p>" in built(blog, links["the nested one"]["href"], "/site/")
    raw = [p.text for p in post.find_all("p") if p.text.startswith("Raw path:")][0]
    assert raw == "Raw path: /site/posts/deep/nested/"
    assert "Broken: no-such-post." in post.text
    [warning] = result.problems.warnings
    assert (warning.path, warning.line) == ("content/_posts/linking.md", 10)
    assert "no-such-post" in warning.message


def test_post_link_to_a_heading_keeps_the_anchor(make_blog):
    """Hexo's post_link reads `slug#anchor` as a link to a heading of that post."""
    blog = make_blog(config={"permalink": "posts/:title/"}, files={
        "content/_posts/trip.md": POST + "## Second day\n\nRain.\n",
        "content/_posts/linking.md": "---\ntitle: L\ndate: 2024-05-07\n---\n"
                                     "See {% post_link trip#second-day %}.\n"})
    result = blog.build()
    assert result.ok and not result.problems.warnings, result.problems.warnings
    [link] = body(blog.read("posts/linking/index.html")).find_all("a")
    assert (link.attrs["href"], link.text) == ("/posts/trip/#second-day", "Trip & Photos")
    target = parse(built(blog, link.attrs["href"].split("#")[0]).decode())
    assert [h.attrs.get("id") for h in target.find_all("h2")] == ["second-day"]


def test_post_link_follows_a_renamed_target_on_rebuild(make_blog, tmp_path):
    """The linking page is rebuilt although its own source and neighbours did not change."""
    blog = make_blog(config={"permalink": ":title/"}, files={
        "content/_posts/trip.md": POST + "Photos.\n",
        "content/_posts/middle.md": "---\ntitle: Middle\ndate: 2024-05-20\n---\nx\n",
        "content/_posts/other.md": "---\ntitle: Other\ndate: 2024-05-25\n---\nx\n",
        "content/_posts/linking.md": "---\ntitle: Linking\ndate: 2024-06-01\n---\n{% post_link trip %}\n"})
    cache = tmp_path / "cache"
    assert blog.build(cache_dir=cache).ok
    blog.write("content/_posts/trip.md", "---\ntitle: Renamed trip\ndate: 2024-05-06\n"
                                         "permalink: travel/trip/\n---\nPhotos.\n")
    assert blog.build(cache_dir=cache).ok
    link = body(blog.read("linking/index.html")).find("a")
    assert (link.text, link.attrs["href"]) == ("Renamed trip", "/travel/trip/")


def test_tags_as_markdown_link_and_image_targets(make_blog):
    blog = asset_blog(make_blog, """
Read [the **other** post]({% post_path other %}) and see ![a photo]({% asset_path photo.png %}).

Literal: `[x]({% post_path other %})`
""", extra={"content/_posts/other.md": "---\ntitle: Other\ndate: 2024-01-01\n---\nOther body.\n"})
    result = blog.build()
    assert result.ok and not result.problems.warnings
    post = body(blog.read("2024/05/06/trip/index.html"))
    link = [a for a in post.find_all("a") if "other" in a.text][0]
    assert link.find("strong").text == "other" and link.attrs["href"] == "/2024/01/01/other/"
    assert b"Other body." in built(blog, link.attrs["href"])
    image = post.find("img")
    assert image.attrs["alt"] == "a photo" and built(blog, image.attrs["src"]) == PNG
    assert post.find("code").text == "[x]({% post_path other %})"
