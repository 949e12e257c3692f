"""Moved Hexo blogs in Chromium: what a reader of the built site sees, each case a small
blog of its own standing for what real blogs' sites showed."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from conftest import build_ok, post, serve_folder
from test_menu_browser import PIXEL


def test_url_with_a_path_and_no_root_serves_the_site_under_that_path(make_blog, page) -> None:
    """`url: https://me.github.io/notes` with no `root:` (a GitHub project page): Hexo takes
    the root from the url's path, so the deployed pages find their stylesheet, scripts and
    each other under /notes/; built for / they would load nothing but bare HTML."""
    blog = make_blog(config={"url": "http://127.0.0.1/notes", "public_dir": "out/notes"},
                     files={"content/_posts/first.md": post("First post", "Hello.")})
    build_ok(blog)
    server, base = serve_folder(blog.root / "out")
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(base + "notes/")
        assert missing == []
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") == "sticky"
        page.click("text=First post")
        assert page.locator("h1.post-title").inner_text() == "First post"
        assert page.url.startswith(base + "notes/")
        assert missing == [] and page.problems == []
    finally:
        server.shutdown()


ALL_IMAGES_DONE = "[...document.images].every(i => i.complete)"
BROKEN_IMAGES = "[...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)"


def test_a_hexo_themes_pictures_that_are_not_in_the_blog_are_not_shown_broken(make_blog, page) -> None:
    """The Hexo theme's settings name its own default pictures (Fluid's /img/avatar.png,
    Butterfly's /img/butterfly-icon.png), which came with the theme and are not in the
    blog: the default theme standing in shows no broken picture and asks for no missing
    file. A picture the blog has is shown."""
    blog = make_blog(config={"theme": "fluid"}, files={
        "content/_posts/first.md": post("First post"),
        "_config.fluid.yml": "about:\n  avatar: /img/avatar.png\nfavicon: /img/fluid.png\n"})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(base)
        page.wait_for_function(ALL_IMAGES_DONE)  # lazy ones too, which `load` does not wait for
        assert page.evaluate(BROKEN_IMAGES) == [] and missing == []

        (blog.root / "content/img").mkdir()
        (blog.root / "content/img/avatar.png").write_bytes(base64.b64decode(PIXEL))
        build_ok(blog)
        page.goto(base + "?rebuilt")  # not the copy cached within the same second
        page.wait_for_function(ALL_IMAGES_DONE)
        assert page.evaluate("document.querySelector('img.avatar').naturalWidth") == 1
        assert page.evaluate(BROKEN_IMAGES) == [] and missing == []
    finally:
        server.shutdown()


def test_a_link_card_titled_by_a_long_url_fits_a_phone(make_blog, page) -> None:
    """A link card whose title is its URL (Stellar's `{% link url %}`, the card forms with
    the URL as title) wraps the URL on a 375 px screen instead of widening the page."""
    url = "https://example.com/problemset/problem/1209/E2/" + "x" * 40
    blog = make_blog(files={"content/_posts/card.md": post("Card", f"{{% link {url}, {url} %}}")})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base + "2024/01/02/card/")
        assert page.locator(".hexo-link-card").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.problems == []
    finally:
        server.shutdown()


def test_an_embedded_object_wider_than_a_phone_fits_its_column(make_blog, page) -> None:
    """An `<embed>` or `<object>` written into a post with its width in pixels (an old
    Flash chart, 623 px: erow) made the whole page scroll sideways on a 375 px screen;
    like a picture or a video, it now shrinks to its column."""
    board = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    body = ('<embed src="/media/board.svg" type="image/svg+xml" width="623" height="300">\n\n'
            '<object data="/media/board.svg" type="image/svg+xml" width="700" height="300"></object>\n')
    blog = make_blog(files={"content/_posts/board.md": post("Board", body),
                            "content/media/board.svg": board})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base + "2024/01/02/board/")
        widths = page.evaluate("[...document.querySelectorAll('.post-body embed, .post-body object')]"
                               ".map(e => e.getBoundingClientRect().right)")
        assert len(widths) == 2 and max(widths) <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.problems == []
    finally:
        server.shutdown()


def test_a_diagram_draws_on_a_page_with_a_heading_named_mermaid(make_blog, page) -> None:
    """A `## Mermaid` heading gets id="mermaid", and the browser then answers `window.mermaid`
    with that heading until the library defines it: the diagrams below it must still be
    drawn, not fail with "mermaid.initialize is not a function"."""
    body = "## Mermaid\n\n```mermaid\ngraph LR\n  A --> B\n```\n"
    blog = make_blog(files={"content/_posts/flow.md": post("Flow", body)})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base + "2024/01/02/flow/")
        assert page.locator("h2#mermaid").count() == 1
        page.wait_for_function("document.querySelector('figure.qp-mermaid').dataset.qpState")
        assert page.locator("figure.qp-mermaid svg").count() == 1
        assert page.locator(".qp-mermaid-error").count() == 0 and page.problems == []
    finally:
        server.shutdown()


INDIGO = """\
menu:
  home:
    text: Start here
    url: /
  archives:
    url: /archives
  code:
    url: https://code.example.org/writer
    target: _blank
