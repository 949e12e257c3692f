"""`:smile:`, `H~2~O` and `2^10^` as the blog's Hexo renderer showed them: an emoji, a
subscript, a superscript where that renderer runs markdown-it-emoji, -sub, -sup
(hexo-renderer-markdown-it when its `markdown.plugins` lists them, hexo-renderer-markdown-it-plus
unless switched off), the text as written everywhere else.

Found by the Hexo oracle (bench/hexo_diff) on a real markdown-it blog whose posts wrote emoji
names, shown as text by QuillPress.
"""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from _tags_html import body
from conftest import build_ok, post
from quillpress.render.emoji import emoji_plugin

TEXT = """Release day :tada: went well :+1:, and the tests pass :) at last.

Keep `:tada:` in code, and the link [docs :book:](https://docs.example/:tada:) reads well.

A clock says 10:30 :) and a path C:/tmp stays.
"""


def package(renderer: str) -> str:
    return json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})


def post_body(blog) -> tuple[str, dict[str, str]]:
    page = body(blog.read("2024/01/02/a/index.html"))
    [link] = [a for a in page.find_all("a") if "docs" in a.text]
    return page.text, {"text": link.text, "href": link.attrs["href"]}


@pytest.mark.parametrize("renderer, config", [
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": ["markdown-it-sub", "markdown-it-emoji"]}}),
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": [{"name": "markdown-it-emoji"}]}}),
    ("hexo-renderer-markdown-it-plus", {}),
])
def test_emoji_names_and_emoticons_become_emoji(make_blog, renderer, config):
    blog = make_blog(config=config, files={"package.json": package(renderer),
                                           "content/_posts/a.md": post("A", TEXT)})
    build_ok(blog)
    text, link = post_body(blog)
    assert "Release day \N{PARTY POPPER} went well \N{THUMBS UP SIGN}" in text
    assert "pass \N{SMILING FACE WITH OPEN MOUTH} at last" in text
    assert "Keep :tada: in code" in text
    assert link == {"text": "docs \N{OPEN BOOK}", "href": "https://docs.example/:tada:"}
    assert "10:30 \N{SMILING FACE WITH OPEN MOUTH}" in text and "C:/tmp stays" in text


@pytest.mark.parametrize("renderer, config", [
    ("hexo-renderer-marked", {}),
    ("hexo-renderer-kramed", {}),
    ("hexo-renderer-markdown-it", {}),  # bundled, but off until listed
    ("hexo-renderer-markdown-it-plus",
     {"markdown_it_plus": {"plugins": [{"plugin": {"name": "markdown-it-emoji", "enable": False}}]}}),
])
def test_renderers_without_emoji_keep_the_names_as_text(make_blog, renderer, config):
    blog = make_blog(config=config, files={"package.json": package(renderer),
                                           "content/_posts/a.md": post("A", TEXT)})
    build_ok(blog)
    text, link = post_body(blog)
    assert "Release day :tada: went well :+1:" in text and "pass :) at last" in text
    assert link["text"] == "docs :book:"


@pytest.mark.parametrize("written, shown", [
    ("a :smile: b", "a \N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES} b"),
    ("glued:smile:too", "glued\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}too"),
    (":not-a-name:cry:", ":not-a-name\N{CRYING FACE}"),
    ("x:D y", "x:D y"),  # an emoticon after a letter is not one
    ("(:D)", "(\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES})"),
    ("<3 and </3", "\N{HEAVY BLACK HEART}\N{VARIATION SELECTOR-16} and \N{BROKEN HEART}"),
    ("8-) :-P ;)", "\N{SMILING FACE WITH SUNGLASSES} \N{FACE WITH STUCK-OUT TONGUE} "
                   "\N{WINKING FACE}"),
    (":beetle: :egg:", "\N{BEETLE} \N{EGG}"),  # markdown-it-emoji 2's newer names
])
def test_markdown_it_emoji_rules(written, shown):
    md = MarkdownIt("commonmark").use(emoji_plugin)
    assert md.render(written) == f"<p>{shown}</p>\n"


SCRIPTS = "Water is H~2~O and a kibibyte is 2^10^ bytes.\n"


@pytest.mark.parametrize("renderer, config, scripts", [
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": ["markdown-it-sub", "markdown-it-sup"]}},
     (["2"], ["10"])),
    ("hexo-renderer-markdown-it", {"markdown": {"plugins": ["markdown-it-sup"]}}, ([], ["10"])),
    ("hexo-renderer-markdown-it-plus", {}, (["2"], ["10"])),
    ("hexo-renderer-markdown-it", {}, ([], [])),
    ("hexo-renderer-kramed", {}, ([], [])),
])
def test_sub_and_superscript_where_the_renderer_ran_them(make_blog, renderer, config, scripts):
    """markdown-it-sub and markdown-it-sup, the same way as emoji: `H~2~O`, `2^10^`."""
    blog = make_blog(config=config, files={"package.json": package(renderer),
                                           "content/_posts/a.md": post("A", SCRIPTS)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    assert ([s.text for s in page.find_all("sub")], [s.text for s in page.find_all("sup")]) == scripts
    if scripts == ([], []):
        assert "H~2~O" in page.text and "2^10^" in page.text
