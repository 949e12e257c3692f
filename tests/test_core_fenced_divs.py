"""pandoc's fenced divs and attributes on blogs rendered by hexo-renderer-pandoc.

Found in Chromium on a real pandoc blog: its theorems and figure panels are fenced divs with
ids, its images carry `{#fig-… width=…}`, and its text links to those ids. QuillPress showed
the fences and braces as text, and every such link was dead. The expected HTML is what pandoc
2.17 writes for the same source (checked by hand, not at test time).
"""

from __future__ import annotations

import json
from typing import Any

from _tags_html import Element, body
from conftest import build_ok, post, serve_folder

POST = """
The lemma below and [the panel](#panel-b) are what we need; [Chart 4](#chart-4) shows it.

::: {#lem-sum .lemma}
Two halves make a whole.

::: proof
Add them.
:::
:::

::::: {.gallery #panel-b} ::::
![Left half](/left.png){width=150}
:::::

![Chart 4: the halves](/chart.png){#chart-4 .wide width=480 caption-style=small}

A [plain link](/tags/){.quiet} and `halves()`{.python} inline.

::: {.note}
```text
:::
```
The colons above are code.
:::

   ::: {.indented}
Text, as pandoc leaves an indented fence.
   :::

::: {#7-bad .x}
Text: an id must start with a letter.
:::

Lines run on
::: {.not-a-div}
inside this paragraph.

::: {.unclosed}
Text, since no line closes it.
"""
FILES = {name: "image bytes\n" for name in ("left.png", "chart.png")}


def _page(make_blog: Any, renderer: str) -> Element:
    """The post's body; on a marked blog its links to the ids pandoc would have made are
    dead, and the build's link check says so."""
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Divs", POST),
                            **{f"content/{name}": text for name, text in FILES.items()}})
    result = build_ok(blog)
    dead = sorted(str(w).split("'")[1] for w in result.problems.warnings)
    assert dead == ([] if renderer == "hexo-renderer-pandoc" else ["#chart-4", "#panel-b"])
    return body(blog.read("2024/01/02/a/index.html"))


def _ids(page: Element) -> dict[str, Element]:
    return {e.attrs["id"]: e for e in page.find_all() if "id" in e.attrs}


def test_fenced_divs_are_divs_with_their_ids_and_classes_and_nest(make_blog: Any) -> None:
    page = _page(make_blog, "hexo-renderer-pandoc")
    ids = _ids(page)
    lemma = ids["lem-sum"]
    assert (lemma.tag, lemma.classes) == ("div", ["lemma"])
    assert lemma.find("p").text == "Two halves make a whole."
    assert lemma.find("div", "proof").find("p").text == "Add them."
    panel = ids["panel-b"]
    assert (panel.tag, panel.classes) == ("div", ["gallery"])
    assert panel.find("img").attrs["width"] == "150"
    note = page.find("div", "note")
    assert note.find("pre").text.strip() == ":::"  # a closing fence in code closes nothing
    assert note.find("p").text == "The colons above are code."
    assert ":::" not in "".join(p.text for p in page.find_all("p")[:4])


def test_a_link_to_an_images_id_lands_on_it_and_its_attributes_are_kept(make_blog: Any) -> None:
    page = _page(make_blog, "hexo-renderer-pandoc")
    links = {a.text: a.attrs["href"] for a in page.find_all("a")}
    assert links["Chart 4"] == "#chart-4" and links["the panel"] == "#panel-b"
    chart = _ids(page)["chart-4"]
    assert chart.tag == "img"
    assert chart.classes == ["wide"] and chart.attrs["width"] == "480"
    assert chart.attrs["data-caption-style"] == "small"  # no HTML attribute: pandoc's data-
    figure = next(f for f in page.find_all("figure") if f.find_all("img")[0] is chart)
    assert figure.find("figcaption").text == "Chart 4: the halves"  # alone: still a figure
    assert page.find("a", "quiet").attrs["href"] == "/tags/"
    assert page.find("code", "python").text == "halves()"
    for braces in ("{width=150}", "{#chart-4", "{.quiet}", "{.python}"):
        assert braces not in page.text


def test_what_pandoc_reads_as_text_stays_text(make_blog: Any) -> None:
    page = _page(make_blog, "hexo-renderer-pandoc")
    texts = [p.text for p in page.find_all("p")]
    assert "::: {.indented}\nText, as pandoc leaves an indented fence.\n:::" in texts
    assert "::: {#7-bad .x}\nText: an id must start with a letter.\n:::" in texts
    assert "Lines run on\n::: {.not-a-div}\ninside this paragraph." in texts
    assert "::: {.unclosed}\nText, since no line closes it." in texts
    assert not page.find_all("div", "indented") and not page.find_all("div", "unclosed")


def test_a_marked_blog_keeps_the_colons_and_braces_as_text(make_blog: Any) -> None:
    page = _page(make_blog, "hexo-renderer-marked")
    assert not page.find_all("div", "lemma") and "lem-sum" not in _ids(page)
    assert "{#chart-4 .wide width=480 caption-style=small}" in page.text


def test_a_readers_click_on_a_figure_link_brings_the_figure_into_view(
        make_blog: Any, page: Any) -> None:
    filler = "\n\n".join(f"Paragraph {n} of the long introduction." for n in range(80))
    text = f"See [Figure 1](#fig-1).\n\n{filler}\n\n::: {{#fig-1 .panel}}\nThe figure.\n:::\n\n{filler}"
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-pandoc": "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Long", text)})
    build_ok(blog)
    page.set_viewport_size({"width": 800, "height": 600})
    server, url = serve_folder(blog.public)
    try:
        page.goto(url + "2024/01/02/a/")
        target = page.locator("#fig-1")
        assert target.bounding_box()["y"] > 600  # below the fold before the click
        page.click("a[href='#fig-1']")
        # the theme scrolls smoothly: wait until the figure has come into the window
        page.wait_for_function("(top => 0 <= top && top < 600)("
                               "document.getElementById('fig-1').getBoundingClientRect().top)",
                               timeout=5000)
        assert page.evaluate("scrollY") > 0 and page.evaluate("location.hash") == "#fig-1"
    finally:
        server.shutdown()
    assert page.problems == []


SIZED = """
![Half](/left.png){width=50%}

![Print](/left.png){width=12cm height=300px}

![Points](/left.png){height=18pt width=auto}

![Styled](/left.png){style="border:0" width=50%}

[A link](/tags/){width=50%}
"""


def test_an_images_width_in_percent_or_units_is_a_style_as_pandoc_writes_it(
        make_blog: Any) -> None:
    """pandoc writes an image's width or height in pixels (`600`, `600px`) as the attribute
    and any other unit as a style: `width="50%"` would be 50 pixels to a browser."""
    package = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-pandoc": "*"}})
    blog = make_blog(files={"package.json": package, "content/_posts/a.md": post("Sized", SIZED),
                            "content/left.png": "image bytes\n"})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    images = {img.attrs["alt"]: img.attrs for img in page.find_all("img")}
    sizes = {alt: {k: v for k, v in attrs.items() if k in ("width", "height", "style")}
             for alt, attrs in images.items()}
    assert sizes == {
        "Half": {"style": "width:50.0%"},
        "Print": {"height": "300", "style": "width:12cm"},
        "Points": {"style": "height:0.25in"},  # `auto` is no size: pandoc drops it
        # pandoc writes a second style attribute, which a browser ignores
        "Styled": {"style": "border:0"}}
    assert page.find("a").attrs["width"] == "50%"  # only images' sizes are read
