"""Charts in real headless Chromium: the demo pages draw every chart, load ECharts once
(and never on pages without charts), follow the dark switch, start lazily, resize, and
survive a broken neighbour."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import serve_folder

ECHARTS = "js/charts/echarts.min.js"
SIZES = """() => Array.from(document.querySelectorAll('figure[data-qp-chart]')).map(f => {
  const drawn = f.querySelector('.qp-chart-canvas canvas, .qp-chart-canvas svg');
  const box = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
  return {id: f.id, state: f.getAttribute('data-qp-state'), width: box.width, height: box.height};
})"""
SNAPSHOT = """() => Array.from(document.querySelectorAll('figure[data-qp-chart]')).map(f => {
  const c = f.querySelector('.qp-chart-canvas canvas');
  return c ? c.toDataURL() : f.querySelector('.qp-chart-canvas svg').outerHTML;
})"""
ALL_DRAWN = """() => Array.from(document.querySelectorAll('figure[data-qp-chart]'))
  .every(f => f.getAttribute('data-qp-state') === 'drawn')"""


def chart_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if '<figure class="qp-chart" ' in p.read_text(encoding="utf-8"))


def open_page(page, url: str) -> list[str]:
    """Open `url`, recording every request for echarts.min.js."""
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url) if req.url.endswith("echarts.min.js") else None)
    page.goto(url)
    return requested


def scroll_through_charts(page) -> None:
    for figure in page.locator("figure[data-qp-chart]").all():
        figure.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
    page.wait_for_function(ALL_DRAWN, timeout=15000)


def test_demo_pages_draw_every_chart_and_load_echarts_once(demo_site, page):
    site, url, _ = demo_site
    pages = chart_pages(site)
    assert len(pages) >= 2, "the demo blog has chart posts"
    for rel in pages:
        requested = open_page(page, url + rel)
        scroll_through_charts(page)
        charts = page.evaluate(SIZES)
        assert charts and all(c["width"] > 100 and c["height"] > 100 for c in charts), (rel, charts)
        assert requested == [url + ECHARTS], rel
    assert page.problems == []


@pytest.mark.parametrize("rel", ["", "archives/"])
def test_pages_without_charts_never_request_echarts(demo_site, page, rel):
    site, url, _ = demo_site
    assert rel + "index.html" not in chart_pages(site)
    requested = open_page(page, url + rel)
    page.wait_for_load_state("load")
    assert requested == [] and page.problems == []


def test_dark_switch_rethemes_every_chart(demo_site, page):
    site, url, _ = demo_site
    for rel in chart_pages(site):
        page.emulate_media(color_scheme="light")
        page.goto(url + rel)
        scroll_through_charts(page)
        light = page.evaluate(SNAPSHOT)
        page.evaluate("""() => { document.documentElement.setAttribute('data-theme', 'dark');
            window.dispatchEvent(new CustomEvent('qp:themechange', {detail: {theme: 'dark'}})); }""")
        page.wait_for_function(ALL_DRAWN, timeout=15000)
        dark = page.evaluate(SNAPSHOT)
        changed = [a != b for a, b in zip(light, dark)]
        assert all(changed), (rel, changed)
        # the page's own background shows through: ECharts' dark theme paints no navy box
        backgrounds = page.evaluate("""() => Array.from(document.querySelectorAll('.qp-chart-canvas'))
            .map(el => echarts.getInstanceByDom(el).getOption().backgroundColor)""")
        assert set(backgrounds) == {"transparent"}
        page.evaluate("""() => { document.documentElement.setAttribute('data-theme', 'light');
            window.dispatchEvent(new CustomEvent('qp:themechange', {detail: {theme: 'light'}})); }""")
        page.wait_for_function(ALL_DRAWN, timeout=15000)
        assert page.evaluate(SNAPSHOT) != dark
    assert page.problems == []


def test_os_dark_preference_is_followed_without_data_theme(demo_site, page):
    site, url, _ = demo_site
    rel = chart_pages(site)[0]
    page.emulate_media(color_scheme="light")
    page.goto(url + rel)
    page.evaluate("() => document.documentElement.removeAttribute('data-theme')")
    scroll_through_charts(page)
    light = page.evaluate(SNAPSHOT)
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(300)
    page.wait_for_function(ALL_DRAWN, timeout=15000)
    assert all(a != b for a, b in zip(light, page.evaluate(SNAPSHOT)))


LONG_POST = """---
title: Lazy
date: 2024-01-02
---
{filler}

{{% echarts 300 '100%' %}}
option = {{xAxis: {{data: ['a', 'b']}}, yAxis: {{}}, series: [{{type: 'bar', data: [1, 2], name: 'C </script> D'}}]}};
{{% endecharts %}}

{{% echarts 300 %}}
option = {{series: [{{type: 'line', data: missingVariable}}]}};
{{% endecharts %}}

