"""A code fence inside HTML with no blank line around it is a code block, as on Hexo, which
makes code blocks of fences before its renderer reads the post (found on the Minos theme's
own "about" page, a grid of `<div>`s each holding a fence, and on a post showing a `<form>`'s
code under the live form: both showed backticks, and the second a second live form)."""

from __future__ import annotations

from _tags_html import parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str):
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    result = build_ok(blog)
    return [str(w) for w in result.problems.warnings], parse(blog.read(URL))


def test_fences_in_a_grid_of_divs_are_code_blocks(make_blog):
    _, page = build(make_blog, '<div class="grid">\n  <div class="cell">\n    <b>site.yml</b>\n'
                               "```yaml\nmenu:\n  Home: /\n```\n"
                               '<img src="/menu.png">\n  </div>\n</div>\n')
    assert "```" not in page.text
    cell = page.find("div", "cell")
    code = cell.find("figure", "code-block")
    assert code.attrs["data-lang"] == "yaml"
    assert code.find("code").text == "menu:\n  Home: /\n"
    assert [p.tag for p in cell.parts if not isinstance(p, str)] == ["b", "figure", "img"]


def test_html_in_a_fence_under_a_form_is_shown_as_code_not_drawn(make_blog):
    _, page = build(make_blog, '<form class="live">\n  <input name="colour">\n</form>\n'
                               "Every box shares one name.\n"
                               '```html\n<form class="shown">\n  <input name="colour">\n</form>\n```\n'
                               "\nAfter.\n")
    assert len(page.find_all("form")) == 1  # the live one; the other is code
    assert '<form class="shown">' in page.find("figure", "code-block").text
    assert page.find_all("p")[-1].text == "After."


def test_a_blank_line_in_the_code_does_not_end_the_html_around_it(make_blog):
    _, page = build(make_blog, "<details>\n<summary>Both</summary>\n"
                               "```python\ndef first():\n    pass\n\n\ndef second():\n    pass\n```\n"
                               "</details>\n\nAfter the fold.\n")
    fold = page.find("details")
    code = fold.find("figure", "code-block").find("code").text
    assert code == "def first():\n    pass\n\n\ndef second():\n    pass\n"
    assert [p.text for p in page.find_all("p")] == ["After the fold."]
    assert "```" not in page.text


def test_a_tag_inside_a_fence_in_html_is_code_and_a_tag_pair_keeps_its_fence(make_blog):
    _, page = build(make_blog, '<div class="doc">\n```\n{% label shown %}\n```\n</div>\n\n'
                               '<section>\n{% hideToggle Code %}\n```js\nlet x = 1;\n```\n'
                               "{% endhideToggle %}\n</section>\n")
    doc = page.find("div", "doc")
    assert doc.find("code").text == "{% label shown %}\n"
    assert not doc.find_all("mark")
    fold = page.find("section").find("details")
    assert fold.find("figure", "code-block").find("code").text == "let x = 1;\n"


def test_a_fence_in_html_is_named_at_its_own_line(make_blog):
    warned, _ = build(make_blog, "<div>\n<p>Intro</p>\n```js mark:x\nlet x = 1;\n```\n</div>\n")
    assert any("t.md:8:" in w and "mark:x" in w for w in warned), warned