rss: /notes/atom.xml
"""


def test_indigo_menu_entries_and_feed_link_lead_to_pages_the_site_has(make_blog, page) -> None:
    """Indigo writes each menu entry as `{text, url, target}` and its feed as a path with the
    root in front (`rss: /notes/atom.xml` under root /notes/, put in pages as written). On a
    phone the reader sees one entry per menu item, each by its text, and every link of the
    menu and footer opens a page the site has: none leads to /notes/Start%20here, /notes/_blank
    or /notes/notes/atom.xml."""
    blog = make_blog(config={"url": "http://127.0.0.1/notes", "root": "/notes/", "theme": "indigo",
                             "public_dir": "out/notes"},
                     files={"content/_posts/first.md": post("First post", "Hello."),
                            "themes/indigo/_config.yml": INDIGO})
    build_ok(blog)
    server, base = serve_folder(blog.root / "out")
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base + "notes/")
        page.click(".menu-toggle")
        nav = page.locator("#qp-site-nav")
        assert nav.locator("summary").count() == 0  # plain entries, no folded groups
        assert nav.locator("a.nav-link").all_inner_texts() == ["Start here", "Archives", "code"]
        inside = page.evaluate("""[...document.querySelectorAll('#qp-site-nav a, .social-links a')]
            .map(a => a.href).filter(h => h.startsWith(location.origin))""")
        assert len(inside) == 3  # Start here, Archives, the feed
        for link in inside:
            response = page.request.get(link)
            assert response.status == 200, link
        page.click("#qp-site-nav >> text=Start here")
        assert page.url == base + "notes/"
        assert page.problems == []
    finally:
        server.shutdown()


def _served_with_picture(blog, page, name: str) -> tuple[Any, str, list[str]]:
    """Build the blog with a one-pixel picture at content/img/<name> and serve it; the list
    collects every response that failed."""
    (blog.root / "content/img").mkdir()
    (blog.root / "content/img" / name).write_bytes(base64.b64decode(PIXEL))
    build_ok(blog)
    server, base = serve_folder(blog.public)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    return server, base, missing


FLUID_LINKS = """\
navbar:
  menu:
    - {key: home, link: /}
    - {key: links, link: /links/}
links:
  enable: true
  items:
    - {title: "Harbour Notes", intro: "Tide tables and small boats", link: "https://harbour.example.org/",
       avatar: /img/harbour.png}
    - {title: "A friend whose very long name goes on and on without a single space anywhere",
       intro: "No picture of theirs in this blog", link: "https://far.example.net/", avatar: /img/fluid-default.png}
