"""`*[HTML]: Hyper Text Markup Language` where the blog's Hexo renderer runs markdown-it-abbr
(hexo-renderer-markdown-it's `markdown.plugins`; hexo-renderer-markdown-it-plus by default).
Real blogs list it; QuillPress showed the definitions as text and drew no abbreviation. The
expected HTML of each paragraph is what markdown-it 13 with markdown-it-abbr 1.0.4 (npm, as
hexo-renderer-markdown-it 7 ships them) renders for the same text, checked by hand, not at
test time.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import build_ok, post

TEXT = """*[HTML]: Hyper Text Markup Language
*[HTML5]: The fifth one
*[W3C]:  World Wide Web Consortium
*[HTML]: Not this one
*[a\\]b]: Bracket

HTML and HTML5 by the W3C. HTMLX xHTML (HTML) HTML, W3C|W3C.
*[CSS]: Cascading
CSS a]b `HTML` [HTML](/x) **W3C**

*[]: empty

*[Empty]:
"""
EXPECTED = [
    '<abbr title="Hyper Text Markup Language">HTML</abbr> and <abbr title="The fifth one">HTML5'
    '</abbr> by the <abbr title="World Wide Web Consortium">W3C</abbr>. HTMLX xHTML (<abbr '
    'title="Hyper Text Markup Language">HTML</abbr>) <abbr title="Hyper Text Markup Language">'
    'HTML</abbr>, <abbr title="World Wide Web Consortium">W3C</abbr>|<abbr title="World Wide '
    'Web Consortium">W3C</abbr>.',
    '<abbr title="Cascading">CSS</abbr> <abbr title="Bracket">a]b</abbr> <code>HTML</code> '
    '<a href="/x"><abbr title="Hyper Text Markup Language">HTML</abbr></a> <strong><abbr '
    'title="World Wide Web Consortium">W3C</abbr></strong>',
    '*[]: empty',
    '*[Empty]:',
]


def _paragraphs(make_blog: Any, renderer: str, config: dict[str, Any] | None = None) -> list[str]:
    package = json.dumps({"dependencies": {"hexo": "^7.3.0", renderer: "*"}})
    blog = make_blog(config=config, files={"package.json": package,
                                           "content/_posts/a.md": post("Abbr", TEXT)})
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    found = page[page.index('class="post-body"'):]
    return re.findall(r"<p>(.*?)</p>", found, re.S)[:4]


@pytest.mark.parametrize(("renderer", "config"), [
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": ["markdown-it-abbr"]}}),
    ("hexo-renderer-markdown-it-plus", None),
    ("hexo-renderer-multi-markdown-it", None),  # Shoka's: on by default, as in markdown-it-plus
])
def test_abbreviations_are_drawn_as_markdown_it_abbr_draws_them(
        make_blog: Any, renderer: str, config: dict[str, Any] | None) -> None:
    assert _paragraphs(make_blog, renderer, config) == EXPECTED


def test_without_the_plugin_definitions_stay_text(make_blog: Any) -> None:
    shown = _paragraphs(make_blog, "hexo-renderer-markdown-it", {"markdown": {"plugins": []}})
    assert shown[0].startswith("*[HTML]: Hyper Text Markup Language")
    assert not any("<abbr" in html for html in shown)
