"""Tags of NexT, Fluid, Butterfly and common plugins: every documented argument form, read
back from the built page's HTML (plugins/theme_tags)."""

from __future__ import annotations

import pytest
from _tags_html import Element, parse
from quillpress.errors import ConfigError
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str, config: dict | None = None):
    blog = make_blog(config=config, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    result = build_ok(blog)
    return result, parse(blog.read(URL))


def warnings(result) -> list[str]:
    return [w.message for w in result.problems.warnings]


def test_labels_in_all_three_forms(make_blog):
    result, page = build(make_blog, """
NexT {% label primary@Primary text %}, Fluid {% label warning @Careful %},
bare {% label @plain %} and Butterfly {% label Colourful green %} {% label Lonely %}.
""")
    marks = page.find_all("mark", "tt-label")
    assert [(m.text, m.classes[1]) for m in marks] == [
        ("Primary text", "tt-primary"), ("Careful", "tt-warning"), ("plain", "tt-default"),
        ("Colourful", "tt-success"), ("Lonely", "tt-default")]
    assert not warnings(result)


def test_buttons_read_icon_title_and_options(make_blog):
    _, page = build(make_blog, """
{% btn https://example.com, Plain %}
{% button /about/, NexT, fa fa-home, Go home %}
{% btn #, Fluid button, A title %}
{% btn https://example.org,Butterfly,far fa-hand-point-right,outline center larger red %}
{% btn javascript:alert(1), Bad %}
""")
    plain, nexty, fluid, fly = page.find_all("a", "tt-btn")
    assert plain.attrs["href"] == "https://example.com" and plain.text == "Plain"
    assert nexty.attrs["href"] == "/about/" and nexty.attrs["title"] == "Go home"
    assert nexty.text == "NexT"  # the icon is dropped, not shown as text
    assert fluid.attrs["title"] == "A title" and fluid.text == "Fluid button"
    assert fly.classes == ["tt-btn", "tt-btn-outline", "tt-btn-center", "tt-btn-larger", "tt-danger"]
    assert "title" not in fly.attrs
    assert page.find("div", "qp-error")  # a script URL is refused in a visible box


def test_button_third_field_follows_the_configured_theme(make_blog):
    _, page = build(make_blog, "{% btn /, Home, home %}\n", {"theme_tags": {"flavour": "next"}})
    assert "title" not in page.find("a", "tt-btn").attrs  # NexT: `home` is an icon


def test_span_p_checkbox_inline_image_and_center_quote(make_blog):
    _, page = build(make_blog, """
A {% span red large, warm **word** %} here.

{% p center logo, Big line %}

{% cb Done, true %}
{% cb Todo, false, true %} inline {% cb checked %}

Smile {% inlineImg /img/smile.png 1.5em %} please.

{% fullimage /img/wide.jpg, A wide view, The bay %}

{% cq %}
Centred *words*.
{% endcq %}
""")
    span = page.find("span", "tt-text")
    assert span.classes == ["tt-text", "tt-red", "tt-large"] and span.find("strong").text == "word"
    para = page.find("p", "tt-text")
    assert para.classes == ["tt-text", "tt-center", "tt-logo"] and para.text == "Big line"
    done, todo = page.find_all("label", "tt-checkbox")
    assert "checked" in done.find("input").attrs and done.text.strip() == "Done"
    assert "checked" not in todo.find("input").attrs
    bare = page.find_all("input", "tt-checkbox")
    assert len(bare) == 1 and "checked" in bare[0].attrs
    image = page.find("img", "tt-inline-img")
    assert image.attrs["src"] == "/img/smile.png" and image.attrs["style"] == "height:1.5em"
    assert image.attrs["alt"] == ""
    wide = page.find("img", "tt-full-image")
    assert (wide.attrs["src"], wide.attrs["alt"], wide.attrs["title"]) == ("/img/wide.jpg", "A wide view", "The bay")
    assert page.find("blockquote", "tt-center-quote").find("em").text == "words"


def test_notes_of_fluid_butterfly_and_redefine(make_blog):
    _, page = build(make_blog, """
{% note secondary %}
Fluid grey.
{% endnote %}

{% note blue fas fa-bullhorn modern %}
Butterfly blue with an icon.
{% endnote %}

{% note red no-icon flat %}
Butterfly red.
{% endnote %}

{% notel green fa-book Reading **list** %}
Redefine's titled note.
{% endnotel %}
""")
    grey, blue, red, titled = page.find_all("div", "note")
    assert grey.classes == ["note", "default"]
    assert blue.classes == ["note", "info"] and blue.text.strip() == "Butterfly blue with an icon."
    assert red.classes == ["note", "danger", "no-icon"]
    assert titled.classes == ["note", "success"]
    assert titled.find("p", "note-title").text == "Reading list"
    assert not page.find_all("details")


def test_butterfly_blog_never_folds_a_note(make_blog):
    _, page = build(make_blog, "{% note orange custom %}\nBody.\n{% endnote %}\n",
                    {"theme": "butterfly"})
    assert page.find("div", "note").classes == ["note", "warning"]
    assert not page.find_all("details")


def test_folds_and_hide_tags_are_details(make_blog):
    _, page = build(make_blog, """
{% fold info @Read **more** %}
Folded text.
{% endfold %}

{% fold @Untoned %}
x
{% endfold %}

{% hideBlock Show it, #4caf50, white %}
Hidden block.
{% endhideBlock %}

{% hideToggle The toggle %}
Toggled *text*.
{% endhideToggle %}

Inline {% hideInline the secret,Reveal,red %} end.
""")
    fold, untoned, block, toggle = page.find_all("details")
    assert fold.classes == ["tt-fold", "tt-info"] and fold.find("summary").text == "Read more"
    assert "open" not in fold.attrs and fold.find("div", "tt-fold-body").text.strip() == "Folded text."
    assert untoned.classes == ["tt-fold", "tt-default"] and untoned.find("summary").text == "Untoned"
    assert block.find("summary").text == "Show it"
    assert block.find("summary").attrs["style"] == "background-color:#4caf50;color:white"
    assert toggle.find("summary").text == "The toggle" and toggle.find("em").text == "text"
    hide = page.find("span", "tt-hide-inline")
    assert hide.find("label", "tt-reveal").text == "Reveal"
    assert hide.find("span", "tt-revealed").text == "the secret"
    assert hide.find("input").attrs["type"] == "checkbox"


def test_colours_that_are_not_plain_css_are_dropped(make_blog):
    _, page = build(make_blog, "{% hideToggle T, red;background:url(x) %}\nx\n{% endhideToggle %}\n")
    assert "style" not in page.find("summary").attrs


def test_spoiler_options(make_blog):
    _, page = build(make_blog, """
Plain {% spoiler the butler did it %}, boxed {% spoiler style:box color:#333 it was **him** %}.

{% spoiler p: style:blur A whole line %}
""")
    plain, boxed, block = page.find_all("label", "tt-spoiler")
    assert plain.classes == ["tt-spoiler", "tt-spoiler-blur"] and plain.text == "the butler did it"
    assert plain.find("input").attrs["aria-label"] == "Reveal spoiler"
    assert boxed.classes == ["tt-spoiler", "tt-spoiler-box"] and boxed.find("strong").text == "him"
    assert boxed.find("span", "tt-spoiler-text").attrs["style"] == "background-color:#333"
    assert "tt-spoiler-block" in block.classes and block.text == "A whole line"


def test_a_spoiler_with_an_end_tag_folds_its_body_as_hexo_sliding_spoiler_does(make_blog):
    # Found by the Hexo oracle on a real blog: 238 folded code blocks showed open, each
    # followed by a literal `{% endspoiler %}`.
    result, page = build(make_blog, """
Before, an inline {% spoiler short secret %} in a sentence.

{% spoiler "Show the code" %}
```python
print("folded")
```
And a **remark**.
{% endspoiler %}

{% spoiler %}
Untitled.
{% endspoiler %}
""")
    inline_spoiler = page.find("label", "tt-spoiler")
    assert inline_spoiler.text == "short secret"
    titled, untitled = page.find_all("details", "tt-sliding-spoiler")
    assert titled.find("summary").text == "Show the code"
    assert "print" in titled.find("pre").text and titled.find("strong").text == "remark"
    assert untitled.find("summary").text == "…" and untitled.find("p").text == "Untitled."
    assert "endspoiler" not in page.text
    assert not warnings(result)


def _tabs(element: Element) -> list[tuple[str, bool, str]]:
    inputs = element.find_all("input", "tt-tab-input")
    labels = element.find_all("label", "tt-tab")
    panels = element.find_all("div", "tt-tab-panel")
    return [(label.text, "checked" in box.attrs, panel.text.strip())
            for box, label, panel in zip(inputs, labels, panels)]


def test_tabs_of_next_and_butterfly(make_blog):
    _, page = build(make_blog, """
{% tabs Demo, 2 %}
<!-- tab First -->
One **bold**.
<!-- endtab -->
<!-- tab Second@fas fa-star -->
Two.
<!-- endtab -->
<!-- tab -->
Three.
<!-- endtab -->
{% endtabs %}

{% tabs Demo %}
<!-- tab @fab fa-apple -->
Only an icon.
<!-- endtab -->
{% endtabs %}

{% tabs none,-1 %}
<!-- tab A -->
a
<!-- endtab -->
{% endtabs %}

{% tabs %}
<!-- tab -->
Unnamed.
<!-- endtab -->
{% endtabs %}
""")
    first, second, none, unnamed = page.find_all("div", "tt-tabs")
    assert _tabs(unnamed) == [("tabs 1", True, "Unnamed.")]
    assert _tabs(first) == [("First", False, "One bold."), ("Second", True, "Two."),
                            ("Demo 3", False, "Three.")]
    # the second group `Demo` was `tabs-demo-2`, the id of the first group's second tab
    assert first.attrs["id"] == "demo" and second.attrs["id"] == "demo-4"
    ids = [e.attrs["id"] for e in page.find_all() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), ids
    names = {i.attrs["name"] for i in first.find_all("input")}
    assert names == {"tabs-demo"}
    for box, label in zip(first.find_all("input"), first.find_all("label")):
        assert label.attrs["for"] == box.attrs["id"]
    assert _tabs(second) == [("Demo 1", True, "Only an icon.")]
    assert _tabs(none) == [("A", False, "a")]



def _tabs_source(args: str, *texts: str) -> str:
    """`{% tabs args %}` with one untitled tab per text."""
    parts = "".join(f"<!-- tab -->\n{text}\n<!-- endtab -->\n" for text in texts)
    return f"{{% tabs {args} %}}\n{parts}{{% endtabs %}}\n\n"


def test_tabs_groups_and_tabs_have_the_ids_next_and_butterfly_give_them(make_blog):
    """NexT's and Butterfly's readers link to a tabs group and to each tab by the ids those
    themes make of its name (`#tab-one`, `#tab-one-2`: NexT's own documentation has eight
    such links); the build found them missing. A second group of the same name keeps its
    ids apart, and the links raise no warning."""
    result, page = build(make_blog, "[The group](#tab-one), [its second tab](#tab-one-2), "
                         "[a tab of a C++ group](#c++-notes-1).\n\n"
                         + _tabs_source("Tab one", "One.", "Two.") + _tabs_source("C++ notes, 1", "Notes.")
                         + _tabs_source("Tab one", "Again."))
    first, plus, again = page.find_all("div", "tt-tabs")
    assert first.attrs["id"] == "tab-one"
    assert [p.attrs["id"] for p in first.find_all("div", "tt-tab-panel")] == ["tab-one-1", "tab-one-2"]
    assert [p.attrs["id"] for p in plus.find_all("div", "tt-tab-panel")] == ["c++-notes-1"]
    ids = [e.attrs["id"] for e in page.find_all() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), ids
    assert again.attrs["id"] != "tab-one"
    assert [p.attrs["id"] for p in again.find_all("div", "tt-tab-panel")] == [again.attrs["id"] + "-1"]
    assert not [w for w in warnings(result) if "anchor" in w], warnings(result)


def test_tabs_named_like_a_heading_leave_the_heading_its_id(make_blog):
    """A heading's id is where the outline and outside links lead; tabs named like it
    (`## Notes` and `{% tabs Notes %}`) gave the group the same id, before or after the
    heading, and the outline's entry led to the tabs (a link takes the first of two ids)."""
    result, page = build(make_blog, _tabs_source("Notes", "One.", "Two.") + "## Notes\n\nText.\n\n"
                         "## Notes 2\n\nMore.\n\n[The heading](#notes)\n")
    ids = [e.attrs["id"] for e in page.find_all() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), ids
    assert [h.attrs["id"] for h in page.find_all("h2")] == ["notes", "notes-2"]
    group = page.find_all("div", "tt-tabs")[0]
    # NexT's ids for its tabs where no heading has them; the group after every one of them
    assert [p.attrs["id"] for p in group.find_all("div", "tt-tab-panel")] == ["notes-1", "notes-2-2"]
    assert group.attrs["id"] == "notes-3"


def test_tab_captions_keep_their_html_and_tags(make_blog):
    """NexT shows a caption as written, HTML and all, and Hexo has drawn a tag in it before
    the tabs see it, so its `@` is no icon separator (found on NexT's own documentation: the
    reader saw `<code>name</code>` and a caption cut to `{% label success`)."""
    result, page = build(make_blog, """
{% tabs Keys %}
<!-- tab <code>name</code> -->
The name.
<!-- endtab -->
<!-- tab {% label success@Latest release %} -->
Stable.
<!-- endtab -->
<!-- tab Icons@fas fa-star -->
Starred.
<!-- endtab -->
{% endtabs %}
""")
    tabs = page.find("div", "tt-tabs")
    assert [text for text, _, _ in _tabs(tabs)] == ["name", "Latest release", "Icons"]
    first, second, _ = tabs.find_all("label", "tt-tab")
    assert first.find("code").text == "name"
    assert second.find("mark", "tt-label").text == "Latest release"
    assert not warnings(result)


def test_tab_captions_show_markdown_marks_as_typed(make_blog):
    """NexT and Butterfly put a caption into the page as it is, so Markdown's marks in it are
    text there: a reader of the blog saw `**Beta**` and `snake_case_key`, and here saw bold
    and a key with its middle in italics."""
    _, page = build(make_blog, """
{% tabs Marks %}
<!-- tab **Beta** -->
b
<!-- endtab -->
<!-- tab _snake_case_key_ and `ticks` -->
s
<!-- endtab -->
{% endtabs %}
""")
    tabs = page.find("div", "tt-tabs")
    assert [text for text, _, _ in _tabs(tabs)] == ["**Beta**", "_snake_case_key_ and `ticks`"]
    assert not [e.tag for e in tabs.find_all("label", "tt-tab")[0].find_all()]
    assert not [e for e in tabs.find_all() if e.tag in ("strong", "em", "code")]

def shows_error(make_blog, text: str, says: str, config: dict | None = None) -> None:
    """The tag stands as a visible error box, and the build warns with `says`."""
    result, page = build(make_blog, text, config)
    assert page.find("div", "qp-error")
    assert any(says in w for w in warnings(result)), warnings(result)


def test_tabs_without_parts_say_how(make_blog):
    shows_error(make_blog, "{% tabs x %}\nno parts\n{% endtabs %}\n", "<!-- tab")


def test_timeline(make_blog):
    _, page = build(make_blog, """
{% timeline 2024,green %}
<!-- timeline January -->
Started **it**.
<!-- endtimeline -->
<!-- timeline March -->
Finished.
<!-- endtimeline -->
{% endtimeline %}
""")
    line = page.find("div", "tt-timeline")
    assert line.classes == ["tt-timeline", "tt-success"]
    assert line.find("p", "tt-timeline-head").text == "2024"
    assert [p.text for p in line.find_all("p", "tt-timeline-title")] == ["January", "March"]
    assert line.find("strong").text == "it"


IMAGES = "\n".join(f"![p{n}](/img/{n}.jpg)" for n in range(1, 6))


@pytest.mark.parametrize("tag, args, rows", [
    ("gp", "5-3", [2, 3]),          # NexT: five pictures, third layout
    ("grouppicture", "5-9", [3, 2]),  # no such layout: rows of three
    ("gi", "5 1-4", [1, 4]),        # Fluid: explicit rows
    ("gi", "5", [3, 2]),            # Fluid's default for five
    ("gi", "5 2-2", [3, 2]),        # rows that do not add up: the default
])
def test_picture_groups_follow_the_layout(make_blog, tag, args, rows):
    _, page = build(make_blog, f"{{% {tag} {args} %}}\n{IMAGES}\n{{% end{tag} %}}\n")
    gallery = page.find("div", "tt-gallery")
    assert [len(r.find_all("img")) for r in gallery.find_all("div", "tt-gallery-row")] == rows
    assert [i.attrs["alt"] for i in gallery.find_all("img")] == ["p1", "p2", "p3", "p4", "p5"]


def test_butterfly_gallery_and_group_cards(make_blog):
    result, page = build(make_blog, f"""
{{% gallery true,10,10 %}}
{IMAGES}
{{% endgallery %}}

{{% gallery url,/data/pics.json %}}
{{% endgallery %}}

{{% galleryGroup 'Trip' 'Three days' '/trip/' /img/cover.jpg %}}
""")
    grid = page.find("div", "tt-gallery-grid")
    assert len(grid.find_all("img")) == 5
    assert page.find("p", "tt-gallery-link").find("a").attrs["href"] == "/data/pics.json"
    assert any("loads its pictures in the browser" in w for w in warnings(result))
    card = page.find("figure", "tt-card")
    assert card.find("a").attrs["href"] == "/trip/" and card.find("strong").text == "Trip"
    assert card.find("img").attrs["src"] == "/img/cover.jpg"


def test_fancybox_inline_and_block(make_blog):
    _, page = build(make_blog, """
{% fancybox /img/big.jpg /img/thumb.jpg A **caption** %}

{% fancybox %}
![a](/img/a.jpg)
![b](/img/b.jpg)
{% endfancybox %}
""")
    figure = page.find("figure", "tt-figure")
    assert figure.find("img").attrs["src"] == "/img/big.jpg"
    assert figure.find("figcaption").find("strong").text == "caption"
    assert len(page.find("div", "tt-gallery-grid").find_all("img")) == 2


def test_link_grid_and_flink(make_blog):
    _, page = build(make_blog, """
{% linkgrid /img/default.png %}
Hexo | https://hexo.io | The framework | /img/hexo.png
% skipped | https://nowhere.example
NoDesc | https://example.com
{% endlinkgrid %}

{% flink %}
- class_name: Friends
  class_desc: People I read
  link_list:
    - name: Ann
      link: https://ann.example
      avatar: /img/ann.png
      descr: Writes about tea
{% endflink %}
""")
    grid, friends = page.find_all("ul", "tt-link-grid")
    links = grid.find_all("a")
    assert [a.attrs["href"] for a in links] == ["https://hexo.io", "https://example.com"]
    assert links[0].find("img").attrs["src"] == "/img/hexo.png"
    assert links[1].find("img").attrs["src"] == "/img/default.png"
    assert links[1].find("span").text == "https://example.com"
    assert page.find("p", "tt-link-group").text == "Friends"
    ann = friends.find("a")
    assert ann.attrs["href"] == "https://ann.example" and ann.find("span").text == "Writes about tea"


def test_flink_with_broken_yaml_names_the_fix(make_blog):
    shows_error(make_blog, "{% flink %}\n- name: [unclosed\n{% endflink %}\n", "not YAML")


def test_video_players(make_blog):
    _, page = build(make_blog, """
{% video /media/clip.mp4 /img/poster.jpg %}

{% dplayer "url=https://example.com/v.mp4" "pic=/img/p.jpg" "loop=yes" "api=https://danmaku.example" %}

{% aplayer "Song" "Singer" /media/song.mp3 /img/cover.jpg narrow "lrc:song.lrc" %}

{% aplayerlist %}
{"narrow": false, "music": [{"title": "A", "author": "B", "url": "/a.mp3"}, {"title": "C", "author": "D", "url": "/c.mp3", "pic": "/c.jpg"}]}
{% endaplayerlist %}
""")
    clip, dplayer = page.find_all("video")
    assert clip.attrs["src"] == "/media/clip.mp4" and clip.attrs["poster"] == "/img/poster.jpg"
    assert clip.attrs["preload"] == "none" and "controls" in clip.attrs
    assert dplayer.attrs["src"] == "https://example.com/v.mp4" and "loop" in dplayer.attrs
    audios = page.find_all("figure", "tt-audio")
    assert [a.find("audio").attrs["src"] for a in audios] == ["/media/song.mp3", "/a.mp3", "/c.mp3"]
    assert audios[0].find("img").attrs["src"] == "/img/cover.jpg"
    assert audios[0].find("figcaption").text == "Song Singer"
    assert all(a.find("audio").attrs["preload"] == "none" for a in audios)
    assert not page.find_all("script")


@pytest.mark.parametrize("tag", [
    '{% video <iframe width="560" height="315" src="https://www.youtube.com/embed/k5X2Hb3tc2s" '
    'frameborder="0" allow="autoplay; encrypted-media" allowfullscreen></iframe> %}',
    "{% video '<iframe height=498 width=510 src=\"https://www.youtube.com/embed/k5X2Hb3tc2s\" "
    "frameborder=0 allowfullscreen></iframe>' %}",
])
def test_video_given_an_iframe_embeds_its_address(make_blog, tag):
    """hexo-tag-video's `{% video <iframe …> %}` shows the pasted player; it was a <video>
    whose source was the word `<iframe`, which plays nothing."""
    result, page = build(make_blog, tag + "\n")
    assert not page.find_all("video")
    frame = page.find("iframe")
    assert frame.attrs["src"] == "https://www.youtube.com/embed/k5X2Hb3tc2s"
    assert frame.attrs["loading"] == "lazy" and frame.attrs["title"]
    assert not warnings(result)


def test_video_given_an_iframe_without_an_address_says_so(make_blog):
    shows_error(make_blog, "{% video <iframe width=560></iframe> %}\n", "no src")


@pytest.mark.parametrize("tag, src", [
    ("{% bilibili 170001 %}", "https://player.bilibili.com/player.html?aid=170001&page=1&autoplay=0"),
    ("{% bilibili av170001 2 %}", "https://player.bilibili.com/player.html?aid=170001&page=2&autoplay=0"),
    ("{% bilibili BV1xx411c7mD %}", "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=1&autoplay=0"),
    ("{% bilibili https://www.bilibili.com/video/BV1xx411c7mD/ %}",
     "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=1&autoplay=0"),
    ("{% youtube dQw4w9WgXcQ %}", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
    ("{% youtube PL1234 playlist %}", "https://www.youtube.com/embed/videoseries?list=PL1234"),
    ("{% youtube dQw4w9WgXcQ video false %}", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("{% youtube https://youtu.be/dQw4w9WgXcQ %}", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
    # Hexo 3 pasted the id into the embed's address, so a time after it worked
    ("{% youtube dQw4w9WgXcQ?t=1m4s %}", "https://www.youtube.com/embed/dQw4w9WgXcQ?start=64"),
    ("{% youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90 %}",
     "https://www.youtube.com/embed/dQw4w9WgXcQ?start=90"),
    ("{% vimeo 82090131 %}", "https://player.vimeo.com/video/82090131"),
    ('{% meting "1234567" "netease" "song" "autoplay" "theme:#ad7a86" %}',
     "https://music.163.com/outchain/player?type=2&id=1234567&auto=0&height=66"),
    ('{% meting "998877" "netease" "playlist" %}',
     "https://music.163.com/outchain/player?type=0&id=998877&auto=0&height=430"),
    ("{% caniuse fetch @ current,past_1 %}",
     "https://caniuse.bitsofco.de/embed/index.html?feat=fetch&periods=current,past_1&accessible-colours=false"),
    ("{% can css-grid %}",
     "https://caniuse.bitsofco.de/embed/index.html?feat=css-grid&periods=current&accessible-colours=false"),
    ("{% pdf https://drive.google.com/file/d/abc123/view %}", "https://drive.google.com/file/d/abc123/preview"),
])
def test_embeds_are_lazy_titled_iframes(make_blog, tag, src):
    _, page = build(make_blog, tag + "\n")
    frame = page.find("iframe")
    assert frame.attrs["src"] == src
    assert frame.attrs["loading"] == "lazy" and frame.attrs["title"]
    assert not page.find_all("script")


@pytest.mark.parametrize("tag, href, words", [
    ("{% twitter https://twitter.com/some_one/status/956407087868862464 %}",
     "https://twitter.com/some_one/status/956407087868862464", "@some_one's post on X (Twitter)"),
    ("{% twitter https://x.com/some_one/status/123?s=20 %}",
     "https://twitter.com/some_one/status/123", "@some_one's post on X (Twitter)"),
    ("{% twitter 956407087868862464 some_one %}",
     "https://twitter.com/some_one/status/956407087868862464", "@some_one's post on X (Twitter)"),
    ("{% instagram BeduoAYHKFY %}", "https://www.instagram.com/p/BeduoAYHKFY/", "A post on Instagram"),
    ("{% instagram https://www.instagram.com/p/BeduoAYHKFY/?tagged=cat %}",
     "https://www.instagram.com/p/BeduoAYHKFY/", "A post on Instagram"),
])
def test_social_posts_are_quoted_links(make_blog, tag, href, words):
    """hexo-tag-twitter's and hexo-tag-instagram's posts, drawn by the sites' scripts: a quoted
    link to the post, no script; they were unknown tags shown as their words."""
    result, page = build(make_blog, tag + "\n")
    link = page.find("blockquote", "tt-social-post").find("a")
    assert (link.attrs["href"], link.text) == (href, words)
    assert not page.find_all("script") and not warnings(result)


@pytest.mark.parametrize("tag", ["{% twitter tweet-url %}", "{% instagram https://example.com/p/x %}"])
def test_social_post_without_an_address_says_how(make_blog, tag):
    shows_error(make_blog, tag + "\n", "no ")


def test_pdf_with_height_links_the_file(make_blog):
    _, page = build(make_blog, "{% pdf /files/paper.pdf 500px %}\n")
    box = page.find("div", "tt-embed-pdf")
    assert box.attrs["style"] == "height:500px" and box.find("iframe").attrs["src"] == "/files/paper.pdf"
    assert page.find("p", "tt-pdf-link").find("a").attrs["href"] == "/files/paper.pdf"


def test_media_with_bad_input_show_an_error_box(make_blog):
    result, page = build(make_blog, """
{% bilibili hello %}

{% youtube <script> %}

{% dplayer "pic=/p.jpg" %}
""")
    assert len(page.find_all("div", "qp-error")) == 3
    assert len(result.problems.warnings) == 3


def test_known_foreign_tags_say_whose_they_are_and_show_their_text(make_blog):
    result, page = build(make_blog, """
{% chartjs 70 %}
<!-- chart -->
{"type": "line"}
<!-- endchart -->
{% endchartjs %}

Fetched at view time: {% meting "60198" "tencent" "playlist" %}
""")
    assert "{%" not in page.text
    assert '{"type": "line"}' in page.find("pre", "tt-foreign").text
    assert "60198 tencent playlist" in page.text
    said = warnings(result)
    assert "{% chartjs %} is Butterfly's Chart.js tag; QuillPress shows its text" in said
    assert any(w.startswith("{% meting %} for tencent playlist is MetingJS's") for w in said)


def test_styles_only_on_pages_with_theme_tags(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-03-01\n---\n{% label info@x %}\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-03-02\n---\nPlain.\n"})
    assert blog.build().ok
    assert "theme-tags.css" in blog.read("2024/03/01/a/index.html")
    assert "theme-tags.css" not in blog.read("2024/03/02/b/index.html")
    assert (blog.public / "theme-tags" / "theme-tags.css").is_file()


def test_tabs_nested_in_a_tab_keep_their_own_parts(make_blog):
    _, page = build(make_blog, """
{% tabs Outer %}
<!-- tab A -->
Outer A.

{% subtabs Inner %}
<!-- tab A1 -->
Inner one.
<!-- endtab -->
<!-- tab A2 -->
Inner two.
<!-- endtab -->
{% endsubtabs %}
<!-- endtab -->
<!-- tab B -->
Outer B.
<!-- endtab -->
{% endtabs %}
""")
    outer, inner = page.find_all("div", "tt-tabs")
    assert [label.text for label in inner.find_all("label", "tt-tab")] == ["A1", "A2"]
    top = [part for part in outer.parts if hasattr(part, "tag") and part.tag == "label"]
    assert [label.text for label in top] == ["A", "B"]
    assert "Inner two." in inner.text and "Outer B." not in inner.text


def test_a_misspelt_flavour_names_its_key_and_the_fix(make_blog):
    blog = make_blog(config={"theme_tags": {"flavour": "nexy"}})
    with pytest.raises(ConfigError) as caught:
        blog.build()
    assert "`theme_tags.flavour` must be one of next, fluid, butterfly" in str(caught.value)
    assert "did you mean next?" in str(caught.value)


def test_tag_plugins_plus_folding_tip_timenode_and_marks(make_blog):
    _, page = build(make_blog, """
{% folding cyan open, Opened **first** %}
Shown at once.
{% endfolding %}

{% folding Plain title %}
Hidden.
{% endfolding %}

{% tip warning faa-horizontal animated-hover %}
Mind the *gap*.
{% endtip %}

{% timeline Log %}
{% timenode 2024-01-02 Start %}
Began.
{% endtimenode %}
{% timenode 2024-02-03 Done %}
Ended.
{% endtimenode %}
{% endtimeline %}

Press {% kbd Ctrl C %}, {% u under %} {% emp dotted %} {% wavy wavy %} {% del gone %}
x{% sup 2 %} H{% sub 2 %}O and {% psw hunter2 %}.
""")
    opened, plain = page.find_all("details")
    assert opened.classes == ["tt-fold", "tt-info"] and "open" in opened.attrs
    assert opened.find("summary").find("strong").text == "first"
    assert "open" not in plain.attrs and plain.find("summary").text == "Plain title"
    tip = page.find("div", "tt-tip")
    assert tip.classes == ["tt-tip", "tt-warning"] and tip.find("em").text == "gap"
    nodes = page.find("div", "tt-timeline").find_all("div", "tt-timenode")
    assert [n.find("p", "tt-timeline-title").text for n in nodes] == ["2024-01-02 Start", "2024-02-03 Done"]
    assert [(m.tag, m.text) for m in page.find_all(cls="tt-mark")] == [
        ("kbd", "Ctrl C"), ("u", "under"), ("em", "dotted"), ("span", "wavy"), ("del", "gone"),
        ("sup", "2"), ("sub", "2")]
    secret = page.find("label", "tt-spoiler")
    assert secret.classes == ["tt-spoiler", "tt-spoiler-box"] and secret.text == "hunter2"


def test_tag_plugins_plus_boxes_and_github_cards(make_blog):
    _, page = build(make_blog, """
{% checkbox red checked, Plus form %}
{% checkbox Fluid form, true %}
{% radio blue, Not chosen %}
{% radio checked, Chosen **one** %}
{% radio Only text %}

{% ghcard volantis-x/hexo-theme-volantis, theme=vue %} {% ghcard xaoxuu %}
""")
    boxes = [(label.find("input").attrs["type"], "checked" in label.find("input").attrs, label.text.strip())
             for label in page.find_all("label", "tt-checkbox")]
    assert boxes == [("checkbox", True, "Plus form"), ("checkbox", True, "Fluid form"),
                     ("radio", False, "Not chosen"), ("radio", True, "Chosen one"), ("radio", False, "Only text")]
    cards = page.find_all("a", "tt-btn")
    assert [(a.attrs["href"], a.text) for a in cards] == [
        ("https://github.com/volantis-x/hexo-theme-volantis", "volantis-x/hexo-theme-volantis"),
        ("https://github.com/xaoxuu", "xaoxuu")]


def test_hexo_github_card_is_a_link_to_the_user_or_repository(make_blog):
    """hexo-github-card's `{% githubCard user:… repo:… %}` (a script drew it from GitHub's API):
    a link, as for `ghcard`; it was an unknown tag shown as its words."""
    result, page = build(make_blog, """
{% githubCard user:octo-cat repo:hello.world align:left %} {% githubCard user:octo-cat width:400 %}
""")
    cards = page.find_all("a", "tt-btn")
    assert [(a.attrs["href"], a.text) for a in cards] == [
        ("https://github.com/octo-cat/hello.world", "octo-cat/hello.world"),
        ("https://github.com/octo-cat", "octo-cat")]
    assert "githubCard" not in page.text and not warnings(result)


def test_hexo_github_card_without_a_user_says_how(make_blog):
    shows_error(make_blog, "{% githubCard repo:x %}\n", "no GitHub user")


def test_tag_plugins_plus_buttons_badges_progress_sites_and_media(make_blog):
    result, page = build(make_blog, """
{% btns circle grid5 %}
{% cell Docs, /docs/, fas fa-book-open %}
{% cell Source, https://example.com/src %}
{% endbtns %}

{% bdage Theme,Butterfly %} {% bdage Source,GitHub,GitHub||,https://github.com/ %}

{% progress 60 green Half **done** %}
{% progress 150 Over the top %}

{% sitegroup %}
{% site Ann, url=https://ann.example, avatar=/img/ann.png, description=Tea notes %}
{% endsitegroup %}

Smile {% inlineimage /img/wave.gif, height=40px %} and {% inlineimage /img/nod.gif %}.

{% videos, 3 %}
{% video /media/a.mp4 %}
{% video /media/b.mp4 %}
{% endvideos %}

{% audio /media/rain.mp3 %}

{% poem Night Rain, An Old Poet %}
Rain on the roof,
a lamp still lit.
{% endpoem %}

{% issues sites | api=https://api.example/issues %}
""")
    row = page.find("div", "tt-btns")
    assert [(a.attrs["href"], a.text) for a in row.find_all("a")] == [("/docs/", "Docs"), ("https://example.com/src", "Source")]
    plain, linked = page.find_all(cls="tt-badge")
    assert plain.tag == "span" and [s.text for s in plain.find_all("span")] == ["Theme", "Butterfly"]
    assert linked.tag == "a" and linked.attrs["href"] == "https://github.com/"
    half, over = page.find_all("label", "tt-progress")
    assert half.classes == ["tt-progress", "tt-success"] and half.find("strong").text == "done"
    assert half.find("progress").attrs["value"] == "60" and over.find("progress").attrs["value"] == "100"
    ann = page.find("ul", "tt-link-grid").find("a")
    assert ann.attrs["href"] == "https://ann.example" and ann.find("span").text == "Tea notes"
    wave, nod = page.find_all("img", "tt-inline-img")
    assert wave.attrs["style"] == "height:40px" and "style" not in nod.attrs
    videos = page.find("div", "tt-videos")
    assert videos.attrs["style"] == "--tt-columns:3" and len(videos.find_all("video")) == 2
    assert page.find("audio", "tt-audio-plain").attrs["preload"] == "none"
    poem = page.find("figure", "tt-poem")
    assert poem.find("strong").text == "Night Rain" and "a lamp still lit." in poem.find("blockquote").text
    assert any(w.startswith("{% issues %} is tag-plugins-plus's") for w in warnings(result))


def test_include_raw_reads_a_source_file_into_the_post(make_blog):
    """NexT's include_raw: the file's Markdown is rendered with the post, HTML passes."""
    blog = make_blog(files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n"
                               "Before.\n\n{% include_raw '/snippets/box.md' %}\n\nAfter.\n",
        "content/snippets/box.md": "A **boxed** word.\n\n<div class=\"kept\">as written</div>\n"})
    result = build_ok(blog)
    page = parse(blog.read(URL))
    assert [p.text for p in page.find_all("p")] == ["Before.", "A boxed word.", "After."]
    assert page.find("strong").text == "boxed"
    assert page.find("div", "kept").text == "as written"
    assert not warnings(result)


def test_include_raw_may_not_leave_the_source_folder(make_blog):
    shows_error(make_blog, "{% include_raw ../_config.yml %}\n", "outside the source folder")


def test_include_raw_of_a_file_that_includes_it_again_is_named_once(make_blog):
    """a.md includes b.md, which includes a.md: the two were drawn into each other until
    Python's recursion limit (~80 copies in the page), with a warning 11 KB long."""
    blog = make_blog(files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n"
                               "{% include_raw /_parts/a.md %}\n",
        "content/_parts/a.md": "Part A.\n\n{% include_raw _parts/b.md %}\n",
        "content/_parts/b.md": "Part B.\n\n{% include_raw /_parts/a.md %}\n"})
    result = build_ok(blog)
    page = parse(blog.read(URL))
    assert [p.text for p in page.find_all("p")] == ["Part A.", "Part B."]
    [box] = page.find_all("div", "qp-error")
    [warning] = warnings(result)
    assert "_parts/a.md → _parts/b.md → _parts/a.md" in warning and len(warning) < 300


def test_shoka_links_inline_and_from_a_file_beside_the_page(make_blog):
    """Shoka's friends cards: `links` holds the YAML list, `linksfile` names a YAML file of
    the source folder; each item's `site` is the card's name, `desc` its line, `image` its
    picture. A later edit of the file rebuilds the page. (Shoka's own: registered for a Shoka
    blog only.)"""
    blog = make_blog(config={"theme": "shoka"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n"
                               "{% links %}\n- site: Tea notes\n  owner: Ann\n  url: https://ann.example\n"
                               "  desc: Brewing logs\n  image: https://ann.example/face.png\n  color: teal\n"
                               "- site: Quiet\n  url:\n{% endlinks %}\n\n"
                               "{% linksfile pals/club.yml %}\n",
        "content/pals/club.yml": "- owner: Bo\n  url: https://bo.example\n  color: red\n"})
    result = build_ok(blog)
    inline_list, file_list = parse(blog.read(URL)).find_all("ul", "tt-link-grid")
    ann = inline_list.find("a")
    assert ann.attrs["href"] == "https://ann.example"
    assert ann.find("strong").text == "Tea notes" and ann.find("span").text == "Brewing logs"
    assert ann.find("img").attrs["src"] == "https://ann.example/face.png"
    assert inline_list.find_all("a")[1].attrs["href"] == "#"  # `url:` left empty
    bo = file_list.find("a")
    assert bo.attrs["href"] == "https://bo.example" and bo.find("strong").text == "Bo"  # no site: the owner
    assert not [w for w in warnings(result) if "not a QuillPress (Jinja2) theme" not in w]
    blog.write("content/pals/club.yml", "- site: Club\n  url: https://club.example\n")
    build_ok(blog)
    assert parse(blog.read(URL)).find_all("ul", "tt-link-grid")[1].find("a").attrs["href"] == "https://club.example"


def test_shoka_linksfile_that_is_missing_or_not_a_list_says_how(make_blog):
    shoka = {"theme": "shoka"}
    shows_error(make_blog, "{% linksfile pals/none.yml %}\n", "no file 'pals/none.yml'", shoka)
    shows_error(make_blog, "{% links %}\nsite: not a list\n{% endlinks %}\n", "must be a YAML list", shoka)


def _plantuml_text(url: str) -> str:
    """The diagram a PlantUML server URL carries (its base64, then raw inflate)."""
    import zlib
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
    code = url.rsplit("/", 1)[1]
    data = bytearray()
    for start in range(0, len(code), 4):
        number = 0
        for char in code[start:start + 4]:
            number = number << 6 | alphabet.index(char)
        data += number.to_bytes(3, "big")
    return zlib.decompressobj(-15).decompress(bytes(data)).decode("utf-8")


def test_plantuml_shows_its_source_as_code_linked_to_the_drawing(make_blog):
    """hexo-tag-plantuml's diagram: the source was read as Markdown (`[Web]` a link, `*`
    emphasis); it is code now, with a link to the same diagram drawn by the PlantUML server."""
    diagram = 'actor 用户 as U\nU -> [Web] : *call*\n[Web] --> U : "ok"'
    result, page = build(make_blog, f"{{% plantuml %}}\n{diagram}\n{{% endplantuml %}}\n")
    box = page.find("div", "tt-plantuml")
    assert box.find("code").text.strip() == diagram
    assert not box.find_all("em") and len(box.find_all("a")) == 1
    link = box.find("p", "tt-plantuml-link").find("a")
    assert link.attrs["href"].startswith("https://www.plantuml.com/plantuml/svg/")
    assert _plantuml_text(link.attrs["href"]) == diagram
    assert not page.find_all("img") and not page.find_all("script")
    assert any("hexo-tag-plantuml" in w for w in warnings(result))