"""


def test_fluids_friend_links_page_is_made_and_its_menu_entry_opens_it(make_blog, page) -> None:
    """Fluid makes a page of the friends in `links.items` at /links/, which its menu links
    to: the reader who opens that entry sees each friend's card, all of it one link out, with
    the name, the line about them, and the picture the blog has (none broken for one it does
    not have), on a phone without the page widening."""
    blog = make_blog(config={"theme": "fluid"}, files={
        "content/_posts/first.md": post("First post"), "_config.fluid.yml": FLUID_LINKS})
    server, base, missing = _served_with_picture(blog, page, "harbour.png")
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base)
        page.click(".menu-toggle")
        page.click("#qp-site-nav >> text=Links")
        page.wait_for_url(base + "links/")
        assert page.locator("h1").inner_text() == "Links"
        friends = page.locator(".friend-link")
        assert friends.count() == 2
        assert friends.nth(0).locator("a").get_attribute("href") == "https://harbour.example.org/"
        assert friends.nth(0).locator(".friend-name").inner_text() == "Harbour Notes"
        assert friends.nth(0).locator(".friend-intro").inner_text() == "Tide tables and small boats"
        card, link = friends.nth(0).bounding_box(), friends.nth(0).locator("a").bounding_box()
        assert link["width"] >= card["width"] - 2 and link["height"] >= card["height"] - 2  # all one link
        page.wait_for_function(ALL_IMAGES_DONE)
        assert page.evaluate("document.querySelector('.friend-link img').naturalWidth") == 1
        assert friends.nth(1).locator("img").count() == 0
        assert page.evaluate(BROKEN_IMAGES) == [] and missing == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.problems == []
    finally:
        server.shutdown()


MENUS = {
    "nexmoe": ("menu:\n  Front page: [/, icon-home]\n  Archive: [/archives/, icon-container]\n"
               "  Me: [/about/]\n  Sponsor: ['https://fund.example.org/me', icon-coffee]\n",
               ["Front page", "Archive", "Me", "Sponsor"]),
    "aurora": ("menu:\n  About: false\n  Tags: true\n  Archives: true\n  Friends: false\n"
               "  lab:\n    name: Lab\n    i18n: {en: Lab, zh-CN: 实验室}\n    path: https://lab.example.org\n",
               ["Tags", "Archives", "Lab"]),
    "particlex": ("menu:\n  Home: {name: house, theme: solid, link: /}\n"
                  "  Archives: {name: box-archive, theme: solid, link: /archives}\n"
                  "  Me: {name: id-card, theme: regular, link: /about}\n"
                  "  Code: {name: github, theme: brands, link: 'https://code.example.org/me'}\n"
                  "  Later: {name: pen, theme: solid, link: }\n",  # no page yet: hidden
                  ["Home", "Archives", "Me", "Code"]),
    "raytaylorism": ("menu:\n  - {id: category, link: 'javascript:;', category: true, icon: bookmark}\n"
                     "  - {id: about, link: /about, icon: user}\n"
                     "  - {id: code, link: 'https://code.example.org/me', icon: github}\n",
                     ["Category", "About", "code"]),
}


@pytest.mark.parametrize("theme", sorted(MENUS))
def test_menu_entries_in_each_themes_shape_open_pages_the_site_has(make_blog, page, theme) -> None:
    """Nexmoe writes a menu entry as `Label: [/path, icon]`, Aurora as `Tags: true` (its own
    page) or `{name, i18n, path}`, ParticleX as `Label: {name: icon, theme: style, link}`,
    raytaylorism as a list of `{id, link, icon}` (the id names the label; its `javascript:`
    link with `category: true` drops down the categories): each is one entry in the menu, by its label, and each
    that stays in the site opens a page it has (none leads to /['/', 'icon-home'], /True, or
    ParticleX's /house and /solid inside a folded group, nor an entry left without a link to
    /None). raytaylorism's menu was not read: the default menu stood in, which has no entry
    for the blog's about page; its categories entry now opens the site's categories page."""
    settings, labels = MENUS[theme]
    blog = make_blog(config={"theme": theme}, files={
        "content/_posts/first.md": post("First post", tags=["notes"]),
        "content/about/index.md": "---\ntitle: About me\n---\nHello.\n",
        f"themes/{theme}/_config.yml": settings})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base)
        nav = page.locator("#qp-site-nav")
        assert nav.locator("summary").count() == 0
        assert nav.locator("a.nav-link").all_inner_texts() == labels
        inside = page.evaluate("""[...document.querySelectorAll('#qp-site-nav a')]
            .map(a => a.href).filter(h => h.startsWith(location.origin))""")
        assert len(inside) == len(labels) - 1  # all but the one link out
        for link in inside:
            assert page.request.get(link).status == 200, link
        assert page.problems == []
    finally:
        server.shutdown()


def test_a_next_sub_menus_entries_open_the_pages_below_it(make_blog, page) -> None:
    """NexT writes a sub-menu's entries below its `default` path (`Docs: {default: /docs/,
    Install: /install.html}` opens /docs/install.html), nested ones below theirs: read as
    written, every entry of NexT's own documentation's sub-menus led to a missing page."""
    blog = make_blog(config={"theme": "next", "language": "en"}, files={
        "content/_posts/first.md": post("First post"),
        "content/docs/index.md": "---\ntitle: Docs\n---\nAll about it.\n",
        "content/docs/install.md": "---\ntitle: Installing\n---\nSteps.\n",
        "content/docs/guides/index.md": "---\ntitle: Guides\n---\nGuides.\n",
        "content/docs/guides/first-steps.md": "---\ntitle: First steps\n---\nStep one.\n",
        "themes/next/_config.yml": (
            "menu:\n  home: / || fa fa-home\n  Docs:\n    default: /docs/ || fa fa-book\n"
            "    Install: /install.html || fa fa-download\n"
            "    Guides:\n      default: /guides/\n      First steps: /first-steps.html\n"
            "    Source: https://code.example.org/docs || fab fa-github\n")})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base)
        page.click(".nav-group summary")
        inside = page.evaluate("""[...document.querySelectorAll('#qp-site-nav a')]
            .map(a => a.href).filter(h => h.startsWith(location.origin))""")
        assert inside == [base, base + "docs/", base + "docs/install.html", base + "docs/guides/"]
        for link in inside:
            assert page.request.get(link).status == 200, link
        page.locator("#qp-site-nav a", has_text="Install").click()
        page.wait_for_url(base + "docs/install.html")
        assert page.locator("h1.post-title").inner_text() == "Installing"
        assert page.problems == []
    finally:
        server.shutdown()


SEARCH_MENUS = {
    "inside": ("menu:\n  Article: /\n  Search: /search\n", {}),
    "raytaylorism": ("menu:\n  - {id: search, link: '#search', icon: search}\n", {}),
}


@pytest.mark.parametrize("theme", sorted(SEARCH_MENUS))
def test_a_menu_entry_to_the_themes_search_page_opens_the_search_dialog(make_blog, page, theme) -> None:
    """Inside makes a search page of its own at /search, raytaylorism opens its search box
    from `#search`: the menu entry to it led to a missing page on every page of the site
    (fiteen), or to nothing. It now opens the site's search, whose results lead to the posts;
    the build finds no broken link in the menu (`#search` was "a link to a missing anchor")."""
    settings, files = SEARCH_MENUS[theme]
    blog = make_blog(config={"theme": theme, "language": "en"}, files={
        "content/_posts/harbour.md": post("Harbour tides", "Notes on the tides."),
        f"themes/{theme}/_config.yml": settings, **files})
    assert [str(w) for w in build_ok(blog).problems.warnings if "link" in str(w)] == []
    server, base = serve_folder(blog.public)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(base)
        entry = page.locator("#qp-site-nav a.nav-link", has_text="Search")
        entry.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#qp-search-dialog[open]")
        assert page.url == base
        page.fill(".qp-search-input", "tides")
        page.wait_for_selector(".qp-search-results a")
        page.keyboard.press("Enter")
        page.wait_for_url(base + "2024/01/02/harbour/")
        assert missing == [] and page.problems == []
    finally:
        server.shutdown()


def test_with_scripts_off_no_menu_entry_stands_for_a_search_that_cannot_open(make_blog, page) -> None:
    """The search dialog needs scripts, as its button does, which stays hidden without them;
    the menu entry to the Hexo theme's search page linked the closed dialog and did nothing
    when clicked. Without scripts it is not shown; with them it is, and opens the search."""
    blog = make_blog(config={"theme": "inside", "language": "en"}, files={
        "content/_posts/harbour.md": post("Harbour tides", "Notes on the tides."),
        "themes/inside/_config.yml": "menu:\n  Article: /\n  Search: /search\n"})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    shown = "#qp-site-nav a.nav-link:visible"
    try:
        scripts = page.context.new_cdp_session(page)
        scripts.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto(base)
        assert page.locator(shown).all_inner_texts() == ["Article"]
        assert page.locator(".qp-search-button").is_hidden()
        scripts.send("Emulation.setScriptExecutionDisabled", {"value": False})
        page.goto(base)
        assert page.locator(shown).all_inner_texts() == ["Article", "Search"]
        page.locator(shown, has_text="Search").click()
        page.wait_for_selector("#qp-search-dialog[open]")
        assert page.problems == []
    finally:
        server.shutdown()


def test_closing_the_search_opened_from_the_menu_gives_focus_back_to_the_entry(make_blog, page) -> None:
    """A keyboard reader who opens the search from the menu entry and closes it with Esc is
    back on that entry, as after any dialog; focus went to the search button at the other
    end of the header, so the next Tab skipped the rest of the menu."""
    blog = make_blog(config={"theme": "inside", "language": "en"}, files={
        "content/_posts/harbour.md": post("Harbour tides", "Notes on the tides."),
        "themes/inside/_config.yml": "menu:\n  Search: /search\n  Article: /\n"})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base)
        page.locator("#qp-site-nav a[data-qp-search]").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#qp-search-dialog[open]")
        # The dialog's `close` event comes a task after its `open` attribute goes: wait for
        # it, or a Tab pressed before it moves on and the listeners then pull focus back.
        page.evaluate("""() => { window.qpClosed = new Promise(resolve =>
            document.getElementById('qp-search-dialog').addEventListener(
                'close', resolve, { once: true })); }""")
        page.keyboard.press("Escape")
        page.evaluate("() => window.qpClosed")
        assert page.evaluate("document.activeElement.hasAttribute('data-qp-search')")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Article"
        assert page.problems == []
    finally:
        server.shutdown()


@pytest.mark.parametrize("feed, path", [(None, "atom.xml"), ({"path": "news.xml"}, "news.xml"),
                                        ({"type": "rss2"}, "rss2.xml")])
def test_evens_rss_default_links_the_sites_own_feed(make_blog, page, feed, path) -> None:
    """Even's `rss: default` is the blog's feed (`feed.path` of _config.yml, which the feed
    plugin makes <type>.xml when left out): the footer's feed link opens it, where it led to
    /default, and with `type: rss2` to atom.xml, which such a blog does not have."""
    config = {"theme": "even", **({"feed": feed} if feed else {})}
    blog = make_blog(config=config, files={"content/_posts/first.md": post("First post"),
                                           "themes/even/_config.yml": "rss: default\n"})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base)
        link = page.locator(".social-links a[title=rss]")
        assert link.get_attribute("href") == "/" + path
        response = page.request.get(page.evaluate("document.querySelector('.social-links a[title=rss]').href"))
        assert response.status == 200 and response.text().startswith("<?xml")
        assert page.problems == []
    finally:
        server.shutdown()


LANDED = """() => { const top = document.getElementById(decodeURIComponent(location.hash.slice(1)))
    .getBoundingClientRect().top; return top >= 0 && top < 200; }"""
HEXO_TOC_PACKAGE = ('{"dependencies": {"hexo": "^6.0.0", "hexo-renderer-marked": "^5.0.0", '
                    '"hexo-toc": "^0.0.3"}}')
HEXO_TOC_POST = """\
* [Getting Started](#getting-started)
* [Step 2.1: Build & Run](#step-21--build---run)
* [Getting Started, again](#getting-started-1)

## Getting Started
{filler}
## Step 2.1: Build & Run
{filler}
## Getting Started
{filler}
"""


def test_a_hand_written_contents_list_lands_on_headings_as_hexo_toc_named_them(make_blog, page) -> None:
    """A blog with hexo-toc installed: Hexo gave every heading markdown-toc's id (lower case,
    each other character a `-`), and the author's contents list, written by an editor in that
    style, links to those ids. A reader clicking each entry lands on its heading; a repeated
    heading is told apart as marked numbers it. The theme's contents list agrees."""
    filler = "\n\n".join(f"Paragraph {n} of words." for n in range(40)) + "\n"
    blog = make_blog(files={"package.json": HEXO_TOC_PACKAGE,
                            "content/_posts/toc.md": post("Contents", HEXO_TOC_POST.format(filler=filler))})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 600})
        page.goto(base + "2024/01/02/toc/")
        entries = page.locator(".post-body > ul a")
        assert entries.count() == 3
        for n, heading in enumerate(["Getting Started", "Step 2.1: Build & Run", "Getting Started"]):
            page.evaluate("window.scrollTo(0, 0)")
            entries.nth(n).click()
            target = page.evaluate("""() => { const el = document.getElementById(
                decodeURIComponent(location.hash.slice(1)));
                return el && [el.tagName, el.firstChild.textContent.trim()]; }""")
            assert target == ["H2", heading], (n, page.url, target)
            page.wait_for_function(LANDED)  # scrolled to it (smoothly)
        assert page.evaluate("new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"
                             " === document.querySelectorAll('[id]').length")
        assert page.evaluate("""[...document.querySelectorAll('#qp-toc nav a')].map(a => document.getElementById(
            decodeURIComponent(a.hash.slice(1)))?.firstChild.textContent.trim())""") == [
                "Getting Started", "Step 2.1: Build & Run", "Getting Started"]
        assert page.problems == []
    finally:
        server.shutdown()


