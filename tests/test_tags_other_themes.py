"""Tag forms of Stellar, Redefine and Volantis met in real blogs built against Hexo (stop 21):
each is read as its theme means it, and where the blog's theme is another, with a one-line
warning saying what was assumed; an unknown tag closed by its end tag shows its body."""

from __future__ import annotations

from _tags_html import parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str, theme: str = "landscape"):
    blog = make_blog(config={"theme": theme}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    result = build_ok(blog)
    return [str(w) for w in result.problems.warnings], parse(blog.read(URL))


def test_a_link_that_starts_with_its_url_is_stellars_card(make_blog):
    warned, page = build(make_blog, "{% link https://example.org/maps Old maps icon:x.png desc:true %}\n\n"
                                    "See {% link https://example.org/bare %} too.\n")
    first, second = page.find_all("a", "hexo-link-card")
    assert first.attrs["href"] == "https://example.org/maps"
    assert first.find("strong").text == "Old maps"  # the options are not part of the title
    assert second.text == "https://example.org/bare"  # no title: the URL, once
    assert not page.find_all(cls="qp-error")
    assert [w.split(": ", 1)[0] for w in warned if "Stellar" in w] == ["content/_posts/t.md:6",
                                                                       "content/_posts/t.md:8"]


def test_stellars_own_blog_gets_no_warning_for_its_link(make_blog):
    warned, page = build(make_blog, "{% link https://example.org/maps Old maps %}\n", theme="stellar")
    assert page.find("a", "hexo-link-card").attrs["href"] == "https://example.org/maps"
    assert not [w for w in warned if "link" in w]


def test_buttons_with_double_colons(make_blog):
    _, page = build(make_blog, "{% btn center large::Read the guide::/guide/::fa-solid fa-book %}\n\n"
                               "A small {% btn Start here:: / %} in a line.\n")
    big, small = page.find_all("a", "tt-btn")
    assert (big.text, big.attrs["href"]) == ("Read the guide", "/guide/")
    assert {"tt-btn-center", "tt-btn-larger"} <= set(big.classes)
    assert (small.text, small.attrs["href"]) == ("Start here", "/")


def test_folding_written_the_redefine_and_stellar_ways(make_blog):
    _, page = build(make_blog, "{% folding green::Spare parts %}\nBolts.\n{% endfolding %}\n\n"
                               "{% folding open:true color:red Loose ends %}\nNuts.\n{% endfolding %}\n")
    redefine, stellar = page.find_all("details", "tt-fold")
    assert redefine.find("summary").text == "Spare parts" and "tt-success" in redefine.classes
    assert "open" not in redefine.attrs
    assert stellar.find("summary").text == "Loose ends" and "tt-danger" in stellar.classes
    assert "open" in stellar.attrs


def test_a_note_without_end_is_volantis_one_line_note(make_blog):
    warned, page = build(make_blog, "{% note warning, Keep the **lid** on %}\n"
                                    "{% note Nothing else %}\n\nAfter the notes.\n", theme="volantis")
    first, second = page.find_all("div", "note")
    assert "warning" in first.classes and first.text == "Keep the lid on"
    assert first.find("strong").text == "lid"
    assert second.text == "Nothing else"
    assert page.find_all("p")[-1].text == "After the notes."
    assert not [w for w in warned if "note" in w]


def test_a_note_without_end_elsewhere_warns_what_was_assumed(make_blog):
    warned, page = build(make_blog, "{% note info, Short remark %}\n\n"
                                    "{% note danger %}\nA boxed body.\n{% endnote %}\n", theme="next")
    one_line, boxed = page.find_all("div", "note")
    assert one_line.text == "Short remark" and "info" in one_line.classes
    assert boxed.text.strip() == "A boxed body." and "danger" in boxed.classes
    assert [w for w in warned if "note" in w] == [
        "content/_posts/t.md:6: {% note %} has no {% endnote %}: read as Volantis's one-line "
        "note {% note [style], text %}\n  hint: close it with {% endnote %} for a note with a body"]


def test_an_unknown_tag_with_its_end_tag_shows_its_body(make_blog):
    warned, page = build(make_blog, "{% crate Heading color:blue %}\nPacked **goods**.\n{% endcrate %}\n\n"
                                    "Before {% shine %}bright{% endshine %} after.\n\n"
                                    "{% lonely one %}\n")
    body_texts = [p.text for p in page.find_all("p")]
    assert "Packed goods." in body_texts and "Before bright after." in body_texts
    assert page.find("strong").text == "goods"
    assert "{% lonely one %}" in body_texts  # without an end tag it stays visible, as before
    assert not any("crate" in t or "shine" in t for t in body_texts)
    unknown = sorted((w.split("\n")[0] for w in warned if "unknown tag" in w),
                     key=lambda w: int(w.split(":")[1]))
    assert unknown == [
        "content/_posts/t.md:6: unknown tag {% crate %}…{% endcrate %}: its body is shown as "
        "Markdown without the tags",
        "content/_posts/t.md:10: unknown tag {% shine %}…{% endshine %}: its body is shown as "
        "Markdown without the tags",
        "content/_posts/t.md:12: unknown tag {% lonely %}"]


def test_a_broken_note_opening_does_not_take_the_text_below_as_a_one_line_note(make_blog):
    """`{%note danger}` lacks its `%`: the opening runs on to the next `%}`, lines below. Read
    as a one-line note, it would swallow the list; it stays text, with a warning."""
    warned, page = build(make_blog, "Careful:\n\n{%note danger}\n- first point\n- second point\n"
                                    "{%endnote%}\n")
    assert [li.text.split("\n")[0] for li in page.find_all("li")] == ["first point", "second point"]
    assert not page.find_all("div", "note")
    assert any("endnote" in w for w in warned)


def test_stellars_box_is_a_note_with_its_title(make_blog):
    warned, page = build(make_blog, "{% box Before you start color:yellow %}\nCharge the **battery**.\n"
                                    "{% endbox %}\n\n{% box color:blue %}\nNo title here.\n{% endbox %}\n")
    titled, plain = page.find_all("div", "note")
    assert "warning" in titled.classes and titled.find("p", "note-title").text == "Before you start"
    assert titled.find("strong", None).text == "Before you start"
    assert "Charge the battery." in titled.text
    assert "info" in plain.classes and not plain.find_all("p", "note-title")
    assert plain.text.strip() == "No title here."
    assert not [w for w in warned if "box" in w]


def test_stellars_box_and_redefines_titled_note_draw_the_same_box(make_blog):
    """Two themes' names for one box (`note_box`, shared through the plugin API): the same
    colour, title and body give the same markup, which the default theme styles."""
    _, page = build(make_blog, "{% box Read *this* color:green %}\nFirst.\n{% endbox %}\n\n"
                               "{% notel green Read *this* %}\nFirst.\n{% endnotel %}\n")
    box, notel = page.find_all("div", "note")
    assert box == notel
    assert box.classes == ["note", "success"]
    assert [(e.tag, e.classes) for e in box.find_all()][:3] == [("p", ["note-title"]), ("strong", []), ("em", [])]


def test_a_link_card_with_a_description_before_its_url(make_blog):
    """tag-plugins-plus's and AnZhiYu's `{% link title,description,url[,image] %}` (met on an
    AnZhiYu blog built against Hexo, stop 23): it was an error box."""
    warned, page = build(make_blog, "{% link Tide tables,Times for the whole coast,https://example.org/tides %}\n\n"
                                    "{% link Star map, Night sky charts, https://example.org/sky, /img/sky.png %}\n\n"
                                    "{% link Old maps, https://example.org/maps %}\n", theme="anzhiyu")
    tides, sky, maps = page.find_all("a", "hexo-link-card")
    assert tides.attrs["href"] == "https://example.org/tides"
    assert (tides.find("strong").text, tides.find("small").text) == ("Tide tables", "Times for the whole coast")
    assert sky.attrs["href"] == "https://example.org/sky" and sky.find("img").attrs["src"] == "/img/sky.png"
    assert sky.find("small").text == "Night sky charts"
    assert (maps.attrs["href"], maps.find("small").text) == ("https://example.org/maps", "https://example.org/maps")
    assert not page.find_all(cls="qp-error") and not [w for w in warned if "{% link" in w]


def test_an_image_with_options_after_commas(make_blog):
    """tag-plugins-plus's `{% image url, width=…, alt=… %}` (the same AnZhiYu blog): Hexo's own
    `image` kept the comma in the URL, a broken picture."""
    _, page = build(make_blog, "{% image https://example.org/pier.webp, width=400px, alt=A pier, at dusk %}\n\n"
                               "{% image /img/a.png 300 200 %}\n", theme="anzhiyu")
    pier, plain = page.find_all("img")
    assert pier.attrs["src"] == "https://example.org/pier.webp"
    assert pier.attrs["style"] == "width:400px" and pier.attrs["alt"] == "A pier, at dusk"
    assert page.find("figure", "tt-figure").find("figcaption").text == "A pier, at dusk"
    assert (plain.attrs["src"], plain.attrs["width"], plain.attrs["height"]) == ("/img/a.png", "300", "200")


def test_kratos_rebirths_alerts_folds_and_blur(make_blog):
    """Kratos-Rebirth's tags were unknown: `{% alertbar %}` and `{% blur %}` shown as raw tags,
    `{% alertpanel %}` and `{% collapse %}` bodies without their box (39 warnings on one real
    blog, ArcticLampyrid/blog)."""
    warned, page = build(make_blog, '{% alertbar warning "Update: **moved** to v2." %}\n\n'
                                    "We talk {% blur \"(sadly, by mail)\" %} every week.\n\n"
                                    "{% alertpanel danger Careful %}\nHot *surface*.\n{% endalertpanel %}\n\n"
                                    "{% collapse Details open %}\nThe long part.\n{% endcollapse %}\n\n"
                                    "{% collapse Closed %}\nHidden.\n{% endcollapse %}\n",
                         theme="kratos-rebirth")
    bar, panel = page.find_all("div", "note")
    assert "warning" in bar.classes and bar.find("strong").text == "moved"
    assert bar.text.strip() == "Update: moved to v2."
    assert "danger" in panel.classes and panel.find("p", "note-title").text == "Careful"
    assert panel.find("em").text == "surface"
    hidden = page.find("label", "tt-spoiler")
    assert "tt-spoiler-blur" in hidden.classes and hidden.text == "(sadly, by mail)"
    opened, closed = page.find_all("details", "tt-fold")
    assert opened.find("summary").text == "Details" and "open" in opened.attrs
    assert closed.find("summary").text == "Closed" and "open" not in closed.attrs
    assert "{%" not in page.text and not [w for w in warned if "tag" in w]


ARKNIGHTS_POST = ("{% note Proof open %}\nBody *one*.\n{% endnote %}\n\n"
                  "{% warning %}\nCareful.\n{% endwarning %}\n\n"
                  "{% success Done red fold %}\nFine.\n{% endsuccess %}\n\n"
                  "{% editor cpp vs-dark true 300 minimap:false %}\n#include <cstdio>\n"
                  "int main() { return 0; }\n{% endeditor %}\n\n"
                  "Some {% hide secret **word** %} here.\n")


def test_arknights_admonitions_editor_and_hide(make_blog):
    """Arknights' tags (its scripts/tags): `{% note Title [colour] [open|fold] %}` showed
    "Title open" as a summary, folded; `warning`, `editor` and `hide` were unknown, and the
    editor's C++ was read as Markdown (`#include` a heading): 18 warnings on a real blog
    (weilycoder.github.io)."""
    warned, page = build(make_blog, ARKNIGHTS_POST, theme="arknights")
    proof, careful, done = page.find_all("details", "note")
    assert proof.find("summary").text == "Proof" and "open" in proof.attrs
    assert proof.find("em").text == "one"
    assert careful.find("summary").text == "Warning" and "warning" in careful.classes
    assert "open" not in careful.attrs
    assert done.find("summary").text == "Done" and "danger" in done.classes
    assert "open" not in done.attrs
    [code] = page.find_all("figure", "code-block")
    assert code.attrs["data-lang"] == "cpp" and "#include <cstdio>" in code.find("code").text
    assert not page.find_all("h1")
    assert page.find("label", "tt-spoiler").text == "secret word"
    assert "{%" not in page.text and not [w for w in warned if "tag" in w], warned


def test_a_note_elsewhere_keeps_nexts_summary(make_blog):
    """Outside Arknights `open` is a word of NexT's summary, as before."""
    _, page = build(make_blog, "{% note info Read this open %}\nText.\n{% endnote %}\n")
    note = page.find("details", "note")
    assert note.find("summary").text == "Read this open" and "open" not in note.attrs


def test_arknights_tags_elsewhere_are_unknown_tags(make_blog):
    """Arknights' tags were registered for every blog: a Liquid-style `{% hide %}…{% endhide %}`
    on another theme's blog became an empty spoiler and lost its text, and `{% warning %}` a
    folded box. Hexo without Arknights knows none of them; QuillPress now shows their text
    with the unknown tag's warning, as for any tag no theme or plugin of the blog defines."""
    warned, page = build(make_blog, "{% hide %}\nThe **answer** is 42.\n{% endhide %}\n\n"
                                    "{% warning %}\nCareful.\n{% endwarning %}\n", theme="next")
    assert not page.find_all("label", "tt-spoiler") and not page.find_all("details")
    assert page.find("strong").text == "answer" and "Careful." in page.text
    assert "{%" not in page.text
    assert len([w for w in warned if "unknown tag {% hide %}" in w]) == 1
    assert len([w for w in warned if "unknown tag {% warning %}" in w]) == 1


LINKS = '{% links %}\n[{"title": "Ann", "link": "https://ann.example", "img": "/a.png", "des": "Notes"}]\n{% endlinks %}\n'


def test_nexmoes_links_read_as_nexmoe_writes_them(make_blog):
    """Nexmoe's `{% links %}` holds a JSON list of title, link, img and des; it was read as
    Shoka's YAML list of site, url, image and desc, for every blog: a real Nexmoe blog's
    friends page showed seven empty cards linking to `#`."""
    warned, page = build(make_blog, LINKS, theme="nexmoe")
    [card] = page.find("ul", "tt-link-grid").find_all("a")
    assert card.attrs["href"] == "https://ann.example"
    assert (card.find("strong").text, card.find("span").text) == ("Ann", "Notes")
    assert card.find("img").attrs["src"] == "/a.png"
    assert not [w for w in warned if "links" in w]


ICARUS_POST = ("{% message color:warning 'icon:fas fa-info-circle' 'title:Read *this*' size:small %}\n"
               "Charge the **battery**.\n{% endmessage %}\n\n"
               "{% tabs size:small align:centered %}\n"
               "<!-- tab id:install_npm 'icon:fas fa-cubes' \"title:From npm\" -->\nRun `npm i`.\n<!-- endtab -->\n"
               "<!-- tab id:install_git title:Git active -->\nClone it.\n<!-- endtab -->\n"
               "{% endtabs %}\n")


def test_icarus_messages_and_tabs(make_blog):
    """Icarus's tags (hexo-component-inferno): `{% message %}` was an unknown tag (44
    warnings on Icarus's own site), and its tabs' `id:x "title:Y" active` words were shown
    as each tab's caption, every first tab open."""
    warned, page = build(make_blog, ICARUS_POST, theme="icarus")
    note = page.find("div", "note")
    assert note.classes == ["note", "warning"]
    assert note.find("p", "note-title").text == "Read this" and note.find("em").text == "this"
    assert "Charge the battery." in note.text
    assert [label.text for label in page.find_all("label", "tt-tab")] == ["From npm", "Git"]
    panels = page.find_all("div", "tt-tab-panel")
    assert [p.attrs["id"] for p in panels] == ["install_npm", "install_git"]
    assert [p.text.strip() for p in panels] == ["Run npm i.", "Clone it."]
    assert ["checked" in i.attrs for i in page.find_all("input", "tt-tab-input")] == [False, True]
    assert not [w for w in warned if "tag" in w], warned


def test_icarus_tags_elsewhere_are_nexts_tabs_and_an_unknown_message(make_blog):
    """On another theme's blog the same words are NexT's tabs' captions, as before, and
    `message` an unknown tag with its text."""
    warned, page = build(make_blog, ICARUS_POST, theme="next")
    assert page.find("label", "tt-tab").text.startswith("id:install_npm")
    assert not page.find_all("div", "note") and "Charge the battery." in page.text
    assert len([w for w in warned if "unknown tag {% message %}" in w]) == 1


def test_stellar_tabs_and_timeline_cut_at_each_opening(make_blog):
    """Stellar 1's tabs have no `<!-- endtab -->` (each `<!-- tab caption -->` runs to the
    next) and options as words (`align:left active:2`); its timeline's entries open with
    `<!-- node title -->`. Both were an error box in place of all their text."""
    warned, page = build(make_blog, "{% tabs align:left active:2 %}\n\n<!-- tab Intro -->\n\n"
                                    "Who **writes** here.\n\n<!-- tab Music -->\n\nScores at night.\n"
                                    "\n{% endtabs %}\n\n{% timeline %}\n\n<!-- node Step one -->\n\n"
                                    "Open an issue.\n\n<!-- node Step two -->\n\nWait a day.\n\n"
                                    "{% endtimeline %}\n", theme="stellar")
    assert not page.find_all(cls="qp-error") and not [w for w in warned if "parts" in w]
    assert [label.text for label in page.find_all("label", "tt-tab")] == ["Intro", "Music"]
    panels = page.find_all("div", "tt-tab-panel")
    assert [p.text.strip() for p in panels] == ["Who writes here.", "Scores at night."]
    assert [i.attrs.get("checked") is not None for i in page.find_all("input", "tt-tab-input")] \
        == [False, True]
    assert page.find("div", "tt-tabs").attrs["id"] == "tabs"  # not `align:left`
    entries = page.find("div", "tt-timeline").find_all("li")
    assert [(e.find("p", "tt-timeline-title").text, e.find_all("p")[1].text) for e in entries] \
        == [("Step one", "Open an issue."), ("Step two", "Wait a day.")]
