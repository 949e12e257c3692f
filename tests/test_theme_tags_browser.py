"""Theme tags and Mermaid in real headless Chromium: tabs switch by mouse and keyboard, folds
and hide tags open and close, spoilers reveal, diagrams draw in light and dark (a broken one
says so, its neighbours still draw), and embeds load only when scrolled near."""

from __future__ import annotations

import re

import pytest

from conftest import arrive, serve_folder

POST = """---
title: Tags
date: 2024-03-01
---
{% tabs Demo %}
<!-- tab One -->
First panel.
<!-- endtab -->
<!-- tab Two -->
Second panel.
<!-- endtab -->
<!-- tab Three -->
Third panel.
<!-- endtab -->
{% endtabs %}

{% fold info @Open me %}
Folded words.
{% endfold %}

{% hideToggle Toggle me %}
Toggled words.
{% endhideToggle %}

Inline {% hideInline secret words,Show %} and a {% spoiler hidden ending %} here.

```mermaid
graph LR
  Kettle --> Teapot
```

```mermaid
graph LR
  this is --> --> not a diagram
```

{% mermaid sequenceDiagram %}
  Ann->>Bob: hello
{% endmermaid %}
"""
FAR = "\n\n".join(f"Filler paragraph {n}." for n in range(400))
EMBEDS = f"""---
title: Far
date: 2024-03-02
---
Top of the page.

{FAR}

{{% youtube dQw4w9WgXcQ %}}

{{% bilibili BV1xx411c7mD %}}
"""
DRAWN = """() => Array.from(document.querySelectorAll('figure.qp-mermaid'))
  .every(f => f.getAttribute('data-qp-state'))"""


@pytest.fixture
def site(make_blog):
    blog = make_blog(files={"content/_posts/tags.md": POST, "content/_posts/far.md": EMBEDS})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url
    server.shutdown()


def visible(page, text: str) -> bool:
    return page.get_by_text(text, exact=True).is_visible()


def test_tabs_switch_by_click_and_arrow_keys(site, page):
    page.goto(site + "2024/03/01/tags/")
    assert visible(page, "First panel.") and not visible(page, "Second panel.")
    page.get_by_text("Three", exact=True).click()
    assert visible(page, "Third panel.") and not visible(page, "First panel.")
    page.focus("#tabs-demo-3")
    page.keyboard.press("ArrowLeft")
    assert visible(page, "Second panel.") and not visible(page, "Third panel.")
    assert page.evaluate("document.activeElement.id") == "tabs-demo-2"
    assert page.problems == []


def test_folds_open_and_close_by_mouse_and_keyboard(site, page):
    page.goto(site + "2024/03/01/tags/")
    for summary, words in (("Open me", "Folded words."), ("Toggle me", "Toggled words.")):
        assert not visible(page, words)
        page.get_by_text(summary, exact=True).click()
        assert visible(page, words)
        page.keyboard.press("Enter")  # the summary keeps focus: Enter closes it again
        assert not visible(page, words)
        page.keyboard.press("Space")
        assert visible(page, words)


def test_hide_inline_and_spoiler_reveal(site, page):
    page.goto(site + "2024/03/01/tags/")
    assert not visible(page, "secret words")
    page.get_by_text("Show", exact=True).click()
    assert visible(page, "secret words") and not visible(page, "Show")
    spoiler = page.locator(".tt-spoiler-text")
    assert spoiler.evaluate("e => getComputedStyle(e).filter") == "blur(5px)"
    page.get_by_label("Reveal spoiler").focus()
    page.keyboard.press("Space")
    page.wait_for_function("getComputedStyle(document.querySelector('.tt-spoiler-text')).filter === 'none'")
    page.get_by_label("Reveal spoiler").focus()
    page.keyboard.press("Space")  # and hides again
    page.wait_for_function("getComputedStyle(document.querySelector('.tt-spoiler-text')).filter !== 'none'")