```echarts {{height=300}}
{{"xAxis": {{"data": ["a", "b"]}}, "yAxis": {{}}, "series": [{{"type": "line", "data": [3, 4]}}]}}
```
"""


@pytest.fixture
def long_post_site(make_blog):
    filler = "\n\n".join(f"Paragraph {n} of text that pushes the charts far below the fold." for n in range(80))
    blog = make_blog(files={"content/_posts/lazy.md": LONG_POST.format(filler=filler)})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url + "2024/01/02/lazy/"
    server.shutdown()


def test_lazy_start_resize_and_a_broken_chart_among_good_ones(long_post_site, page):
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(long_post_site)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator(".qp-chart-canvas canvas").count() == 0  # nothing drawn below the fold
    scroll = page.locator("figure[data-qp-chart]")
    for index in range(scroll.count()):
        scroll.nth(index).scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    page.wait_for_function("""() => document.querySelectorAll('figure[data-qp-state]').length === 3""")
    states = [f.get_attribute("data-qp-state") for f in scroll.all()]
    assert states == ["drawn", "failed", "drawn"]
    assert "could not be drawn" in scroll.nth(1).inner_text()
    assert [p for p in page.problems if "missingVariable" not in p] == []
    width_before = page.evaluate("() => document.querySelector('.qp-chart-canvas canvas').getBoundingClientRect().width")
    page.set_viewport_size({"width": 480, "height": 700})
    page.wait_for_timeout(400)
    width_after = page.evaluate("() => document.querySelector('.qp-chart-canvas canvas').getBoundingClientRect().width")
    box_width = page.evaluate("() => document.querySelector('.qp-chart-canvas').clientWidth")
    assert width_after < width_before and abs(width_after - box_width) <= 1


def test_charts_have_accessible_names_and_a_data_table(demo_site, page):
    site, url, _ = demo_site
    page.goto(url + chart_pages(site)[0])
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('.qp-chart-canvas'))
        .map(el => el.getAttribute('role') + ':' + el.getAttribute('aria-label'))""")
    assert labels and all(label.startswith("img:") and len(label) > 8 for label in labels)
    table = page.get_by_role("table").first  # hidden visually, still in the accessibility tree
    assert table.count() == 1 and table.locator("td").count() > 0
    assert page.evaluate("() => document.querySelector('.qp-chart-data').getBoundingClientRect().width") <= 1


def test_the_themes_own_toggle_button_rethemes_the_charts(demo_site, page):
    site, url, _ = demo_site
    page.emulate_media(color_scheme="light")
    page.goto(url + chart_pages(site)[0])
    toggle = page.locator(".theme-toggle")
    if toggle.count() == 0:
        pytest.skip("the theme has no toggle button")
    try:
        scroll_through_charts(page)
        before = page.evaluate(SNAPSHOT)
        toggle.first.click()
        page.wait_for_function(ALL_DRAWN, timeout=15000)
        assert page.evaluate("() => document.documentElement.getAttribute('data-theme')") == "dark"
        assert all(a != b for a, b in zip(before, page.evaluate(SNAPSHOT)))
    finally:
        page.evaluate("() => localStorage.removeItem('qp-theme')")  # other tests start light
    assert page.problems == []


def test_a_chart_in_dark_mode_prints_in_its_light_colours(make_blog, page):
    """Paper is white and printing leaves the page's dark background out: a chart drawn in
    the dark theme printed light grey labels on white. While printing it takes its light
    colours, and its dark ones again after."""
    blog = make_blog(files={"content/_posts/c.md": "---\ntitle: C\ndate: 2024-01-02\n---\n"
                            "```echarts {height=300 renderer=svg}\n"
                            '{"xAxis": {"data": ["a", "b"]}, "yAxis": {}, '
                            '"series": [{"type": "bar", "data": [3, 4]}]}\n```\n'})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    labels = """() => Array.from(document.querySelectorAll('.qp-chart-canvas svg text'))
      .map(t => t.getAttribute('fill') || getComputedStyle(t).fill).join(' ')"""
    try:
        page.emulate_media(color_scheme="light")
        page.goto(url + "2024/01/02/c/")
        scroll_through_charts(page)
        light = page.evaluate(labels)
        # The media change reaches the page as an event after emulate_media returns, and the
        # chart is still marked drawn until then: wait for the labels themselves.
        drawn_and = f"([want, other]) => ({ALL_DRAWN})() && (want === null ? ({labels})() !== other : ({labels})() === want)"
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(drawn_and, arg=[None, light], timeout=15000)
        dark = page.evaluate(labels)
        page.emulate_media(media="print", color_scheme="dark")
        page.wait_for_function(drawn_and, arg=[light, None], timeout=15000)
        page.emulate_media(media="screen", color_scheme="dark")
        page.wait_for_function(drawn_and, arg=[dark, None], timeout=15000)
        assert dark != light
    finally:
        server.shutdown()
    assert page.problems == []
