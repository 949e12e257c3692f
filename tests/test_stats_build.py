"""The statistics page (`stats: true`): every chart's option holds the blog's numbers, each
chart carries its table, the longest posts are linked, the menu points at the page, and
nothing of it exists unless asked for."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _tags_html import Element, parse
from conftest import build_ok, post
from quillpress.errors import ConfigError

POSTS = {
    "content/_posts/alpha.md": post("Alpha", "one two three four five", date="2023-11-05 10:00:00",
                                    tags=["python", "web"], categories=[["Tech", "Python"]]),
    "content/_posts/beta.md": post("Beta", " ".join(["word"] * 12), date="2024-02-10 09:00:00",
                                   tags=["python"], categories=["Tech"]),
    "content/_posts/gamma.md": post("Gamma", "three more words 你好世界", date="2024-02-10 18:00:00",
                                    tags=["life"], categories=["Life"]),
    "content/_posts/delta.md": post("Delta", "alone", date="2024-04-01 08:00:00"),
}


def charts(page: str) -> dict[str, tuple[dict[str, Any], list[list[str]]]]:
    """Each chart by the heading above it: (its option, its table's rows as text)."""
    root = parse(page).find("div", "post-body")
    found: dict[str, tuple[dict[str, Any], list[list[str]]]] = {}
    heading = ""
    for part in root.parts:
        if isinstance(part, Element) and part.tag == "h2":
            heading = part.attrs["id"].removeprefix("stats-")
        elif isinstance(part, Element) and part.tag == "figure":
            assert "qp-chart" in part.classes and "data-qp-chart" in part.attrs
            option = json.loads(part.find("script", "qp-chart-option").text)
            rows = [[cell.text for cell in row.find_all() if cell.tag in ("th", "td")]
                    for row in part.find("div", "qp-chart-data").find_all("tr")]
            found[heading] = (option, rows)
    return found


@pytest.fixture
def stats_page(make_blog) -> str:
    blog = make_blog({"stats": True}, POSTS)
    build_ok(blog)
    return blog.read("stats/index.html")


def test_every_chart_holds_the_blogs_numbers(stats_page: str) -> None:
    found = charts(stats_page)
    assert list(found) == ["calendar", "months", "tags", "categories", "longest"]

    calendar, rows = found["calendar"]
    assert [c["range"] for c in calendar["calendar"]] == [["2023-01-01", "2023-12-31"],
                                                          ["2024-01-01", "2024-04-01"]]
    cells = [cell for series in calendar["series"] for cell in series["data"]]
    assert cells == [["2023-11-05", 1], ["2024-02-10", 2], ["2024-04-01", 1]]
    assert rows == [["Day", "Posts"], ["2023-11-05", "1"], ["2024-02-10", "2"], ["2024-04-01", "1"]]

    months, rows = found["months"]
    assert months["xAxis"][0]["data"] == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]
    values = [[d[1] if isinstance(d, list) else d for d in s["data"]] for s in months["series"]]
    assert values == [[1, 0, 0, 2, 0, 1], [5, 0, 0, 19, 0, 1]]  # pyecharts pairs the line's
    assert [s["type"] for s in months["series"]] == ["bar", "line"]
    assert rows[4] == ["2024-02", "2", "19"]  # 12 words + 3 words and 4 CJK characters

    tags, rows = found["tags"]
    assert tags["yAxis"][0]["data"] == ["web", "life", "python"]  # most used on top
    assert tags["series"][0]["data"] == [1, 1, 2]
    assert rows == [["Tag", "Posts"], ["python", "2"], ["life", "1"], ["web", "1"]]

    categories, rows = found["categories"]
    tree = [(n["name"], n["value"], [(c["name"], c["value"]) for c in n.get("children", [])])
            for n in categories["series"][0]["data"]]
    assert tree == [("Life", 1, []), ("Tech", 2, [("Python", 1)])]
    assert rows == [["Category", "Posts"], ["Life", "1"], ["Tech", "2"], ["Tech / Python", "1"]]

    longest, rows = found["longest"]
    assert longest["series"][0]["data"] == [1, 5, 7, 12]
    assert rows[1:] == [["Beta", "12"], ["Gamma", "7"], ["Alpha", "5"], ["Delta", "1"]]


