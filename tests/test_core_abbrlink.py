"""A post with no `abbrlink` gets the one hexo-abbrlink would give it, when the blog uses it.

Found by the Hexo oracle (bench/hexo_diff) on a real blog whose 321 posts had no abbrlink yet:
Hexo, with hexo-abbrlink installed, published each at a checksum of its title; QuillPress
published all of them at `post/undefined.html`, one on top of the other.
"""

from __future__ import annotations

import json

from conftest import build_ok, post

from quillpress.abbrlink import abbrlink_for, crc16

PACKAGE = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-abbrlink": "^2.2.1"}})


def test_crc16_is_the_arc_variant():
    # The standard check value of CRC-16/ARC.
    assert crc16(b"123456789") == 0xBB3D


def test_ids_match_what_hexo_abbrlink_computes():
    # Values printed by hexo-abbrlink 2.2.1's own crc16/crc32 for these titles.
    assert abbrlink_for("Hello World", None) == "16107"
    assert abbrlink_for("Hello World", {"alg": "crc32", "rep": "hex"}) == "4a17b156"
    assert abbrlink_for("数学公式 与 EM算法", {}) == "38670"
    assert abbrlink_for("数学公式 与 EM算法", {"alg": "crc32", "rep": "hex"}) == "e4825e0e"


def test_posts_without_abbrlink_get_hexo_abbrlinks_url_and_a_warning(make_blog):
    blog = make_blog(
        config={"permalink": "posts/:abbrlink.html", "abbrlink": {"alg": "crc32", "rep": "hex"}},
        files={"package.json": PACKAGE,
               "content/_posts/a.md": post("Hello World"),
               "content/_posts/b.md": post("Second", abbrlink="kept")})
    result = build_ok(blog)
    assert (blog.public / "posts/4a17b156.html").is_file()
    assert (blog.public / "posts/kept.html").is_file()
    assert not (blog.public / "posts/undefined.html").exists()
    warned = [w for w in result.problems.warnings if "abbrlink" in w.message]
    assert len(warned) == 1
    assert "a.md" in str(warned[0].path) and "abbrlink: 4a17b156" in (warned[0].hint or "")
    assert "abbrlink" not in (blog.root / "content/_posts/a.md").read_text()  # never written


def test_without_the_plugin_a_missing_abbrlink_stays_undefined_as_in_hexo(make_blog):
    blog = make_blog(config={"permalink": "posts/:abbrlink.html"},
                     files={"content/_posts/a.md": post("Hello World")})
    build_ok(blog)
    assert (blog.public / "posts/undefined.html").is_file()


def test_a_list_in_front_matter_fills_the_permalink_as_javascript_prints_it(make_blog):
    """Written as a one-item YAML list (`abbrlink:` then `- 'name'`), the value is an array
    in Hexo, and JavaScript prints an array as its items joined by commas."""
    blog = make_blog(config={"permalink": ":abbrlink/"}, files={
        "content/_posts/a.md": post("One", extra="abbrlink:\n- 'store-layout'"),
        "content/_posts/b.md": post("Two", extra="abbrlink: [left, right]")})
    build_ok(blog)
    assert "One" in blog.read("store-layout/index.html")
    assert "Two" in blog.read("left,right/index.html")
