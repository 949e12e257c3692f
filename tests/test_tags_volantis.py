"""Volantis's own tag forms (its documentation site, stop 41): on a Volantis blog the button
takes its title before its URL, a link card's URL may be a page beside this one, and its
menus, titled notes, tables, link rows and frames show their content. On other blogs those
names keep their meaning there (the button's URL first) or stay unknown tags."""

from __future__ import annotations

import pytest

from conftest import build_ok
from _tags_html import parse
from test_tags_other_themes import URL, build as build_on


def build(make_blog, text: str, theme: str = "volantis"):
    """(warnings, page) of one post on a Volantis blog, or on `theme`'s."""
    return build_on(make_blog, text, theme)


def test_volantis_buttons_take_the_title_before_the_url(make_blog):
    warned, page = build(make_blog, (
        "A {% btn Home, / %} in a line.\n\n"
        "{% btn regular, Sample shop, https://example.org/shop, fas fa-store %}\n\n"
        "{% btn Get the code, /code/, fas fa-download %}\n\n"
        "{% btn solid center large, Start here, /start/ %}\n\n"
        "{% btn regular, No link yet,, fas fa-rss %}\n"))
    buttons = page.find_all("a", "tt-btn")
    assert [(b.text, b.attrs.get("href")) for b in buttons] == [
        ("Home", "/"), ("Sample shop", "https://example.org/shop"), ("Get the code", "/code/"),
        ("Start here", "/start/"), ("No link yet", None)]
    assert "tt-btn-outline" in buttons[1].classes
    assert {"tt-btn-center", "tt-btn-larger"} <= set(buttons[3].classes)
    assert not [w for w in warned if "btn" in w]


def test_other_blogs_keep_the_url_first_button(make_blog):
    _, page = build(make_blog, "{% btn /about/, About me %}\n", theme="next")
    button = page.find("a", "tt-btn")
    assert (button.text, button.attrs["href"]) == ("About me", "/about/")


def test_a_volantis_link_card_may_lead_to_a_page_beside_this_one(make_blog):
    warned, page = build(make_blog, "{% link Buttons, buttons %}\n")
    card = page.find("a", "hexo-link-card")
    assert card.attrs["href"] == "buttons" and card.find("strong").text == "Buttons"
    assert not [w for w in warned if "{% link %}" in w]


def test_a_drop_down_menu_shows_its_links_in_a_fold(make_blog):
    items = ["Install, /install/, fas fa-download", "hr"]
    warned, page = build(make_blog, "{% menu Read, the guide, today %}\n"
                         + "".join(f"{{% menuitem {item} %}}\n" for item in items)
                         + "{% submenu Questions?, fas fa-question %}\n{% menuitem FAQ, /faq/ %}\n"
                         + "{% endsubmenu %}\n{% endmenu %}\n")
    menu = page.find("div", "tt-menu")
    fold = menu.find("details")
    assert fold.find("summary").text == "the guide"
    assert menu.text.startswith("Read ") and menu.text.endswith(" today")
    links = [(a.text, a.attrs["href"]) for a in fold.find_all("a")]
    assert links == [("Install", "/install/"), ("FAQ", "/faq/")]
    assert fold.find("li", "tt-menu-rule") is not None
    inner = fold.find("ul").find("details")
    assert inner.find("summary").text == "Questions?" and inner.find("a").text == "FAQ"
    assert "{%" not in page.text
    assert not [w for w in warned if "unknown tag" in w]


def test_note_blocks_tables_link_rows_and_frames_show_their_content(make_blog):
    warned, page = build(make_blog, (
        "{% noteblock idea, A tip %}\nWater the **plants**.\n{% endnoteblock %}\n\n"
        "{% table %}\n| Key | Meaning |\n| --- | --- |\n| a | first |\n{% endtable %}\n\n"
        "{% linkgroup %}\n{% link Docs, https://example.org/docs %}\n"
        "{% link Blog, https://example.org/blog %}\n{% endlinkgroup %}\n\n"
        "{% frame phone | img=/images/shot.png | alt=A shot %}\n\n"
        "{% frame phone | img=/images/cover.png | video=/media/clip.mp4 | part=top %}\n"))
    note = page.find("div", "note")
    assert note.find(None, "note-title").text == "A tip" and note.find_all("strong")[-1].text == "plants"
    assert [td.text for td in page.find("div", "tt-table").find_all("td")] == ["a", "first"]
    row = page.find("div", "tt-linkgroup")
    assert [a.attrs["href"] for a in row.find_all("a", "hexo-link-card")] == [
        "https://example.org/docs", "https://example.org/blog"]
    image = page.find("img", "tt-frame")
    assert (image.attrs["src"], image.attrs["alt"]) == ("/images/shot.png", "A shot")
    video = page.find("video")
    assert (video.attrs["src"], video.attrs["poster"]) == ("/media/clip.mp4", "/images/cover.png")
    assert not [w for w in warned if "unknown tag" in w]