LAZY_PICTURE = ('<center><img class="lazyload" onerror="showFallback(this, 3)" src="/img/wait.gif" '
                'data-src="/img/photo.png" alt="Harbour" style="height:30px;width:auto"></center>\n')


def test_a_picture_written_for_the_themes_lazy_loader_is_shown(make_blog, page) -> None:
    """A Sakura blog's raw HTML picture names its picture in `data-src` and a spinner in `src`,
    and calls the theme's own function when a picture fails: Sakura's script put `data-src`
    into `src`. With no such script the reader saw the spinner (here missing, so the page
    called a function it does not have); the picture itself is shown, with no error."""
    blog = make_blog(files={"content/_posts/lazy.md": post("Lazy", "A picture:\n\n" + LAZY_PICTURE)})
    server, base, missing = _served_with_picture(blog, page, "photo.png")
    try:
        page.goto(base + "2024/01/02/lazy/")
        page.locator("img[alt=Harbour]").scroll_into_view_if_needed()
        page.wait_for_function(ALL_IMAGES_DONE)
        assert page.evaluate("document.querySelector('img[alt=Harbour]').currentSrc") == base + "img/photo.png"
        assert page.evaluate(BROKEN_IMAGES) == [] and missing == [] and page.problems == []
    finally:
        server.shutdown()


