"""`++inserted++` and `==marked==` where the blog's Hexo renderer ran markdown-it-ins and
markdown-it-mark (hexo-renderer-markdown-it's `markdown.plugins`; hexo-renderer-markdown-it-plus
by default). Real blogs of both renderers write them; QuillPress showed the pluses and equals
signs as text. The expected HTML of each case is what markdown-it 14 with markdown-it-ins 4 and
markdown-it-mark 4 (npm) renders for it, checked by hand, not at test time.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import build_ok, post

CASES = [
    ("++new++ and ==key==", "<ins>new</ins> and <mark>key</mark>"),
    ("+++a+++", "+<ins>a</ins>+"),
    ("++a ++ b++", "<ins>a ++ b</ins>"),
    ("x++y++z", "x<ins>y</ins>z"),
    ("==**bold** mark==", "<mark><strong>bold</strong> mark</mark>"),
    ("++unclosed", "++unclosed"),
    ("a ++ b", "a ++ b"),
    ("==a ++b++ c==", "<mark>a <ins>b</ins> c</mark>"),
    ("`==code==`", "<code>==code==</code>"),
    ("\\==escaped==", "==escaped=="),
    ("====a====", "<mark><mark>a</mark></mark>"),
    ("[==link==](/x) ==[a](/b)==", '<a href="/x"><mark>link</mark></a> <mark><a href="/b">a</a></mark>'),
    ("++a==b++c==", "<ins>a==b</ins>c=="),
    ("=====a=====", "=<mark><mark>a</mark></mark>="),
    ("~~==s==~~", "<s><mark>s</mark></s>"),
]


def _paragraphs(make_blog: Any, renderer: str, config: dict[str, Any] | None = None) -> list[str]:
    package = json.dumps({"dependencies": {"hexo": "^7.3.0", renderer: "*"}})
    text = "\n\n".join(case for case, _ in CASES)
    blog = make_blog(config=config, files={"package.json": package,
                                           "content/_posts/a.md": post("Marks", text)})
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    found = page[page.index('class="post-body"'):]
    return re.findall(r"<p>(.*?)</p>", found)[:len(CASES)]


@pytest.mark.parametrize(("renderer", "config"), [
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": ["markdown-it-ins", "markdown-it-mark"]}}),
    ("hexo-renderer-markdown-it-plus", None),
    ("@reimujs/hexo-renderer-markdown-it-plus", None),  # a theme's scoped fork reads as its base
])
def test_marks_are_drawn_as_markdown_it_s_plugins_draw_them(
        make_blog: Any, renderer: str, config: dict[str, Any] | None) -> None:
    assert _paragraphs(make_blog, renderer, config) == [html for _, html in CASES]


def test_without_the_plugins_they_stay_text(make_blog: Any) -> None:
    shown = _paragraphs(make_blog, "hexo-renderer-markdown-it", {"markdown": {"plugins": []}})
    assert shown[0] == "++new++ and ==key=="
    assert not any("<ins>" in html or "<mark>" in html for html in shown)