def test_volantis_names_are_unknown_tags_elsewhere(make_blog):
    warned, page = build(make_blog, "{% menu Guide %}\nText of the menu.\n{% endmenu %}\n",
                         theme="next")
    assert not page.find_all("div", "tt-menu")
    assert "Text of the menu." in page.text
    assert [w for w in warned if "unknown tag {% menu %}" in w]


SITES = """demo:
  title: Demo **sites**
  items:
    - {title: Harbour notes, url: https://harbour.example.org/, avatar: /img/harbour.png,
       description: Tide tables, screenshot: /img/shot.png}
    - {title: No address}
others:
  items:
    - {title: Kiln log, url: https://kiln.example.org/}
fetched:
  api: https://api.example.org
  repo: someone/site-list
"""


def test_volantis_sites_shows_its_data_files_groups_as_link_cards(make_blog):
    """`{% sites %}` draws the groups of `_data/sites.yml` (`only:`, `not:` pick them); it was
    an unknown tag, shown as nothing on Volantis's own blog. A group Volantis fetches from a
    web API as the page loads links to its repository, with a warning."""
    blog = make_blog(config={"theme": "volantis"}, files={
        "content/_data/sites.yml": SITES,
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\n---\n"
                               "{% sites only:demo,fetched %}\n\n{% sites not:demo,fetched %}\n"})
    result = build_ok(blog)
    page = parse(blog.read(URL))
    first, second = page.find_all("div", "tt-links")
    cards = first.find_all("a")
    assert [(a.attrs["href"], a.find("strong").text) for a in cards[:1]] == [
        ("https://harbour.example.org/", "Harbour notes")]
    assert first.find("p", "tt-link-group").find("strong").text == "sites"
    assert cards[-1].attrs["href"] == "https://github.com/someone/site-list"
    assert [a.find("strong").text for a in second.find_all("a")] == ["Kiln log"]
    no_address, fetched = [w for w in result.problems.warnings if "{% sites %}" in w.message]
    assert (fetched.path, fetched.line) == ("content/_posts/t.md", 5)
    assert "'fetched'" in fetched.message and "sites.yml" in (fetched.hint or "")
    assert "1 item(s) of the group 'demo'" in no_address.message


@pytest.mark.parametrize("data, said", [
    (None, "there is no content/_data/sites.yml"),
    ("- a\n- b\n", "sites.yml holds no named groups"),
    ("demo:\n  - {title: A, url: https://a.example.org/}\n", "the group 'demo' is not a mapping"),
    ("demo:\n  items: 5\n", "the items of the group 'demo' are not a list"),
    ("demo:\n  items: {title: A, url: https://a.example.org/}\n", "are not a list"),
    ("demo:\n  items:\n    - {title: A, link: https://a.example.org/}\n", "have no title or no url"),
])
def test_volantis_sites_in_a_shape_it_cannot_show_warns_at_the_tag(make_blog, data, said):
    """A missing or misshapen sites.yml shows no cards, as in Volantis, with one warning at
    the tag saying what was wrong (`items: 5` was a TypeError's text, the rest silence)."""
    files = {"content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\n---\n\n{% sites %}\n"}
    if data is not None:
        files["content/_data/sites.yml"] = data
    result = build_ok(make_blog(config={"theme": "volantis"}, files=files))
    [warning] = [w for w in result.problems.warnings if "sites" in w.message]
    assert (warning.path, warning.line) == ("content/_posts/t.md", 6)
    assert said in warning.message and "failed" not in warning.message