def test_longest_posts_are_linked_and_summed_up(stats_page: str) -> None:
    root = parse(stats_page)
    links = [(a.text, a.attrs["href"]) for a in root.find("ol", "qp-stats-longest").find_all("a")]
    assert links == [("Beta", "/2024/02/10/beta/"), ("Gamma", "/2024/02/10/gamma/"),
                     ("Alpha", "/2023/11/05/alpha/"), ("Delta", "/2024/04/01/delta/")]
    assert root.find("p", "qp-stats-summary").text == "4 posts, 25 words, 3 tags, 3 categories."
    assert "js/charts/echarts.min.js" in stats_page  # loaded as on any chart page


def test_menu_entry_and_section_form(make_blog) -> None:
    blog = make_blog({"stats": {"path": "numbers/", "longest": 2}}, POSTS)
    build_ok(blog)
    menu = [a.attrs["href"] for a in parse(blog.read("index.html")).find("nav", "site-nav").find_all("a")]
    assert menu[-1] == "/numbers/"
    assert len(parse(blog.read("numbers/index.html")).find("ol", "qp-stats-longest").find_all("li")) == 2


@pytest.mark.parametrize("config", [{}, {"stats": False}, {"stats": {"enable": False}}])
def test_no_page_unless_asked(make_blog, config: dict[str, Any]) -> None:
    blog = make_blog(config, POSTS)
    build_ok(blog)
    assert not any(f.startswith("stats/") for f in blog.files())
    assert "/stats/" not in blog.read("index.html")


def test_same_posts_same_page_on_another_day(make_blog) -> None:
    """No build-time clock: the calendar ends at the newest post, whenever it is built."""
    blog = make_blog({"stats": True}, POSTS)
    build_ok(blog)
    first = blog.read("stats/index.html")
    build_ok(blog, use_cache=False)
    assert blog.read("stats/index.html") == first


def test_incremental_build_equals_clean_build_after_a_body_edit(make_blog, tmp_path) -> None:
    """Words per month and the longest posts follow an edit of a post's body alone."""
    blog = make_blog({"stats": True}, POSTS)
    build_ok(blog)
    blog.write("content/_posts/delta.md", post("Delta", "now " * 30, date="2024-04-01 08:00:00"))
    build_ok(blog)
    incremental = blog.read("stats/index.html")
    build_ok(blog, use_cache=False)
    assert blog.read("stats/index.html") == incremental
    assert charts(incremental)["longest"][1][1] == ["Delta", "30"]
    assert charts(incremental)["months"][1][-1] == ["2024-04", "1", "30"]


def test_a_blog_without_posts_gets_no_page(make_blog) -> None:
    blog = make_blog({"stats": True}, {"content/about/index.md": "---\ntitle: About\n---\nHi.\n"})
    build_ok(blog)
    assert not any(f.startswith("stats/") for f in blog.files())


def test_a_bad_setting_names_its_key_and_line(make_blog) -> None:
    blog = make_blog({"stats": {"path": "../outside/"}}, POSTS)
    with pytest.raises(ConfigError) as caught:
        blog.build()
    assert str(caught.value).startswith("_config.yml:2: `stats.path` cannot be '../outside/'")
    assert "e.g. stats/" in str(caught.value)


@pytest.mark.parametrize("menu, links", [
    ({"stats": False}, []),  # the blog hides the entry; the page stays
    ({"Numbers": "/stats/"}, ["/stats/"]),  # the blog's own entry for the page, not a second one
])
def test_the_blogs_menu_wins_over_the_added_entry(make_blog, menu, links) -> None:
    blog = make_blog({"stats": True, "theme_config": {"menu": menu}}, POSTS)
    build_ok(blog)
    nav = parse(blog.read("index.html")).find("nav", "site-nav").find_all("a")
    assert [a.attrs["href"] for a in nav if a.attrs["href"] == "/stats/"] == links
    assert "stats/index.html" in blog.files()


def test_a_chinese_blog_gets_chinese_headings_and_menu(make_blog) -> None:
    blog = make_blog({"stats": True, "language": "zh-CN"}, POSTS)
    build_ok(blog)
    root = parse(blog.read("stats/index.html"))
    assert [h.text for h in root.find("div", "post-body").find_all("h2")] == [
        "每日发文", "每月文章与字数", "标签文章数", "分类", "最长的文章"]
    assert root.find("nav", "site-nav").find_all("a")[-1].text == "统计"
