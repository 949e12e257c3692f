"""Hexo reads `{% tags %}` over a whole post, raw HTML included (found building Butterfly's own
documentation blog against Hexo: a `<div>` around `{% galleryGroup %}` lines showed the tags
as text). Markdown ends at an HTML block, so these are read by a rule of their own."""

from __future__ import annotations

from _tags_html import parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str):
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    result = build_ok(blog)
    return [str(w) for w in result.problems.warnings], blog.read(URL)


def test_tag_lines_inside_a_div_are_drawn(make_blog):
    _, page = build(make_blog, '<div class="albums">\n'
                               "{% galleryGroup 'Harbour' 'Boats at dusk' '/albums/harbour/' /img/boat.png %}\n"
                               "{% galleryGroup 'Hills' 'Walks in spring' '/albums/hills/' /img/hill.png %}\n"
                               "</div>\n")
    assert "{%" not in page
    albums = parse(page).find("div", "albums")
    cards = albums.find_all("figure", "tt-card")
    assert [c.find("strong").text for c in cards] == ["Harbour", "Hills"]
    assert [c.find("a").attrs["href"] for c in cards] == ["/albums/harbour/", "/albums/hills/"]


def test_a_paired_tag_in_html_gets_its_markdown_body(make_blog):
    _, page = build(make_blog, "<section>\n{% hideToggle Spoiler %}\nThe **butler** did it.\n"
                               "{% endhideToggle %}\n</section>\n")
    fold = parse(page).find("section").find("details")
    assert fold.find("summary").text.strip() == "Spoiler"
    assert fold.find("strong").text == "butler"


def test_inline_tag_in_html_and_raw_pairs_and_unknown_names_stay(make_blog):
    _, page = build(make_blog, '<p class="note">Status: {% label done green %}. '
                               "{% raw %}{% label kept %}{% endraw %} {% nosuchtag x %}</p>\n")
    note = parse(page).find("p", "note")
    assert note.find("mark").text == "done"
    assert "{% label kept %}" in note.text  # a raw pair keeps what it wraps as it is
    assert "{% raw %}" not in note.text
    assert "{% nosuchtag x %}" in note.text  # not a tag we know: left as the author wrote it


def test_a_tag_in_a_code_fence_is_still_literal(make_blog):
    _, page = build(make_blog, "```html\n<div>\n{% label fenced %}\n</div>\n```\n")
    assert "{% label fenced %}" in parse(page).find("code").text


def test_a_tag_in_an_html_comment_is_left_alone(make_blog):
    warned, page = build(make_blog, "<!--\n{% asset_img gone.png %}\n-->\n"
                                    '<div class="kept">{% label shown %}</div>\n')
    assert not [w for w in warned if "asset_img" in w]  # Hexo draws it inside the comment: unseen
    assert "<!--\n{% asset_img gone.png %}\n-->" in page
    assert parse(page).find("div", "kept").find("mark").text == "shown"


def test_a_blank_line_in_a_pair_inside_html_does_not_cut_it(make_blog):
    """Hexo sets a tag pair aside before Markdown reads the post, so the blank line between
    two paragraphs of its body does not end the HTML block around it: the pair is drawn, and
    the block goes on to its next blank line."""
    _, page = build(make_blog, "Before the frame.\n\n"
                               '<div class="frame">\n{% blockquote %}\nThe first **thought**.\n\n'
                               "The second thought, after a blank line.\n{% endblockquote %}\n"
                               '<p class="after">Still in the frame.</p>\n</div>\n\n'
                               "After the frame.\n")
    assert "{%" not in page
    frame = parse(page).find("div", "frame")
    quote = frame.find("blockquote")
    assert [p.text for p in quote.find_all("p")] == ["The first thought.",
                                                     "The second thought, after a blank line."]
    assert quote.find("strong").text == "thought"
    assert frame.find("p", "after").text == "Still in the frame."
    assert "After the frame." not in frame.text and "After the frame." in parse(page).text

