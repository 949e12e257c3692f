"""Volantis's drop-down menu and title-first button in real headless Chromium: the menu's
links are hidden until its title is clicked (or opened by the keyboard), a submenu opens
inside it, and the button leads where its URL says."""

from __future__ import annotations

import pytest

from conftest import serve_folder

POST = """---
title: Menu
date: 2024-03-01
---
{% menu Go to, the guide %}
{% menuitem Install, /install/, fas fa-download %}
{% menuitem hr %}
{% submenu Questions? %}
{% menuitem Frequent ones, /faq/ %}
{% endsubmenu %}
{% endmenu %}

{% btn regular, Read the news, /news/, fas fa-rss %}
"""
FILES = {"content/_posts/menu.md": POST,
         "content/news/index.md": "---\ntitle: News\n---\nThe news.\n"}


@pytest.fixture
def site(make_blog):
    blog = make_blog(config={"theme": "volantis"}, files=FILES)
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url
    server.shutdown()


def test_the_menu_opens_by_mouse_and_keyboard_and_the_button_leads_on(site, page):
    page.goto(site + "2024/03/01/menu/")
    install = page.get_by_role("link", name="Install")
    assert not install.is_visible()
    page.get_by_text("the guide", exact=True).click()
    assert install.is_visible() and install.get_attribute("href") == "/install/"
    frequent = page.get_by_role("link", name="Frequent ones")
    assert not frequent.is_visible()
    page.get_by_text("Questions?", exact=True).focus()
    page.keyboard.press("Enter")
    assert frequent.is_visible()
    page.get_by_text("the guide", exact=True).focus()
    page.keyboard.press("Enter")  # closes the menu again
    assert not install.is_visible()
    page.get_by_role("link", name="Read the news").click()
    page.wait_for_url(site + "news/")
    assert page.get_by_text("The news.").is_visible()
    assert page.problems == []