def diagrams(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('figure.qp-mermaid')).map(f => ({
      state: f.getAttribute('data-qp-state'), theme: f.getAttribute('data-qp-theme'),
      svg: f.querySelector('svg') ? f.querySelector('svg').outerHTML : '',
      error: (f.querySelector('.qp-mermaid-error') || {}).textContent || ''}))""")


def test_mermaid_draws_in_light_and_dark_and_isolates_a_broken_diagram(site, page):
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url) if "mermaid.min.js" in req.url else None)
    page.emulate_media(color_scheme="light")
    page.goto(site + "2024/03/01/tags/")
    for figure in page.locator("figure.qp-mermaid").all():
        figure.scroll_into_view_if_needed()
    page.wait_for_function(DRAWN, timeout=30000)
    light = diagrams(page)
    assert [d["state"] for d in light] == ["drawn", "failed", "drawn"]
    assert "Kettle" in light[0]["svg"] and "Ann" in light[2]["svg"]
    assert light[1]["error"].startswith("This diagram could not be drawn:")
    assert page.locator(".qp-mermaid-error").get_attribute("role") == "alert"
    page.evaluate("""() => { document.documentElement.setAttribute('data-theme', 'dark');
        window.dispatchEvent(new CustomEvent('qp:themechange', {detail: {theme: 'dark'}})); }""")
    page.wait_for_function("""() => Array.from(document.querySelectorAll('figure.qp-mermaid[data-qp-state="drawn"]'))
        .every(f => f.getAttribute('data-qp-theme') === 'dark')""", timeout=30000)
    dark = diagrams(page)
    assert dark[0]["state"] == "drawn" and dark[0]["svg"] != light[0]["svg"]
    assert dark[2]["svg"] != light[2]["svg"]
    assert len(requested) == 1  # the library is fetched once
    assert [p for p in page.problems if "mermaid" not in p.lower()] == []


def test_pages_without_diagrams_never_fetch_mermaid(site, page):
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url) if "mermaid" in req.url else None)
    page.goto(site + "2024/03/02/far/")
    page.wait_for_load_state("load")
    assert requested == []


def test_embeds_load_only_when_scrolled_near(site, page):
    loaded: list[str] = []

    def player(route):
        loaded.append(route.request.url)
        route.fulfill(body="<!doctype html><title>player</title>", content_type="text/html")

    page.route("https://www.youtube.com/**", player)
    page.route("https://player.bilibili.com/**", player)
    page.goto(site + "2024/03/02/far/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert loaded == []
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_function("() => true")
    page.wait_for_timeout(1000)
    assert any("youtube.com/embed/dQw4w9WgXcQ" in url for url in loaded)
    assert any("player.bilibili.com" in url for url in loaded)
    assert not [p for p in page.problems if "request failed" in p]


FILLER = "\n\n".join(f"Filler paragraph {n}, so the tabs are below the first screen." for n in range(60))
LINKED_TABS = f"""---
title: Linked tabs
date: 2024-03-03
---
[The second tab](#tab-one-2) and [the inner second tab](#inner-2).

{FILLER}

{{% tabs Tab one %}}
<!-- tab -->
Panel one.
<!-- endtab -->
<!-- tab -->
Panel two.

{{% subtabs Inner %}}
<!-- tab -->
Inner one.
<!-- endtab -->
<!-- tab -->
Inner two.
<!-- endtab -->
{{% endsubtabs %}}
<!-- endtab -->
<!-- tab -->
Panel three.
<!-- endtab -->
{{% endtabs %}}

{FILLER}
"""
# The text is shown, and within the window.
IN_VIEW = """text => { const node = [...document.querySelectorAll('.tt-tab-panel > p')]
    .find(p => p.textContent === text);
    const box = node.getBoundingClientRect();
    return node.checkVisibility() && box.top >= 0 && box.bottom <= innerHeight; }"""


def test_a_link_to_a_tab_opens_it_and_scrolls_to_it(make_blog, page):
    """NexT's tab permalinks (`#tab-one-2`, the id NexT gives the tab) opened nothing: the
    tab is a hidden panel, so the page stayed at its top with the first tab open. Coming
    from outside and from a link on the page, at 1280 and 375 px, the tab opens, with the
    tab it is inside, and is in view."""
    blog = make_blog(files={"content/_posts/linked.md": LINKED_TABS})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    post_url = url + "2024/03/03/linked/"
    try:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 700})
            arrive(page, post_url + "#tab-one-2", url)
            page.wait_for_function(IN_VIEW, arg="Panel two.")
            assert not visible(page, "Panel one.")
            arrive(page, post_url + "#inner-2", url)
            page.wait_for_function(IN_VIEW, arg="Inner two.")
            page.goto(post_url)
            page.click("text=The second tab")
            page.wait_for_function(IN_VIEW, arg="Panel two.")
        assert page.problems == []
    finally:
        server.shutdown()


def _tab_group(name: str, *texts: str) -> str:
    """`{% tabs name %}` with one untitled tab per text."""
    parts = "".join(f"<!-- tab -->\n{text}\n<!-- endtab -->\n" for text in texts)
    return f"{{% tabs {name} %}}\n{parts}{{% endtabs %}}\n\n"


HEADED_TABS = ("---\ntitle: Headed tabs\ndate: 2024-03-04\n---\n## Tab one\n\n"
               f"The heading takes the group's name.\n\n{FILLER}\n\n"
               + _tab_group("Tab one", "Panel one.", "Panel two.", "Panel three.")
               + _tab_group("100% done", "Half.", "Whole.") + FILLER + "\n")


def test_a_tab_link_lands_on_its_tab_past_a_heading_and_a_percent_sign(make_blog, page):
    """`#tab-one-2` (NexT's link to the second tab) led to the group itself once a heading
    `Tab one` had taken the group's id (the group was renumbered `tab-one-2`), and a `%` in
    a group's name (`#100%-done-2`) made tabs.js's decodeURIComponent throw: neither tab
    opened. Both open now and are in view; the heading keeps `#tab-one`."""
    blog = make_blog(files={"content/_posts/headed.md": HEADED_TABS})
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    post_url = url + "2024/03/04/headed/"
    try:
        arrive(page, post_url + "#tab-one-2", url)
        page.wait_for_function(IN_VIEW, arg="Panel two.")
        assert not visible(page, "Panel one.")
        assert page.evaluate("document.getElementById('tab-one').tagName") == "H2"
        arrive(page, post_url + "#100%-done-2", url)
        page.wait_for_function(IN_VIEW, arg="Whole.")
        assert not visible(page, "Half.")
        assert page.problems == []
    finally:
        server.shutdown()


def test_a_diagram_drawn_dark_prints_in_the_light_theme(site, page):
    """Paper is white: a diagram drawn in the dark theme (light lines and text on a dark
    fill, the page's dark background left out by printing) prints its default-theme copy."""
    page.emulate_media(color_scheme="dark")
    page.goto(site + "2024/03/01/tags/")
    page.locator("figure.qp-mermaid").first.scroll_into_view_if_needed()
    page.wait_for_function("""() => document.querySelector('figure.qp-mermaid .qp-mermaid-print svg')""",
                           timeout=60000)  # the library, then two drawings: slow on a busy machine
    shown = """() => Array.from(document.querySelector('figure.qp-mermaid').querySelectorAll('svg'))
      .filter(svg => svg.getBoundingClientRect().width > 0).map(svg => svg.outerHTML)"""
    [on_screen] = page.evaluate(shown)
    page.emulate_media(media="print", color_scheme="dark")
    [printed] = page.evaluate(shown)
    page.emulate_media(media="screen", color_scheme="light")
    page.evaluate("""() => window.dispatchEvent(new CustomEvent('qp:themechange', {detail: {theme: 'light'}}))""")
    page.wait_for_function("""() => document.querySelector('figure.qp-mermaid').getAttribute('data-qp-theme') === 'light'""",
                           timeout=30000)
    [light] = page.evaluate(shown)
    assert printed != on_screen and "Kettle" in printed
    # the printed copy is the light drawing (ids aside, each render has its own)
    assert re.sub(r"qp-mermaid-\d+", "id", printed) == re.sub(r"qp-mermaid-\d+", "id", light)
    assert page.locator(".qp-mermaid-print").count() == 0  # drawn light: no copy needed
