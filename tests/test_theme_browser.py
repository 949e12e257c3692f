"""The default theme in headless Chromium: what a reader sees and can do."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import Blog, build_ok, checked_tab, serve_folder

PHONE_TABS = 4  # pages loaded at once in the phone-width test

CODE = 'def greet(name):\n    return f"<b>{name}</b> & co"  # ' + "long comment " * 20
WIDE_ROW = "| " + " | ".join(f"column-{n} with several words" for n in range(10)) + " |"

TOUR = f"""---
title: Theme tour
date: 2024-03-12 10:00:00
tags: [python, css]
categories: [Engineering, Web]
---
Intro paragraph.

<!-- more -->

## First section

```python
{CODE}
```

{WIDE_ROW}
|{"---|" * 10}
{WIDE_ROW}

```bash
{"x" * 400}
```

## Second section

{"Filler paragraph with enough words to push the next heading well down the page. " * 40}

### A subsection

{"More filler text so that jumping actually has to scroll the page down. " * 40}

## 最后一节

{"中文段落，测试排版。" * 80}
"""


def _blog(root: Any, language: str = "en", theme_config: dict[str, Any] | None = None) -> Blog:
    blog = Blog(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    settings = {"title": "Theme blog", "url": "http://example.com", "timezone": "UTC",
                "language": language, "highlight": {"line_number": True},
                "theme_config": theme_config or {}}
    (root / "_config.yml").write_text(yaml.safe_dump(settings, allow_unicode=True))
    blog.write("content/_posts/tour.md", TOUR)
    blog.write("content/_posts/older.md", """
        ---
        title: An older post
        date: 2023-01-02
        toc: false
        ---
        ## A heading the TOC must not show
        Text.
        """)
    build_ok(blog)
    return blog


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    blog = _blog(tmp_path_factory.mktemp("theme") / "blog")
    server, url = serve_folder(blog.public)
    yield url
    server.shutdown()


@pytest.fixture
def tab(page: Any) -> Iterator[Any]:
    """A tab with the OS in light mode and no saved theme choice."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(color_scheme="light")
    yield page
    page.evaluate("localStorage.clear()")


def _background(page: Any) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def _is_dark(rgb: str) -> bool:
    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return (red + green + blue) / 3 < 80


def test_toggle_flips_colours_and_survives_reload(site: str, tab: Any) -> None:
    tab.goto(site + "2024/03/12/tour/")
    assert not _is_dark(_background(tab))
    tab.evaluate("window.__themes = []; addEventListener('qp:themechange', e => __themes.push(e.detail.theme))")
    tab.click(".theme-toggle")
    assert _is_dark(_background(tab))
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    assert tab.evaluate("window.__themes") == ["dark"]
    code_colour = tab.evaluate("getComputedStyle(document.querySelector('pre.highlight')).backgroundColor")
    assert _is_dark(code_colour)

    # The choice is applied before <body> exists, so the page never paints light first.
    tab.add_init_script("""
        new MutationObserver((_, observer) => {
          if (document.body) {
            window.__themeAtBody = document.documentElement.getAttribute('data-theme');
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
    """)
    tab.reload()
    assert tab.evaluate("window.__themeAtBody") == "dark"
    assert _is_dark(_background(tab))
    tab.click(".theme-toggle")
    tab.goto(site)
    assert not _is_dark(_background(tab))
    assert tab.evaluate("document.documentElement.dataset.theme") == "light"
    assert tab.problems == []


def test_follows_os_preference_without_a_choice(site: str, tab: Any) -> None:
    tab.emulate_media(color_scheme="dark")
    tab.goto(site)
    assert _is_dark(_background(tab))
    assert tab.evaluate("document.documentElement.hasAttribute('data-theme')") is False
    assert tab.is_visible(".theme-toggle .icon-sun") and not tab.is_visible(".theme-toggle .icon-moon")
    tab.evaluate("window.__themes = []; addEventListener('qp:themechange', e => __themes.push(e.detail.theme))")
    tab.emulate_media(color_scheme="light")
    tab.wait_for_function("window.__themes.length > 0")
    assert tab.evaluate("window.__themes") == ["light"]
    assert not _is_dark(_background(tab))


