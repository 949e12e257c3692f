"""The statistics page in real headless Chromium: every chart draws, light and dark, and
the dark switch re-themes them all."""

from __future__ import annotations

import pytest

from conftest import post, serve_folder
from test_charts_browser import SIZES, SNAPSHOT, ALL_DRAWN, scroll_through_charts

POSTS = {
    f"content/_posts/p{n}.md": post(f"Post {n}", "word " * (40 * n + 10) + "中文" * n,
                                    date=f"{2022 + n % 3}-{1 + n % 12:02d}-{1 + n:02d} 10:00:00",
                                    tags=[f"tag{n % 4}", "common"],
                                    categories=[["Tech", f"Sub{n % 2}"]] if n % 3 else ["Life"])
    for n in range(1, 13)
}


@pytest.fixture
def stats_url(make_blog):
    blog = make_blog({"stats": True}, POSTS)
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url + "stats/"
    server.shutdown()


def drawn_sizes(page) -> list[dict]:
    scroll_through_charts(page)
    return page.evaluate(SIZES)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_stats_chart_draws(stats_url, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(stats_url)
    charts = drawn_sizes(page)
    assert len(charts) == 5
    assert all(c["state"] == "drawn" and c["width"] > 100 and c["height"] > 100 for c in charts), charts
    assert page.problems == []


def test_dark_switch_rethemes_the_stats_charts(stats_url, page):
    page.emulate_media(color_scheme="light")
    page.goto(stats_url)
    scroll_through_charts(page)
    light = page.evaluate(SNAPSHOT)
    page.evaluate("""() => { document.documentElement.setAttribute('data-theme', 'dark');
        window.dispatchEvent(new CustomEvent('qp:themechange', {detail: {theme: 'dark'}})); }""")
    page.wait_for_function(ALL_DRAWN, timeout=15000)
    assert [c["width"] > 100 for c in page.evaluate(SIZES)] == [True] * 5
    assert all(a != b for a, b in zip(light, page.evaluate(SNAPSHOT)))
    assert page.problems == []
