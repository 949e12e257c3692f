"""The copyright box under posts: permalink, author, license with its link, dates."""

from __future__ import annotations

from typing import Any

from _tags_html import Element, parse

POSTS = {
    "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-02\nupdated: 2024-03-04\n---\nText.\n",
    "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-01\ncopyright: false\n---\nText.\n",
}


def _box(page: str) -> dict[str, Element] | None:
    found = parse(page).find_all("aside", "post-copyright")
    if not found:
        return None
    terms = found[0].find_all("dt")
    values = found[0].find_all("dd")
    return {dt.text.strip(): dd for dt, dd in zip(terms, values)}


def test_box_shows_permalink_author_license_and_dates(make_blog: Any) -> None:
    blog = make_blog(config={"author": "Ada", "url": "https://ada.example.com",
                             "copyright": {"enable": True, "license": "CC BY-NC-SA 4.0"}}, files=POSTS)
    assert blog.build().ok
    box = _box(blog.read("2024/01/02/a/index.html"))
    assert box is not None
    assert box["Link"].find("a").attrs["href"] == "https://ada.example.com/2024/01/02/a/"
    assert box["Author"].text.strip() == "Ada"
    license_link = box["License"].find("a")
    assert license_link.text == "CC BY-NC-SA 4.0"
    assert license_link.attrs["href"] == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert [t.attrs["datetime"][:10] for t in box["Published"].find_all("time")] == [
        "2024-01-02", "2024-03-04"]


def test_front_matter_false_and_default_off(make_blog: Any) -> None:
    blog = make_blog(config={"copyright": True}, files=POSTS)
    assert blog.build().ok
    assert _box(blog.read("2024/01/02/a/index.html")) is not None
    assert _box(blog.read("2024/01/01/b/index.html")) is None
    blog = make_blog(files=POSTS)
    assert blog.build().ok
    assert _box(blog.read("2024/01/02/a/index.html")) is None


def test_other_licenses_keep_their_own_link_or_none(make_blog: Any) -> None:
    blog = make_blog(config={"copyright": {"enable": True, "license": "MIT",
                                           "license_url": "https://opensource.org/license/mit"}},
                     files=POSTS)
    assert blog.build().ok
    link = _box(blog.read("2024/01/02/a/index.html"))["License"].find("a")
    assert link.attrs["href"] == "https://opensource.org/license/mit"


def test_a_moved_blogs_theme_turns_it_on_with_its_license(make_blog: Any) -> None:
    blog = make_blog(config={"theme": "next", "language": "zh-CN"}, files=POSTS)
    blog.write("themes/next/_config.yml", "creative_commons:\n  license: by-sa\n  post: true\n")
    assert blog.build().ok
    box = _box(blog.read("2024/01/02/a/index.html"))
    assert box is not None and "本文链接" in box
    assert box["许可协议"].find("a").attrs["href"] == "https://creativecommons.org/licenses/by-sa/4.0/"