def test_no_horizontal_page_scroll_at_360px(site: str, tab: Any) -> None:
    tab.set_viewport_size({"width": 360, "height": 740})
    for path in ("", "2024/03/12/tour/", "archives/", "tags/", "categories/", "404.html",
                 "categories/Engineering/Web/"):
        tab.goto(site + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
    tab.goto(site + "2024/03/12/tour/")
    # Wide things scroll inside their own box instead.
    for selector in ("table", "figure.code-block pre"):
        inner, box = tab.evaluate(
            f"[document.querySelector('{selector}').scrollWidth, document.querySelector('{selector}').clientWidth]")
        assert inner > box, selector
    toc_open = tab.evaluate("document.getElementById('qp-toc').open")
    assert toc_open is False  # folded on a phone, so the article comes first
    assert tab.problems == []


def test_copy_button_copies_code_text(site: str, tab: Any) -> None:
    tab.add_init_script("""
        navigator.clipboard.writeText = text => { window.__copied = text; return Promise.resolve(); };
    """)
    tab.goto(site + "2024/03/12/tour/")
    button = tab.locator("figure.code-block").first.locator(".copy-button")
    assert button.inner_text() == "Copy"
    button.click()
    tab.wait_for_function("window.__copied !== undefined")
    assert tab.evaluate("window.__copied") == CODE  # no line numbers, entities decoded
    assert button.inner_text() == "Copied"


def test_copy_button_puts_code_on_the_real_clipboard(site: str, tab: Any, browser: Any) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    tab.goto(site + "2024/03/12/tour/")
    tab.locator("figure.code-block").nth(1).locator(".copy-button").click()
    tab.wait_for_function("document.querySelectorAll('.copy-button')[1].dataset.state === 'done'")
    assert tab.evaluate("navigator.clipboard.readText()") == "x" * 400


def test_toc_links_jump_to_headings(site: str, tab: Any) -> None:
    tab.goto(site + "2024/03/12/tour/")
    assert tab.is_visible("#qp-toc nav")  # a sidebar, open, on a wide screen
    labels = tab.locator("#qp-toc a.toc-link").all_inner_texts()
    assert labels == ["First section", "Second section", "A subsection", "最后一节"]
    tab.click("#qp-toc a.toc-link >> text=最后一节")
    tab.wait_for_function("Math.abs(document.getElementById('最后一节').getBoundingClientRect().top) < 150")
    assert tab.evaluate("decodeURIComponent(location.hash)") == "#最后一节"
    tab.wait_for_selector("#qp-toc a.toc-link.active >> text=最后一节")
    tab.goto(site + "2023/01/02/older/")
    assert tab.locator("#qp-toc").count() == 0  # toc: false in the front-matter


def test_zh_cn_site_shows_chinese_labels(tmp_path: Any, page: Any) -> None:
    blog = _blog(tmp_path / "zh", language="zh-CN")
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url + "2024/03/12/tour/")
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert page.locator(".site-nav").inner_text().split() == ["首页", "归档", "标签", "分类"]
        assert page.locator("#qp-toc summary").inner_text().strip() == "目录"
        meta = page.locator(".post-meta").inner_text()
        assert re.search(r"\d+ 字", meta) and re.search(r"约 \d+ 分钟", meta)
        assert page.locator(".copy-button").first.inner_text() == "复制"
        assert "下一篇" in page.locator(".post-nav").inner_text()
        page.goto(url + "archives/")
        assert page.locator(".list-count").inner_text() == "共 2 篇文章"
        assert page.problems == []
    finally:
        server.shutdown()


def test_a_stylesheet_of_the_blogs_own_wins_over_the_themes_rule(tmp_path: Any, page: Any) -> None:
    """`extra_css` links the user's CSS after the theme's: a rule with the theme's own
    selector restyles the page, in light and in dark mode."""
    blog = _blog(tmp_path / "own-css", theme_config={"extra_css": ["css/custom.css"]})
    blog.write("content/css/custom.css", ".post-card-title a { color: rgb(0, 128, 128); }\n")
    build_ok(blog)
    server, url = serve_folder(blog.public)
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(url)
            colour = page.eval_on_selector(".post-card-title a", "a => getComputedStyle(a).color")
            assert colour == "rgb(0, 128, 128)", scheme
        assert page.problems == []
    finally:
        server.shutdown()


