"""hexo-markmap's mind map (met on a NexT blog built against Hexo, stop 23): with no script,
its outline is shown as nested lists, not as a code block of Markdown source."""

from __future__ import annotations

import json

from _tags_html import parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"

MAP = """{% markmap 320px %}
---
markmap:
  colorFreezeLevel: 2
---
# Kitchen
## Tools
- knife
- pan
## Habits
### Morning
Wash up first.
```sh
make tea
```
{% endmarkmap %}

## A real heading
"""


def test_a_mind_map_is_an_outline_of_nested_lists(make_blog):
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + MAP})
    warned = [str(w) for w in build_ok(blog).problems.warnings]
    page = parse(blog.read(URL))
    tree = page.find("div", "tt-markmap")
    top = tree.find("ul").find("li")
    assert top.parts[0].strip() == "Kitchen"
    tools, habits = [li for li in top.find("ul").parts if not isinstance(li, str)]
    assert [li.text for li in tools.find_all("li")] == ["knife", "pan"]
    morning = habits.find("li")
    assert "Wash up first." in morning.text and morning.find("code").text.strip() == "make tea"
    assert "colorFreezeLevel" not in tree.text  # the map's own options are not shown
    assert [h.text for h in page.find_all("h2")] == ["A real heading"]  # none from the map
    assert [w for w in warned if "markmap" in w and "outline" in w]


def test_headings_nest_by_rank_and_keep_a_hash_in_their_words(make_blog):
    """A map that starts below `#` or skips levels nests each heading under the one above it,
    as markmap draws it (it was indented past its parent: a code block of `- …` lines), and
    `C#` keeps its `#` (only a spaced run of `#` closes a heading)."""
    text = ("{% markmap %}\n### Languages\n###### Learn C# ##\n- pointers\n#### Tools\n"
            "{% endmarkmap %}\n")
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    build_ok(blog)
    tree = parse(blog.read(URL)).find("div", "tt-markmap")
    assert not tree.find_all("pre")
    top = tree.find("ul").find("li")
    assert top.parts[0].strip() == "Languages"
    learn, tools = [li for li in top.find("ul").parts if not isinstance(li, str)]
    assert learn.parts[0].strip() == "Learn C#"
    assert [li.text for li in learn.find_all("li")] == ["pointers"]
    assert tools.text.strip() == "Tools"


def test_a_map_indented_in_a_list_item_is_still_an_outline(make_blog):
    """A map written inside a list item has its lines indented with the item: Hexo strips that
    indent from every tag's body, so its headings and options are read as at the margin
    (they were page headings, the options shown as text)."""
    text = ("- A plan:\n\n  {% markmap %}\n  ---\n  markmap:\n    maxWidth: 300\n  ---\n"
            "  # Trip\n  ## Maps\n  {% endmarkmap %}\n")
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    build_ok(blog)
    page = parse(blog.read(URL))
    tree = page.find("div", "tt-markmap")
    assert "maxWidth" not in tree.text
    top = tree.find("ul").find("li")
    assert top.parts[0].strip() == "Trip"
    assert top.find("ul").find("li").text.strip() == "Maps"
    assert not page.find_all("h1") + page.find_all("h2")


def test_a_formula_in_a_mind_map_is_drawn_on_a_blog_that_set_up_no_math(make_blog):
    """hexo-markmap draws a node's `$…$` with KaTeX when Hexo builds the page, whatever the
    theme loads (a real blog's map showed the quadratic formula drawn, its theme's MathJax off);
    the post's `$…$` outside the map stays as written, as Hexo shows it there."""
    blog = make_blog(config={"theme": "plain"}, files={
        "package.json": json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-markmap": "^1.2.5"}}),
        "themes/plain/_config.yml": "mathjax:\n  enable: false\n",
        "themes/plain/layout/post.ejs": "<article><%- page.content %></article>\n",
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\n---\nPay $5 or $6.\n\n"
                               "{% markmap %}\n# Roots\n- KaTeX - $x^2 = 4$\n{% endmarkmap %}\n"})
    build_ok(blog)
    page = parse(blog.read(URL))
    tree = page.find("div", "tt-markmap")
    assert [note.text.strip() for note in tree.find_all("annotation")] == ["x^2 = 4"]
    assert "$x^2 = 4$" not in tree.text
    assert "Pay $5 or $6." in page.text
