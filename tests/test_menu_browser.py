"""The header menu in headless Chromium: a phone-width screen, driven by the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import base64

import pytest

from conftest import serve_folder
from test_hexo_theme_settings import _blog


PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    blog = _blog(Path(tmp_path_factory.mktemp("menu")) / "blog", "next")
    for image in ("images/me.png", "images/icon-32.png"):  # the avatar and favicon it names
        (blog.root / "content" / image).parent.mkdir(parents=True, exist_ok=True)
        (blog.root / "content" / image).write_bytes(base64.b64decode(PIXEL))
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url
    server.shutdown()


def _focused(tab: Any) -> str:
    return tab.evaluate("document.activeElement.className + '|' + document.activeElement.textContent.trim()")


def _tab_to(tab: Any, selector: str, limit: int = 12) -> None:
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}; focus is on {_focused(tab)}")


def _offline(page: Any) -> None:
    """The NexT settings name a Google Analytics id: answer its script with nothing."""
    page.route("https://www.googletagmanager.com/**",
               lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))


def test_menu_folds_at_390px_and_works_from_the_keyboard(site: str, page: Any) -> None:
    _offline(page)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site)
    assert page.is_visible(".menu-toggle")
    assert not page.is_visible(".site-nav a[href='/about/']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    _tab_to(page, ".menu-toggle")
    page.keyboard.press("Enter")
    assert page.get_attribute(".menu-toggle", "aria-expanded") == "true"
    for href in ("/", "/about/", "/tags/", "https://courses.example.edu/cs101/"):
        box = page.locator(f".site-nav a[href='{href}']").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, href
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/"

    # The "notes" group opens from the keyboard and shows its entries.
    _tab_to(page, ".nav-group summary")
    assert not page.is_visible(".site-nav a[href='/notes/algorithms/']")
    page.keyboard.press("Enter")
    assert page.is_visible(".site-nav a[href='/notes/algorithms/']")
    _tab_to(page, "a[href='/notes/']")

    page.keyboard.press("Escape")
    assert page.get_attribute(".menu-toggle", "aria-expanded") == "false"
    assert not page.is_visible(".site-nav a[href='/about/']")
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # focus went to the first entry: Enter follows it
    page.wait_for_url(site)
    # The same URL as before: wait until the new page and its (stubbed) scripts have loaded,
    # so no request is still held by a route handler when the tab closes.
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_menu_is_a_plain_row_on_a_wide_screen(site: str, page: Any) -> None:
    _offline(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site)
    assert not page.is_visible(".menu-toggle")
    assert page.is_visible(".site-nav a[href='/about/']")
    page.click(".nav-group summary")
    assert page.is_visible(".site-nav a[href='/notes/algorithms/']")
    assert page.problems == []


@pytest.mark.parametrize("title", ["Through a narrow window", "一个很长的博客名字，在手机上也要看得全"])
def test_a_phone_shows_the_blogs_whole_name_beside_the_buttons(make_blog: Any, page: Any, title: str) -> None:
    """At 375 px the name had ~70 px beside the search, theme and "Main menu" buttons: most
    real blogs' names were cut to a few letters ("Thro…") on every page."""
    blog = make_blog(config={"title": title}, files={"content/_posts/a.md": "---\ntitle: A\n---\nText.\n"})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(url)
        name = page.locator(".site-title")
        assert name.inner_text() == title
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")
        toggle = page.locator(".menu-toggle")
        assert toggle.is_visible() and page.is_visible(".qp-search-button") and page.is_visible(".theme-toggle")
        assert toggle.evaluate("e => e.getBoundingClientRect().right") <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.get_by_role("button", name="Main menu").count() == 1
        toggle.click()
        assert page.is_visible(".site-nav a[href='/archives/']")
        assert page.problems == []
    finally:
        server.shutdown()
