"""Nunjucks output `{{ name }}` outside code is written as Hexo's tag engine writes it.

Found on a real blog moved from Jekyll: a post kept its Liquid template's `{{prefix}}…{{suffix}}`
around words; Hexo's Nunjucks, whose variables are the post's own data, wrote nothing for
them, QuillPress showed them as text. A front-matter key, the title and the date are written
as Hexo 7.3 writes them (checked by building the same text with it, not at test time).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from _tags_html import body
from conftest import build_ok

FRONT = "title: Notes\ndate: 2024-03-01 08:30:00\nauthor: Ann <b>B</b>\ncount: 3\n" \
        "flags: [a, true]\nnested: {deep: {name: x}}\n"


def _render(make_blog: Any, text: str, front: str = FRONT, config: dict[str, Any] | None = None,
            hexo: bool = True):
    package = {"package.json": json.dumps({"dependencies": {"hexo": "^7.3.0"}})} if hexo else {}
    blog = make_blog(config={"timezone": "Asia/Shanghai", **(config or {})}, files={
        "content/_posts/a.md": f"---\n{front}---\n{text}", **package})
    result = build_ok(blog)
    return result, body(blog.read("2024/03/01/a/index.html"))


def test_a_name_is_its_value_and_an_unknown_name_nothing(make_blog: Any) -> None:
    result, page = _render(make_blog, (
        "A {{prefix}}word{{ suffix }} and {{ page.title }}.\n\n"
        "By {{ author }}, {{count}} {{ flags }} {{flags[1]}} {{ nested.deep.name }} {{ nested }}.\n\n"
        "Seen: {{ title }} on {{ date }}.\n"))
    first, second, third = page.find_all("p")
    assert first.text == "A word and ."
    assert second.text == "By Ann B, 3 a,true true x [object Object]."
    assert second.find("b").text == "B"  # written as HTML, as Nunjucks writes it (no escaping)
    assert third.text == "Seen: Notes on Fri Mar 01 2024 08:30:00 GMT+0800."
    assert not result.problems.warnings


def test_code_math_raw_and_other_expressions_keep_it(make_blog: Any) -> None:
    result, page = _render(make_blog, (
        "Code `{{ title }}` span.\n\n```\n{{ title }}\n```\n\n{% raw %}{{ title }}{% endraw %}\n\n"
        "A filter {{ title | upper }} and an open {{ brace.\n"))
    assert page.find("p").find("code").text == "{{ title }}"
    assert page.find("pre").text.strip() == "{{ title }}"
    assert "{{ title }}" in page.text
    assert page.find_all("p")[-1].text == "A filter {{ title | upper }} and an open {{ brace."
    [warning] = result.problems.warnings
    assert "{{ title | upper }} is a Nunjucks expression" in warning.message
    assert warning.path == "content/_posts/a.md"


@pytest.mark.parametrize("front,config,hexo,kept", [
    ("disableNunjucks: true\n", None, True, True),
    ("", {"marked": {"disableNunjucks": True}}, True, True),  # Hexo's default renderer: marked
    ("", {"markdown": {"disableNunjucks": True}}, True, False),  # not the blog's renderer
    ("", None, False, True),  # a QuillPress blog: no template engine runs over its posts
])
def test_where_hexo_s_tag_engine_does_not_run_it_stays(
        make_blog: Any, front: str, config: dict[str, Any] | None, hexo: bool, kept: bool) -> None:
    _, page = _render(make_blog, "Shown {{ title }}.\n", FRONT + front, config, hexo)
    assert page.find("p").text == ("Shown {{ title }}." if kept else "Shown Notes.")


LINES = ("Before.\n\n{{ page.title }}\n\nText\n{{ author }} then *this*\nmore *em*\n\n"
         "- {{ count }} in an item\n\n> {{ title }} quoted\n\n"
         "{% raw %}\n{{ title }}\n{% endraw %}\n\n    {{ title }}\n\n$$\n{{ count }}\n$$\n")


def test_a_line_starting_with_a_value_is_raw_html_as_hexo_writes_it(make_blog: Any) -> None:
    """Hexo sets `{{ … }}` aside as an HTML comment before marked runs, so a line starting with
    one is raw HTML: a name not set leaves no empty paragraph, the line ends the paragraph above
    and keeps its Markdown as written (Hexo 7.3's output for the same text, built by hand)."""
    result, page = _render(make_blog, LINES, front=FRONT + "mathjax: true\n")
    assert [p.text for p in page.find_all("p")] == ["Before.", "Text", "more em"]
    assert "Ann B then *this*" in page.text and page.find("b").text == "B"
    assert page.find("li").text.strip() == "3 in an item"
    assert page.find("blockquote").text.strip() == "Notes quoted"
    assert [pre.text.strip() for pre in page.find_all("pre")] == ["{{ title }}"]  # indented code
    assert "{{ title }}" in page.text.replace(page.find("pre").text, "")  # {% raw %} keeps it
    assert page.find("span", "katex") is not None and not result.problems.warnings