CLAUDIA_SOCIAL = """\
social:
  zhihu:
  twitter: /
  facebook: /
  github: quill-writer
"""
JACMAN_AUTHOR = """\
author:
  intro_line1: "Notes on small boats"
  github: harbour-notes
  weibo: 1234567
  email: harbour@example.org
"""
INSIDE_SNS = """\
sns:
  email: quill@example.org
  feed:
  github: https://github.com/quill-writer
  twitter: https://twitter.com/quillwriter
  tumblr:
"""
AURORA_SOCIALS = """\
socials:
  github: "https://github.com/quill-writer"
  twitter: ""
  customs:
    scholar:
      icon: /img/scholar.svg
      link: https://scholar.example.org/quill
"""
SAKURA_SOCIAL = """\
social:
  github:
    url: https://github.com/quill-writer
    img: /img/social/github.png
"""
MELLOW_MENU_LINK = """\
email: A quiet harbour, a full cup!
menu_link:
  github: https://github.com/quill-writer | /img/icon/github.png
  notes: https://notes.example.org/quill | /img/icon/notes.png
"""

ARIA_SOCIAL = """\
social:
  enable: true
  links:
    - name: E-Mail
      link: mailto:quill@example.org
      icon: <i class="fas fa-envelope"></i>
    - name: GitHub
      link: https://github.com/quill-writer
      icon: <i class="fab fa-github"></i>
"""
VIVIA_LINKS = """\
links:
  - name: GitHub
    icon: fa-brands fa-github
    url: https://github.com/quill-writer
  - name: Notes
    url: https://notes.example.org/quill
"""
GAL_LINKS = """\
links:
  - name: Github
    link: https://github.com/quill-writer
"""


