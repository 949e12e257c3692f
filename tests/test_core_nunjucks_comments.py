"""Nunjucks comments `{# … #}` outside code are left out of the page, as Hexo leaves them out.

Found on a real blog moved from Jekyll: a post kept the remains of its Liquid template as
Nunjucks comments, one a line above a table; Hexo showed none of them, QuillPress showed them
all as text. What Hexo 7.3 made of each fixture below was checked by building it (with the
same text) beside QuillPress, not at test time; in code QuillPress keeps what Hexo took out
(its tag engine reads code spans and indented code too), by the project's choice, and a `{#`
never closed stays text (Hexo's build stops on it).
"""

from __future__ import annotations

from typing import Any

import pytest

from _tags_html import Element, body
from conftest import build_ok


def _render(make_blog: Any, text: str, front: str = "", config: dict[str, Any] | None = None,
            renderer: str | None = None) -> Element:
    files = {"content/_posts/a.md": f"---\ntitle: A\ndate: 2024-03-01\n{front}---\n{text}"}
    if renderer:
        files["package.json"] = f'{{"dependencies": {{"hexo": "^7.3.0", "{renderer}": "*"}}}}'
    blog = make_blog(config=config, files=files)
    build_ok(blog)
    return body(blog.read("2024/03/01/a/index.html"))


def _texts(page: Element, tag: str = "p") -> list[str]:
    return [element.text for element in page.find_all(tag)]


def test_a_comment_in_the_text_is_left_out(make_blog: Any) -> None:
    page = _render(make_blog, "Before {# a note #}after.\n\nOne {# a\nnote #} two.\n\n"
                              "## Title {# note #}\n\n- item {# x #}\n- next\n\n"
                              "| a | b |\n|---|---|\n| c {# d #} | e |\n")
    assert _texts(page) == ["Before after.", "One  two."]
    heading = page.find("h2")
    assert heading.text.strip() == "Title" and heading.attrs["id"] == "title"
    assert _texts(page, "li") == ["item ", "next"]
    assert [cell.strip() for cell in _texts(page, "td")] == ["c", "e"]
    assert "#}" not in page.text


def test_a_comment_over_whole_lines_leaves_nothing_not_even_its_markdown(make_blog: Any) -> None:
    page = _render(make_blog, "First line\n{# between #}\nSecond line\n\nAbove.\n\n{# Draft:\n\n"
                              "## Not a heading\n\nstill hidden #}\n\nBelow.\n")
    # The comment line ends the paragraph, as the blank line Hexo leaves in its place does.
    assert _texts(page) == ["First line", "Second line", "Above.", "Below."]
    assert page.find_all("h2") == [] and "hidden" not in page.text


def test_code_raw_and_an_unclosed_brace_keep_it(make_blog: Any) -> None:
    page = _render(make_blog, "Code `{# kept #}` span.\n\n```\n{# fenced #}\n```\n\n"
                              "    {# indented #}\n\n{% raw %}{# raw #}{% endraw %}\n\n"
                              "An open {# brace stays.\n")
    assert page.find("p").find("code").text == "{# kept #}"
    assert [code.text.strip() for code in page.find_all("pre")] == ["{# fenced #}", "{# indented #}"]
    assert "{# raw #}" in page.text
    assert _texts(page)[-1] == "An open {# brace stays."


@pytest.mark.parametrize(("front", "config", "renderer", "kept"), [
    ("disableNunjucks: true\n", None, None, True),
    ("", {"marked": {"disableNunjucks": True}}, "hexo-renderer-marked", True),
    ("", {"markdown": {"disableNunjucks": True}}, "hexo-renderer-markdown-it", True),
    ("disableNunjucks: false\n", {"marked": {"disableNunjucks": True}}, "hexo-renderer-marked",
     False),
    ("", {"marked": {"disableNunjucks": True}}, "hexo-renderer-markdown-it", False),
])
def test_where_hexo_s_tag_engine_does_not_run_it_stays(
        make_blog: Any, front: str, config: dict[str, Any] | None, renderer: str | None,
        kept: bool) -> None:
    page = _render(make_blog, "Shown {# as written #}.\n", front, config, renderer)
    assert _texts(page) == ["Shown {# as written #}." if kept else "Shown ."]


def test_lines_named_after_a_multi_line_comment_are_still_right(make_blog: Any) -> None:
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-03-01\n---\n"
                            "{# one\ntwo\n\nthree #}\n\n{% nosuchtag %}\n"})
    result = build_ok(blog)
    warned = [str(w) for w in result.problems.warnings if "nosuchtag" in str(w)]
    assert len(warned) == 1 and "content/_posts/a.md:10" in warned[0], warned
