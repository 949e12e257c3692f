"""Smart punctuation as the blog's Hexo renderer printed it: marked's and kramed's smartypants,
markdown-it's typographer, each on by default; nothing on a blog with no Hexo renderer.

Every Hexo Markdown renderer curls quotes and turns `--` into a dash unless told not to, so a
Hexo blog's readers saw “quotes” where QuillPress printed "quotes".
"""

from __future__ import annotations

import json
import random

import pytest

from _tags_html import body
from conftest import build_ok, post

from quillpress.render.typography import KRAMED, MARKED, RULES, smarten

TEXT = """She said "ready" -- and left... It's 'done' --- (c) now.

Code `"as is" -- here` and a bare URL https://docs.example/a--b stay as written.
"""


def first_paragraphs(make_blog, renderer: str | None, config: dict | None = None) -> list[str]:
    files = {"content/_posts/a.md": post("A", TEXT)}
    if renderer is not None:
        files["package.json"] = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(config=config, files=files)
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    return [p.text.strip() for p in page.find_all("p")]


@pytest.mark.parametrize("renderer, first", [
    ("hexo-renderer-marked", "She said \u201cready\u201d \u2013 and left\u2026 It\u2019s \u2018done\u2019 \u2014 (c) now."),
    ("hexo-renderer-kramed", "She said \u201cready\u201d \u2014 and left\u2026 It\u2019s \u2018done\u2019 \u2014- (c) now."),
    ("hexo-renderer-markdown-it", "She said \u201cready\u201d \u2013 and left\u2026 It\u2019s \u2018done\u2019 \u2014 \u00a9 now."),
    ("hexo-renderer-markdown-it-plus", "She said \u201cready\u201d \u2013 and left\u2026 It\u2019s \u2018done\u2019 \u2014 \u00a9 now."),
])
def test_each_renderer_punctuates_as_it_did_in_hexo(make_blog, renderer, first):
    paragraphs = first_paragraphs(make_blog, renderer)
    assert paragraphs[0] == first
    assert paragraphs[1] == ('Code "as is" -- here and a bare URL https://docs.example/a--b stay '
                             'as written.')


@pytest.mark.parametrize("renderer, config", [
    (None, None),  # a QuillPress blog: off unless asked for
    ("hexo-renderer-marked", {"marked": {"smartypants": False}}),
    ("hexo-renderer-markdown-it", {"markdown": {"render": {"typographer": False}}}),
    ("hexo-renderer-markdown-it-plus", {"markdown": {"typographer": False}}),  # ours decides
])
def test_switched_off_it_stays_as_written(make_blog, renderer, config):
    paragraphs = first_paragraphs(make_blog, renderer, config)
    assert paragraphs[0] == "She said \"ready\" -- and left... It's 'done' --- (c) now."


def test_markdown_typographer_turns_it_on_for_any_blog(make_blog):
    paragraphs = first_paragraphs(make_blog, None, {"markdown": {"typographer": True}})
    assert paragraphs[0].startswith("She said \u201cready\u201d \u2013")



@pytest.mark.parametrize("style", [MARKED, KRAMED])
def test_punctuation_in_odd_places_is_replaced_as_every_rule_would(style):
    """A run of text is searched only by the rules whose text it holds (`--`, a quote,
    `...`): dashes of every length, quotes after each opening character and at a run's start,
    dots in runs of two to five, alone and mixed, come out as every rule run in turn."""
    pieces = ["-", "--", "---", "----", "'", '"', ".", "..", "...", "a", " ", "\n", "(", "[",
              "{", "/", "\u2014", "\u2018", "\u4e2d"]
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    for text in texts:
        expected = text
        for pattern, replacement, _ in RULES[style]:
            expected = pattern.sub(replacement, expected)
        assert smarten(text, RULES[style]) == expected, text