@pytest.mark.parametrize("theme, settings, expected", [
    ("claudia", CLAUDIA_SOCIAL, ["https://twitter.com/", "https://www.facebook.com/",
                                 "https://github.com/quill-writer"]),
    ("jacman", JACMAN_AUTHOR, ["https://github.com/harbour-notes", "https://weibo.com/1234567",
                               "mailto:harbour@example.org"]),
    ("inside", INSIDE_SNS, ["mailto:quill@example.org", "https://github.com/quill-writer",
                            "https://twitter.com/quillwriter"]),
    ("aurora", AURORA_SOCIALS, ["https://github.com/quill-writer",
                                    "https://scholar.example.org/quill"]),
    ("sakura", SAKURA_SOCIAL, ["https://github.com/quill-writer"]),
    ("mellow", MELLOW_MENU_LINK, ["https://github.com/quill-writer",
                                  "https://notes.example.org/quill"]),
    ("aria", ARIA_SOCIAL, ["mailto:quill@example.org", "https://github.com/quill-writer"]),
    ("vivia", VIVIA_LINKS, ["https://github.com/quill-writer", "https://notes.example.org/quill"]),
    ("gal", GAL_LINKS, ["https://github.com/quill-writer"]),
], ids=["claudia", "jacman", "inside", "aurora", "sakura", "mellow", "aria", "vivia", "gal"])
def test_social_links_in_each_themes_shape_lead_to_the_service(make_blog, page, theme: str,
                                                               settings: str, expected: list[str]) -> None:
    """Each theme keeps its social links in a shape of its own, and writes them into its pages
    its own way. Claudia's `social:` and Jacman's `author:` take the user name alone (the theme
    writes `//github.com/<name>` around it): the footer's GitHub link led to /<root>/quill-writer,
    a page the site does not have, and Claudia's `facebook: /` was read as a Font Awesome class
    (a link named "/" to the home page); Sakura's `{url, img}` was a link to the text of
    the whole mapping. Inside's `sns:`, Obsidian's and Aurora's `socials:`
    and Mellow's `menu_link: {name: url | picture}` were not read: the footer had no links.
    Mellow's `email:` is any text it shows letter by letter (here a motto): it was a link to
    /<root>/A quiet harbour…, a missing page. Aria's `social: {enable: true, links: [...]}`
    made two links on every page, to /<root>/True and to the list's text (erow); Vivia's
    and Gal's `links: [{name, url or link}]` were not read. Every social link now leads to
    the service."""
    blog = make_blog(config={"theme": theme, "url": "http://127.0.0.1/notes", "root": "/notes/",
                             "public_dir": "out/notes"},
                     files={"content/_posts/first.md": post("First post"),
                            f"themes/{theme}/_config.yml": settings})
    build_ok(blog)
    server, base = serve_folder(blog.root / "out")
    try:
        page.route(re.compile(r"^https://(github|twitter)\.com/"),
                   lambda route: route.fulfill(status=200, content_type="text/html", body="elsewhere"))
        page.goto(base + "notes/")
        hrefs = page.evaluate("[...document.querySelectorAll('.social-links a')].map(a => a.href)")
        assert hrefs == expected
        github = next(href for href in expected if "github" in href)
        page.click(f".social-links a[href='{github}']")
        page.wait_for_url(github)
        assert page.problems == []
    finally:
        server.shutdown()