def test_demo_pages_load_cleanly_and_fit_a_phone(demo_site: Any, browser: Any) -> None:
    """Every page of the demo, PHONE_TABS at a time: one tab took 17 s, most of it the half
    second of quiet that "networkidle" waits for after each page, one page after another."""
    out_dir, url, _ = demo_site
    posts = sorted(p.parent.relative_to(out_dir).as_posix() + "/"
                   for p in out_dir.glob("20*/*/*/*/index.html"))
    assert posts
    paths = ["", "archives/", "tags/", "categories/", "404.html", *posts]
    with contextlib.ExitStack() as stack:
        tabs = [stack.enter_context(checked_tab(browser)) for _ in range(PHONE_TABS)]
        for tab in tabs:
            tab.set_viewport_size({"width": 360, "height": 740})
        for start in range(0, len(paths), PHONE_TABS):
            loading = list(zip(tabs, paths[start:start + PHONE_TABS]))
            for tab, path in loading:
                tab.goto(url + path, wait_until="commit")
            for tab, path in loading:
                tab.wait_for_load_state("networkidle")  # leaving early would abort lazy loads
                assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
                assert tab.locator("link[rel=icon]").count() == 1, path
        assert [problem for tab in tabs for problem in tab.problems] == []


def test_a_long_chain_of_categories_wraps_on_a_phone(make_blog: Any, page: Any) -> None:
    """A post filed seven categories deep (a real blog's projects) made its meta line, and
    so the home page and the post, 512 px wide at 375: the chain stayed on one line. It
    wraps, each category still a link on the screen."""
    chain = ["Projects", "Planning", "Backend Web Dev", "Services", "Storage", "Deployment", "Notes"]
    blog = make_blog(files={"content/_posts/deep.md": "---\ntitle: Deep\ndate: 2024-03-12\n"
                            f"categories: [{', '.join(chain)}]\n---\nFiled deep.\n"})
    build_ok(blog)
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 700})
        for path in ("", "2024/03/12/deep/"):
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
            links = page.locator(".meta-categories a")
            assert links.all_inner_texts() == chain
            for n in range(len(chain)):
                box = links.nth(n).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (path, chain[n])
        assert page.problems == []
    finally:
        server.shutdown()


def test_long_category_and_tag_names_fit_a_phone_on_their_index_pages(make_blog: Any, page: Any) -> None:
    """A category or tag named by one long word (a package or a class name) made the
    categories page and the tags page wider than a phone, the page scrolling sideways, as
    the meta line did before it broke such a name: each link keeps within the screen."""
    word = "AnUnbrokenNameOfAPackageLongerThanAnyPhoneIsWide"
    blog = make_blog(files={"content/_posts/long.md": "---\ntitle: Long\ndate: 2024-03-12\n"
                            f"categories: [Projects, {word}, Notes]\ntags: [{word}x, short]\n---\nFiled.\n"})
    build_ok(blog)
    server, url = serve_folder(blog.public)
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": 320, "height": 700})
            for path, links in (("categories/", ".category-tree a"), ("tags/", ".tag-cloud a")):
                page.goto(url + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= 320, (scheme, path)
                shown = page.locator(links)
                assert word in "".join(shown.all_inner_texts()), path
                for n in range(shown.count()):
                    box = shown.nth(n).bounding_box()
                    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (scheme, path, n)
        assert page.problems == []
    finally:
        server.shutdown()


PRINTED_TEXT = {"body": "body", "paragraph": ".post-body p", "heading": ".post-body h2",
                "post title": ".post-title", "meta": ".post-meta", "code": "pre.highlight",
                "code keyword": "pre.highlight .k"}


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a computed `rgb(...)` colour."""
    def channel(value: str) -> float:
        c = int(value) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(n) for n in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("dark_by", ["toggle", "os"])
def test_a_page_printed_in_dark_mode_has_dark_text_for_white_paper(site: str, tab: Any, dark_by: str) -> None:
    """Printing drops backgrounds (paper is white), so a reader who prints while reading in
    dark mode got the dark theme's light grey text: the post, its headings and its code were
    all but invisible on paper. Print uses the light colours whatever the screen shows."""
    if dark_by == "os":
        tab.emulate_media(color_scheme="dark")
    tab.goto(site + "2024/03/12/tour/")
    if dark_by == "toggle":
        tab.click(".theme-toggle")
    assert _is_dark(_background(tab))
    tab.emulate_media(media="print")
    for name, selector in PRINTED_TEXT.items():
        colour = tab.eval_on_selector(selector, "el => getComputedStyle(el).color")
        contrast = 1.05 / (_luminance(colour) + 0.05)  # against white paper
        assert contrast >= 4.5, (name, colour)
    assert not _is_dark(_background(tab))
    assert not _is_dark(tab.evaluate("getComputedStyle(document.querySelector('pre.highlight')).backgroundColor"))
    tab.emulate_media(media="screen")
    assert _is_dark(_background(tab))  # the screen keeps the reader's choice
    assert tab.problems == []
